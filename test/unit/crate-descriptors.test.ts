// One descriptor per crate, read by every consumer: the registry covers every implementation name
// once, each formula's numbers are its model's own figures, and a crate added by its descriptor alone
// shows up everywhere (the "Adding a crate" section of src/engine/README.md, followed literally).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { calculate } from '../../src/engine/calculator.ts';
import {
  IMPL_NAMES,
  channelParams,
  crateOfImpl,
  crates,
  createChannel,
  flavorOf,
  implNames,
  registerCrate,
  type CrateDescriptor,
  type ImplName,
} from '../../src/engine/channels/index.ts';
import { createCrossbeam } from '../../src/engine/channels/crossbeam.ts';
import { Heap } from '../../src/engine/heap.ts';
import { analyzeRustType, rustMessageType } from '../../src/engine/rust-type/index.ts';
import { PAYLOAD_SITE, type MessageType } from '../../src/engine/layout.ts';
import { defaultScenario, strategyLabel, type StrategySpec } from '../../src/engine/scenario/index.ts';
import { constructorOf as calculatorConstructor } from '../../src/ui/calculator/crates.ts';
import { crateOptions } from '../../src/ui/scenario-adapter.ts';
import { constructorOf } from '../../src/ui/views/CreateCost.tsx';
import { applyChanges, implFor } from '../../src/worker/params.ts';
import { attributionLine } from '../../src/ui/export/figure/attribution.ts';

describe('the crate registry', () => {
  it('has exactly one flavor per implementation name of scenarios and golden files', () => {
    expect([...implNames()].sort()).toEqual([...IMPL_NAMES].sort());
  });

  it('every flavor belongs to the crate whose key prefixes its name', () => {
    for (const impl of IMPL_NAMES) expect(impl.startsWith(`${crateOfImpl(impl).key}-`)).toBe(true);
  });
});

/** `8 + 31·16 = 504`-style statements in a text, evaluated (· binds tighter than +). */
function statements(text: string): { lhs: number; rhs: number; source: string }[] {
  const out: { lhs: number; rhs: number; source: string }[] = [];
  for (const m of text.matchAll(/((?:\d+\s*[+·]\s*)+\d+)\s*=\s*(\d+)/g)) {
    const lhs = (m[1] ?? '')
      .split('+')
      .map((term) => term.split('·').reduce((p, x) => p * Number(x), 1))
      .reduce((a, b) => a + b, 0);
    out.push({ lhs, rhs: Number(m[2]), source: m[0] });
  }
  return out;
}

const numbersIn = (text: string): Set<number> => new Set([...text.matchAll(/\d+/g)].map((m) => Number(m[0])));

/** Bytes of each allocation the model makes creating the channel and filling it with up to 40 messages. */
function allocationSizes(impl: ImplName, message: MessageType, capacity: number): Set<number> | null {
  const heap = new Heap();
  const sizes = new Set<number>();
  const note = () => {
    for (const s of heap.bySite()) {
      // payloads are the message's, and flume's VecDeque buffer is given in slots, not bytes
      if (s.liveCount > 0 && s.site !== PAYLOAD_SITE && s.site !== 'flume VecDeque buffer')
        sizes.add(s.liveBytes / s.liveCount);
    }
  };
  const r = createChannel(impl, heap, channelParams(impl, message, { capacity, permits: capacity }));
  if (!r.ok) return null;
  note();
  for (let i = 0; i < Math.min(capacity, 40); i++) {
    r.channel.send(0);
    note();
  }
  return sizes;
}

function rust(text: string, lengths: number[] = []): MessageType {
  const r = analyzeRustType(text);
  if (!r.ok) throw new Error(r.error);
  return rustMessageType(r.layout, lengths);
}

describe('the registry is the one list of crates', () => {
  // A file outside src/engine/channels that names several crates' packages as string literals keeps
  // a list of its own (a version table, a switch over crates) that a new crate would have to join.
  const packages = crates()
    .map((c) => c.cargo)
    .filter((name) => name !== 'std' && name !== 'tokio'); // words too common to mean a list
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  const src = join(import.meta.dirname, '..', '..', 'src');

  it('no source file outside the registry names two or more crate packages', () => {
    const lists = files(src)
      .filter((f) => !f.startsWith(join(src, 'engine', 'channels')))
      .map((f) => {
        const text = readFileSync(f, 'utf8');
        return { f, named: packages.filter((p) => text.includes(`'${p}'`) || text.includes(`"${p}"`)) };
      })
      .filter((x) => x.named.length >= 2)
      .map((x) => `${x.f.slice(src.length + 1)}: ${x.named.join(', ')}`);
    expect(lists).toEqual([]);
  });

  it('the attribution names every registered crate with its version, from the descriptors', () => {
    const line = attributionLine();
    for (const c of crates()) expect(line).toContain(c.version);
    expect(attributionLine(['tokio-bounded', 'tokio-semaphore'])).toBe(
      'Channel Lab, tokio 1.53.1; x86_64. Heap bytes exact for the crate models, timing modelled.',
    );
  });
});

