/**
 * A simulated allocator. It records what a Rust global allocator would be asked for: requested
 * `Layout` sizes, never malloc's rounding. Allocations are tracked per site and per size, not per
 * object, so a channel holding 10^9 identical messages costs this simulator a few map entries.
 */

/** Raised when a model frees or reallocates memory that is not live: a bug in a model, never user input. */
export class HeapError extends Error {
  override readonly name = 'HeapError';
}

/** Where an allocation comes from, in the crate's own terms ("tokio block", "message payload"). */
export type AllocSite = string;

export interface SiteStats {
  readonly site: AllocSite;
  readonly liveBytes: number;
  readonly liveCount: number;
  /** Largest alignment requested at this site (informational: alignment never changes the counts). */
  readonly align: number;
}

export interface HeapCounters {
  readonly liveBytes: number;
  readonly peakBytes: number;
  readonly allocs: number;
  readonly deallocs: number;
  readonly reallocs: number;
}

interface SiteEntry {
  bytes: number;
  count: number;
  align: number;
  /** the site's first size and its live allocations (most sites only ever use one size) */
  mainSize: number;
  mainLive: number;
  /** live allocations of this site by requested size, for the other sizes */
  sizes: Map<number, number>;
}

export class Heap implements HeapCounters {
  liveBytes = 0;
  peakBytes = 0;
  allocs = 0;
  deallocs = 0;
  reallocs = 0;
  // sites in first-use order, names and entries side by side: a channel has a handful of sites and
  // the callers pass the same constant strings, so a scan by identity beats hashing
  private readonly siteNames: AllocSite[] = [];
  private readonly siteEntries: SiteEntry[] = [];

  /**
   * Allocates `count` blocks of `size` bytes. A zero-sized layout never reaches a Rust allocator
   * (`Box<ZST>`, an empty `String`), so it is not counted.
   */
  alloc(site: AllocSite, size: number, align = 8, count = 1): void {
    checkAmount('alloc', site, size, count);
    if (size === 0 || count === 0) return;
    const entry = this.entry(site, size);
    if (size === entry.mainSize) entry.mainLive += count;
    else entry.sizes.set(size, (entry.sizes.get(size) ?? 0) + count);
    entry.bytes += size * count;
    entry.count += count;
    if (align > entry.align) entry.align = align;
    this.allocs += count;
    this.liveBytes += size * count;
    if (this.liveBytes > this.peakBytes) this.peakBytes = this.liveBytes;
  }

  /**
   * `count` blocks of `size` bytes, each allocated and freed again before the next (a message built
   * and dropped at once): the counters move, the heap peaks at one block above its level, and
   * nothing stays live. Returns that peak level.
   */
  churn(site: AllocSite, size: number, align: number, count: number): number {
    checkAmount('alloc', site, size, count);
    if (size === 0 || count === 0) return this.liveBytes;
    const entry = this.entry(site, size);
    if (align > entry.align) entry.align = align;
    this.allocs += count;
    this.deallocs += count;
    const top = this.liveBytes + size;
    if (top > this.peakBytes) this.peakBytes = top;
    return top;
  }

  /**
   * `count` blocks that were freed and allocated again at the same sizes between two looks at the
   * heap (the steady fast path's payloads and parked tasks, cycle after cycle): the live bytes and the
   * peak are where they were, only the counters move.
   */
  recount(count: number): void {
    this.allocs += count;
    this.deallocs += count;
  }

  /**
   * Books `allocated` allocations and `freed` frees of `size` bytes at `site` whose bytes the caller
   * has already moved in `liveBytes` (and `peakBytes`, after each allocation) as they happened: the
   * site's live count and bytes and the call counters catch up, and the heap is what `alloc` and
   * `free` called at those moments would have left (the keep-up path books a message's payload this
   * way, keepup.ts). The site must have allocated before, so that the sites' order stays that of
   * their first use.
   */
  settle(site: AllocSite, size: number, align: number, allocated: number, freed: number): void {
    checkAmount('alloc', site, size, allocated);
    checkAmount('free', site, size, freed);
    if (size === 0 || (allocated === 0 && freed === 0)) return;
    const entry = this.find(site);
    const live = entry === undefined ? 0 : liveOf(entry, size) + allocated - freed;
    if (entry === undefined || live < 0) {
      throw new HeapError(`settling ${allocated} allocations and ${freed} frees of ${size} B at "${site}"`);
    }
    setLive(entry, size, live);
    entry.bytes += size * (allocated - freed);
    entry.count += allocated - freed;
    if (allocated > 0 && align > entry.align) entry.align = align;
    this.allocs += allocated;
    this.deallocs += freed;
  }

