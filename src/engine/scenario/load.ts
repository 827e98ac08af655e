/**
 * The load at a glance: how many messages the producers offer per second and how many the consumers
 * can drain, at one moment of a scenario (after its timed changes up to then). Both are per busy
 * channel: every busy channel is an identical copy carrying the same workload.
 *
 * - offered = connected producers × rate per producer, where the arrival process sets the rate:
 *   constant and Poisson at `ratePerSec` (Poisson on average); bursts at `ratePerSec × on / (on + off)`
 *   (the average over a cycle, so the figure does not flicker); a ramp at its value at that moment;
 *   a spike adds its messages once (said in a note, not in the rate). Producers connecting over time
 *   count as far as they have connected; leaving producers no longer count once gone.
 * - drained = consumers × 1 / service time (mean), 0 during a stall. A `recv_many(k)` batch takes k
 *   service times in this model, so the batch size does not change the rate (said in a note).
 * - ratio = offered / drained: above 1 the queue grows by (offered − drained) messages a second.
 */
import { changeEpochs } from './changes.ts';
import type { Scenario } from './schema.ts';

export interface Load {
  readonly offeredPerSec: number;
  readonly drainedPerSec: number;
  /** offered / drained; Infinity when something is offered and nothing drains, 0 when nothing is offered */
  readonly ratio: number;
  /** how the figures were derived where it is not plain producers × rate, consumers / service time */
  readonly notes: readonly string[];
}

/** The scenario in force at `atMs` (its timed changes up to then applied). */
function scenarioAt(s: Scenario, atMs: number): Scenario {
  let current = s;
  for (const e of changeEpochs(s)) if (e.atUs <= Math.round(atMs * 1000)) current = e.scenario;
  return current;
}

export function loadAt(scenario: Scenario, atMs = 0): Load {
  const s = scenarioAt(scenario, atMs);
  const p = s.producers;
  const c = s.consumers;
  const notes: string[] = [];

  let producers = p.count;
  if (p.connectOverMs > 0 && atMs < p.connectOverMs) {
    producers = (p.count * atMs) / p.connectOverMs;
    notes.push(`producers connecting: ${Math.floor(producers)} of ${p.count}`);
  }
  if (p.disconnectCount > 0 && atMs >= p.disconnectAtMs) {
    producers = Math.max(0, producers - p.disconnectCount);
    notes.push(`${p.disconnectCount} producers left at ${p.disconnectAtMs / 1000} s`);
  }
  let rate = p.ratePerSec;
  switch (p.arrival) {
    case 'bursts': {
      const cycle = p.burstOnMs + p.burstOffMs;
      rate = cycle > 0 ? (p.ratePerSec * p.burstOnMs) / cycle : p.ratePerSec;
      notes.push(`bursts: average of ${p.burstOnMs} ms on, ${p.burstOffMs} ms off`);
      break;
    }
    case 'ramp': {
      const end = s.durationSeconds * 1000;
      rate = p.ratePerSec + ((p.rampToPerSec - p.ratePerSec) * Math.min(atMs, end)) / end;
      notes.push(`ramp from ${p.ratePerSec} to ${p.rampToPerSec} msg/s per producer`);
      break;
    }
    case 'spike':
      notes.push(`plus ${p.spikeMessages} messages at once at ${p.spikeAtMs / 1000} s`);
      break;
    case 'poisson':
      notes.push('Poisson arrivals: on average');
      break;
    case 'constant':
      break;
  }
  const offeredPerSec = producers * rate;

  let drainedPerSec = c.serviceUs > 0 ? (c.count * 1e6) / c.serviceUs : c.count > 0 ? Infinity : 0;
  if (c.stallForMs > 0 && atMs >= c.stallAtMs && atMs < c.stallAtMs + c.stallForMs) {
    drainedPerSec = 0;
    notes.push(`consumers stalled until ${(c.stallAtMs + c.stallForMs) / 1000} s`);
  }
  if (c.batch > 1) notes.push(`recv_many(${c.batch}) takes ${c.batch} service times: same rate`);
  const ratio = offeredPerSec === 0 ? 0 : drainedPerSec === 0 ? Infinity : offeredPerSec / drainedPerSec;
  return { offeredPerSec, drainedPerSec, ratio, notes };
}
