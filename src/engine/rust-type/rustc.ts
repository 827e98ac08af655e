/**
 * rustc's layout rules (x86_64, the default `repr(Rust)`), reimplemented to answer `size_of` and
 * `align_of` the way rustc 1.95 does: field reordering of structs and tuples by alignment group with
 * niche bias, the largest niche of each layout, enums as niche-filling or tagged (with the tag widened
 * to the first field's alignment) and the smaller of the two. Only what changes a size, an
 * alignment, an offset or a niche is modelled: no ABI classes, no `repr(C)`/`packed` user types.
 * Checked against rustc by `scripts/layout-vs-rustc.ts` and the golden `test/rust-layout/types.json`.
 */

/** An integer scalar's valid range `start..=end`, wrapping like rustc's `WrappingRange`. */
export interface Scalar {
  readonly bits: number;
  readonly start: bigint;
  readonly end: bigint;
}

/** The invalid values of a scalar at `offset`: where an enum can hide its discriminant. */
export interface Niche extends Scalar {
  readonly offset: number;
}

export interface Lay {
  readonly size: number;
  readonly align: number;
  readonly niche: Niche | null;
}

export interface StructLay extends Lay {
  /** offset of each field, in declaration order */
  readonly offsets: readonly number[];
}

export type StructKind =
  'always-sized' | 'maybe-unsized' | { readonly prefixSize: number; readonly prefixAlign: number };

/** Thrown when a size leaves the range this arithmetic is exact in. */
export class LayoutOverflow extends Error {
  override readonly name = 'LayoutOverflow';
}

/** rustc refuses objects of 2^61 bytes or more on x86_64; past 2^53 doubles stop being exact, so stop there. */
export const MAX_SIZE = Number.MAX_SAFE_INTEGER;

const mask = (bits: number): bigint => (1n << BigInt(bits)) - 1n;

export function fullScalar(bits: number): Scalar {
  return { bits, start: 0n, end: mask(bits) };
}

/** How many values of the scalar are invalid. */
export function available(s: Scalar): bigint {
  return (s.start - s.end - 1n) & mask(s.bits);
}

export function nicheOf(offset: number, s: Scalar): Niche | null {
  return available(s) > 0n ? { ...s, offset } : null;
}

/** rustc's `Niche::reserve`: claims `count` invalid values, preferring the ones nearest zero. */
function reserve(n: Niche, count: bigint): { start: bigint; scalar: Niche } | null {
  const max = mask(n.bits);
  if (count > available(n)) return null;
  const moveStart = (): { start: bigint; scalar: Niche } => {
    const start = (n.start - count) & max;
    return { start, scalar: { ...n, start } };
  };
  const moveEnd = (): { start: bigint; scalar: Niche } => {
    const start = (n.end + 1n) & max;
    const end = (n.end + count) & max;
    return { start, scalar: { ...n, end } };
  };
  const distanceEndZero = max - n.end;
  if (n.start > n.end) return moveEnd();
  if (n.start <= distanceEndZero) return count <= n.start ? moveStart() : moveEnd();
  const end = (n.end + count) & max;
  const overshotZero = end >= 1n && end <= n.end;
  return overshotZero ? moveStart() : moveEnd();
}

export function alignTo(x: number, a: number): number {
  const r = x % a;
  const v = r === 0 ? x : x + (a - r);
  if (v > MAX_SIZE) throw new LayoutOverflow('size overflow');
  return v;
}

function trailingZeros(x: number): number {
  if (x === 0) return 64;
  let n = 0;
  while (x % 2 === 0) {
    x /= 2;
    n++;
  }
  return n;
}

const isZst = (l: Lay): boolean => l.size === 0;
const is1Zst = (l: Lay): boolean => l.size === 0 && l.align === 1;
const cmpBig = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

type Bias = 'start' | 'end';