  /** The site has allocated at some time (its entry exists, live or not). */
  hasSite(site: AllocSite): boolean {
    return this.find(site) !== undefined;
  }

  /** Live bytes of the given sites together. */
  sitesBytes(sites: readonly AllocSite[]): number {
    let b = 0;
    for (const site of sites) b += this.find(site)?.bytes ?? 0;
    return b;
  }

  /** Frees `count` live blocks of `size` bytes from `site`; freeing what is not live throws {@link HeapError}. */
  free(site: AllocSite, size: number, count = 1): void {
    checkAmount('free', site, size, count);
    if (size === 0 || count === 0) return;
    const entry = this.find(site);
    const live = entry === undefined ? 0 : liveOf(entry, size);
    if (entry === undefined || live < count) {
      throw new HeapError(
        `free of ${count} × ${size} B at "${site}", but only ${live} such allocations are live`,
      );
    }
    setLive(entry, size, live - count);
    entry.bytes -= size * count;
    entry.count -= count;
    this.deallocs += count;
    this.liveBytes -= size * count;
  }

  /** Grows or shrinks one live allocation in place (one `realloc` call). */
  realloc(site: AllocSite, oldSize: number, newSize: number, align = 8): void {
    checkAmount('realloc', site, newSize, 1);
    if (oldSize === 0) {
      this.alloc(site, newSize, align);
      return;
    }
    const entry = this.find(site);
    const live = entry === undefined ? 0 : liveOf(entry, oldSize);
    if (entry === undefined || live < 1) {
      throw new HeapError(`realloc of a ${oldSize} B block at "${site}" that is not live`);
    }
    setLive(entry, oldSize, live - 1);
    setLive(entry, newSize, liveOf(entry, newSize) + 1);
    entry.bytes += newSize - oldSize;
    this.reallocs += 1;
    this.liveBytes += newSize - oldSize;
    if (this.liveBytes > this.peakBytes) this.peakBytes = this.liveBytes;
  }

  /** Live bytes of one site (0 if it never allocated). */
  siteBytes(site: AllocSite): number {
    return this.find(site)?.bytes ?? 0;
  }

  /** Live allocation count of one site. */
  siteCount(site: AllocSite): number {
    return this.find(site)?.count ?? 0;
  }

  /** Live bytes by allocation site, in first-use order; sites with nothing live are included. */
  bySite(): SiteStats[] {
    return this.siteEntries.map((e, i) => ({
      site: this.siteNames[i] as AllocSite,
      liveBytes: e.bytes,
      liveCount: e.count,
      align: e.align,
    }));
  }

  counters(): HeapCounters {
    const { liveBytes, peakBytes, allocs, deallocs, reallocs } = this;
    return { liveBytes, peakBytes, allocs, deallocs, reallocs };
  }

  private find(site: AllocSite): SiteEntry | undefined {
    const names = this.siteNames;
    for (let i = 0; i < names.length; i++) if (names[i] === site) return this.siteEntries[i];
    return undefined;
  }

  private entry(site: AllocSite, size: number): SiteEntry {
    let entry = this.find(site);
    if (entry === undefined) {
      entry = { bytes: 0, count: 0, align: 1, mainSize: size, mainLive: 0, sizes: new Map() };
      this.siteNames.push(site);
      this.siteEntries.push(entry);
    }
    return entry;
  }
}

function liveOf(entry: SiteEntry, size: number): number {
  return size === entry.mainSize ? entry.mainLive : (entry.sizes.get(size) ?? 0);
}

function setLive(entry: SiteEntry, size: number, live: number): void {
  if (size === entry.mainSize) entry.mainLive = live;
  else if (live === 0) entry.sizes.delete(size);
  else entry.sizes.set(size, live);
}

function checkAmount(what: string, site: AllocSite, size: number, count: number): void {
  if (!Number.isSafeInteger(size) || size < 0 || !Number.isSafeInteger(count) || count < 0) {
    throw new HeapError(`${what} at "${site}" with size ${size} × ${count}: not a non-negative integer`);
  }
}
