/**
 * Shared contracts of the forest engine. Other core folders (model, pipeline) and the workers
 * depend on these shapes, so change them only together with their users.
 */

/** A numeric feature matrix stored column-major: feature j of row i is data[j * nRows + i]. NaN = missing. */
export interface Matrix {
  data: Float32Array;
  nRows: number;
  nCols: number;
}

/**
 * A trained forest as flat typed arrays, all trees concatenated. Cheap to transfer between
 * workers (transfer the buffers) and to serialize. Node indices in `left`/`right` are absolute.
 */
export interface ForestArrays {
  nFeatures: number;
  nClasses: number;
  /** Node index where tree t starts; length nTrees + 1 (last entry = total node count). */
  treeStart: Int32Array;
  /** Split feature per node, -1 for a leaf. */
  feature: Int32Array;
  /** Rows with x <= threshold go left. Stored as raw float32 feature values. */
  threshold: Float32Array;
  /** 1 when rows with a missing (NaN) value go left, 0 when they go right. */
  missingLeft: Uint8Array;
  /** Absolute child node indices; -1 for leaves. */
  left: Int32Array;
  right: Int32Array;
  /** Class distribution per node (nNodes * nClasses), normalised to sum 1 (used by leaves for prediction, by internal nodes for path contributions). */
  value: Float32Array;
  /** Weighted training sample count reaching each node (for MDI importance and contributions). */
  nodeWeight: Float32Array;
  /** Impurity decrease credited to each split node (weighted), 0 for leaves; MDI importance sums these. */
  gain: Float32Array;
}
