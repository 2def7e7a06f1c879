/**
 * Byte layout of the (decompressed) model payload:
 *
 *   "EXOF" | u32 version | u32 header length | UTF-8 JSON header | zero padding to 8 | binary
 *
 * All integers little-endian. The JSON header carries the metadata and a table of the typed
 * arrays (name, dtype, length, byte offset from the start of the binary section, a multiple
 * of 8). The whole payload is then gzip-compressed.
 */
import type { ProbabilityCalibration } from './calibration.ts';
import type { ModelMeta } from './types.ts';

export const MAGIC = [0x45, 0x58, 0x4f, 0x46]; // "EXOF"
/** Magic + version + header length. */
export const PREAMBLE_BYTES = 12;
/** Refuse headers larger than this before decoding them. */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;
/** Prefix of the array names holding per-mission tree weights ("treeWeights:koi"). */
export const TREE_WEIGHTS_PREFIX = 'treeWeights:';

export type Dtype = 'int32' | 'float32' | 'float64' | 'uint8';
export type AnyTypedArray = Int32Array | Float32Array | Float64Array | Uint8Array;

export const DTYPE_BYTES: Record<Dtype, number> = { int32: 4, float32: 4, float64: 8, uint8: 1 };

/** The ForestArrays fields stored in the file, with their dtypes. */
export const FOREST_ARRAYS = [
  ['treeStart', 'int32'],
  ['feature', 'int32'],
  ['threshold', 'float32'],
  ['missingLeft', 'uint8'],
  ['left', 'int32'],
  ['right', 'int32'],
  ['value', 'float32'],
  ['nodeWeight', 'float32'],
  ['gain', 'float32']
] as const satisfies readonly (readonly [string, Dtype])[];

export type ForestArrayName = (typeof FOREST_ARRAYS)[number][0];

/** One row of the header's array table. */
export interface ArrayEntry {
  name: string;
  dtype: Dtype;
  length: number;
  offset: number;
}

/** The JSON header as written. */
export interface PayloadHeader {
  format: string;
  version: number;
  forest: { nFeatures: number; nClasses: number; nTrees: number; nNodes: number };
  meta: ModelMeta;
  treeWeights: { per: 'stage' | 'tree'; missions: string[] } | null;
  /** Version 2 only (absent in version 1). */
  calibration?: ProbabilityCalibration;
  arrays: ArrayEntry[];
}

export const align8 = (n: number): number => Math.ceil(n / 8) * 8;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The array's bytes in little-endian order (a view on little-endian machines, a swapped copy otherwise). */
export function littleEndianBytes(a: AnyTypedArray): Uint8Array {
  const view = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN || a.BYTES_PER_ELEMENT === 1) return view;
  const out = new Uint8Array(view.length);
  const size = a.BYTES_PER_ELEMENT;
  for (let i = 0; i < view.length; i += size) {
    for (let k = 0; k < size; k++) out[i + k] = view[i + size - 1 - k];
  }
  return out;
}

/** A fresh, aligned typed array decoded from little-endian bytes (length * element size of them). */
export function fromLittleEndian(bytes: Uint8Array, dtype: Dtype, length: number): AnyTypedArray {
  const size = DTYPE_BYTES[dtype];
  const copy = new Uint8Array(length * size);
  if (LITTLE_ENDIAN || size === 1) {
    copy.set(bytes.subarray(0, length * size));
  } else {
    for (let i = 0; i < copy.length; i += size) {
      for (let k = 0; k < size; k++) copy[i + k] = bytes[i + size - 1 - k];
    }
  }
  switch (dtype) {
    case 'int32':
      return new Int32Array(copy.buffer);
    case 'float32':
      return new Float32Array(copy.buffer);
    case 'float64':
      return new Float64Array(copy.buffer);
    case 'uint8':
      return copy;
  }
}

export function dtypeOf(a: AnyTypedArray): Dtype {
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  return 'uint8';
}
