/**
 * Histogram buffers kept between fits in one thread. Fresh memory is expensive where large
 * allocations are mapped and unmapped each time (Chromium's allocator on these VMs: a page
 * fault per 4 KB on first touch, about 3 ms per MB), and a job's ten forests allocated about
 * 30 MB of per-depth histograms. A grower borrows its buffers here and hands them back when
 * its fit ends. Only the memory is reused, never the contents: every histogram is built (or
 * derived from ones built in the same tree) before it is read.
 */
const MAX_KEPT_BYTES = 64 * 1024 * 1024;
const kept = new Map<number, Float64Array[]>();
let keptBytes = 0;

/** A Float64Array of `length` with arbitrary contents. */
export function borrowHistogram(length: number): Float64Array {
  const a = kept.get(length)?.pop();
  if (!a) return new Float64Array(length);
  keptBytes -= a.byteLength;
  return a;
}

/** Keeps the arrays for later fits (up to a cap; the rest are left to the GC). */
export function returnHistograms(arrays: Float64Array[]): void {
  for (const a of arrays) {
    if (keptBytes + a.byteLength > MAX_KEPT_BYTES) return;
    let list = kept.get(a.length);
    if (!list) kept.set(a.length, (list = []));
    list.push(a);
    keptBytes += a.byteLength;
  }
}
