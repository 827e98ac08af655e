// The service-time memo the lanes share (src/engine/sim/service.ts): whatever the order in which
// lanes read it, with their own means and ordinals far apart, each read is the lane's own draw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStream, roundedExponential, uniform } from '../../src/engine/rng.ts';
import { scenarioSchema } from '../../src/engine/scenario/index.ts';
import { MEMO_DURATIONS, ServiceDraws, ServiceTimes } from '../../src/engine/sim/service.ts';

const MEANS = [1, 3, 40] as const;

const opArb = fc.oneof(
  fc.record({ lane: fc.nat(2), mean: fc.constantFrom(...MEANS) }),
  fc.record({
    lane: fc.nat(2),
    // ordinals near each other, and ordinals a whole memo apart (they land in the same slot)
    ordinal: fc.tuple(fc.nat(600), fc.nat(3)).map(([o, wrap]) => o + wrap * MEMO_DURATIONS),
  }),
);

describe('service draws shared by lanes', () => {
  for (const service of ['exponential', 'lognormal'] as const) {
    it(`${service}: every lane reads the duration it would draw itself`, () => {
      const scenario = (mean: number) =>
        scenarioSchema.parse({ seed: 9, consumers: { service, serviceUs: mean, serviceSigma: 1.5 } });
      // the reference: the duration computed on the spot, for each mean
      const reference = new Map(MEANS.map((m) => [m as number, new ServiceTimes(scenario(m))]));
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: 200 }), (ops) => {
          const memo = new ServiceDraws();
          const lanes = [0, 1, 2].map(() => new ServiceTimes(scenario(1), memo));
          const means = [1, 1, 1];
          for (const op of ops) {
            const lane = lanes[op.lane] as ServiceTimes;
            if ('mean' in op) {
              lane.setMean(op.mean);
              means[op.lane] = op.mean;
              continue;
            }
            const expected = (reference.get(means[op.lane] as number) as ServiceTimes).duration(
              op.ordinal,
              1,
            );
            expect(lane.single(op.ordinal)).toBe(expected);
          }
        }),
        { numRuns: 60, seed: 5 },
      );
    });
  }

  it('draws a duration once for all lanes', () => {
    const s = scenarioSchema.parse({ consumers: { service: 'exponential', serviceUs: 2 } });
    const memo = new ServiceDraws();
    const first = new ServiceTimes(s, memo);
    const second = new ServiceTimes(s, memo);
    const d = first.single(1234);
    // what the memo holds is what the second lane reads: change it there and the second lane sees it
    const slot = memo.starts.indexOf(1234 - (1234 % 256));
    memo.values[slot * 256 + (1234 % 256)] = d + 1000;
    expect(second.single(1234)).toBe(d + 1000);
  });
});

describe('RandomStream.roundedExponentials (the memo’s block fill)', () => {
  it('gives roundedExponential(1 − uniform) for each of a million indices per mean (draws skipping a mix)', () => {
    // about one index in 2^15 has a uniform whose low bits decide its bucket: ~30 per mean here
    for (const mean of [0.3, 1, 4]) {
      const out = new Float64Array(1024);
      const stream = new RandomStream(11, 2);
      for (let block = 0; block < 1024; block++) {
        const first = block * 1024 * 8;
        stream.roundedExponentials(out, 0, 1024, first, 8, mean);
        for (let j = 0; j < 1024; j++) {
          const want = roundedExponential(1 - uniform(11, 2, first + j * 8), mean);
          if (!Object.is(out[j], want))
            expect([mean, first + j * 8, out[j]]).toEqual([mean, first + j * 8, want]);
        }
      }
    }
  });

  it('gives duration(ordinal, 1) for each ordinal, means small and large, ordinals beyond 2^32', () => {
    for (const mean of [0.3, 1, 7.5, 1e6]) {
      const service = new ServiceTimes(
        scenarioSchema.parse({ seed: 4, consumers: { service: 'exponential', serviceUs: mean } }),
      );
      for (const first of [0, 123_456, 2 ** 32 - 100, 2 ** 40]) {
        const memo = new ServiceDraws();
        const reader = new ServiceTimes(
          scenarioSchema.parse({ seed: 4, consumers: { service: 'exponential', serviceUs: mean } }),
          memo,
        );
        for (let j = 0; j < 600; j++) {
          expect(Object.is(reader.single(first + j), service.duration(first + j, 1))).toBe(true);
        }
      }
    }
  });
});
