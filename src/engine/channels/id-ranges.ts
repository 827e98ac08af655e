/**
 * Sets and queues of sender handle ids kept as ranges, for the simulation's producers: a million
 * producers parked one after another in round-robin order are one range, not a million entries.
 * futures.ts uses them for its producers' `try_send` (see `FuturesChannel.trySendProducers`).
 */

/** A set of integer ids as sorted, disjoint, non-adjacent half-open ranges [lo, hi). */
export class IdSet {
  private readonly los: number[] = [];
  private readonly his: number[] = [];
  size = 0;

  /** Index of the first range whose end is beyond `id` (the one holding it, or the next). */
  private after(id: number): number {
    let lo = 0;
    let hi = this.his.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.his[mid] as number) <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  has(id: number): boolean {
    const k = this.after(id);
    return k < this.los.length && (this.los[k] as number) <= id;
  }

  /** Adds [lo, hi); none of it may be in the set already. */
  add(lo: number, hi: number): void {
    if (hi <= lo) return;
    const k = this.after(lo);
    if (k < this.los.length && (this.los[k] as number) < hi)
      throw new Error(`ids ${lo}…${hi - 1} overlap the set`);
    this.size += hi - lo;
    const joinsPrev = k > 0 && this.his[k - 1] === lo;
    const joinsNext = k < this.los.length && this.los[k] === hi;
    if (joinsPrev && joinsNext) {
      this.his[k - 1] = this.his[k] as number;
      this.los.splice(k, 1);
      this.his.splice(k, 1);
    } else if (joinsPrev) this.his[k - 1] = hi;
    else if (joinsNext) this.los[k] = lo;
    else {
      this.los.splice(k, 0, lo);
      this.his.splice(k, 0, hi);
    }
  }

  /** Removes whatever of [lo, hi) is in the set; returns how many ids went. */
  remove(lo: number, hi: number): number {
    let removed = 0;
    let k = this.after(lo);
    while (k < this.los.length && (this.los[k] as number) < hi) {
      const a = this.los[k] as number;
      const b = this.his[k] as number;
      const cutLo = Math.max(a, lo);
      const cutHi = Math.min(b, hi);
      removed += cutHi - cutLo;
      if (a < cutLo && cutHi < b) {
        // the range splits in two
        this.his[k] = cutLo;
        this.los.splice(k + 1, 0, cutHi);
        this.his.splice(k + 1, 0, b);
        k += 2;
      } else if (a < cutLo) {
        this.his[k] = cutLo;
        k++;
      } else if (cutHi < b) {
        this.los[k] = cutHi;
        k++;
      } else {
        this.los.splice(k, 1);
        this.his.splice(k, 1);
      }
    }
    this.size -= removed;
    return removed;
  }

  /** How many of [lo, hi) are in the set. */
  countIn(lo: number, hi: number): number {
    let n = 0;
    for (let k = this.after(lo); k < this.los.length && (this.los[k] as number) < hi; k++) {
      n += Math.min(this.his[k] as number, hi) - Math.max(this.los[k] as number, lo);
    }
    return n;
  }

  /**
   * Appends to `out`, as (a, b) pairs, each stretch [a, b) of [lo, hi) that is not in the set, in
   * increasing order. (Pairs in an array rather than a callback: this runs once per decision of a
   * busy lane, and a closure per call costs more than the work under tsx, which names each one.)
   */
  gapsInto(lo: number, hi: number, out: number[]): void {
    let at = lo;
    for (let k = this.after(lo); k < this.los.length && (this.los[k] as number) < hi && at < hi; k++) {
      const a = this.los[k] as number;
      if (a > at) out.push(at, a);
      at = Math.max(at, this.his[k] as number);
    }
    if (at < hi) out.push(at, hi);
  }

  clear(): void {
    this.los.length = 0;
    this.his.length = 0;
    this.size = 0;
  }
}

/** A FIFO queue of ids, as ranges [lo, hi) taken in increasing order within each range. */
export class IdQueue {
  private readonly los: number[] = [];
  private readonly his: number[] = [];
  private head = 0;
  size = 0;

  /** Appends lo, lo+1, …, hi−1 at the back. */
  push(lo: number, hi: number): void {
    if (hi <= lo) return;
    this.size += hi - lo;
    const last = this.his.length - 1;
    if (last >= this.head && this.his[last] === lo) this.his[last] = hi;
    else {
      this.los.push(lo);
      this.his.push(hi);
    }
  }

  /** Takes the first `k` ids (at most `size`) from the front, appending the ranges taken to `out` as (lo, hi) pairs. */
  shiftInto(k: number, out: number[]): number {
    let left = Math.min(k, this.size);
    const taken = left;
    while (left > 0) {
      const lo = this.los[this.head] as number;
      const hi = this.his[this.head] as number;
      const n = Math.min(left, hi - lo);
      out.push(lo, lo + n);
      if (n === hi - lo) this.head++;
      else this.los[this.head] = lo + n;
      left -= n;
    }
    this.size -= taken;
    if (this.head > 1024 && this.head * 2 > this.los.length) {
      this.los.splice(0, this.head);
      this.his.splice(0, this.head);
      this.head = 0;
    }
    return taken;
  }

  /** Every id in queue order (for drawing; the queue may be long). */
  toArray(max = Infinity): number[] {
    const out: number[] = [];
    for (let i = this.head; i < this.los.length && out.length < max; i++) {
      for (let id = this.los[i] as number; id < (this.his[i] as number) && out.length < max; id++)
        out.push(id);
    }
    return out;
  }

  clear(): void {
    this.los.length = 0;
    this.his.length = 0;
    this.head = 0;
    this.size = 0;
  }
}
