/**
 * The strategies as a list you edit: each has its own crate, kind, capacity, permits, send mode and
 * timeout; add, duplicate, remove and reorder (1 to 8). Any crate can stand next to any other.
 * Field edits go to the worker by path (`strategies.2.capacity`); a change of the list itself sends
 * the whole list with every field of every strategy, so edits in flight land on the right one.
 */
import { useId, memo } from 'react';
import type { StrategySpec } from '../../engine/scenario/index.ts';
import type { ParamValue } from '../../worker/protocol.ts';
import { crateByKey, crateOfImpl } from '../../engine/channels/index.ts';
import { crateOptions, slider as fieldSlider } from '../scenario-adapter.ts';
import { STRATEGIES_KEY, implFor } from '../../worker/params.ts';
import { strategyImpl } from '../../engine/scenario/index.ts';
import { useLab, useLabState } from '../lab-context.ts';
import { StrategyMark } from '../views/StrategyMark.tsx';
import { SelectField, SliderField } from './Fields.tsx';
import type { SelectSpec, SliderSpec } from './spec.ts';

export const MAX_STRATEGIES = 8;

type Kind = StrategySpec['kind'];
type Row = Partial<StrategySpec> & { kind: Kind };

const KIND_LABELS: Record<Kind, string> = {
  unbounded: 'unbounded',
  bounded: 'bounded',
  'semaphore-producer': 'semaphore at the producer',
  'semaphore-dispatcher': 'semaphore at the dispatcher',
};

function slider(i: number, field: string, label: string): SliderSpec {
  return fieldSlider(`strategies.${i}.${field}`, label, 'strategies', {}, `strategies.N.${field}`);
}

function select(
  i: number,
  field: string,
  label: string,
  options: Record<string, string>,
  description: string,
) {
  const spec: SelectSpec = {
    kind: 'select',
    key: `strategies.${i}.${field}`,
    group: 'strategies',
    label,
    options: Object.entries(options).map(([value, l]) => ({ value, label: l })),
    description,
    ...(field === 'send' ? { default: 'await' } : {}),
  };
  return spec;
}

/** The list as the user sees it now: unconfirmed edits over the scenario the worker runs. */
export function useStrategyRows(): Row[] {
  const scenario = useLabState((s) => s.scenario);
  const values = useLabState((s) => s.values);
  return rowsOf(scenario, values);
}

/** The rows of `useStrategyRows` from the lab's state (event handlers read the state of the moment). */
function rowsOf(
  scenario: { readonly strategies?: unknown } | null,
  values: Readonly<Record<string, ParamValue>>,
): Row[] {
  const pendingList = values[STRATEGIES_KEY];
  let list: Row[] = [];
  if (typeof pendingList === 'string') list = JSON.parse(pendingList) as Row[];
  else if (Array.isArray(scenario?.strategies)) list = scenario.strategies as Row[];
  return list.map((row, i) => {
    const out: Record<string, unknown> = { ...row };
    for (const [key, v] of Object.entries(values)) {
      const prefix = `strategies.${i}.`;
      if (key.startsWith(prefix)) out[key.slice(prefix.length)] = v;
    }
    return out as Row;
  });
}

/** Every field of every row, by path, and the list itself: one batch that replaces the list. */
function listChanges(rows: readonly Row[]): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = { [STRATEGIES_KEY]: JSON.stringify(rows) };
  rows.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) {
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
        out[`strategies.${i}.${k}`] = v;
    }
  });
  return out;
}

/**
 * One strategy's fields. Memoized on its own row's content: a slider moved in one row (its capacity)
 * re-renders that row, not the others. The buttons that change the whole list read it when pressed.
 */
