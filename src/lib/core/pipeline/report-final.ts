/**
 * Text about the final model of a training run (what `exoforest train` prints after the
 * hold-out table): whether it was refitted on every labelled row, and the per-mission
 * probability calibration with its hold-out before/after numbers. The same words as the model
 * card (model/describe-calibration.ts), from the same JSON.
 */
import { describeCalibration, describeRefit, type JsonValue } from '../model/index.ts';
import type { TrainingResult } from './train.ts';

/** The parts of a model file's metrics that describe the final model (see toModelFile). */
export function finalModelMetrics(
  result: Pick<TrainingResult, 'refit' | 'calibration'>,
  evaluated = false
): { [key: string]: JsonValue } {
  const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as JsonValue;
  const out: { [key: string]: JsonValue } = {
    refit:
      result.refit && !evaluated ? json({ refitted: true, ...result.refit }) : { refitted: false }
  };
  if (result.calibration) {
    out.probabilityCalibration = json({
      holdout: result.calibration.holdout,
      model: evaluated ? null : result.calibration.model
    });
  }
  return out;
}

export function formatFinalModel(result: Pick<TrainingResult, 'refit' | 'calibration'>): string {
  const metrics = finalModelMetrics(result);
  return [...describeRefit(metrics), ...describeCalibration(metrics, { curves: false })].join('\n');
}
