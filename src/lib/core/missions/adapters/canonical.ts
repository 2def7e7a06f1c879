import { ALL_FEATURES, CANONICAL_FEATURES } from '../features.ts';
import { CANONICAL_LABELS } from '../labels.ts';

/**
 * A user's own CSV (or one exported by csv-export.ts): columns named exactly like the
 * registry's features (any case), plus optional object_id, host_id, mission and label.
 * Without a label column the file is classification input. Derived columns present in the
 * file are taken as they are (host_multiplicity of a subset would otherwise be recounted
 * on the subset); missing ones are computed.
 */
export const CANONICAL_ID_COLUMNS = {
  objectId: 'object_id',
  hostId: 'host_id',
  mission: 'mission',
  label: 'label'
} as const;

export const CANONICAL_LABEL_MAP = CANONICAL_LABELS;

/** A canonical file is recognised by at least one canonical feature column. */
export const CANONICAL_SIGNATURE_ANY: readonly string[] = CANONICAL_FEATURES;

/** Registry features found in the header (lower-case names), in registry order. */
export function canonicalFeatureColumns(header: readonly string[]): string[] {
  const names = new Set(header);
  return ALL_FEATURES.map((f) => f.name).filter((n) => names.has(n));
}

/** Mission cell -> mission code; aliases for people writing their own files. */
export function canonicalMission(cell: string): 'koi' | 'k2' | 'toi' | 'unknown' {
  const v = cell.trim().toLowerCase();
  if (v === 'koi' || v === 'kepler') return 'koi';
  if (v === 'k2') return 'k2';
  if (v === 'toi' || v === 'tess') return 'toi';
  return 'unknown';
}
