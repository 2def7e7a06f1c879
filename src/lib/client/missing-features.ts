/**
 * What the Classify summary says about a table that lacks some of the model's features: the
 * pipeline's per-mission summary (core classify/missing-summary.ts, computed in the worker:
 * features the model uses that no row of the mission has, with their share of the model's
 * impurity importance), and the trust that share leaves in the probabilities.
 */
import type { ClassifiedFile } from './classifier.ts';

export type Trust = 'full' | 'lower' | 'low';

export interface MissingFeatures {
  mission: string;
  rows: number;
  /** Missing model features, most important first; share = its part of the total importance. */
  features: { name: string; share: number }[];
  /** Sum of the missing features' shares, in [0, 1]. */
  share: number;
  trust: Trust;
}

/** Shares of the model's importance from which trust is "lower" and "low". */
export const TRUST_LIMITS = { lower: 0.08, low: 0.25 } as const;

export function trustFor(share: number): Trust {
  return share >= TRUST_LIMITS.low ? 'low' : share >= TRUST_LIMITS.lower ? 'lower' : 'full';
}

export function missingFeatures(file: Pick<ClassifiedFile, 'missingSummary'>): MissingFeatures[] {
  return file.missingSummary.map((m) => ({
    mission: m.mission,
    rows: m.rows,
    features: m.absent.map((a) => ({ name: a.name, share: a.importance })),
    share: m.importanceShare,
    trust: trustFor(m.importanceShare)
  }));
}
