// Rust type layouts: every entry measured with rustc 1.95 (test/rust-layout/types.json, a copy of
// the shared golden file), rules derived by hand, errors naming the part, and per-message heap.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeRustType, layoutRecord, type RustLayout } from '../../src/engine/rust-type/index.ts';

const root = join(import.meta.dirname, '..', '..');
const golden = JSON.parse(readFileSync(join(root, 'test/rust-layout/types.json'), 'utf8')) as {
  format: string;
  types: { type: string; size_of: number; align_of: number }[];
};

function layout(text: string): RustLayout {
  const r = analyzeRustType(text);
  if (!r.ok) throw new Error(r.error);
  return r.layout;
}

function error(text: string): string {
  const r = analyzeRustType(text);
  if (r.ok) throw new Error(`${text} laid out as ${r.layout.size}`);
  return r.error;
}

describe('rustc layouts', () => {
  it.each(golden.types.map((t) => [t.type, t] as const))('%s matches rustc 1.95', (_name, t) => {
    expect(layoutRecord(t.type)).toEqual({ type: t.type, size_of: t.size_of, align_of: t.align_of });
  });

  it('reorders tuple fields by alignment, keeping the last one in place', () => {
    // (u8, u32, u16): the u32 moves first (0..4), the u8 follows (4), the u16 stays last at 6: 8 bytes.
    const l = layout('(u8, u32, u16)');
    expect(l.parts.map((p) => [p.label, p.offset])).toEqual([
      ['.1: u32', 0],
      ['.0: u8', 4],
      ['.2: u16', 6],
    ]);
    expect(l.size).toBe(8);
  });

  it('hides None in a niche: bool has 254 spare values, a reference one (null)', () => {
    expect(layout('bool').niche?.spare).toBe('254');
    expect(layout('Option<bool>').niche?.spare).toBe('253');
    expect(layout('&u8').niche).toEqual({ offset: 0, bytes: 8, spare: '1' });
    // a reference's only niche is taken by the first Option: the second needs a tag (8 + 8)
    expect(layout('Option<Option<&u8>>').size).toBe(16);
    // Vec's capacity is at most isize::MAX: 2^63 spare values, so Options nest for free
    expect(layout('Option<Option<Vec<u8>>>').size).toBe(24);
  });

  it('puts a smaller variant beside the niche: Result<u32, String> is a String', () => {
    // String = {cap (niche) at 0, ptr, len}: Ok's u32 fits at offset 8, after the niche.
    expect(layout('Result<u32, String>').size).toBe(24);
    // (u64, bool) = u64 at 0, bool at 8: Err(u64) cannot fit before the bool nor after it in 16 B... it does
    // fit before (8 <= 8): size stays 16.
    expect(layout('Result<(u64, bool), u64>').size).toBe(16);
  });

  it('widens the tag to the first field alignment', () => {
    // Option<u64>: tag widened to 8 bytes; Result<Option<u32>, [u8; 7]>: the [u8; 7] cannot fit next to
    // Option<u32>'s 4-byte tag within 8 bytes, so a second tag: 1 + 7 → 8, then Option<u32> at 4 → 8.
    expect(layout('Option<u64>').parts[0]).toEqual({ label: 'tag', offset: 0, size: 8, role: 'tag' });
    expect(layout('Result<Option<u32>, [u8; 7]>').size).toBe(12);
  });
});

describe('types it cannot lay out get a message naming the part', () => {
  it.each([
    ['MyStruct', 'unknown type "MyStruct"'],
    ['(u8, Foo<u32>)', 'unknown type "Foo<u32>"'],
    ['Vec<dyn Send>', '"dyn Send" has no size known at compile time'],
    ['str', '"str" has no size known at compile time'],
    ['(u8, u32', 'expected ")" to close the tuple'],
    ['[u8; 1000000000000000000000]', 'array length 1000000000000000000000 is too large'],
    ['[[u64; 1000000000000]; 1000000000]', '"[[u64; 1000000000000]; 1000000000]" is too large'],
    ['Option<u8, u8>', 'Option takes 1 type argument, got 2'],
    ['foo::Vec<u8>', 'unknown path "foo::Vec<u8>"'],
    ['impl Send', '"impl Trait" is not a type'],
    ['', 'type a Rust type'],
    ['u8 $', 'unexpected character "$"'],
  ])('%s', (text, message) => {
    expect(error(text)).toContain(message);
  });

  it('refuses absurd nesting without recursing forever', () => {
    expect(error('['.repeat(100) + 'u8' + '; 1]'.repeat(100))).toContain('nests deeper than 64');
  });
});

describe('heap one message owns', () => {
  it('a sized Box owns its pointee; Rc and Arc add the two 8-byte counts', () => {
    expect(layout('Box<[u8; 200]>').heapBytes([])).toBe(200);
    expect(layout('std::rc::Rc<u64>').heapBytes([])).toBe(16 + 8);
    // RcInner<u128> is repr(C): counts at 0 and 8, the value at 16 (aligned), 32 bytes
    expect(layout('std::sync::Arc<u128>').heapBytes([])).toBe(32);
    // RcInner<u8>: 16 + 1 = 17, padded to the 8-byte alignment: 24
    expect(layout('std::rc::Rc<u8>').heapBytes([])).toBe(24);
    expect(layout('Box<()>').heapAllocs([])).toBe(0);
  });

  it('growable parts ask for a length, in the order they are written', () => {
    const l = layout('(Vec<u32>, String, std::sync::Arc<str>)');
    expect(l.growables).toEqual([
      { label: 'Vec<u32>', unit: 'elements' },
      { label: 'String', unit: 'bytes' },
      { label: 'std::sync::Arc<str>', unit: 'bytes' },
    ]);
    // 10 × 4 + 5 + (16 + 3 → 24)
    expect(l.heapBytes([10, 5, 3])).toBe(40 + 5 + 24);
    expect(l.heapAllocs([10, 5, 3])).toBe(3);
    expect(l.heapAllocs([0, 0, 0])).toBe(1); // an empty Vec and String allocate nothing; an Arc always does
  });

  it('nested growables multiply: Vec<String> of 3 strings of 10 bytes', () => {
    const l = layout('Vec<String>');
    expect(l.heapBytes([3, 10])).toBe(3 * 24 + 3 * 10);
    expect(l.heapAllocs([3, 10])).toBe(1 + 3);
  });

  it('Option and Result count the data-carrying variant, and say so', () => {
    const l = layout('Option<Box<[u8; 200]>>');
    expect(l.size).toBe(8);
    expect(l.heapBytes([])).toBe(200);
    expect(l.notes).toContain('Option: heap counted as Some');
  });
});

describe('npm run layout', () => {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const cli = join(root, 'src', 'cli', 'layout.ts');
  const run = (...args: string[]) => spawnSync(tsx, [cli, ...args], { encoding: 'utf8', cwd: root });

  it('answers the whole golden file in its own shape, every entry matching', () => {
    const r = run('--file', 'test/rust-layout/types.json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as typeof golden;
    expect(out.format).toBe('rust-layout/1');
    expect(out.types).toEqual(golden.types);
  });

  it('prints one type, and one line naming the part for a bad one (exit 2)', () => {
    expect(JSON.parse(run('(u64, String)').stdout)).toEqual({
      type: '(u64, String)',
      size_of: 32,
      align_of: 8,
    });
    const bad = run('Option<Foo>');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('unknown type "Foo"');
  });
});
