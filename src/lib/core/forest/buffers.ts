import type { ForestArrays } from './types';

/** Every buffer of a forest, for Comlink transfer lists (workers and the client share this). */
export function forestBuffers(f: ForestArrays): ArrayBuffer[] {
  return [
    f.treeStart,
    f.feature,
    f.threshold,
    f.missingLeft,
    f.left,
    f.right,
    f.value,
    f.nodeWeight,
    f.gain
  ].map((a) => a.buffer as ArrayBuffer);
}
