/** Model -> bytes. Validates first, so a file this writes always reads back. */
import { gzipSync } from 'fflate';
import type { ForestArrays } from '../forest/index.ts';
import { invalid } from './errors.ts';
import {
  FOREST_ARRAYS,
  MAGIC,
  PREAMBLE_BYTES,
  TREE_WEIGHTS_PREFIX,
  align8,
  dtypeOf,
  littleEndianBytes,
  type AnyTypedArray,
  type ArrayEntry,
  type PayloadHeader
} from './layout.ts';
import { validateCalibration } from './calibration.ts';
import { MODEL_FORMAT, versionFor, type ModelFile, type TreeWeights } from './types.ts';
import { validateForest } from './validate-forest.ts';
import { validateMeta, validateTreeWeights } from './validate-meta.ts';

/** Checks a whole model (forest, metadata, tree weights, calibration); returns them normalised. */
export function checkModel(
  model: ModelFile
): Pick<ModelFile, 'meta' | 'treeWeights'> & { calibration: ModelFile['calibration'] } {
  if (typeof model !== 'object' || model === null) throw invalid('the model is not an object.');
  checkForestTypes(model.forest);
  validateForest(model.forest);
  const nTrees = model.forest.treeStart.length - 1;
  const meta = validateMeta(model.meta, {
    nFeatures: model.forest.nFeatures,
    nClasses: model.forest.nClasses,
    nTrees
  });
  const treeWeights = validateTreeWeights(model.treeWeights ?? null, meta.stages.length, nTrees);
  const calibration = validateCalibration(model.calibration ?? null, meta.classes);
  return { meta, treeWeights, calibration };
}

/** Each forest array must have the exact typed-array class the format stores. */
function checkForestTypes(forest: ForestArrays): void {
  if (typeof forest !== 'object' || forest === null) throw invalid('forest is missing.');
  const ctor = { int32: Int32Array, float32: Float32Array, uint8: Uint8Array } as const;
  for (const [name, dtype] of FOREST_ARRAYS) {
    if (!(forest[name] instanceof ctor[dtype])) {
      throw invalid(`forest.${name} must be a ${ctor[dtype].name}.`);
    }
  }
}

/**
 * The uncompressed payload, without validation. Exported for fingerprints and for tests that
 * need to build deliberately broken files; use `writeModel` to save a model.
 */
export function encodePayload(
  model: ModelFile,
  options: { version?: number; format?: string } = {}
): Uint8Array {
  const { forest, meta } = model;
  const tw: TreeWeights | null = model.treeWeights ?? null;
  const calibration = model.calibration ?? null;
  const version = options.version ?? versionFor(model);
  const named: [string, AnyTypedArray][] = FOREST_ARRAYS.map(([name]) => [name, forest[name]]);
  const missions = tw ? Object.keys(tw.byMission) : [];
  for (const m of missions) named.push([TREE_WEIGHTS_PREFIX + m, tw!.byMission[m]]);

  const arrays: ArrayEntry[] = [];
  let offset = 0;
  for (const [name, a] of named) {
    arrays.push({ name, dtype: dtypeOf(a), length: a.length, offset });
    offset = align8(offset + a.byteLength);
  }
  const header: PayloadHeader = {
    format: options.format ?? MODEL_FORMAT,
    version,
    forest: {
      nFeatures: forest.nFeatures,
      nClasses: forest.nClasses,
      nTrees: forest.treeStart.length - 1,
      nNodes: forest.feature.length
    },
    meta,
    treeWeights: tw ? { per: tw.per, missions } : null,
    // Version 1 headers have no calibration field (older readers know none).
    ...(calibration ? { calibration } : {}),
    arrays
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const binStart = align8(PREAMBLE_BYTES + json.length);
  const last = arrays[arrays.length - 1];
  const total = binStart + last.offset + named[named.length - 1][1].byteLength;

  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  const dv = new DataView(out.buffer);
  dv.setUint32(4, header.version, true);
  dv.setUint32(8, json.length, true);
  out.set(json, PREAMBLE_BYTES);
  named.forEach(([, a], i) => out.set(littleEndianBytes(a), binStart + arrays[i].offset));
  return out;
}

/** Validates `model` and returns the gzip-compressed file bytes. Same model -> same bytes. */
export function writeModel(model: ModelFile): Uint8Array {
  const { meta, treeWeights, calibration } = checkModel(model);
  // mtime 0 keeps the output a pure function of the model.
  return gzipSync(encodePayload({ meta, forest: model.forest, treeWeights, calibration }), {
    level: 6,
    mtime: 0
  });
}
