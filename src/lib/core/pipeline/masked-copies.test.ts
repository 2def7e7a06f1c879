/** Masked copies: extra training rows without the uncertainty-derived features. */
import { describe, expect, it } from 'vitest';
import { gatherLabels, gatherRows, prepareData } from './data.ts';
import { withMaskedCopies } from './masked-copies.ts';
import { defaultPlan } from './plan.ts';
import { syntheticInputs } from './synthetic.ts';

describe('masked copies', () => {
  const inputs = syntheticInputs({ koi: 120, k2: 80, toi: 100 }, 5);
  const plan = {
    ...defaultPlan('vetting'),
    features: [...new Set(inputs.flatMap((i) => i.table.features))]
  };
  const data = prepareData(inputs, plan);
  const rows = Int32Array.from({ length: data.X.nRows }, (_, i) => i);
  const set = () => ({
    X: gatherRows(data.X, rows),
    y: gatherLabels(data.y, rows),
    sampleWeight: undefined
  });

  it('copies every row of the unhidden missions once, with only the uncertainty features blanked', () => {
    const out = withMaskedCopies(data, plan, rows, set(), 'stage koi');
    const unhidden = rows.filter((i) => data.mission[i] !== 'k2');
    expect(out.X.nRows).toBe(rows.length + unhidden.length);
    const n = out.X.nRows;
    const col = (f: string) =>
      out.X.data.subarray(data.features.indexOf(f) * n, (data.features.indexOf(f) + 1) * n);
    const first = unhidden[0];
    const copy = rows.length; // the first copy is of the first unhidden row
    expect(Number.isNaN(col('depth_snr')[copy])).toBe(true);
    expect(Number.isNaN(col('period_rel_err')[copy])).toBe(true);
    expect(col('period_days')[copy]).toBe(col('period_days')[first]);
    expect(out.y[copy]).toBe(out.y[first]);
    // The original rows are untouched.
    expect(Array.from(col('depth_snr').subarray(0, rows.length))).toEqual(
      Array.from(
        set().X.data.subarray(
          data.features.indexOf('depth_snr') * rows.length,
          (data.features.indexOf('depth_snr') + 1) * rows.length
        )
      )
    );
  });

  it('copies a share of rows chosen by row key, whatever the order; none without the option', () => {
    const half = { ...plan, maskedCopies: { share: 0.5 } };
    const a = withMaskedCopies(data, half, rows, set(), 's');
    const extra = a.X.nRows - rows.length;
    expect(extra).toBeGreaterThan(0.3 * rows.length);
    expect(extra).toBeLessThan(0.7 * rows.length);
    const reversed = Int32Array.from(rows).reverse();
    const b = withMaskedCopies(
      data,
      half,
      reversed,
      {
        X: gatherRows(data.X, reversed),
        y: gatherLabels(data.y, reversed),
        sampleWeight: undefined
      },
      's'
    );
    expect(b.X.nRows).toBe(a.X.nRows);
    const none = set();
    expect(withMaskedCopies(data, { ...plan, maskedCopies: null }, rows, none, 's')).toBe(none);
  });
});
