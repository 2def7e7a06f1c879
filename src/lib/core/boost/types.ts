/**
 * Shapes of the gradient-boosted learner. Trees use the forest's flat node layout (absolute
 * child indices, float32 thresholds that are data values, a missing-value direction per split);
 * a node holds one raw-score step instead of a class distribution.
 */
import type { BinnedMatrix, ClassWeight, Matrix } from '../forest/index.ts';

/** A trained boosted model: raw score of output k = baseScore[k] + sum of its trees' leaves. */
export interface BoostedModel {
  nFeatures: number;
  nClasses: number;
  /** Trees per iteration: 1 for two classes (raw score = log-odds of class 1), else nClasses. */
  nOutputs: number;
  /** Raw score every row starts from, one per output. */
  baseScore: Float64Array;
  /** Node index where tree t starts; length nTrees + 1. Tree t adds to output t % nOutputs. */
  treeStart: Int32Array;
  /** Split feature per node, -1 for a leaf. */
  feature: Int32Array;
  /** Rows with x <= threshold go left. */
  threshold: Float32Array;
  /** 1 when rows with a missing (NaN) value go left. */
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /**
   * Raw-score step per node, learning rate applied: -lr * G / (H + l2) of the node's training
   * rows. Leaves add it; internal nodes keep it for path contributions.
   */
  value: Float64Array;
  /** Sum of hessians of the node's training rows (its "cover"). */
  cover: Float64Array;
  /** Loss reduction of the node's split (0 for leaves); gain importance sums these. */
  gain: Float64Array;
}

/** Hyperparameters; every field is optional (defaults in params.ts, like scikit-learn's HGB). */
export interface BoostParams {
  /** Boosting iterations (each grows nOutputs trees). */
  maxIter?: number;
  learningRate?: number;
  /** Leaves per tree (best-first growth); Infinity = limited by maxDepth only. */
  maxLeaves?: number;
  /** Root has depth 0; Infinity = unlimited. */
  maxDepth?: number;
  /** Minimum training rows per leaf. */
  minSamplesLeaf?: number;
  /** Minimum hessian sum per leaf. */
  minHessianLeaf?: number;
  /** L2 regularisation of leaf values. */
  l2?: number;
  /** Value bins per feature, 2..255 (one more bin holds missing values). */
  maxBins?: number;
  /** Fraction of rows each iteration trains on, drawn without replacement; 1 = all. */
  rowSubsample?: number;
  /** Fraction of features each split node may use; 1 = all. */
  featureSubsample?: number;
  classWeight?: ClassWeight;
  /** Class count; default max(label) + 1. */
  nClasses?: number;
  seed?: number;
  /** Validation iterations without a loss improvement above tol before stopping (needs opts.validation). */
  earlyStoppingRounds?: number;
  earlyStoppingTol?: number;
}

/** Rows scored for early stopping (never trained on). */
export interface ValidationSet {
  X: Matrix;
  y: Int32Array;
  sampleWeight?: Float64Array;
  /** Raw scores to start from (rows x nOutputs, row-major); default the model's base score. */
  initRaw?: Float64Array;
}

export interface BoostFitOptions {
  /** Per-row weight (>= 0), multiplied with class weights. */
  sampleWeight?: Float64Array;
  /** Pre-binned X (binMatrix(X, maxBins)). */
  bins?: BinnedMatrix;
  /**
   * Continue boosting this model: training starts from its raw scores on X, its trees come
   * first in the result, and iteration seeds continue after its iterations.
   */
  init?: BoostedModel;
  /**
   * Start from these raw scores (rows x nOutputs, row-major) instead of a base score; the
   * result then has baseScore 0 and holds only the new trees (add it to what made the scores).
   */
  initRaw?: Float64Array;
  /** Iteration index of the first new iteration, for seeds (default: init's iterations, else 0). */
  iterationOffset?: number;
  validation?: ValidationSet;
  /** Called after each iteration with (done, maxIter). */
  onIteration?: (done: number, total: number) => void;
  /** Polled before each iteration; true stops training and returns the finished iterations. */
  shouldStop?: () => boolean;
}

export interface BoostFitResult {
  model: BoostedModel;
  /** New iterations trained by this call. */
  nIter: number;
  /** Mean training loss (rows of this call) before the first and after the last new iteration. */
  trainLoss: [number, number];
  /** The same on the validation rows (empty without validation). */
  validationLoss: number[];
  /** True when early stopping ended training before maxIter. */
  stoppedEarly: boolean;
}
