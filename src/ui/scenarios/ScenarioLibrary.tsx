/**
 * Next to the preset picker: open a scenario file (a file picker, or a file dropped anywhere on the
 * page) and the named scenarios kept in this browser (save the current one, load, rename, delete).
 * A file that is not a scenario gets the list of problems, each naming the field.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useLab, useLabState } from '../lab-context.ts';
import { isPresetName } from '../../engine/presets.ts';
import type { Scenario } from '../../engine/scenario/index.ts';
import { scenarioFromFile } from './scenario-file.ts';
import { deleteScenario, listSaved, renameScenario, saveScenario, type SavedScenario } from './saved.ts';
import './scenarios.css';

type Status =
  | { readonly kind: 'ok'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string; readonly details?: readonly string[] };

function hasFiles(e: DragEvent): boolean {
  return [...(e.dataTransfer?.types ?? [])].includes('Files');
}

export function ScenarioLibrary() {
  const lab = useLab();
  const { actions } = lab;
  // whether one is loaded; the scenario itself is read when saving (a slider's answer re-renders nothing)
  const loaded = useLabState((s) => s.scenario !== null);
  const id = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  // read once on mount (lazy initial state): storage may be unavailable, which is reported, not thrown
  const [initial] = useState(listSaved);
  const [status, setStatus] = useState<Status | null>(
    initial.ok ? null : { kind: 'error', text: `Saved scenarios are unavailable: ${initial.error}.` },
  );
  const [saved, setSaved] = useState<SavedScenario[]>(initial.ok ? initial.value : []);
  const [selected, setSelected] = useState('');
  const [name, setName] = useState('');
  const [dragging, setDragging] = useState(false);

  const load = useCallback(
    (s: Scenario, from: string) => {
      actions.loadScenario(s, isPresetName(s.name) ? s.name : null);
      setStatus({ kind: 'ok', text: `Loaded “${s.name}” from ${from}.` });
    },
    [actions],
  );

  const openFile = useCallback(
    async (file: File) => {
      const r = await scenarioFromFile(file);
      if (r.ok) load(r.scenario, file.name);
      else
        setStatus({
          kind: 'error',
          text: `${file.name} is not a scenario this lab can run:`,
          details: r.errors,
        });
    },
    [load],
  );

  // Drop a file anywhere on the page. Only drags that carry files are taken over.
  useEffect(() => {
    let depth = 0;
    const over = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer !== null) e.dataTransfer.dropEffect = 'copy';
    };
    const enter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const file = e.dataTransfer?.files[0];
      if (file !== undefined) void openFile(file);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [openFile]);

  const done = (r: ReturnType<typeof listSaved>, text: string, keep = selected) => {
    if (!r.ok) {
      setStatus({ kind: 'error', text: `Not saved: ${r.error}` });
      return false;
    }
    setSaved(r.value);
    setSelected(r.value.some((x) => x.name === keep) ? keep : '');
    setStatus({ kind: 'ok', text });
    return true;
  };

  const current = saved.find((x) => x.name === selected);
  return (
    <fieldset className="control-group scenario-library">
      <legend>Your scenarios</legend>
      <div className="library-row">
        <button type="button" onClick={() => fileInput.current?.click()}>
          Open scenario file…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          className="visually-hidden"
          aria-label="Scenario file"
          tabIndex={-1}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file !== undefined) void openFile(file);
          }}
        />
        <span className="library-hint">or drop a .json file on the page</span>
      </div>
      <div className="library-row">
        <label htmlFor={`${id}-saved`}>Saved</label>
        <select id={`${id}-saved`} value={selected} onChange={(e) => setSelected(e.target.value)}>
          <option value="">{saved.length === 0 ? 'none saved yet' : 'choose…'}</option>
          {saved.map((x) => (
            <option key={x.name} value={x.name}>
              {x.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={current === undefined}
          onClick={() => current && load(current.scenario, 'this browser')}
        >
          Load
        </button>
        <button
          type="button"
          disabled={current === undefined}
          onClick={() => current && done(deleteScenario(current.name), `Deleted “${current.name}”.`, '')}
        >
          Delete
        </button>
      </div>
      <div className="library-row">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          type="text"
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button
          type="button"
          disabled={!loaded || name.trim() === ''}
          onClick={() => {
            const scenario = lab.store.getState().scenario;
            if (scenario === null) return;
            if (done(saveScenario(name, scenario), `Saved as “${name.trim()}”.`, name.trim())) setName('');
          }}
        >
          Save current
        </button>
        <button
          type="button"
          disabled={current === undefined || name.trim() === ''}
          onClick={() => {
            if (current === undefined) return;
            if (
              done(
                renameScenario(current.name, name),
                `Renamed “${current.name}” to “${name.trim()}”.`,
                name.trim(),
              )
            )
              setName('');
          }}
        >
          Rename
        </button>
      </div>
      <div aria-live="polite" className="library-status">
        {status?.kind === 'ok' && <p className="library-ok">{status.text}</p>}
        {status?.kind === 'error' && (
          <div role="alert" className="library-error">
            <p>{status.text}</p>
            {status.details !== undefined && (
              <ul>
                {status.details.slice(0, 8).map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop a scenario JSON file to load it
        </div>
      )}
    </fieldset>
  );
}
