/** The reader's plan: which cell of a row feeds which column, decided once from the header. */
import {
  canonicalFeatureColumns,
  CANONICAL_ID_COLUMNS,
  CANONICAL_LABEL_MAP
} from './adapters/canonical.ts';
import type { MissionAdapter } from './adapters/types.ts';
import { ColumnBuilder } from './column-builder.ts';
import { detectKind, normaliseColumnName, type FileKind } from './detect.ts';
import { LoadError } from './errors.ts';
import {
  CANONICAL_FEATURES,
  COMPUTED_FEATURES,
  DERIVED_FEATURES,
  featureInfo,
  featuresForMission,
  POSITION_COLUMNS,
  RELATIVE_UNCERTAINTY_FEATURES,
  SKY_FEATURES,
  uncertaintyName,
  UNCERTAINTY_FEATURES
} from './features.ts';
import type { LabelMap } from './labels.ts';
import type { ReaderState } from './report.ts';

/** Copy one cell (times scale) into a column. */
export interface ValueOp {
  builder: ColumnBuilder;
  src: number;
  column: string;
  scale: number;
}
/** Symmetric sigma from an err1/err2 pair. */
export interface SigmaOp {
  builder: ColumnBuilder;
  e1: number;
  e2: number;
  columns: [string, string];
  scale: number;
}

export interface Plan {
  kind: FileKind;
  adapter: MissionAdapter | null;
  title: string;
  header: string[];
  features: string[];
  builders: Map<string, ColumnBuilder>;
  values: ValueOp[];
  sigmas: SigmaOp[];
  featuresMissing: string[];
  objectIdx: number;
  objectPrefix: string;
  hostIdx: number;
  hostPrefix: string;
  labelIdx: number;
  labelColumn: string | null;
  labelMap: LabelMap;
  missionIdx: number;
  filterIdx: number;
  /** Derived columns a canonical file supplies itself. */
  providedDerived: Set<string>;
}

/** Header -> how each kept row is read. Throws on an unknown table or no feature columns. */
export function makePlan(headerRow: string[], s: ReaderState): Plan {
  const header = headerRow.map(normaliseColumnName);
  const det = detectKind(header);
  const index = new Map<string, number>();
  for (let i = 0; i < header.length; i++) {
    const h = header[i];
    if (h === '') continue;
    const first = index.get(h);
    if (first !== undefined) {
      throw new LoadError(
        'duplicate-columns',
        `"${s.name}" has the column "${headerRow[i].trim()}" twice (columns ${first + 1} and ${i + 1}); Exoforest cannot tell which one holds the values. Rename or remove one of them.`
      );
    }
    index.set(h, i);
  }
  const idx = (c: string) => index.get(c) ?? -1;
  const builders = new Map<string, ColumnBuilder>();
  const builder = (f: string) => {
    let b = builders.get(f);
    if (!b) builders.set(f, (b = new ColumnBuilder()));
    return b;
  };
  const values: ValueOp[] = [];
  const sigmas: SigmaOp[] = [];
  const featuresMissing: string[] = [];
  const providedDerived = new Set<string>();
  let features: string[];
  const a = det.adapter;

  if (a) {
    features = featuresForMission(a.mission);
    for (const src of a.numeric) {
      const i = idx(src.column);
      if (i < 0) {
        if (CANONICAL_FEATURES.includes(src.feature)) featuresMissing.push(src.feature);
        continue;
      }
      values.push({
        builder: builder(src.feature),
        src: i,
        column: src.column,
        scale: src.scale ?? 1
      });
      if (src.err) {
        const e1 = idx(src.err[0]);
        const e2 = idx(src.err[1]);
        if (e1 >= 0 || e2 >= 0) {
          sigmas.push({
            builder: builder(uncertaintyName(src.feature)),
            e1,
            e2,
            columns: [src.err[0], src.err[1]],
            scale: src.scale ?? 1
          });
        }
      }
    }
  } else {
    const present = canonicalFeatureColumns(header);
    const extras = present.filter((f) => featureInfo(f)?.group === 'extra');
    // The total proper motion is computed when a file has both components.
    if (
      !extras.includes('toi_pm_total_mas_yr') &&
      extras.includes('toi_pmra_mas_yr') &&
      extras.includes('toi_pmdec_mas_yr')
    ) {
      extras.push('toi_pm_total_mas_yr');
    }
    features = [
      ...CANONICAL_FEATURES,
      ...DERIVED_FEATURES,
      ...UNCERTAINTY_FEATURES,
      ...RELATIVE_UNCERTAINTY_FEATURES,
      ...POSITION_COLUMNS,
      ...SKY_FEATURES,
      ...extras
    ];
    for (const f of present) {
      values.push({ builder: builder(f), src: idx(f), column: f, scale: 1 });
      if (COMPUTED_FEATURES.includes(f)) providedDerived.add(f);
    }
    for (const f of CANONICAL_FEATURES) if (!present.includes(f)) featuresMissing.push(f);
  }
  if (values.length === 0) {
    const wanted = a
      ? a.numeric.filter((x) => CANONICAL_FEATURES.includes(x.feature)).map((x) => x.column)
      : CANONICAL_FEATURES;
    throw new LoadError(
      'no-features',
      `"${s.name}" looks like ${a ? a.title : 'a canonical CSV'} but has none of the feature columns (${wanted.join(', ')}). Download the table with its default columns.`
    );
  }

  const label = a ? a.label.column : CANONICAL_ID_COLUMNS.label;
  const labelIdx = idx(label);
  if (labelIdx < 0) {
    s.notes.push(
      `No label column (${label}): the rows can be classified but not used for training or validation.`
    );
  }
  const objectIdx = idx(a ? a.objectId.column : CANONICAL_ID_COLUMNS.objectId);
  const hostIdx = idx(a ? a.hostId.column : CANONICAL_ID_COLUMNS.hostId);
  if (!a && objectIdx < 0)
    s.notes.push('No object_id column: rows are named row-N (N = line number).');
  if (hostIdx < 0) {
    s.notes.push(
      `No ${a ? a.hostId.column : 'host_id'} column: host multiplicity is unknown and each row is its own group in grouped splits.`
    );
  }
  const missionIdx = a ? -1 : idx(CANONICAL_ID_COLUMNS.mission);
  let filterIdx = -1;
  if (a?.rowFilter) {
    filterIdx = idx(a.rowFilter.column);
    if (filterIdx < 0)
      s.extraWarnings.push({ code: 'no-row-filter', message: a.rowFilter.whenAbsent });
  }
  return {
    kind: det.kind,
    adapter: a,
    title: a ? a.title : 'Canonical CSV',
    header,
    features,
    builders,
    values,
    sigmas,
    featuresMissing,
    objectIdx,
    objectPrefix: a ? a.objectId.prefix : '',
    hostIdx,
    hostPrefix: a ? a.hostId.prefix : '',
    labelIdx,
    labelColumn: labelIdx >= 0 ? label : null,
    labelMap: a ? a.label.map : CANONICAL_LABEL_MAP,
    missionIdx,
    filterIdx,
    providedDerived
  };
}
