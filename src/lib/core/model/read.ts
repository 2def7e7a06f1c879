/**
 * Bytes -> model. Nothing is trusted: sizes are checked before anything is allocated, every
 * array's place in the file before it is copied, and the forest's structure before it is
 * returned, so a caller can walk the trees without bounds checks.
 */
import type { ForestArrays } from '../forest/index.ts';
import { validateCalibration } from './calibration.ts';
import { ModelFileError, invalid } from './errors.ts';
import { DEFAULT_MAX_DECOMPRESSED_BYTES, gunzipCapped } from './gunzip-capped.ts';
import {
  DTYPE_BYTES,
  FOREST_ARRAYS,
  MAGIC,
  MAX_HEADER_BYTES,
  PREAMBLE_BYTES,
  TREE_WEIGHTS_PREFIX,
  align8,
  fromLittleEndian,
  type AnyTypedArray,
  type Dtype
} from './layout.ts';
import { isForbiddenKey, parseJsonSafely } from './safe-json.ts';
import { describeBytes } from './sniff.ts';
import {
  MODEL_FORMAT,
  SUPPORTED_MODEL_VERSIONS,
  type ModelFile,
  type TreeWeights
} from './types.ts';
import { validateForest } from './validate-forest.ts';
import {
  expectInt,
  expectObject,
  expectString,
  validateMeta,
  validateTreeWeights
} from './validate-meta.ts';

export interface ReadModelOptions {
  /** Stop and fail once the decompressed size passes this many bytes (default 64 MB). */
  maxDecompressedBytes?: number;
}

/** Reads and fully validates a `*.exoforest` file. Throws ModelFileError with a message naming the problem. */
export function readModel(bytes: Uint8Array, options: ReadModelOptions = {}): ModelFile {
  if (!(bytes instanceof Uint8Array)) {
    throw new ModelFileError(
      'not-a-model',
      'Not an Exoforest model file: expected the file bytes (a Uint8Array).'
    );
  }
  const payload = gunzipCapped(
    bytes,
    options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES
  );
  return decodePayload(payload);
}

function readVersion(p: Uint8Array): number {
  if (p.length < PREAMBLE_BYTES || MAGIC.some((b, i) => p[i] !== b)) {
    throw new ModelFileError(
      'not-a-model',
      `Not an Exoforest model file: it is gzip-compressed, but holds ${describeBytes(p)}.`
    );
  }
  const version = new DataView(p.buffer, p.byteOffset, p.byteLength).getUint32(4, true);
  if (!SUPPORTED_MODEL_VERSIONS.includes(version)) {
    const newest = SUPPORTED_MODEL_VERSIONS.reduce((a, b) => Math.max(a, b), 0);
    throw new ModelFileError(
      'unsupported-version',
      `Unsupported model format version ${version}: this Exoforest reads version ${SUPPORTED_MODEL_VERSIONS.join(', ')}.` +
        (version > newest
          ? ' The file was written by a newer Exoforest; update the app to open it.'
          : '')
    );
  }
  return version;
}

/** Parses the preamble and JSON header; returns the header and where the binary section starts. */
function readHeader(
  p: Uint8Array,
  version: number
): { header: Record<string, unknown>; binStart: number } {
  const jsonLength = new DataView(p.buffer, p.byteOffset, p.byteLength).getUint32(8, true);
  if (jsonLength > MAX_HEADER_BYTES) {
    throw new ModelFileError(
      'too-large',
      `Model file header too large: it declares ${jsonLength} bytes (limit ${MAX_HEADER_BYTES}).`
    );
  }
  if (PREAMBLE_BYTES + jsonLength > p.length) {
    throw invalid(
      `the header length (${jsonLength} bytes) goes beyond the end of the data (${p.length - PREAMBLE_BYTES} bytes follow the preamble).`
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(
      p.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + jsonLength)
    );
  } catch {
    throw invalid('the header is not valid UTF-8 text.');
  }
  const header = expectObject(parseJsonSafely(text, 'the header'), 'header');
  if (header.format !== MODEL_FORMAT) {
    throw new ModelFileError(
      'not-a-model',
      `Not an Exoforest model file: the header's format is ${JSON.stringify(header.format)}, expected "${MODEL_FORMAT}".`
    );
  }
  if (header.version !== version) {
    throw invalid(
      `the header says version ${JSON.stringify(header.version)} but the preamble says ${version}.`
    );
  }
  return { header, binStart: align8(PREAMBLE_BYTES + jsonLength) };
}

