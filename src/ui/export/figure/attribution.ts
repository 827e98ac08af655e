/**
 * What a published figure says about itself: the scenario's key parameters (a caption a reader can
 * rerun) and where the numbers come from (the crates and versions the models reproduce).
 */
import { crateOfImpl, crates, type ImplName } from '../../../engine/channels/index.ts';
import { messageTypeOf, strategyImpl, strategyLabel, type Scenario } from '../../../engine/scenario/index.ts';
import { rustTypeName } from '../../../engine/layout.ts';
import { formatInt, formatSeconds } from '../../format.ts';

/** "Channel Lab, tokio 1.53.1, …": the crates of the given implementations (all of them by default). */
export function attributionLine(impls?: readonly ImplName[]): string {
  // the versions are the registry's (each crate's descriptor): the UI keeps no list of its own
  const shown = impls === undefined ? crates() : impls.map((i) => crateOfImpl(i));
  const versions = [...new Set(shown)].map((c) => c.version);
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
