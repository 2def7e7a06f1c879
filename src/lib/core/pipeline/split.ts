/**
 * Grouped hold-out splits: all rows of one host star land on the same side, so a model is never
 * validated on a star whose other planets it trained on. The split depends only on the set of
 * host ids (sorted, then shuffled with the seed), never on row order.
 */
import { createRng } from '../random.ts';

/** Positions on each side, ascending. `holdout` is the same array as `test` (the name pipeline/data.ts uses). */
export interface GroupedSplit {
  train: Int32Array;
  test: Int32Array;
  holdout: Int32Array;
}

function checkFraction(fraction: number, fn: string): void {
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
    throw new Error(`${fn}: fraction must be strictly between 0 and 1 (got ${String(fraction)})`);
  }
}

/** Splits positions 0..n-1, whose host ids are hostOf(i), taking about `fraction` of them into test. */
function splitPositions(
  n: number,
  hostOf: (i: number) => string,
  fraction: number,
  seed: number,
  fn: string
): GroupedSplit {
  checkFraction(fraction, fn);
  if (n === 0) throw new Error(`${fn}: no rows to split`);
  const byHost = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const h = hostOf(i);
    if (typeof h !== 'string')
      throw new Error(`${fn}: host id of row ${i} is not a string (${String(h)})`);
    let list = byHost.get(h);
    if (!list) byHost.set(h, (list = []));
    list.push(i);
  }
  if (byHost.size < 2) {
    throw new Error(
      `${fn}: all ${n} rows belong to one host star; a grouped split needs at least two`
    );
  }
  // Sorted first, so the same hosts in any row order give the same split.
  const hosts = [...byHost.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rng = createRng(seed);
  for (let i = hosts.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [hosts[i], hosts[j]] = [hosts[j], hosts[i]];
  }
  // Take hosts in shuffled order whenever that brings the test size closer to the target.
  const target = fraction * n;
  const taken: string[] = [];
  let count = 0;
  for (const h of hosts) {
    const size = byHost.get(h)!.length;
    if (Math.abs(count + size - target) < Math.abs(count - target)) {
      taken.push(h);
      count += size;
    }
  }
  // Both sides non-empty, whatever the fraction and group sizes.
  if (taken.length === 0) taken.push(hosts[0]);
  if (taken.length === hosts.length) taken.pop();

  const inTest = new Uint8Array(n);
  for (const h of taken) for (const i of byHost.get(h)!) inTest[i] = 1;
  let nTest = 0;
  for (let i = 0; i < n; i++) nTest += inTest[i];
  const train = new Int32Array(n - nTest);
  const test = new Int32Array(nTest);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (inTest[i]) test[b++] = i;
    else train[a++] = i;
  }
  return { train, test, holdout: test };
}

/**
 * Seeded hold-out by host star: `groups[i]` is row i's host id; about `fraction` of the rows
 * (as close as whole hosts allow) go to `test`. Returns row indices, ascending.
 */
export function groupedHoldout(
  groups: readonly string[],
  fraction: number,
  seed: number
): GroupedSplit {
  if (!Array.isArray(groups))
    throw new Error('groupedHoldout: groups must be an array of host ids');
  return splitPositions(groups.length, (i) => groups[i], fraction, seed, 'groupedHoldout');
}

/**
 * The same grouped split of a subset of rows (e.g. an inner calibration or selection split carved
 * from the training rows): `rowIdx` are row indices into `groups`; returns row indices (a subset
 * of rowIdx) on each side, ascending.
 */
export function innerSplit(
  rowIdx: Int32Array,
  groups: readonly string[],
  fraction: number,
  seed: number
): GroupedSplit {
  for (let j = 0; j < rowIdx.length; j++) {
    if (!(rowIdx[j] >= 0 && rowIdx[j] < groups.length)) {
      throw new Error(`innerSplit: row index ${rowIdx[j]} is outside 0..${groups.length - 1}`);
    }
  }
  const sorted = Int32Array.from(rowIdx).sort();
  for (let j = 1; j < sorted.length; j++) {
    if (sorted[j] === sorted[j - 1])
      throw new Error(`innerSplit: row ${sorted[j]} is listed twice`);
  }
  const s = splitPositions(sorted.length, (j) => groups[sorted[j]], fraction, seed, 'innerSplit');
  const test = Int32Array.from(s.test, (j) => sorted[j]);
  return { train: Int32Array.from(s.train, (j) => sorted[j]), test, holdout: test };
}
