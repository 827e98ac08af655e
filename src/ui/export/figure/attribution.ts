/**
 * What a published figure says about itself: the scenario's key parameters (a caption a reader can
 * rerun) and where the numbers come from (the crates and versions the models reproduce).
 */
import type { ImplName } from '../../../engine/channels/index.ts';
import { messageTypeOf, strategyImpl, strategyLabel, type Scenario } from '../../../engine/scenario/index.ts';
import { rustTypeName } from '../../../engine/layout.ts';
import { constructorOf } from '../../calculator/crates.ts';
import { formatInt, formatSeconds } from '../../format.ts';

/**
 * The crate versions the models reproduce and the golden traces were measured with
 * (/work/shared/golden/README.md §1: rustc 1.95.0, x86_64). The one place the UI names them.
 */
export const CRATE_VERSIONS: Readonly<Record<string, string>> = {
  tokio: 'tokio 1.53.1',
  'futures-channel': 'futures-channel 0.3.33',
  'crossbeam-channel': 'crossbeam-channel 0.5.16',
  std: 'std (Rust 1.95.0)',
  flume: 'flume 0.12.0',
  'async-channel': 'async-channel 2.5.0',
};

/** "Channel Lab, tokio 1.53.1, …": the crates of the given implementations (all of them by default). */
export function attributionLine(impls?: readonly ImplName[]): string {
  const crates = impls === undefined ? Object.keys(CRATE_VERSIONS) : impls.map((i) => constructorOf(i).crate);
  const versions = [...new Set(crates)].map((c) => CRATE_VERSIONS[c] ?? c);
  return `Channel Lab, ${versions.join(', ')}; x86_64. Heap bytes exact for the crate models, timing modelled.`;
}

function per(n: number, unit: string): string {
  return `${formatInt(n)} ${unit}${n === 1 ? '' : 's'}`;
}

/** The scenario's key parameters in one paragraph, at simulated time `timeMs`. */
export function scenarioCaption(s: Scenario, timeMs: number, strategies?: readonly number[] | null): string {
  const p = s.producers;
  const c = s.consumers;
  const rate = `${formatInt(p.ratePerSec)} msg/s each${p.arrival === 'constant' ? '' : ` (${p.arrival})`}`;
  const leaving =
    p.disconnectCount > 0
      ? `, ${formatInt(p.disconnectCount)} leaving at ${formatSeconds(p.disconnectAtMs)}`
      : '';
  const service = `${c.service === 'fixed' ? '' : `${c.service} `}${formatInt(c.serviceUs)} µs per message`;
  const shown = (strategies ?? s.strategies.map((_, i) => i))
    .map((i) => s.strategies[i])
    .filter((x) => x !== undefined)
    .map((x) => strategyLabel(x));
  return [
    `${s.name === 'custom' ? 'Scenario' : s.name} at ${formatSeconds(timeMs)} of ${formatSeconds(s.durationSeconds * 1000)}:`,
    `${per(p.count, 'producer')} at ${rate}${leaving};`,
    `${rustTypeName(messageTypeOf(s))} messages;`,
    `${per(c.count, 'consumer')}, batch ${formatInt(c.batch)}, ${service};`,
    `${per(s.channels.count, 'channel')}${s.channels.active !== s.channels.count ? ` (${formatInt(s.channels.active)} busy)` : ''};`,
    `seed ${s.seed}. Strategies: ${shown.join(', ')}.`,
  ].join(' ');
}

/** The implementations a scenario's strategies use. */
export function implsOf(s: Scenario): ImplName[] {
  return s.strategies.map((x) => strategyImpl(x));
}
