import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { createModuleWorker } from './ui/bridge.ts';
import { EmbedApp } from './ui/embed/EmbedApp.tsx';
import { scenarioAdapter } from './ui/scenario.ts';
import { bootLab } from './ui/share/boot.ts';
import { startUrlSync } from './ui/share/url-sync.ts';
import { createLab } from './ui/store.ts';
import { installPalette } from './ui/palette.ts';
import { decodeLabUrl } from './ui/url-state.ts';
import './ui/styles.css';

// Everything the page shows comes from its address: the scenario, the time, the view; `?embed=1`
// shows one figure for a blog post instead of the whole lab.
const url = decodeLabUrl(window.location.search);
// an embed can match the page around it instead of the reader's system theme
if (url.embed !== null && url.embed.theme !== 'auto')
  document.documentElement.dataset.theme = url.embed.theme;
// the strategies' colours, as CSS custom properties for both themes (one source: palette.ts)
installPalette();
const lab = createLab({ createWorker: createModuleWorker, adapter: scenarioAdapter });
bootLab(lab, url, scenarioAdapter.defaultPreset);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      {url.embed === null ? (
        <App lab={lab} boot={{ url, sync: startUrlSync(lab) }} />
      ) : (
        <EmbedApp lab={lab} url={url} options={url.embed} />
      )}
    </StrictMode>,
  );
}
