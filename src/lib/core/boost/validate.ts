/**
 * Structural checks of a BoostedModel before anything walks it (a model read from a file or
 * sent by a worker): sizes agree, every tree is a binary tree laid out parent before child
 * inside its own node range (so prediction can never loop or leave its tree), features index
 * real columns, numbers are finite (a threshold may be +Infinity: all values go left).
 */
import type { BoostedModel } from './types.ts';

/** Throws an Error naming the first problem found; O(nodes). */
export function validateBoostedModel(m: BoostedModel): void {
  const bad = (msg: string): never => {
    throw new Error(`boosted model: ${msg}`);
  };
  if (!Number.isInteger(m.nFeatures) || m.nFeatures < 1) {
    bad(`nFeatures must be a positive integer (got ${String(m.nFeatures)})`);
  }
  if (!Number.isInteger(m.nClasses) || m.nClasses < 2) {
    bad(`nClasses must be an integer >= 2 (got ${String(m.nClasses)})`);
  }
  const nOut = m.nClasses === 2 ? 1 : m.nClasses;
  if (m.nOutputs !== nOut) {
    bad(`nOutputs must be ${nOut} for ${m.nClasses} classes (got ${String(m.nOutputs)})`);
  }
  if (m.baseScore.length !== nOut) {
    bad(`baseScore has ${m.baseScore.length} values; ${nOut} outputs need ${nOut}`);
  }
  for (let k = 0; k < nOut; k++) {
    if (!Number.isFinite(m.baseScore[k])) bad(`baseScore[${k}] = ${m.baseScore[k]} is not finite`);
  }
  const ts = m.treeStart;
  const nTrees = ts.length - 1;
  if (nTrees < 0 || ts[0] !== 0) bad('treeStart must start with 0');
  if (nTrees % nOut !== 0) {
    bad(`${nTrees} trees is not a whole number of iterations of ${nOut} trees`);
  }
  for (let t = 0; t < nTrees; t++) {
    if (!(ts[t + 1] > ts[t])) bad(`tree ${t} is empty or out of order in treeStart`);
  }
  const nNodes = nTrees >= 0 ? ts[nTrees] : 0;
  for (const name of [
    'feature',
    'threshold',
    'missingLeft',
    'left',
    'right',
    'value',
    'cover',
    'gain'
  ] as const) {
    if (m[name].length !== nNodes) {
      bad(`array "${name}" has ${m[name].length} entries but treeStart counts ${nNodes} nodes`);
    }
  }
  const { feature, threshold, missingLeft, left, right, value, cover, gain } = m;
  const hasParent = new Uint8Array(nNodes);
  for (let t = 0; t < nTrees; t++) {
    for (let i = ts[t]; i < ts[t + 1]; i++) {
      const at = `tree ${t}, node ${i}`;
      if (!Number.isFinite(value[i])) bad(`${at}: value ${value[i]} is not finite`);
      if (!(cover[i] >= 0) || !Number.isFinite(cover[i]))
        bad(`${at}: cover ${cover[i]} must be finite and >= 0`);
      if (!(gain[i] >= 0) || !Number.isFinite(gain[i]))
        bad(`${at}: gain ${gain[i]} must be finite and >= 0`);
      const f = feature[i];
      if (f === -1) {
        if (left[i] !== -1 || right[i] !== -1)
          bad(`${at}: a leaf (feature -1) must have no children`);
        continue;
      }
      if (!Number.isInteger(f) || f < 0 || f >= m.nFeatures) {
        bad(`${at}: feature ${f} is not a column 0..${m.nFeatures - 1}`);
      }
      if (Number.isNaN(threshold[i]) || threshold[i] === -Infinity) {
        bad(`${at}: threshold ${threshold[i]} must be a number or +Infinity`);
      }
      if (missingLeft[i] > 1) bad(`${at}: missingLeft must be 0 or 1 (got ${missingLeft[i]})`);
      for (const c of [left[i], right[i]]) {
        if (!(c > i && c < ts[t + 1])) {
          bad(
            `${at}: child ${c} must come after its parent inside the tree's nodes ${ts[t]}..${ts[t + 1] - 1}`
          );
        }
        if (hasParent[c]) bad(`${at}: child ${c} already has a parent`);
        hasParent[c] = 1;
      }
    }
    for (let i = ts[t] + 1; i < ts[t + 1]; i++) {
      if (!hasParent[i]) bad(`tree ${t}: node ${i} is not reachable from the root`);
    }
  }
}
