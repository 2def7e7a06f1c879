/**
 * How a training job fails, as types: the user's data cannot be trained on (TrainingDataError),
 * the plan is invalid (PlanError), the job was cancelled (TrainingCancelled), or something else
 * broke. jobFailure turns any of them into plain data, since an error loses its class crossing a
 * worker boundary.
 */
import { TrainingCancelled } from './job-context.ts';
import { PlanError } from './plan.ts';

/**
 * The inputs cannot be trained on as given (no table, a stage without labelled rows, no usable
 * value...): the message says what to change. Its text starts with the function that refused
 * (`trainStaged: `, `backtest: `); `detail` is the message without it.
 */
export class TrainingDataError extends Error {
  override name = 'TrainingDataError';
  readonly detail: string;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.detail = message.replace(/^[A-Za-z]+: /, '');
  }
}

export interface JobFailure {
  kind: 'plan' | 'data' | 'cancelled' | 'failed';
  message: string;
  problems?: { path: string; message: string }[];
}

/** A job's error as plain data; `cancelled` is the message for a cancelled job. */
export function jobFailure(e: unknown, cancelled: string): JobFailure {
  if (e instanceof PlanError) return { kind: 'plan', message: e.message, problems: e.problems };
  if (e instanceof TrainingCancelled || (e as Error)?.name === 'AbortError') {
    return { kind: 'cancelled', message: cancelled };
  }
  if (e instanceof TrainingDataError) return { kind: 'data', message: e.detail };
  return { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
}