/** Decodes and validates an uncompressed payload (see layout.ts). */
export function decodePayload(p: Uint8Array): ModelFile {
  const version = readVersion(p);
  const { header, binStart } = readHeader(p, version);

  const dimsObj = expectObject(header.forest, 'header.forest');
  const nFeatures = expectInt(dimsObj, 'nFeatures', 'header.forest', 1);
  const nClasses = expectInt(dimsObj, 'nClasses', 'header.forest', 2);
  const nTrees = expectInt(dimsObj, 'nTrees', 'header.forest', 1);
  const nNodes = expectInt(dimsObj, 'nNodes', 'header.forest', 1);

  const tw = readTreeWeightsHeader(header.treeWeights);
  const expected = new Map<string, { dtype: Dtype; length: number }>();
  for (const [name, dtype] of FOREST_ARRAYS) {
    const length =
      name === 'treeStart' ? nTrees + 1 : name === 'value' ? nNodes * nClasses : nNodes;
    expected.set(name, { dtype, length });
  }
  const nStagesOrTrees = tw?.per === 'tree' ? nTrees : -1; // stage count is checked after meta
  for (const m of tw?.missions ?? []) {
    expected.set(TREE_WEIGHTS_PREFIX + m, { dtype: 'float64', length: nStagesOrTrees });
  }

  const arrays = readArrays(p, binStart, header.arrays, expected);
  const get = <T extends AnyTypedArray>(name: string) => arrays.get(name) as T;
  const forest: ForestArrays = {
    nFeatures,
    nClasses,
    treeStart: get('treeStart'),
    feature: get('feature'),
    threshold: get('threshold'),
    missingLeft: get('missingLeft'),
    left: get('left'),
    right: get('right'),
    value: get('value'),
    nodeWeight: get('nodeWeight'),
    gain: get('gain')
  };
  validateForest(forest);
  const meta = validateMeta(header.meta, { nFeatures, nClasses, nTrees });
  let treeWeights: TreeWeights | null = null;
  if (tw) {
    const byMission: TreeWeights['byMission'] = {};
    for (const m of tw.missions) byMission[m] = get(TREE_WEIGHTS_PREFIX + m);
    treeWeights = validateTreeWeights({ per: tw.per, byMission }, meta.stages.length, nTrees);
  }
  const hasCalibration = Object.prototype.hasOwnProperty.call(header, 'calibration');
  if (version === 1 && hasCalibration) {
    throw invalid('header.calibration is set, but version 1 files have no calibration.');
  }
  // Version 2 files carry a calibration; version 3 files a missing-value fill, with or without.
  if (version === 2 && !hasCalibration) {
    throw invalid(`header.calibration is missing (version ${version} files carry one).`);
  }
  const calibration = hasCalibration ? validateCalibration(header.calibration, meta.classes) : null;
  if (hasCalibration && calibration === null) {
    throw invalid(`header.calibration must be an object in a version ${version} file.`);
  }
  if (version < 3 && meta.missingFill) {
    throw invalid(`meta.missingFill is set, but version ${version} files have no fill.`);
  }
  if (version >= 3 && !meta.missingFill) {
    throw invalid('meta.missingFill is missing (version 3 files carry one).');
  }
  return calibration ? { meta, forest, treeWeights, calibration } : { meta, forest, treeWeights };
}

