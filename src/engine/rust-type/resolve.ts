/**
 * From a parsed type expression to its layout (with the parts a diagram shows) and the heap one
 * value owns. The standard library's types are described by their real field structure in Rust
 * 1.95 (e.g. `Vec` = `{ cap: UsizeNoHighBit, ptr: NonNull, len }`), so their niches and offsets
 * come out of the same rules as the user's tuples.
 */
import type { HeapBlock } from '../layout.ts';
import type { TypeNode } from './parse.ts';
import { RustTypeError } from './parse.ts';
import {
  LayoutOverflow,
  alignTo,
  arrayLayout,
  enumLayout,
  fullScalar,
  nicheOf,
  univariant,
  type EnumLay,
  type Lay,
  type StructKind,
} from './rustc.ts';

/** One slot of the diagram: a field, an enum tag, or the payload of the data-carrying variant. */
export interface Part {
  readonly label: string;
  readonly offset: number;
  readonly size: number;
  readonly role: 'field' | 'tag' | 'element';
}

/** A part whose heap size is a length the user gives (`Vec`, `String`, `Box<[T]>`, `Arc<str>`…). */
export interface Growable {
  readonly label: string;
  /** what the length counts */
  readonly unit: 'bytes' | 'elements';
}

/**
 * The heap blocks a value owns, given the lengths of the growable parts in order: each block is one
 * allocation (a `(String, Vec<u8>)` owns two), so the byte total and the allocation count both follow.
 */
export type BlocksFn = (lengths: readonly number[]) => readonly HeapBlock[];

export type Unsized =
  { readonly k: 'str' } | { readonly k: 'dyn' } | { readonly k: 'slice'; readonly elem: Sized };

export interface Sized {
  readonly text: string;
  readonly lay: Lay;
  readonly parts: readonly Part[];
  /** how an enum tells its variants apart, in words */
  readonly encoding?: string;
  readonly blocks: BlocksFn;
}

type Resolved =
  ({ readonly sized: true } & Sized) | { readonly sized: false; readonly text: string; readonly u: Unsized };

export interface Context {
  readonly growables: Growable[];
  readonly notes: Set<string>;
}

const NO_BLOCKS: BlocksFn = () => [];

/** One allocation of `size` bytes, or none for a zero-sized one (it never reaches the allocator). */
function block(size: number, what: string): HeapBlock[] {
  return size > 0 ? [{ size: safe(size, what), count: 1 }] : [];
}

/** The blocks of `n` values. */
function times(blocks: readonly HeapBlock[], n: number, what: string): HeapBlock[] {
  return n === 0 ? [] : blocks.map((b) => ({ size: b.size, count: safe(b.count * n, what) }));
}
const u64Max = (1n << 64n) - 1n;

function prim(bytes: number, start?: bigint, end?: bigint): Lay {
  const bits = bytes * 8;
  const s = start === undefined ? fullScalar(bits) : { bits, start, end: end ?? (1n << BigInt(bits)) - 1n };
  return { size: bytes, align: bytes, niche: nicheOf(0, s) };
}

const ZST: Lay = { size: 0, align: 1, niche: null };
const USIZE = prim(8);
/** A non-null thin pointer: `&T`, `NonNull<T>`, `Box<T>`. */
const NONNULL = prim(8, 1n, u64Max);
/** `&[T]`, `Box<str>`, `NonNull<dyn Trait>`: data pointer and metadata; the niche is the null data pointer. */
const FAT_NONNULL: Lay = { size: 16, align: 8, niche: nicheOf(0, { bits: 64, start: 1n, end: u64Max }) };

const PRIMITIVES: Record<string, Lay> = {
  u8: prim(1),
  i8: prim(1),
  u16: prim(2),
  i16: prim(2),
  u32: prim(4),
  i32: prim(4),
  u64: prim(8),
  i64: prim(8),
  u128: prim(16),
  i128: prim(16),
  usize: prim(8),
  isize: prim(8),
  f32: prim(4),
  f64: prim(8),
  bool: prim(1, 0n, 1n),
  char: prim(4, 0n, 0x10ffffn),
};

