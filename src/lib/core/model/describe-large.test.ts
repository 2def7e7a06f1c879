/**
 * The model card of a valid model with 130,000 features: no list becomes call arguments (a
 * spread into Math.max overflowed the stack here and crashed `exoforest inspect`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeModel } from './describe.ts';
import { readModel } from './read.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

describe('describeModel on a very wide model', () => {
  it('lists 130,000 features without a stack overflow', () => {
    const model = readModel(
      new Uint8Array(readFileSync(path.join(root, 'models/default.exoforest')))
    );
    const n = 130_000;
    model.meta.features = Array.from({ length: n }, (_, j) => ({ name: `f${j}`, unit: '' }));
    model.meta.featureRanges = Array.from({ length: n }, (_, j) => ({ min: 0, max: j }));
    const card = describeModel(model);
    expect(card).toContain(`Features (${n}):`);
    expect(card).toContain('f129999');
  });
});
