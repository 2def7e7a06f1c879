/**
 * Label mapping for the two tasks. vetting: PLANET vs FALSE_POSITIVE, null = not yet decided
 * (a candidate is "undecided", not a class). disposition: the archive's three classes.
 */

export type VettingLabel = 'PLANET' | 'FALSE_POSITIVE';
export type DispositionLabel = 'CONFIRMED' | 'CANDIDATE' | 'FALSE_POSITIVE';
export const VETTING_CLASSES: readonly VettingLabel[] = ['PLANET', 'FALSE_POSITIVE'];
export const DISPOSITION_CLASSES: readonly DispositionLabel[] = [
  'CONFIRMED',
  'CANDIDATE',
  'FALSE_POSITIVE'
];

export interface LabelPair {
  vetting: VettingLabel | null;
  disposition: DispositionLabel;
}

const CONFIRMED: LabelPair = { vetting: 'PLANET', disposition: 'CONFIRMED' };
const CANDIDATE: LabelPair = { vetting: null, disposition: 'CANDIDATE' };
const FALSE_POSITIVE: LabelPair = { vetting: 'FALSE_POSITIVE', disposition: 'FALSE_POSITIVE' };

/** Keys are upper-case, trimmed raw values. */
export type LabelMap = Readonly<Record<string, LabelPair>>;

/** KOI koi_disposition. */
export const KOI_LABELS: LabelMap = {
  CONFIRMED,
  CANDIDATE,
  'FALSE POSITIVE': FALSE_POSITIVE
};

/** K2 disposition: REFUTED (a retracted planet claim) counts as a false positive. */
export const K2_LABELS: LabelMap = { ...KOI_LABELS, REFUTED: FALSE_POSITIVE };

/** TOI tfopwg_disp: CP confirmed, KP known planet, PC/APC (ambiguous) candidates, FP/FA (false alarm). */
export const TOI_LABELS: LabelMap = {
  CP: CONFIRMED,
  KP: CONFIRMED,
  PC: CANDIDATE,
  APC: CANDIDATE,
  FP: FALSE_POSITIVE,
  FA: FALSE_POSITIVE
};

/** A canonical CSV's `label` column: our own class names, or any archive value above. */
export const CANONICAL_LABELS: LabelMap = {
  ...K2_LABELS,
  ...TOI_LABELS,
  PLANET: CONFIRMED,
  FALSE_POSITIVE,
  'FALSE-POSITIVE': FALSE_POSITIVE
};

/** Normalised lookup key for a raw label cell. */
export function labelKey(raw: string): string {
  return raw.trim().toUpperCase();
}
