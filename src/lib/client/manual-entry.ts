/**
 * The one-object form: canonical values typed by hand become a one-row canonical CSV (the
 * format core/missions reads for a user's own files), classified like any other file. Derived
 * features (depth and duration consistency, signal-to-noise, period precision) are computed
 * by the loader from these values, exactly as for an archive row.
 */
import { csvLine } from '../core/missions/csv-export.ts';
import { featureInfo } from '../core/missions/features.ts';

export interface ManualField {
  /** Canonical column name. */
  name: string;
  label: string;
  unit: string;
  /** Hint shown in the empty input. */
  example: string;
}

const FIELDS: [string, string, string][] = [
  ['period_days', 'Orbital period', '9.488'],
  ['period_days_err', 'Period uncertainty', '0.00003'],
  ['duration_hours', 'Transit duration', '2.957'],
  ['depth_ppm', 'Transit depth', '615.8'],
  ['depth_ppm_err', 'Depth uncertainty', '19.5'],
  ['planet_radius_re', 'Planet radius', '2.26'],
  ['teq_k', 'Equilibrium temperature', '793'],
  ['insolation_earth', 'Insolation', '93.59'],
  ['star_teff_k', 'Stellar effective temperature', '5455'],
  ['star_logg_cgs', 'Stellar log g', '4.467'],
  ['star_radius_rsun', 'Stellar radius', '0.927']
];

export const MANUAL_FIELDS: readonly ManualField[] = FIELDS.map(([name, label, example]) => ({
  name,
  label,
  unit: featureInfo(name)?.unit ?? '',
  example
}));

export const MANUAL_MISSIONS = [
  { value: 'koi', label: 'Kepler (KOI)' },
  { value: 'k2', label: 'K2' },
  { value: 'toi', label: 'TESS (TOI)' }
] as const;

export interface ManualEntry {
  objectId: string;
  mission: 'koi' | 'k2' | 'toi';
  /** Canonical name -> value as typed ('' = unknown). */
  values: Record<string, string>;
}

export function emptyEntry(): ManualEntry {
  return {
    objectId: '',
    mission: 'koi',
    values: Object.fromEntries(MANUAL_FIELDS.map((f) => [f.name, '']))
  };
}

/** Problems with an entry, one message per field ([] = ready to classify). */
export function entryProblems(entry: ManualEntry): string[] {
  const problems: string[] = [];
  let any = false;
  for (const f of MANUAL_FIELDS) {
    const raw = (entry.values[f.name] ?? '').trim();
    if (raw === '') continue;
    any = true;
    if (!Number.isFinite(Number(raw))) problems.push(`${f.label}: "${raw}" is not a number.`);
  }
  if (!any) problems.push('Enter at least one value.');
  return problems;
}

/** The entry as a one-row canonical CSV. */
export function entryToCsv(entry: ManualEntry): string {
  const header = ['object_id', 'mission', ...MANUAL_FIELDS.map((f) => f.name)];
  const id = entry.objectId.trim() || 'manual entry';
  const values = MANUAL_FIELDS.map((f) => {
    const raw = (entry.values[f.name] ?? '').trim();
    return raw === '' ? null : Number(raw);
  });
  return `${csvLine(header)}\n${csvLine([id, entry.mission, ...values])}\n`;
}
