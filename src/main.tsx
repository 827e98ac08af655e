import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { createModuleWorker } from './ui/bridge.ts';
import { EmbedApp, configureEmbedLab } from './ui/embed/EmbedApp.tsx';
import { scenarioAdapter } from './ui/scenario-adapter.ts';
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
/**
 * An embed takes the simulation's frames at a gentler pace than the app: it acknowledges each one
 * (the worker sends a frame only for a credit, see protocol.ts) an animation frame after
 * EMBED_FRAME_GAP_MS rather than at the next animation frame, so a playing figure draws about 10
 * times a second instead of 30, and a post with several figures stays smooth (perf:ui --embeds).
 */
const EMBED_FRAME_GAP_MS = 90;
const embedPace = (fn: () => void) => setTimeout(() => requestAnimationFrame(() => fn()), EMBED_FRAME_GAP_MS);
const startLab = () => {
  const lab = createLab({
    createWorker: createModuleWorker,
    adapter: scenarioAdapter,
    ...(url.embed === null ? {} : { schedule: embedPace }),
  });
  bootLab(lab, url, scenarioAdapter.defaultPreset);
  return lab;
};

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
    page = <EmbedApp url={url} options={embed} start={() => configureEmbedLab(startLab(), embed)} />;
  }
  createRoot(root).render(<StrictMode>{page}</StrictMode>);
}
