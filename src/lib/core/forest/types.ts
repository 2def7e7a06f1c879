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

/** Features tried per split: 'sqrt' / 'log2' of the feature count, a fraction in (0, 1] of it (1 = all), or an integer count >= 2. */
export type MaxFeatures = 'sqrt' | 'log2' | number;

/** 'balanced' = nRows / (nPresentClasses * count(class)) from the training labels, like scikit-learn; or one weight per class. */
export type ClassWeight = 'balanced' | ArrayLike<number>;

/** Hyperparameters of a forest. Every field is optional; defaults are in params.ts (DEFAULT_PARAMS). */
export interface ForestParams {
  /** Trees in the whole forest (a worker slice trains part of them). */
  nTrees?: number;
  maxFeatures?: MaxFeatures;
  criterion?: 'gini' | 'entropy';
  /** Root has depth 0; undefined or Infinity = unlimited. */
  maxDepth?: number;
  /** Minimum distinct training rows per leaf (bootstrap duplicates count once, like scikit-learn). */
  minSamplesLeaf?: number;
  minSamplesSplit?: number;
  /** A split must decrease weighted impurity by at least this fraction of the root weight. */
  minImpurityDecrease?: number;
  classWeight?: ClassWeight;
  /** Draw a bootstrap sample per tree (default true); false trains every tree on all rows. */
  bootstrap?: boolean;
  /** Class count; default max(label) + 1. Set it when a training set may lack the last classes. */
  nClasses?: number;
  /** Value bins per feature, 2..255 (one more bin holds missing values). */
  maxBins?: number;
  /** Integer seed; tree t uses deriveSeed(seed, t). */
  seed?: number;
}

/**
 * A matrix quantised once per training set. Feature j of row i has code codes[j * nRows + i]:
 * 0..nBins(j)-1 for values, nBins(j) for missing, where nBins(j) = edgeStart[j+1] - edgeStart[j].
 * Code b holds values in (edges[b-1], edges[b]]; every edge is an actual float32 data value.
 */
export interface BinnedMatrix {
  nRows: number;
  nCols: number;
  codes: Uint8Array;
  edges: Float32Array;
  edgeStart: Int32Array;
}
