/** Joins forests (worker slices, warm-start stages) into one, trees in the given order. */
import type { ForestArrays } from './types.ts';
import { checkForest } from './forest-info.ts';

export function concatForests(parts: ForestArrays[]): ForestArrays {
  const where = 'concatForests';
  if (!Array.isArray(parts) || parts.length === 0) {
    throw new Error(`${where}: parts must be a non-empty array of forests`);
  }
  const { nFeatures, nClasses } = parts[0];
  let nodes = 0;
  let trees = 0;
  parts.forEach((f, i) => {
    checkForest(f, `${where}: parts[${i}]`);
    if (f.nFeatures !== nFeatures || f.nClasses !== nClasses) {
      throw new Error(
        `${where}: parts[${i}] has ${f.nFeatures} features and ${f.nClasses} classes but parts[0] has ${nFeatures} and ${nClasses}; only forests of the same task can be joined`
      );
    }
    nodes += f.feature.length;
    trees += f.treeStart.length - 1;
  });
  const out: ForestArrays = {
    nFeatures,
    nClasses,
    treeStart: new Int32Array(trees + 1),
    feature: new Int32Array(nodes),
    threshold: new Float32Array(nodes),
    missingLeft: new Uint8Array(nodes),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    value: new Float32Array(nodes * nClasses),
    nodeWeight: new Float32Array(nodes),
    gain: new Float32Array(nodes)
  };
  let n0 = 0;
  let t0 = 0;
  for (const f of parts) {
    const m = f.feature.length;
    const nt = f.treeStart.length - 1;
    for (let t = 0; t < nt; t++) out.treeStart[t0 + t] = f.treeStart[t] + n0;
    out.feature.set(f.feature, n0);
    out.threshold.set(f.threshold, n0);
    out.missingLeft.set(f.missingLeft, n0);
    for (let i = 0; i < m; i++) {
      out.left[n0 + i] = f.left[i] < 0 ? -1 : f.left[i] + n0;
      out.right[n0 + i] = f.right[i] < 0 ? -1 : f.right[i] + n0;
    }
    out.value.set(f.value, n0 * nClasses);
    out.nodeWeight.set(f.nodeWeight, n0);
    out.gain.set(f.gain, n0);
    n0 += m;
    t0 += nt;
  }
  out.treeStart[trees] = nodes;
  return out;
}
