/**
 * A prediction-only layout of a forest, built once per forest and cached. Each node is one
 * 12-byte record [column, threshold, jump] in pre-order, so one child is always the next
 * record and the other is `jump`. The input block holds every feature twice, x and -x; a node
 * that sends missing values left compares -x against -nextUp(threshold) instead of x against
 * threshold and swaps its children. Then every node does the same branch-free step:
 *   next = (block[column] <= threshold) ? this + 1 record : jump
 * and NaN (both comparisons false) lands on the side the node chose in training.
 * Leaves jump to themselves with a NaN threshold, so they are fixed points of that step.
 */
import type { ForestArrays } from './types';

export interface PackedForest {
  /** Int32 view: [column, (threshold bits), jump] per node; node offsets are record * 3. */
  rec: Int32Array;
  /** Float32 view of the same buffer: threshold at offset + 1. */
  thr: Float32Array;
  /** Class distribution per record index (offset / 3), row-major. */
  value: Float64Array;
  /** Record offset of each tree's root. */
  roots: Int32Array;
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** Smallest float32 strictly above the float32 t (t finite). */
export function nextUpFloat32(t: number): number {
  if (t === 0) return 1.401298464324817e-45;
  f32[0] = t;
  i32[0] += t > 0 ? 1 : -1;
  return f32[0];
}

const cache = new WeakMap<ForestArrays, { src: Float32Array; packed: PackedForest }>();

/** Packed form of a forest (cached while the forest object and its value array are the same). */
export function packForest(forest: ForestArrays): PackedForest {
  const hit = cache.get(forest);
  if (hit && hit.src === forest.value) return hit.packed;
  const n = forest.feature.length;
  const K = forest.nClasses;
  const nTrees = forest.treeStart.length - 1;
  const buf = new ArrayBuffer(n * 12);
  const rec = new Int32Array(buf);
  const thr = new Float32Array(buf);
  const value = new Float64Array(n * K);
  const roots = new Int32Array(nTrees);
  const { feature, threshold, missingLeft, left, right } = forest;
  let pos = 0;
  // Explicit stack instead of recursion: [source node, record index to patch with its offset].
  const stack: number[] = [];
  for (let t = 0; t < nTrees; t++) {
    roots[t] = pos * 3;
    stack.push(forest.treeStart[t], -1);
    while (stack.length > 0) {
      const patch = stack.pop() as number;
      const o = stack.pop() as number;
      const p = pos++;
      const q = p * 3;
      if (patch >= 0) rec[patch * 3 + 2] = q;
      const f = feature[o];
      if (f < 0) {
        rec[q] = 0;
        thr[q + 1] = NaN;
        rec[q + 2] = q;
        for (let c = 0; c < K; c++) value[p * K + c] = forest.value[o * K + c];
        continue;
      }
      const ml = missingLeft[o] === 1;
      rec[q] = 2 * f + (ml ? 1 : 0);
      thr[q + 1] = ml ? -nextUpFloat32(threshold[o]) : threshold[o];
      // The next record is the child taken when the comparison holds; the other is patched in.
      const taken = ml ? right[o] : left[o];
      const jump = ml ? left[o] : right[o];
      stack.push(jump, p, taken, -1);
    }
  }
  const packed = { rec, thr, value, roots };
  cache.set(forest, { src: forest.value, packed });
  return packed;
}
