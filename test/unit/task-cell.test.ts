// The cell of a task spawned per send (`tokio::spawn(async move { tx.send(msg).await })`) against
// every measured point of golden/extra/tokio-parked-send.json (tokio 1.53.1, rustc 1.95).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/engine/golden.ts';
import { payloadBytes } from '../../src/engine/layout.ts';
import { parkedSenderBytes, sendTaskFutureBytes, taskCellBytes } from '../../src/engine/sim/costs.ts';

interface Result {
  message_tag: string;
  message: unknown;
  k: number;
  task_future_size_of: number;
  live_bytes_per_task_parked: number;
  events: [string, number, number][];
}
const file = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', 'golden', 'extra', 'tokio-parked-send.json'), 'utf8'),
) as { results: Result[] };

describe('task per send (tokio-parked-send.json)', () => {
  it('covers the four message types', () => {
    expect(new Set(file.results.map((r) => r.message_tag))).toEqual(
      new Set(['u64', 'bytes-100', 'bytes-1000', 'string-100']),
    );
  });

  it.each(file.results.map((r) => [r.message_tag, r.k, r] as const))('%s, k = %i', (_tag, _k, r) => {
    const m = parseMessage(r.message);
    // the future's size itself, before any rounding of the cell
    expect(sendTaskFutureBytes(m)).toBe(r.task_future_size_of);
    // the one 128-aligned allocation per task is the cell
    const cells = r.events.filter(([kind, , align]) => kind === 'alloc' && align === 128).map((e) => e[1]);
    expect(cells).toContain(taskCellBytes(r.task_future_size_of));
    // what each parked task keeps: its cell, plus the String buffer built before the spawn
    expect(parkedSenderBytes(m) + payloadBytes(m)).toBe(r.live_bytes_per_task_parked);
  });
});
