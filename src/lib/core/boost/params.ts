/**
 * Defaults and validation of boosting hyperparameters. Defaults follow scikit-learn's
 * HistGradientBoostingClassifier, so a parity check needs no translation table.
 */
import { resolveClassWeight, validateLabels } from '../forest/index.ts';
import type { BoostParams } from './types.ts';

export const DEFAULT_BOOST_PARAMS = {
  maxIter: 100,
  learningRate: 0.1,
  maxLeaves: 31,
  maxDepth: Infinity,
  minSamplesLeaf: 20,
  minHessianLeaf: 1e-3,
  l2: 0,
  maxBins: 255,
  rowSubsample: 1,
  featureSubsample: 1,
  seed: 0,
  earlyStoppingRounds: 10,
  earlyStoppingTol: 1e-7
};

export interface ResolvedBoostParams {
  maxIter: number;
  learningRate: number;
  maxLeaves: number;
  maxDepth: number;
  minSamplesLeaf: number;
  minHessianLeaf: number;
  l2: number;
  maxBins: number;
  rowSubsample: number;
  featureSubsample: number;
  nClasses: number;
  /** One multiplier per class (all 1 without classWeight). */
  classWeight: Float64Array;
  seed: number;
  earlyStoppingRounds: number;
  earlyStoppingTol: number;
}

const fmt = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : String(v));

function intAtLeast(v: unknown, min: number, name: string, where: string, inf = false): number {
  if (inf && v === Infinity) return Infinity;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    const alt = inf ? ' or Infinity' : '';
    throw new Error(`${where}: params.${name} must be an integer >= ${min}${alt} (got ${fmt(v)})`);
  }
  return v;
}

function numberIn(v: unknown, lo: number, hi: number, name: string, where: string, loOpen = false) {
  if (typeof v !== 'number' || !Number.isFinite(v) || v > hi || v < lo || (loOpen && v === lo)) {
    const range = `${loOpen ? '(' : '['}${lo}, ${hi}]`;
    throw new Error(`${where}: params.${name} must be a number in ${range} (got ${fmt(v)})`);
  }
  return v;
}

/** Applies defaults and checks every parameter and the labels; throws naming what is wrong. */
export function resolveBoostParams(
  params: BoostParams,
  y: Int32Array,
  nRows: number,
  where: string
): ResolvedBoostParams {
  if (params === null || typeof params !== 'object') {
    throw new Error(`${where}: params must be an object (use {} for the defaults)`);
  }
  const p = { ...DEFAULT_BOOST_PARAMS } as typeof DEFAULT_BOOST_PARAMS;
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && k in p) (p as Record<string, unknown>)[k] = v;
  }
  const maxIter = intAtLeast(p.maxIter, 1, 'maxIter', where);
  const learningRate = numberIn(p.learningRate, 0, 10, 'learningRate', where, true);
  const maxLeaves = intAtLeast(p.maxLeaves, 2, 'maxLeaves', where, true);
  const maxDepth = intAtLeast(p.maxDepth, 1, 'maxDepth', where, true);
  if (maxLeaves === Infinity && maxDepth === Infinity) {
    throw new Error(
      `${where}: params.maxLeaves and params.maxDepth cannot both be Infinity; limit one`
    );
  }
  const minSamplesLeaf = intAtLeast(p.minSamplesLeaf, 1, 'minSamplesLeaf', where);
  const minHessianLeaf = numberIn(p.minHessianLeaf, 0, 1e9, 'minHessianLeaf', where);
  const l2 = numberIn(p.l2, 0, 1e9, 'l2', where);
  const maxBins = intAtLeast(p.maxBins, 2, 'maxBins', where);
  if (maxBins > 255)
    throw new Error(`${where}: params.maxBins must be at most 255 (got ${maxBins})`);
  const rowSubsample = numberIn(p.rowSubsample, 0, 1, 'rowSubsample', where, true);
  const featureSubsample = numberIn(p.featureSubsample, 0, 1, 'featureSubsample', where, true);
  if (typeof p.seed !== 'number' || !Number.isInteger(p.seed)) {
    throw new Error(`${where}: params.seed must be an integer (got ${fmt(p.seed)})`);
  }
  const earlyStoppingRounds = intAtLeast(p.earlyStoppingRounds, 1, 'earlyStoppingRounds', where);
  const earlyStoppingTol = numberIn(p.earlyStoppingTol, 0, 1e9, 'earlyStoppingTol', where);
  const nClasses = validateLabels(y, nRows, params.nClasses, where);
  if (nClasses < 2) {
    throw new Error(
      `${where}: boosting needs at least 2 classes (got ${nClasses}); set params.nClasses`
    );
  }
  const classWeight = resolveClassWeight(params.classWeight, y, nClasses, where);
  return {
    maxIter,
    learningRate,
    maxLeaves,
    maxDepth,
    minSamplesLeaf,
    minHessianLeaf,
    l2,
    maxBins,
    rowSubsample,
    featureSubsample,
    nClasses,
    classWeight,
    seed: p.seed,
    earlyStoppingRounds,
    earlyStoppingTol
  };
}
