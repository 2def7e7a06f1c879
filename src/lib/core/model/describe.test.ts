import { describe, expect, it } from 'vitest';
import { describeModel } from './describe.ts';
import { modelFingerprint } from './fingerprint.ts';
import { sampleModel } from './sample-model.ts';

describe('describeModel', () => {
  const m = sampleModel();
  const card = describeModel(m);

  it('states task, classes, forest size and fingerprint', () => {
    expect(card).toContain('Exoforest model: sample vetting model');
    expect(card).toContain('format:      exoforest-model v1');
    expect(card).toContain('task:        vetting');
    expect(card).toContain('classes:     FALSE_POSITIVE, PLANET (candidates ranked by P(PLANET))');
    expect(card).toContain('forest:      2 trees, 8 nodes, 3 features');
    expect(card).toContain(`fingerprint: ${modelFingerprint(m)}`);
  });

  it('lists features with units and training ranges', () => {
    expect(card).toMatch(/ 1\. period\s+\[days\]\s+training range 0\.24 \.\. 1071/);
    expect(card).toMatch(/ 3\. depth_consistency\s+\[-\]\s+no training values/);
  });

  it('lists every stage with its data fingerprint, rows, class weights and settings', () => {
    expect(card).toContain('1. koi: trees 0..0 (1)');
    expect(card).toContain('dataset: cumulative_2025.01.01.csv, snapshot 2025-01-01');
    expect(card).toContain('data fingerprint: fedcba9876543210');
    expect(card).toContain('rows: train 80, holdout 20, calibration 16, replayed 100');
    expect(card).toContain('class weights: FALSE_POSITIVE 1, PLANET 1.5');
    expect(card).toContain(
      'hyperparameters: criterion=gini, maxDepth=8, maxFeatures=sqrt, nTrees=1'
    );
    expect(card).toContain('snapshot unknown');
  });

  it('shows tree weights, metrics with interval and baseline, and importances in order', () => {
    expect(card).toContain('Tree weights by input mission (one per stage):');
    expect(card).toContain('koi: 1 0.3');
    expect(card).toContain(
      'combined: n=45, accuracy 0.9111 [95% 0.85-0.97] (majority baseline 0.6), balanced 0.9, macro-F1 0.905, ROC AUC 0.95, Brier 0.07'
    );
    expect(card).toMatch(
      /Top feature importances \(mdi\):\n\s+1\. teq\s+0\.5\n\s+2\. period\s+0\.35\n\s+3\. depth_consistency\s+0\.15/
    );
  });

  it('says when no metrics were recorded', () => {
    const bare = sampleModel();
    bare.meta.metrics = null;
    expect(describeModel(bare)).toContain('Validation metrics:\n  (none recorded)');
  });
});
