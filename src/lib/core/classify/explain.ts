/**
 * "Why this prediction": path-based (Saabas) contributions of each feature to one row's class
 * probabilities, summed over trees with the same per-mission tree weights the prediction uses,
 * so bias + the sum of contributions equals the row's probabilities (up to float rounding).
 */
import { pathContributions } from '../forest/index.ts';
import type { CanonicalTable, RowMission } from '../missions/index.ts';
import { applyCalibration, treeWeightsFor, type ModelFile } from '../model/index.ts';
import { checkRow, modelMatrix, rangeWarningsOf, type RangeWarning } from './ranges.ts';

export interface FeatureContribution {
  feature: string;
  unit: string;
  /** The value the forest saw (NaN = missing). */
  value: number;
  /** Change in each class's probability credited to this feature, in `classes` order. */
  contribution: number[];
}

export interface RowExplanation {
  rowIndex: number;
  objectId: string;
  mission: RowMission;
  classes: string[];
  /** Class index the ordering uses: the positive class when the model has one, else the predicted class. */
  focusClass: number;
  /** Forest mean at the root of every tree: the probabilities before any feature is looked at. */
  bias: number[];
  /** The trees' weighted vote: bias + sum of contributions. */
  prediction: number[];
  /**
   * The model's probabilities when it calibrates this row's mission (the vote mapped by the
   * mission's calibration: what classify reports); null when the vote is the probability.
   */
  calibrated: number[] | null;
  /** Every model feature, largest |contribution to focusClass| first. */
  features: FeatureContribution[];
  /** Values outside the training range (the forest treats them like the range's edge). */
  outOfRange: RangeWarning[];
}

/** Explains row `rowIndex` of `table` (an index into the CanonicalTable). */
export function explainRow(
  model: ModelFile,
  table: CanonicalTable,
  rowIndex: number
): RowExplanation {
  checkRow(table, rowIndex, 'explainRow');
  // What the trees see: hidden-missingness missions' missing values are filled.
  const X = modelMatrix(model, table, [rowIndex], true);
  const mission = table.mission[rowIndex];
  const c = pathContributions(model.forest, X, 0, { treeWeights: treeWeightsFor(model, mission) });
  const K = model.forest.nClasses;
  const classes = [...model.meta.classes];
  const prediction = Array.from(c.prediction);
  const positive =
    model.meta.positiveClass === null ? -1 : classes.indexOf(model.meta.positiveClass);
  let focusClass = positive;
  if (focusClass < 0) {
    focusClass = 0;
    for (let k = 1; k < K; k++) if (prediction[k] > prediction[focusClass]) focusClass = k;
  }
  const features = model.meta.features.map((f, j) => ({
    feature: f.name,
    unit: f.unit,
    value: X.data[j],
    contribution: Array.from(c.contributions.subarray(j * K, (j + 1) * K))
  }));
  features.sort(
    (a, b) => Math.abs(b.contribution[focusClass]) - Math.abs(a.contribution[focusClass])
  );
  return {
    rowIndex,
    objectId: table.objectId[rowIndex],
    mission,
    classes,
    focusClass,
    bias: Array.from(c.bias),
    prediction,
    calibrated:
      model.calibration &&
      Object.prototype.hasOwnProperty.call(model.calibration.byMission, mission)
        ? Array.from(
            applyCalibration(model.calibration, classes, Float64Array.from(prediction), [mission])
          )
        : null,
    features,
    outOfRange: rangeWarningsOf(model, X, 0)
  };
}