describe('formula texts', () => {
  const messages: MessageType[] = [
    { kind: 'u64' },
    { kind: 'bytes', size: 1 },
    { kind: 'bytes', size: 100 },
    { kind: 'bytes', size: 1024 },
    { kind: 'string', len: 100 },
    { kind: 'custom', size: 24, align: 16, niche: false },
    // Rust types laid out by rustc's rules: reordered fields (16 B), a niche (Option of a Box: 8 B),
    // and two heap parts (the payload is the message's, never in the channel's formula)
    rust('(u8, u64, u16)'),
    rust('Option<Box<[u8; 200]>>'),
    rust('(String, Vec<u8>)', [100, 50]),
  ];
  const cases = IMPL_NAMES.flatMap((impl) =>
    messages.flatMap((message) => [1, 5, 100].map((capacity) => ({ impl, message, capacity }))),
  );

  it('the calculator shows the descriptor’s formula, for every crate and message', () => {
    for (const message of messages)
      for (const row of calculate({ message, capacity: 100, channels: 1 }))
        expect(row.formula).toBe(flavorOf(row.impl).formula(message, 100));
  });

  it.each(cases)('$impl, $message.kind $message.size, C = $capacity: its numbers are the model’s', (c) => {
    const sizes = allocationSizes(c.impl, c.message, c.capacity);
    if (sizes === null) return; // the crate refuses this input (tokio bounded(0) and the like)
    const text = flavorOf(c.impl).formula(c.message, c.capacity);
    // every sum and product in the text is right, and its result is a block the model allocates
    for (const st of statements(text)) {
      expect(st.lhs, st.source).toBe(st.rhs);
      expect([...sizes], `${st.source} in “${text}”`).toContain(st.rhs);
    }
    // and every allocation the model makes is named in the text with its size
    const named = numbersIn(text);
    for (const size of sizes) expect(named.has(size), `${size} B missing from “${text}”`).toBe(true);
  });
});

describe('adding a crate: one descriptor, seen by every consumer', () => {
  // An imaginary crate, written as the README says: a model (here crossbeam's array flavour, to keep
  // the fixture short) and its descriptor. Its name is not in IMPL_NAMES, hence the cast.
  const impl = 'imaginary-bounded' as ImplName;
  const imaginary: CrateDescriptor = {
    key: 'imaginary',
    cargo: 'imaginary-channel',
    short: 'imaginary',
    label: 'imaginary::mpsc',
    version: 'imaginary-channel 0.1.0',
    create: (_impl, heap, params) => createCrossbeam('crossbeam-bounded', heap, params),
    flavors: [
      {
        impl,
        kind: 'bounded',
        bound: 'capacity',
        exactCapacity: true,
        call: 'imaginary::bounded(C)',
        expression: (t, n) => `imaginary::bounded::<${t}>(${n})`,
        formula: (_m, capacity) => `Counter 640 + ring ${capacity}·16 = ${capacity * 16}`,
      },
    ],
  };
  let unregister: (() => void) | null = null;
  afterEach(() => {
    unregister?.();
    unregister = null;
  });

  it('appears in the registry, the engine, the calculator, the controls and the UI’s texts', () => {
    unregister = registerCrate(imaginary);
    // registry and engine
    expect(crates().map((c) => c.key)).toContain('imaginary');
    expect(implNames()).toContain(impl);
    expect(channelParams(impl, { kind: 'u64' }, { capacity: 7, permits: 9 })).toEqual({
      message: { kind: 'u64' },
      capacity: 7,
    });
    const heap = new Heap();
    expect(createChannel(impl, heap, { message: { kind: 'u64' }, capacity: 4 }).ok).toBe(true);
    // 640 B Counter + 4 slots of 16 B (crossbeam's array flavour for u64)
    expect(heap.liveBytes).toBe(640 + 4 * 16);
    const spec = { ...defaultScenario.strategies[0], kind: 'bounded', impl, capacity: 8 } as StrategySpec;
    expect(strategyLabel(spec)).toBe('imaginary bounded(8)');
    // calculator (engine and UI)
    const row = calculate({ message: { kind: 'u64' }, capacity: 4, channels: 1 }).find(
      (r) => r.impl === impl,
    );
    expect(row?.create).toBe(640 + 4 * 16);
    expect(row?.formula).toBe('Counter 640 + ring 4·16 = 64');
    expect(calculatorConstructor(impl)).toEqual({
      crate: 'imaginary-channel',
      call: 'imaginary::bounded(C)',
    });
    expect(constructorOf(impl, { kind: 'u64' }, 4)).toBe('imaginary::bounded::<u64>(4)');
    // the app's controls: every strategy's crate picker offers it (by its package name)
    expect(crateOptions()).toContainEqual({ value: 'imaginary', label: 'imaginary-channel' });
    expect(implFor('imaginary', 'bounded')).toBe(impl);
    const changed = applyChanges(defaultScenario, { channel: 'imaginary' }) as {
      strategies: { impl?: string }[];
    };
    const kinds = defaultScenario.strategies.map((s) => s.kind);
    changed.strategies.forEach((s, i) => {
      if (kinds[i] === 'bounded') expect(s.impl).toBe(impl);
    });
    // a published figure's attribution names its version
    expect(attributionLine([impl])).toContain('imaginary-channel 0.1.0');
    expect(attributionLine()).toContain('imaginary-channel 0.1.0');
  });

  it('is gone again once unregistered (so tests do not leak it)', () => {
    expect(crates().map((c) => c.key)).not.toContain('imaginary');
  });
});