const NONZERO_BYTES: Record<string, number> = { 8: 1, 16: 2, 32: 4, 64: 8, 128: 16, size: 8 };

function struct(fields: readonly Lay[], kind: StructKind = 'always-sized'): Lay {
  const { size, align, niche } = univariant(fields, kind);
  return { size, align, niche };
}

const hide = (l: Lay): Lay => ({ size: l.size, align: l.align, niche: null });
/** `u32` holding 0..=999_999_999: the nanoseconds of `Duration`, `Instant` and `SystemTime`. */
const NANOS = prim(4, 0n, 999_999_999n);
const TIMESPEC = struct([prim(8), NANOS]);
const RAW_VEC = struct([struct([NONNULL, prim(8, 0n, (1n << 63n) - 1n), ZST]), ZST]);
const VEC = struct([RAW_VEC, USIZE]);
const IPV4 = struct([arrayLayout(prim(1), 4)]);
const IPV6 = struct([arrayLayout(prim(1), 16)]);
const SOCKET_V4 = struct([IPV4, prim(2)]);
const SOCKET_V6 = struct([IPV6, prim(2), prim(4), prim(4)]);
const HASHBROWN = struct([
  struct([prim(8), prim(8)]),
  struct([struct([USIZE, NONNULL, USIZE, USIZE]), ZST, ZST]),
]);
const BTREE = struct([enumLayout([[], [struct([USIZE, NONNULL, ZST])]]), USIZE, ZST]);

/** Module paths a name may be written with (`std::sync::Arc`); `std`, `core` and `alloc` are interchangeable. */
const MODULES: Record<string, readonly string[]> = {
  Option: ['option'],
  Result: ['result'],
  Box: ['boxed'],
  Vec: ['vec'],
  String: ['string'],
  Rc: ['rc'],
  Arc: ['sync'],
  Duration: ['time'],
  Instant: ['time'],
  SystemTime: ['time'],
  SocketAddr: ['net'],
  SocketAddrV4: ['net'],
  SocketAddrV6: ['net'],
  IpAddr: ['net'],
  Ipv4Addr: ['net'],
  Ipv6Addr: ['net'],
  HashMap: ['collections', 'collections::hash_map'],
  HashSet: ['collections', 'collections::hash_set'],
  BTreeMap: ['collections', 'collections::btree_map'],
  BTreeSet: ['collections', 'collections::btree_set'],
  VecDeque: ['collections', 'collections::vec_deque'],
  BinaryHeap: ['collections', 'collections::binary_heap'],
  Mutex: ['sync'],
  RwLock: ['sync'],
  Cell: ['cell'],
  RefCell: ['cell'],
  UnsafeCell: ['cell'],
  PhantomData: ['marker'],
  PhantomPinned: ['marker'],
  ManuallyDrop: ['mem'],
  MaybeUninit: ['mem'],
  Wrapping: ['num'],
  NonZero: ['num'],
  NonNull: ['ptr'],
  Pin: ['pin'],
  AtomicBool: ['sync::atomic'],
  AtomicU8: ['sync::atomic'],
  AtomicI8: ['sync::atomic'],
  AtomicU16: ['sync::atomic'],
  AtomicI16: ['sync::atomic'],
  AtomicU32: ['sync::atomic'],
  AtomicI32: ['sync::atomic'],
  AtomicU64: ['sync::atomic'],
  AtomicI64: ['sync::atomic'],
  AtomicUsize: ['sync::atomic'],
  AtomicIsize: ['sync::atomic'],
  str: ['primitive'],
};
for (const k of Object.keys(NONZERO_BYTES)) {
  MODULES[`NonZeroU${k}`] = ['num'];
  MODULES[`NonZeroI${k}`] = ['num'];
}
for (const k of Object.keys(PRIMITIVES)) MODULES[k] = ['primitive'];

