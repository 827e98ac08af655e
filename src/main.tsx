import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App.tsx';
import { createModuleWorker } from './ui/bridge.ts';
import { scenarioAdapter } from './ui/scenario.ts';
import { createLab } from './ui/store.ts';
import './ui/styles.css';

const lab = createLab({ createWorker: createModuleWorker, adapter: scenarioAdapter });
lab.actions.loadPreset(scenarioAdapter.defaultPreset);

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App lab={lab} />
    </StrictMode>,
  );
}
