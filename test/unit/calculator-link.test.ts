// The calculator in the link: every input round-trips, a bad value gets a notice naming its key and
// the default; its table exports as CSV and Markdown with the pinned crates only.
import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../../src/engine/scenario/index.ts';
import { DEFAULT_INPUTS, messageOf, type CalculatorInputs } from '../../src/ui/calculator/calc-spec.ts';
import { calculatorTable } from '../../src/ui/calculator/calc-table.ts';
import { tableToCsv, tableToMarkdown } from '../../src/ui/export/table.ts';
import { decodeLabUrl, encodeLabUrl } from '../../src/ui/url-state.ts';

const link = (calculator: CalculatorInputs | null) =>
  decodeLabUrl(`?${encodeLabUrl({ scenario: defaultScenario, timeMs: 0, calculator })}`);

describe('calculator in the link', () => {
  it('round-trips every input: a Rust type with its lengths, C, N and the pins in their order', () => {
    const inputs: CalculatorInputs = {
      payload: 'rust',
      size: DEFAULT_INPUTS.size,
      capacity: 64,
      channels: 5000,
      rust: 'Option<(std::sync::Arc<str>, Vec<u8>)>',
      lengths: [12, 200],
      pins: ['flume-bounded', 'tokio-bounded', 'futures-bounded'],
    };
    const back = link(inputs);
    expect(back.notices).toEqual([]);
    expect(back.calculator).toEqual(inputs);
    // defaults are left out of the link
    const q = encodeLabUrl({ scenario: defaultScenario, timeMs: 0, calculator: DEFAULT_INPUTS });
    expect(q).toBe('calc=string');
    expect(link(DEFAULT_INPUTS).calculator).toEqual(DEFAULT_INPUTS);
    expect(link({ ...DEFAULT_INPUTS, payload: 'bytes', size: 200 }).calculator).toMatchObject({
      payload: 'bytes',
      size: 200,
    });
    expect(link(null).calculator).toBeNull();
  });

  it('a bad value gets a notice naming its key, and the default', () => {
    const back = decodeLabUrl(
      '?calc=rust&calcCapacity=-3&calcChannels=1e99&calcType=(u64,%20Strin)&calcLengths=x&calcPins=tokio-bounded,nope',
    );
    expect(back.calculator).toEqual({ ...DEFAULT_INPUTS, payload: 'rust' });
    const fields = back.notices.map((n) => n.field);
    expect(fields).toEqual(['calcCapacity', 'calcChannels', 'calcType', 'calcLengths', 'calcPins']);
    expect(back.notices.find((n) => n.field === 'calcType')?.message).toMatch(/Strin/);
    expect(decodeLabUrl('?calc=float').notices[0]?.message).toBe(
      'calc: expected one of string, bytes, u64, rust, got "float"; using string',
    );
    // calculator keys without calc= are ignored, with a notice
    const stray = decodeLabUrl('?calcCapacity=8');
    expect(stray.calculator).toBeNull();
    expect(stray.notices.map((n) => n.field)).toEqual(['calcCapacity']);
  });

  it('a heap too large to count exactly is refused with a message, never a wrong number', () => {
    const inputs = {
      ...DEFAULT_INPUTS,
      payload: 'rust' as const,
      rust: 'Vec<[u8; 1000000]>',
      lengths: [2 ** 32],
    };
    const m = messageOf(inputs);
    expect(m.ok).toBe(false);
    const back = decodeLabUrl('?calc=rust&calcType=Vec%3C%5Bu8%3B%201000000%5D%3E&calcLengths=4294967296');
    expect(back.notices.map((n) => n.field)).toEqual(['calcLengths']);
    expect(back.calculator?.lengths).toEqual([]);
  });
});

describe('calculator table exports', () => {
  const inputs: CalculatorInputs = {
    ...DEFAULT_INPUTS,
    payload: 'bytes',
    size: 200,
    capacity: 64,
    channels: 5000,
    pins: ['flume-bounded', 'tokio-bounded'],
  };
  const m = messageOf(inputs);
  if (!m.ok) throw new Error(m.error);
  const table = calculatorTable(inputs, m.message);

  it('Markdown: the pinned crates only, in pin order, exact bytes for N channels', () => {
    const md = tableToMarkdown(table).trim().split('\n');
    expect(md[0]).toBe('| Constructor | At create | Holding 64 | After a drain |');
    expect(md).toHaveLength(4);
    expect(md[2]).toMatch(/^\| flume bounded\(C\) \|/);
    // tokio at creation: Arc<Chan> 512 B + one block of 32 slots × 200 B + 32 B = 6,944 B, × 5,000
    expect(md[3]).toMatch(/^\| tokio mpsc::channel\(C\) \| 34,720,000 B \(33\.11 MiB\) \|/);
  });

  it('CSV: raw integers, one row per pinned crate', () => {
    const csv = tableToCsv(table).trim().split('\n');
    expect(csv[0]).toBe(
      'impl,crate,constructor,message,channels,capacity,create_bytes,full_bytes,drained_bytes,accepted,panic',
    );
    expect(csv).toHaveLength(3);
    // holding 64: two blocks of 6,432 B with the Arc: 512 + 2 × 6,432 = 13,376 B per channel
    expect(csv[2]).toBe(
      'tokio-bounded,tokio,mpsc::channel(C),[u8; 200],5000,64,34720000,66880000,66880000,64,',
    );
  });
});