const ARITY: Record<string, number> = {
  Option: 1,
  Result: 2,
  Box: 1,
  Vec: 1,
  Rc: 1,
  Arc: 1,
  HashMap: 2,
  HashSet: 1,
  BTreeMap: 2,
  BTreeSet: 1,
  VecDeque: 1,
  BinaryHeap: 1,
  Mutex: 1,
  RwLock: 1,
  Cell: 1,
  RefCell: 1,
  UnsafeCell: 1,
  PhantomData: 1,
  ManuallyDrop: 1,
  MaybeUninit: 1,
  Wrapping: 1,
  NonZero: 1,
  NonNull: 1,
  Pin: 1,
};

function checkPath(node: TypeNode & { k: 'path' }): string {
  const name = node.segments[node.segments.length - 1] as string;
  const mods = MODULES[name];
  if (mods === undefined) {
    throw new RustTypeError(
      /^[A-Z]/.test(name)
        ? `unknown type "${node.text}": only the standard library's types, primitives, tuples, arrays and references can be laid out (a struct of your own has no layout here: write it as a tuple)`
        : `unknown type "${node.text}"`,
    );
  }
  const prefix = node.segments.slice(0, -1);
  if (prefix.length > 0) {
    const [root, ...rest] = prefix;
    const ok = (root === 'std' || root === 'core' || root === 'alloc') && mods.includes(rest.join('::'));
    if (!ok) throw new RustTypeError(`unknown path "${node.text}": ${name} lives in std::${mods[0]}`);
  }
  const want = ARITY[name] ?? 0;
  // HashMap<K, V, S> and friends also take a hasher or allocator: only the defaults are modelled.
  if (node.args.length !== want) {
    throw new RustTypeError(
      want === 0
        ? `"${node.text}": ${name} takes no type arguments`
        : `"${node.text}": ${name} takes ${want} type argument${want === 1 ? '' : 's'}, got ${node.args.length}`,
    );
  }
  return name;
}

function sizedOf(r: Resolved, where: string): Sized {
  if (!r.sized) {
    throw new RustTypeError(
      `"${r.text}" has no size known at compile time, so it cannot be ${where}; put it behind a pointer (&${r.text}, Box<${r.text}>)`,
    );
  }
  return r;
}

function safe(n: number, what: string): number {
  if (!Number.isSafeInteger(n)) throw new RustTypeError(`the heap of ${what} is too large to count exactly`);
  return n;
}

function single(text: string, lay: Lay, blocks: BlocksFn = NO_BLOCKS): Resolved {
  return { sized: true, text, lay, parts: [], blocks };
}

function fieldsParts(
  labels: readonly string[],
  sizes: readonly number[],
  offsets: readonly number[],
): Part[] {
  return labels.map((label, i) => ({
    label,
    offset: offsets[i] as number,
    size: sizes[i] as number,
    role: 'field',
  }));
}

function encodingOf(e: EnumLay, names: readonly string[]): string {
  if (e.encoding.k === 'tagged')
    return `a ${e.encoding.tagBytes}-byte tag at byte 0 says which variant it is`;
  const { offset, bytes, dataful } = e.encoding;
  const others = names.filter((_, i) => i !== dataful).join(', ');
  const span = bytes === 1 ? `byte ${offset}` : `bytes ${offset}–${offset + bytes - 1}`;
  return `no tag: ${others} is a value ${names[dataful]} never holds in ${span} (its niche)`;
}

function enumParts(e: EnumLay, payload: readonly (Sized | null)[], names: readonly string[]): Part[] {
  const parts: Part[] = [];
  if (e.encoding.k === 'tagged')
    parts.push({ label: 'tag', offset: 0, size: e.encoding.tagBytes, role: 'tag' });
  payload.forEach((p, i) => {
    if (p === null || p.lay.size === 0) return;
    const v = e.variants[i];
    const offset = v?.offsets[0] ?? 0;
    parts.push({ label: `${names[i]}(${p.text})`, offset, size: p.lay.size, role: 'field' });
  });
  return parts;
}

