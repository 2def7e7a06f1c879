/**
 * A model's fingerprint: SHA-256 over exactly what decides its predictions (task, class and
 * feature names, the trees, the tree weights, the probability calibration), in a fixed order. Two models with the same
 * fingerprint give the same predictions; renaming a model or editing its notes or metrics does
 * not change it, re-training does.
 */
import { FOREST_ARRAYS, littleEndianBytes } from './layout.ts';
import { Sha256 } from './sha256.ts';
import type { ModelFile } from './types.ts';

export function modelFingerprint(model: ModelFile): string {
  const { meta, forest, treeWeights, calibration } = model;
  const hash = new Sha256();
  // Length-prefixed parts, so moving bytes from one part to the next changes the hash.
  const part = (label: string, bytes: Uint8Array): void => {
    hash.update(`${label}:${bytes.length}:`).update(bytes);
  };
  part(
    'identity',
    new TextEncoder().encode(
      JSON.stringify({
        task: meta.task,
        classes: meta.classes,
        features: meta.features.map((f) => f.name),
        nFeatures: forest.nFeatures,
        nClasses: forest.nClasses
      })
    )
  );
  for (const [name] of FOREST_ARRAYS) part(name, littleEndianBytes(forest[name]));
  if (treeWeights) {
    part('treeWeightsPer', new TextEncoder().encode(treeWeights.per));
    for (const mission of Object.keys(treeWeights.byMission).sort()) {
      part(`treeWeights:${mission}`, littleEndianBytes(treeWeights.byMission[mission]));
    }
  }
  // Absent for uncalibrated models, so their fingerprints are what they were before calibration.
  if (calibration) {
    const maps = Object.keys(calibration.byMission)
      .sort()
      .map((m) => [m, calibration.byMission[m]]);
    part(
      'calibration',
      new TextEncoder().encode(JSON.stringify({ positive: calibration.positiveClass, maps }))
    );
  }
  return hash.digestHex();
}