const StrategyRow = memo(
  function StrategyRow(props: { row: Row; rowKey: string; index: number; count: number }) {
    const { actions, store } = useLab();
    const { row, index: i, count } = props;
    // its own strategy only: the store keeps an unchanged strategy's object (store.ts, sharedMeta)
    const info = useLabState((s) => s.meta?.strategies[i]);
    const current = () => rowsOf(store.getState().scenario, store.getState().values);
    const id = useId();
    const impl = strategyImpl(row as StrategySpec);
    const crate = crateOfImpl(impl).key;
    const refusal = info?.refusal ?? null;
    const set = (field: string, v: ParamValue) => actions.setParams({ [`strategies.${i}.${field}`]: v });
    const setShape = (c: string, kind: Kind) => {
      const next = implFor(c, kind);
      if (next !== null)
        actions.setParams({ [`strategies.${i}.kind`]: kind, [`strategies.${i}.impl`]: next });
    };
    const move = (to: number) => {
      const next = [...current()];
      const [it] = next.splice(i, 1);
      next.splice(to, 0, it as Row);
      actions.setParams(listChanges(next));
    };
    const title = info?.label ?? `${crate} ${KIND_LABELS[row.kind]}`;
    const gateNote =
      row.kind.startsWith('semaphore') && impl !== 'tokio-semaphore'
        ? `an Arc<Semaphore> gates ${crateByKey(crate)?.label ?? crate}`
        : null;
    return (
      <fieldset className="strategy-row" aria-describedby={refusal === null ? undefined : `${id}-refusal`}>
        <legend>
          <StrategyMark index={i} /> {i + 1}. {title}
        </legend>
        <div className="strategy-shape">
          <SelectField
            spec={select(
              i,
              'impl',
              'Crate',
              // the package names: short enough for a narrow picker (the strategy's title says the rest)
              Object.fromEntries(crateOptions().map((o) => [o.value, o.label])),
              gateNote ?? 'the channel implementation',
            )}
            value={crate}
            onChange={(c) => setShape(c, row.kind)}
          />
          <SelectField
            spec={select(i, 'kind', 'Kind', KIND_LABELS, 'how producers are held back (or not)')}
            value={row.kind}
            onChange={(k) => setShape(crate, k as Kind)}
          />
        </div>
        {row.kind === 'bounded' ? (
          <>
            <SliderField
              spec={slider(i, 'capacity', 'Capacity')}
              value={row.capacity ?? 128}
              onChange={(v) => set('capacity', v)}
            />
            <SelectField
              spec={select(
                i,
                'send',
                'Bounded send',
                {
                  await: 'send().await: wait in FIFO order',
                  try: 'try_send: reject when full',
                  timeout: 'send_timeout: wait, then drop',
                },
                'what a producer does when the bounded channel is full',
              )}
              value={row.send ?? 'await'}
              onChange={(v) => set('send', v)}
            />
            {row.send === 'timeout' ? (
              <SliderField
                spec={slider(i, 'timeoutMs', 'Send timeout')}
                value={row.timeoutMs ?? 100}
                onChange={(v) => set('timeoutMs', v)}
              />
            ) : null}
          </>
        ) : null}
        {row.kind.startsWith('semaphore') ? (
          <SliderField
            spec={slider(i, 'permits', 'Permits')}
            value={row.permits ?? 1024}
            onChange={(v) => set('permits', v)}
          />
        ) : null}
        {refusal === null ? null : (
          <p id={`${id}-refusal`} className="field-hint field-error strategy-refusal" role="alert">
            {refusal.origin}{' '}
            {refusal.kind === 'panic' ? 'panics' : refusal.kind === 'abort' ? 'aborts' : 'refuses'}: “
            {refusal.message}”. This strategy builds no channel; change its capacity or crate.
          </p>
        )}
        <div className="strategy-actions">
          <button
            type="button"
            disabled={i === 0}
            onClick={() => move(i - 1)}
            aria-label={`Move strategy ${i + 1} up`}
          >
            ↑
          </button>
          <button
            type="button"
            disabled={i === count - 1}
            onClick={() => move(i + 1)}
            aria-label={`Move strategy ${i + 1} down`}
          >
            ↓
          </button>
          <button
            type="button"
            disabled={count >= MAX_STRATEGIES}
            onClick={() => {
              const rows = current();
              actions.setParams(listChanges([...rows.slice(0, i + 1), { ...row }, ...rows.slice(i + 1)]));
            }}
            aria-label={`Duplicate strategy ${i + 1}`}
          >
            Duplicate
          </button>
          <button
            type="button"
            disabled={count <= 1}
            onClick={() => actions.setParams(listChanges(current().filter((_, j) => j !== i)))}
            aria-label={`Remove strategy ${i + 1}`}
          >
            Remove
          </button>
        </div>
      </fieldset>
    );
  },
  (a, b) => a.index === b.index && a.count === b.count && a.rowKey === b.rowKey,
);

export function StrategyList() {
  const { actions } = useLab();
  const rows = useStrategyRows();
  if (rows.length === 0) return null;
  return (
    <div className="strategy-list">
      {rows.map((row, i) => (
        <StrategyRow key={i} row={row} rowKey={JSON.stringify(row)} index={i} count={rows.length} />
      ))}
      <button
        type="button"
        className="add-strategy"
        disabled={rows.length >= MAX_STRATEGIES}
        onClick={() =>
          actions.setParams(listChanges([...rows, { kind: 'bounded', impl: 'tokio-bounded', capacity: 128 }]))
        }
      >
        Add strategy
      </button>
      <p className="field-hint">
        {rows.length} of {MAX_STRATEGIES} strategies, all on the same arrivals.
      </p>
    </div>
  );
}