/** Heap bytes of an `Rc`/`Arc` allocation: two counts (repr(C)), then the value, padded to the alignment. */
function countedBox(valueSize: number, valueAlign: number): number {
  const align = Math.max(8, valueAlign);
  return alignTo(alignTo(16, valueAlign) + valueSize, align);
}

export function resolve(node: TypeNode, cx: Context): Resolved {
  try {
    return resolveInner(node, cx);
  } catch (e) {
    if (e instanceof LayoutOverflow)
      throw new RustTypeError(
        `"${node.text}" is too large: over 2^53 bytes, past what this tool counts exactly`,
      );
    throw e;
  }
}

function grow(cx: Context, label: string, unit: Growable['unit']): number {
  cx.growables.push({ label, unit });
  return cx.growables.length - 1;
}

function resolveInner(node: TypeNode, cx: Context): Resolved {
  switch (node.k) {
    case 'tuple': {
      const elems = node.elems.map((e, i) =>
        sizedOf(
          resolve(e, cx),
          i === node.elems.length - 1 ? 'the last element of a tuple sent by value' : 'a tuple element',
        ),
      );
      // rustc lays tuples out as possibly unsized structs: the last element keeps its place.
      const st = univariant(
        elems.map((e) => e.lay),
        elems.length === 0 ? 'always-sized' : 'maybe-unsized',
      );
      return {
        sized: true,
        text: node.text,
        lay: { size: st.size, align: st.align, niche: st.niche },
        parts: fieldsParts(
          elems.map((e, i) => `.${i}: ${e.text}`),
          elems.map((e) => e.lay.size),
          st.offsets,
        ),
        blocks: (l) => elems.flatMap((e) => e.blocks(l)),
      };
    }
    case 'array': {
      const elem = sizedOf(resolve(node.elem, cx), 'an array element');
      const lay = arrayLayout(elem.lay, node.len);
      const parts: Part[] =
        node.len <= 16 && elem.lay.size > 0
          ? Array.from({ length: node.len }, (_, i) => ({
              label: `[${i}]: ${elem.text}`,
              offset: i * elem.lay.size,
              size: elem.lay.size,
              role: 'element' as const,
            }))
          : node.len > 0 && elem.lay.size > 0
            ? [{ label: `${node.len} × ${elem.text}`, offset: 0, size: lay.size, role: 'element' }]
            : [];
      return {
        sized: true,
        text: node.text,
        lay,
        parts,
        blocks: (l) => times(elem.blocks(l), node.len, node.text),
      };
    }
    case 'slice': {
      const elem = sizedOf(resolve(node.elem, cx), 'a slice element');
      return { sized: false, text: node.text, u: { k: 'slice', elem } };
    }
    case 'dyn':
      return { sized: false, text: node.text, u: { k: 'dyn' } };
    case 'ref': {
      const target = resolve(node.target, cx);
      // Borrowed or raw: the pointee is not owned, so no heap. Raw pointers may be null (no niche);
      // a raw pointer to a trait object keeps the vtable pointer's niche at offset 8.
      let lay: Lay;
      if (target.sized) lay = node.raw ? USIZE : NONNULL;
      else if (!node.raw) lay = FAT_NONNULL;
      else if (target.u.k === 'dyn')
        lay = { size: 16, align: 8, niche: nicheOf(8, { bits: 64, start: 1n, end: u64Max }) };
      else lay = { size: 16, align: 8, niche: null };
      return single(node.text, lay);
    }
    case 'path':
      return resolvePath(node, cx);
  }
}