function readTreeWeightsHeader(raw: unknown): { per: 'stage' | 'tree'; missions: string[] } | null {
  if (raw === undefined) throw invalid('header.treeWeights is missing.');
  if (raw === null) return null;
  const o = expectObject(raw, 'header.treeWeights');
  const per = expectString(o, 'per', 'header.treeWeights');
  if (per !== 'stage' && per !== 'tree') {
    throw invalid(`header.treeWeights.per must be "stage" or "tree" (got "${per}").`);
  }
  const missions = o.missions;
  if (
    !Array.isArray(missions) ||
    !missions.every((m) => typeof m === 'string' && m.trim() !== '')
  ) {
    throw invalid('header.treeWeights.missions must be an array of mission names.');
  }
  const forbidden = missions.find((m) => isForbiddenKey(m));
  if (forbidden !== undefined) {
    throw invalid(
      `header.treeWeights.missions contains the forbidden key "${forbidden}" (mission names become object keys).`
    );
  }
  if (new Set(missions).size !== missions.length)
    throw invalid('header.treeWeights.missions has duplicates.');
  return { per, missions: missions as string[] };
}

/**
 * Checks the array table against the names, dtypes and lengths the header implies (length -1 =
 * checked later), and that every array lies inside the binary section without overlapping
 * another; then copies each one out.
 */
function readArrays(
  p: Uint8Array,
  binStart: number,
  table: unknown,
  expected: Map<string, { dtype: Dtype; length: number }>
): Map<string, AnyTypedArray> {
  if (!Array.isArray(table)) throw invalid('header.arrays must be an array.');
  const binLength = p.length - binStart;
  if (binLength < 0) throw invalid('the data ends inside the header padding; no binary section.');
  const entries: { name: string; dtype: Dtype; length: number; offset: number; end: number }[] = [];
  const seen = new Set<string>();
  table.forEach((raw, i) => {
    const path = `header.arrays[${i}]`;
    const o = expectObject(raw, path);
    const name = expectString(o, 'name', path);
    const want = expected.get(name);
    if (!want) throw invalid(`${path} is an unknown array "${name}".`);
    if (seen.has(name)) throw invalid(`array "${name}" is listed twice.`);
    seen.add(name);
    if (o.dtype !== want.dtype) {
      throw invalid(
        `array "${name}" has dtype ${JSON.stringify(o.dtype)}, expected "${want.dtype}".`
      );
    }
    const length = expectInt(o, 'length', path);
    const offset = expectInt(o, 'offset', path);
    if (want.length >= 0 && length !== want.length) {
      throw invalid(
        `array "${name}" has ${length} entries, but the header's forest sizes need ${want.length}.`
      );
    }
    const end = offset + length * DTYPE_BYTES[want.dtype];
    if (offset % 8 !== 0)
      throw invalid(`array "${name}" starts at offset ${offset}, not a multiple of 8.`);
    if (end > binLength) {
      throw invalid(
        `array "${name}" (${length} x ${want.dtype}, bytes ${offset}..${end}) lies outside the binary section (${binLength} bytes).`
      );
    }
    entries.push({ name, dtype: want.dtype, length, offset, end });
  });
  for (const name of expected.keys())
    if (!seen.has(name)) throw invalid(`array "${name}" is missing.`);
  entries.sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < entries.length; i++) {
    if (entries[i].offset < entries[i - 1].end) {
      throw invalid(`arrays "${entries[i - 1].name}" and "${entries[i].name}" overlap.`);
    }
  }
  const dataEnd = entries.length ? entries[entries.length - 1].end : 0;
  if (dataEnd !== binLength) {
    throw invalid(`${binLength - dataEnd} unexpected bytes follow the last array.`);
  }
  const out = new Map<string, AnyTypedArray>();
  for (const e of entries) {
    out.set(
      e.name,
      fromLittleEndian(p.subarray(binStart + e.offset, binStart + e.end), e.dtype, e.length)
    );
  }
  return out;
}