function univariantBiased(fields: readonly Lay[], kind: StructKind, bias: Bias): StructLay {
  const order = fields.map((_, i) => i);
  const end = kind === 'maybe-unsized' ? fields.length - 1 : fields.length;
  if (fields.length > 1) {
    const head = fields.slice(0, end);
    const maxFieldAlign = head.reduce((m, f) => Math.max(m, f.align), 1);
    const largestNiche = head.reduce((m, f) => {
      const a = f.niche === null ? 0n : available(f.niche);
      return a > m ? a : m;
    }, 0n);
    const nicheSize = (f: Lay): bigint => (f.niche === null ? 0n : available(f.niche));
    // log2 of the alignment a field is grouped with: [u8; 4] sorts with align-4 fields.
    const groupKey = (f: Lay): number => {
      const sizeAsAlign = trailingZeros(Math.max(f.align, f.size));
      if (largestNiche === 0n) return sizeAsAlign;
      if (bias === 'start') return Math.min(trailingZeros(maxFieldAlign), sizeAsAlign);
      return nicheSize(f) === largestNiche ? trailingZeros(f.align) : sizeAsAlign;
    };
    const optimizing = order.slice(0, end);
    if (typeof kind === 'object') {
      // enum variants after a tag: ascending alignment, the largest niche last in its group
      optimizing.sort((a, b) => {
        const fa = fields[a] as Lay;
        const fb = fields[b] as Lay;
        return groupKey(fa) - groupKey(fb) || cmpBig(nicheSize(fa), nicheSize(fb));
      });
    } else {
      const innerOffsetKey = (f: Lay): bigint => {
        if (f.niche === null) return 0n;
        if (bias === 'start') return BigInt(f.niche.offset);
        // rustc: !(size - niche size - offset) as u64: the niche nearest the end sorts last
        return mask(64) - BigInt(f.size - f.niche.bits / 8 - f.niche.offset);
      };
      optimizing.sort((a, b) => {
        const fa = fields[a] as Lay;
        const fb = fields[b] as Lay;
        const byGroup = groupKey(fb) - groupKey(fa);
        if (byGroup !== 0) return byGroup;
        const byNiche =
          bias === 'start' ? cmpBig(nicheSize(fb), nicheSize(fa)) : cmpBig(nicheSize(fa), nicheSize(fb));
        if (byNiche !== 0) return byNiche;
        return cmpBig(innerOffsetKey(fa), innerOffsetKey(fb));
      });
    }
    order.splice(0, end, ...optimizing);
  }
  let offset = 0;
  let align = 1;
  if (typeof kind === 'object') {
    align = Math.max(align, kind.prefixAlign);
    offset = alignTo(kind.prefixSize, kind.prefixAlign);
  }
  const offsets = new Array<number>(fields.length).fill(0);
  let niche: Niche | null = null;
  let nicheAvail = 0n;
  for (const i of order) {
    const f = fields[i] as Lay;
    offset = alignTo(offset, f.align);
    align = Math.max(align, f.align);
    offsets[i] = offset;
    if (f.niche !== null) {
      const a = available(f.niche);
      if (bias === 'start' ? a > nicheAvail : a >= nicheAvail) {
        nicheAvail = a;
        niche = { ...f.niche, offset: f.niche.offset + offset };
      }
    }
    offset += f.size;
    if (offset > MAX_SIZE) throw new LayoutOverflow('size overflow');
  }
  return { size: alignTo(offset, align), align, niche, offsets };
}

/** A struct or tuple (or an enum variant): rustc's `univariant`, with its second, end-biased try. */
export function univariant(fields: readonly Lay[], kind: StructKind): StructLay {
  const layout = univariantBiased(fields, kind, 'start');
  if (kind !== 'maybe-unsized' && layout.niche !== null) {
    const head = layout.niche.offset;
    const tail = layout.size - head - layout.niche.bits / 8;
    if (fields.length > 1 && head !== 0 && tail > 0) {
      const alt = univariantBiased(fields, kind, 'end');
      const altNiche = alt.niche as Niche;
      const altHead = altNiche.offset;
      if (altHead > head && altHead > tail) return alt;
    }
  }
  return layout;
}

export interface VariantPlace {
  /** offset of each field of the variant */
  readonly offsets: readonly number[];
  readonly size: number;
}

export interface EnumLay extends Lay {
  /** 'tagged': a tag of `tagBytes` at offset 0; 'niche': the other variants are values of the niche */
  readonly encoding:
    | { readonly k: 'tagged'; readonly tagBytes: number }
    | { readonly k: 'niche'; readonly dataful: number; readonly offset: number; readonly bytes: number };
  readonly variants: readonly VariantPlace[];
}

