import type { ForestArrays } from './types.ts';

const arraysOf = (f: ForestArrays) => [
  f.treeStart,
  f.feature,
  f.threshold,
  f.missingLeft,
  f.left,
  f.right,
  f.value,
  f.nodeWeight,
  f.gain
];

/**
 * Every buffer of a forest, for Comlink transfer lists (workers and the client share this).
 * An array may be a view on a somewhat longer buffer (NodeStore.toForest), so compare forests
 * with forestBytes, not these.
 */
export function forestBuffers(f: ForestArrays): ArrayBuffer[] {
  return arraysOf(f).map((a) => a.buffer as ArrayBuffer);
}

/** Each array's own bytes, in a fixed order: equal forests give equal byte lists. */
export function forestBytes(f: ForestArrays): Uint8Array[] {
  return arraysOf(f).map((a) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}
