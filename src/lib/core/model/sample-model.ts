/**
 * A tiny, valid, hand-built model (2 trees, 3 features, 2 classes, 2 stages) for tests of the
 * model file and of its users. Each call returns fresh arrays, so tests may mutate them.
 */
import type { ModelFile } from './types.ts';

export function sampleModel(): ModelFile {
  return {
    forest: {
      nFeatures: 3,
      nClasses: 2,
      // Tree 0: nodes 0..4 (root splits on feature 0, its right child on feature 2). Tree 1: nodes 5..7.
      treeStart: Int32Array.from([0, 5, 8]),
      feature: Int32Array.from([0, -1, 2, -1, -1, 1, -1, -1]),
      threshold: Float32Array.from([1.5, 0, -0.25, 0, 0, 300.125, 0, 0]),
      missingLeft: Uint8Array.from([1, 0, 0, 0, 0, 1, 0, 0]),
      left: Int32Array.from([1, -1, 3, -1, -1, 6, -1, -1]),
      right: Int32Array.from([2, -1, 4, -1, -1, 7, -1, -1]),
      value: Float32Array.from([
        0.5, 0.5, 0.9, 0.1, 0.4, 0.6, 0.2, 0.8, 0.6, 0.4, 0.55, 0.45, 1, 0, 0.25, 0.75
      ]),
      nodeWeight: Float32Array.from([100, 40, 60, 35, 25, 100, 45, 55]),
      gain: Float32Array.from([12.5, 0, 3.25, 0, 0, 20.0625, 0, 0])
    },
    treeWeights: {
      per: 'stage',
      byMission: { koi: Float64Array.from([1, 0.3]), k2: Float64Array.from([0.5, 1]) }
    },
    meta: {
      name: 'sample vetting model',
      createdAt: '2025-01-02T03:04:05.000Z',
      task: 'vetting',
      classes: ['FALSE_POSITIVE', 'PLANET'],
      positiveClass: 'PLANET',
      features: [
        { name: 'period', unit: 'days' },
        { name: 'teq', unit: 'K' },
        { name: 'depth_consistency', unit: '' }
      ],
      featureRanges: [{ min: 0.24, max: 1071.2 }, { min: 120, max: 4050 }, null],
      stages: [
        {
          mission: 'koi',
          dataset: 'cumulative_2025.01.01.csv',
          dataFingerprint: '0123456789abcdef',
          snapshotDate: '2025-01-01',
          hyperparameters: { nTrees: 1, maxDepth: 8, criterion: 'gini', maxFeatures: 'sqrt' },
          classWeights: [1, 1.5],
          rows: { train: 100, holdout: 25, calibration: 0, replayed: 0 },
          treeRange: [0, 1]
        },
        {
          mission: 'k2',
          dataset: 'k2pandc_2025.01.01.csv',
          dataFingerprint: 'fedcba9876543210',
          snapshotDate: null,
          hyperparameters: { nTrees: 1, replayWeight: 0.3, refitLeaves: false },
          classWeights: [1, 1],
          rows: { train: 80, holdout: 20, calibration: 16, replayed: 100 },
          treeRange: [1, 2]
        }
      ],
      metrics: {
        combined: {
          nRows: 45,
          accuracy: 0.9111,
          baselineAccuracy: 0.6,
          balancedAccuracy: 0.9,
          macroF1: 0.905,
          rocAuc: 0.95,
          prAuc: null,
          brier: 0.07,
          intervals: { accuracy: { lo: 0.85, hi: 0.97, mean: 0.91 } }
        }
      },
      importances: { mdi: { period: 0.35, teq: 0.5, depth_consistency: 0.15 } },
      notes: ''
    }
  };
}

/** The sample model with a per-mission probability calibration (a version 2 file). */
export function sampleCalibratedModel(): ModelFile {
  return {
    ...sampleModel(),
    calibration: {
      positiveClass: 'PLANET',
      byMission: {
        koi: { method: 'platt', a: 6.5, b: -3.25 },
        k2: { method: 'isotonic', x: [0.1, 0.4, 0.45, 0.9], y: [0.05, 0.3, 0.3, 0.875] }
      }
    }
  };
}
