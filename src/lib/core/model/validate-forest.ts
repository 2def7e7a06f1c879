/**
 * Structural checks of a ForestArrays before anything walks it: sizes agree, every tree is a
 * proper binary tree laid out parent-before-child inside its own node range (so prediction can
 * never loop or jump into another tree), features index real columns, numbers are finite.
 */
import type { ForestArrays } from '../forest/index.ts';
import { invalid } from './errors.ts';

function checkLength(name: string, actual: number, expected: number, what: string): void {
  if (actual !== expected) {
    throw invalid(`array "${name}" has ${actual} entries but ${what} needs ${expected}.`);
  }
}

/** Throws ModelFileError (code 'invalid') naming the first problem found. O(nodes * classes). */
export function validateForest(f: ForestArrays): void {
  const { nFeatures, nClasses } = f;
  if (!Number.isInteger(nFeatures) || nFeatures < 1) {
    throw invalid(`nFeatures must be a positive integer (got ${String(nFeatures)}).`);
  }
  if (!Number.isInteger(nClasses) || nClasses < 2) {
    throw invalid(`nClasses must be an integer >= 2 (got ${String(nClasses)}).`);
  }
  const ts = f.treeStart;
  const nTrees = ts.length - 1;
  if (nTrees < 1) throw invalid('the forest has no trees (treeStart needs at least 2 entries).');
  if (ts[0] !== 0) throw invalid(`treeStart[0] must be 0 (got ${ts[0]}).`);
  for (let t = 0; t < nTrees; t++) {
    if (!(ts[t + 1] > ts[t])) {
      throw invalid(
        `tree ${t} is empty or out of order: treeStart[${t}]=${ts[t]}, treeStart[${t + 1}]=${ts[t + 1]}.`
      );
    }
  }
  const nNodes = ts[nTrees];
  const nodeArrays = [
    'feature',
    'threshold',
    'missingLeft',
    'left',
    'right',
    'nodeWeight',
    'gain'
  ] as const;
  for (const name of nodeArrays) {
    checkLength(name, f[name].length, nNodes, `treeStart's node count (${nNodes})`);
  }
  checkLength('value', f.value.length, nNodes * nClasses, `${nNodes} nodes x ${nClasses} classes`);

  const { feature, threshold, missingLeft, left, right, value, nodeWeight, gain } = f;
  const parents = new Uint8Array(nNodes);
  for (let t = 0; t < nTrees; t++) {
    const start = ts[t];
    const end = ts[t + 1];
    for (let i = start; i < end; i++) {
      const at = `tree ${t}, node ${i}`;
      const feat = feature[i];
      if (feat === -1) {
        if (left[i] !== -1 || right[i] !== -1) {
          throw invalid(
            `${at} is a leaf (feature -1) but has children ${left[i]} and ${right[i]}.`
          );
        }
      } else {
        if (feat < 0 || feat >= nFeatures) {
          throw invalid(`${at} splits on feature ${feat}, outside 0..${nFeatures - 1}.`);
        }
        if (!Number.isFinite(threshold[i])) {
          throw invalid(`${at} has a non-finite threshold (${threshold[i]}).`);
        }
        if (missingLeft[i] > 1) {
          throw invalid(`${at} has missingLeft ${missingLeft[i]} (must be 0 or 1).`);
        }
        for (const [side, child] of [
          ['left', left[i]],
          ['right', right[i]]
        ] as const) {
          if (child === -1) throw invalid(`${at} splits but has no ${side} child.`);
          // Children strictly after the parent and inside the same tree: no cycles, no cross-tree jumps.
          if (child <= i || child >= end) {
            throw invalid(
              `${at} has ${side} child ${child}, which is not after it within the tree (nodes ${start}..${end - 1}).`
            );
          }
          if (++parents[child] > 1)
            throw invalid(`tree ${t}: node ${child} has more than one parent.`);
        }
      }
      if (!Number.isFinite(nodeWeight[i]) || nodeWeight[i] < 0) {
        throw invalid(`${at} has node weight ${nodeWeight[i]} (must be finite and >= 0).`);
      }
      if (!Number.isFinite(gain[i])) throw invalid(`${at} has a non-finite gain (${gain[i]}).`);
      for (let c = 0; c < nClasses; c++) {
        const v = value[i * nClasses + c];
        if (!(v >= 0 && v <= 1)) {
          throw invalid(
            `${at} has class value ${v} for class ${c} (must be finite and in [0, 1]).`
          );
        }
      }
    }
    // Every non-root node has exactly one parent (checked above for > 1), so none may have 0.
    for (let i = start + 1; i < end; i++) {
      if (parents[i] === 0) throw invalid(`tree ${t}: node ${i} is not reachable from the root.`);
    }
  }
}