function resolvePath(node: TypeNode & { k: 'path' }, cx: Context): Resolved {
  const name = checkPath(node);
  const p = PRIMITIVES[name];
  if (p !== undefined) return single(node.text, p);
  if (name === 'str') return { sized: false, text: node.text, u: { k: 'str' } };
  const nz = /^NonZero([UI])(8|16|32|64|128|size)$/.exec(name);
  if (nz !== null) {
    const bytes = NONZERO_BYTES[nz[2] as string] as number;
    return single(node.text, prim(bytes, 1n));
  }
  const arg = (i: number, where: string): Sized => sizedOf(resolve(node.args[i] as TypeNode, cx), where);
  switch (name) {
    case 'NonZero': {
      const inner = node.args[0] as TypeNode;
      const innerName = inner.k === 'path' ? inner.segments[inner.segments.length - 1] : undefined;
      const bytes =
        innerName === undefined
          ? undefined
          : (
              {
                u8: 1,
                i8: 1,
                u16: 2,
                i16: 2,
                u32: 4,
                i32: 4,
                u64: 8,
                i64: 8,
                u128: 16,
                i128: 16,
                usize: 8,
                isize: 8,
              } as Record<string, number>
            )[innerName];
      if (bytes === undefined || inner.k !== 'path' || inner.args.length > 0) {
        throw new RustTypeError(
          `"${node.text}": NonZero takes an integer type (u8 … u128, i8 … i128, usize, isize)`,
        );
      }
      return single(node.text, prim(bytes, 1n));
    }
    case 'Option': {
      const t = arg(0, 'held in an Option');
      const e = enumLayout([[], [t.lay]]);
      cx.notes.add('Option: heap counted as Some');
      return {
        sized: true,
        text: node.text,
        lay: e,
        parts: enumParts(e, [null, t], ['None', 'Some']),
        encoding: encodingOf(e, ['None', 'Some']),
        blocks: t.blocks,
      };
    }
    case 'Result': {
      const t = arg(0, 'the Ok value of a Result');
      const er = arg(1, 'the Err value of a Result');
      const e = enumLayout([[t.lay], [er.lay]]);
      cx.notes.add('Result: heap counted as Ok');
      return {
        sized: true,
        text: node.text,
        lay: e,
        parts: enumParts(e, [t, er], ['Ok', 'Err']),
        encoding: encodingOf(e, ['Ok', 'Err']),
        blocks: t.blocks,
      };
    }
    case 'Box':
    case 'Rc':
    case 'Arc':
      return owningPointer(node, name, cx);
    case 'NonNull': {
      const t = resolve(node.args[0] as TypeNode, cx);
      return single(node.text, t.sized ? NONNULL : FAT_NONNULL);
    }
    case 'Vec':
    case 'VecDeque':
    case 'BinaryHeap': {
      const i = grow(cx, node.text, 'elements');
      const t = arg(0, `an element of ${name}`);
      const lay =
        name === 'VecDeque' ? struct([USIZE, USIZE, RAW_VEC]) : name === 'Vec' ? VEC : struct([VEC]);
      const parts = name === 'VecDeque' ? [] : vecParts();
      return {
        sized: true,
        text: node.text,
        lay,
        parts,
        // one buffer of n elements, then what each element owns
        blocks: (l) => {
          const n = l[i] ?? 0;
          return [...block(n * t.lay.size, node.text), ...times(t.blocks(l), n, node.text)];
        },
      };
    }
    case 'String': {
      const i = grow(cx, node.text, 'bytes');
      return {
        sized: true,
        text: node.text,
        lay: struct([VEC]),
        parts: vecParts(),
        blocks: (l) => block(l[i] ?? 0, node.text),
      };
    }
    case 'HashMap':
    case 'HashSet':
    case 'BTreeMap':
    case 'BTreeSet': {
      node.args.forEach((_, i) => arg(i, `a key or value of ${name}`));
      cx.notes.add(`${name}: counted empty (no heap)`);
      return single(
        node.text,
        name.startsWith('Hash') ? struct([HASHBROWN]) : name === 'BTreeMap' ? BTREE : struct([BTREE]),
      );
    }
    case 'Mutex':
    case 'RwLock': {
      const t = arg(0, `inside a ${name}`);
      const sys = name === 'Mutex' ? struct([hide(prim(4))]) : struct([hide(prim(4)), hide(prim(4))]);
      const lay = struct([sys, hide(prim(1)), hide(t.lay)], 'maybe-unsized');
      return single(node.text, lay, t.blocks);
    }
    case 'Cell':
    case 'UnsafeCell':
    case 'MaybeUninit': {
      const t = arg(0, `inside a ${name}`);
      return single(node.text, hide(t.lay), t.blocks);
    }
    case 'RefCell': {
      const t = arg(0, 'inside a RefCell');
      return single(node.text, struct([hide(USIZE), hide(t.lay)], 'maybe-unsized'), t.blocks);
    }
    case 'ManuallyDrop':
    case 'Wrapping':
    case 'Pin': {
      const t = arg(0, `inside ${name}`);
      return { ...t, sized: true, text: node.text, lay: struct([t.lay]) };
    }
    case 'PhantomData':
      resolve(node.args[0] as TypeNode, cx);
      return single(node.text, ZST);
    case 'PhantomPinned':
      return single(node.text, ZST);
    case 'Duration':
      return single(node.text, struct([prim(8), NANOS]));
    case 'Instant':
    case 'SystemTime':
      return single(node.text, struct([TIMESPEC]));
    case 'Ipv4Addr':
      return single(node.text, IPV4);
    case 'Ipv6Addr':
      return single(node.text, IPV6);
    case 'IpAddr':
      return single(node.text, enumLayout([[IPV4], [IPV6]]));
    case 'SocketAddrV4':
      return single(node.text, SOCKET_V4);
    case 'SocketAddrV6':
      return single(node.text, SOCKET_V6);
    case 'SocketAddr':
      return single(node.text, enumLayout([[SOCKET_V4], [SOCKET_V6]]));
  }
  const atomic = /^Atomic(Bool|[UI](8|16|32|64|size))$/.exec(name);
  if (atomic !== null) {
    const bytes = atomic[1] === 'Bool' ? 1 : (NONZERO_BYTES[atomic[2] as string] as number);
    return single(node.text, hide(prim(bytes)));
  }
  throw new RustTypeError(`unknown type "${node.text}"`);
}

