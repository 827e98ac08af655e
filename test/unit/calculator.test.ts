import { describe, expect, it } from 'vitest';
import { calculate } from '../../src/engine/calculator.ts';

describe('calculator', () => {
  it('tokio: creation does not depend on capacity; full and drained follow the block rules', () => {
    const [row] = calculate({
      message: { kind: 'bytes', size: 1024 },
      capacity: 1024,
      channels: 5000,
      impls: ['tokio-bounded'],
    });
    expect(row).toMatchObject({ create: 33_312, full: 1_050_112, accepted: 1024, allocsToFill: 31 });
    expect(row?.totalCreate).toBe(33_312 * 5000);
    // after draining 1024 messages: the current block plus 3 spares
    expect(row?.drained).toBe(512 + 4 * 32_800);
    expect(row?.formula).toContain('32 + 32·1024 = 32800');
  });
  it('agentgateway: 5,000 eviction channels of a 40-byte message cost 1,312 + 512 B each with tokio', () => {
    const [row] = calculate({
      message: { kind: 'bytes', size: 40 },
      capacity: 1,
      channels: 5000,
      impls: ['tokio-unbounded'],
    });
    expect(row?.create).toBe(1312 + 512);
    expect(row?.totalCreate).toBe(9_120_000);
  });
  it('a panicking constructor is shown as the crate refusing, with its message', () => {
    const [row] = calculate({ message: { kind: 'u64' }, capacity: 0, channels: 1, impls: ['tokio-bounded'] });
    expect(row?.refusal?.message).toBe('mpsc bounded channel requires buffer > 0');
  });
});