const INT_BYTES = [1, 2, 4, 8, 16];

/**
 * An enum of inhabited variants with discriminants 0..n (Option, Result, std's enums): the
 * niche-filling layout when it exists and is no larger (or has a larger niche), else the tagged one.
 */
export function enumLayout(variants: readonly (readonly Lay[])[]): EnumLay {
  const nicheFilling = ((): EnumLay | null => {
    if (variants.length < 2) return null;
    let align = 1;
    const lays = variants.map((v) => {
      const st = univariant(v, 'always-sized');
      align = Math.max(align, st.align);
      return st;
    });
    let largest = 0;
    lays.forEach((l, i) => {
      if (l.size >= (lays[largest] as StructLay).size) largest = i;
    });
    const others = variants.map((_, i) => i).filter((i) => i !== largest);
    const count = BigInt((others[others.length - 1] as number) - (others[0] as number) + 1);
    const big = lays[largest] as StructLay;
    if (big.niche === null) return null;
    const reserved = reserve(big.niche, count);
    if (reserved === null) return null;
    const nicheOffset = big.niche.offset;
    const nicheBytes = big.niche.bits / 8;
    const size = alignTo(big.size, align);
    const places: VariantPlace[] = [];
    for (let i = 0; i < lays.length; i++) {
      const l = lays[i] as StructLay;
      if (i === largest || l.size <= nicheOffset) {
        places.push({ offsets: l.offsets, size: l.size });
        continue;
      }
      const at = alignTo(nicheOffset + nicheBytes, l.align);
      if (at + l.size > size) return null;
      places.push({ offsets: l.offsets.map((o) => o + at), size: l.size + at });
    }
    return {
      size,
      align,
      niche: nicheOf(nicheOffset, reserved.scalar),
      encoding: { k: 'niche', dataful: largest, offset: nicheOffset, bytes: nicheBytes },
      variants: places,
    };
  })();

  // Tagged: discriminants 0..n-1 fit a u8 tag for any enum this tool builds.
  const minBytes = 1;
  let align = 1;
  let size = 0;
  let startAlign = 256;
  const lays = variants.map((v) => {
    const st = univariant(v, { prefixSize: minBytes, prefixAlign: minBytes });
    const byOffset = v.map((_, i) => i).sort((a, b) => (st.offsets[a] as number) - (st.offsets[b] as number));
    for (const i of byOffset) {
      const f = v[i] as Lay;
      if (!is1Zst(f)) {
        startAlign = Math.min(startAlign, f.align);
        break;
      }
    }
    size = Math.max(size, st.size);
    align = Math.max(align, st.align);
    return st;
  });
  size = alignTo(size, align);
  // rustc widens the tag to the smallest first-field alignment (an integer of that exact size).
  let tagBytes = INT_BYTES.includes(startAlign) ? startAlign : minBytes;
  if (tagBytes <= minBytes) tagBytes = minBytes;
  const places = lays.map((l) => ({
    offsets: l.offsets.map((o) => (o <= minBytes ? Math.max(o, tagBytes) : o)),
    size: l.size <= minBytes ? tagBytes : l.size,
  }));
  const tag: Scalar = { bits: tagBytes * 8, start: 0n, end: BigInt(variants.length - 1) };
  const tagged: EnumLay = {
    size,
    align,
    niche: nicheOf(0, tag),
    encoding: { k: 'tagged', tagBytes },
    variants: places,
  };
  if (nicheFilling === null) return tagged;
  const nAvail = (l: Lay): bigint => (l.niche === null ? 0n : available(l.niche));
  if (tagged.size > nicheFilling.size) return nicheFilling;
  if (tagged.size === nicheFilling.size && nAvail(tagged) < nAvail(nicheFilling)) return nicheFilling;
  return tagged;
}

/** `[T; n]`: n copies; the niche of the first element, if any. */
export function arrayLayout(elem: Lay, n: number): Lay {
  const size = elem.size * n;
  if (!Number.isSafeInteger(size) || size > MAX_SIZE) throw new LayoutOverflow('size overflow');
  return { size, align: elem.align, niche: n === 0 ? null : elem.niche };
}

export { isZst };
