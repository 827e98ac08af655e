import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { createModuleWorker } from './ui/bridge.ts';
import { EmbedApp } from './ui/embed/EmbedApp.tsx';
import { scenarioAdapter } from './ui/scenario-adapter.ts';
import { bootLab } from './ui/share/boot.ts';
import { startUrlSync } from './ui/share/url-sync.ts';
import { createLab, type Lab } from './ui/store.ts';
import { installPalette } from './ui/palette.ts';
import { decodeLabUrl, type EmbedOptions } from './ui/url-state.ts';
import { SINGLE_STRATEGY_VIEWS } from './ui/embed/figures.tsx';
import './ui/styles.css';

// Everything the page shows comes from its address: the scenario, the time, the view; `?embed=1`
// shows one figure for a blog post instead of the whole lab.
const url = decodeLabUrl(window.location.search);
// an embed can match the page around it instead of the reader's system theme
if (url.embed !== null && url.embed.theme !== 'auto')
  document.documentElement.dataset.theme = url.embed.theme;
// the strategies' colours, as CSS custom properties for both themes (one source: palette.ts)
installPalette();
const startLab = () => {
  const lab = createLab({ createWorker: createModuleWorker, adapter: scenarioAdapter });
  bootLab(lab, url, scenarioAdapter.defaultPreset);
  return lab;
};

/** An embed of a one-channel view showing a chosen strategy looks at that strategy's channel. */
function startEmbedLab(embed: EmbedOptions): Lab {
  const lab = startLab();
  const first = embed.strategies?.[0];
  if (first !== undefined && SINGLE_STRATEGY_VIEWS.includes(embed.view)) lab.actions.setFocus(first);
  return lab;
}

// the workshop page (lessons, handouts) needs no simulation: it loads on its own, without a worker
const WorkshopPage = lazy(() => import('./ui/teach/WorkshopPage.tsx'));

const root = document.getElementById('root');
if (root) {
  let page;
  if (url.workshop !== null && url.embed === null) {
    page = (
      <Suspense fallback={<p>Loading the workshop page…</p>}>
        <WorkshopPage handout={url.workshop.handout} />
      </Suspense>
    );
  } else if (url.embed === null) {
    const lab = startLab();
    page = <App lab={lab} boot={{ url, sync: startUrlSync(lab) }} />;
  } else {
    const embed = url.embed;
    // an embed starts its worker only when it first comes into view
    page = <EmbedApp url={url} options={embed} start={() => startEmbedLab(embed)} />;
  }
  createRoot(root).render(<StrictMode>{page}</StrictMode>);
}