function vecParts(): Part[] {
  return [
    { label: 'capacity', offset: 0, size: 8, role: 'field' },
    { label: 'pointer', offset: 8, size: 8, role: 'field' },
    { label: 'length', offset: 16, size: 8, role: 'field' },
  ];
}

/** `Box`, `Rc`, `Arc`: one non-null pointer (two for unsized pointees) owning a heap allocation. */
function owningPointer(node: TypeNode & { k: 'path' }, name: string, cx: Context): Resolved {
  // The length of an unsized pointee is asked before the lengths inside it, as the text reads.
  const t0 = node.args[0] as TypeNode;
  const isUnsized =
    t0.k === 'slice' || t0.k === 'dyn' || (t0.k === 'path' && t0.segments[t0.segments.length - 1] === 'str');
  const slot = isUnsized ? grow(cx, node.text, t0.k === 'slice' ? 'elements' : 'bytes') : -1;
  const target = resolve(t0, cx);
  const counted = name !== 'Box';
  if (target.sized) {
    const t = target;
    const own = counted ? countedBox(t.lay.size, t.lay.align) : t.lay.size;
    return single(node.text, NONNULL, (l) => [...block(own, node.text), ...t.blocks(l)]);
  }
  const u = target.u;
  const i = slot;
  const elemSize = u.k === 'slice' ? u.elem.lay.size : 1;
  const elemAlign = u.k === 'slice' ? u.elem.lay.align : 1;
  if (u.k === 'dyn')
    cx.notes.add(`${node.text}: give the size of the value behind the trait object (alignment ≤ 8 assumed)`);
  const bytes = (l: readonly number[]): number => {
    const n = l[i] ?? 0;
    const payload = safe(n * elemSize, node.text);
    return counted ? countedBox(payload, elemAlign) : payload;
  };
  // the pointee's one allocation, then what each slice element owns
  return single(node.text, FAT_NONNULL, (l) => [
    ...block(bytes(l), node.text),
    ...(u.k === 'slice' ? times(u.elem.blocks(l), l[i] ?? 0, node.text) : []),
  ]);
}
