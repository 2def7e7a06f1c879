/** Assembles the LoadReport from what the reader counted while streaming. */
import type { FileKind } from './detect.ts';
import { CANONICAL_FEATURES, featureInfo, isPhysical } from './features.ts';
import type {
  CanonicalTable,
  FeatureRange,
  LoadReport,
  NonNumericCell,
  ReportWarning,
  SetAsideRow
} from './types.ts';
import { dateFromFileName } from './download-date.ts';

/** Counters the reader fills in while streaming. */
export interface ReaderState {
  name: string;
  bytes: number;
  delimiter: string;
  maxListed: number;
  downloadDate: string | null;
  commentLines: number;
  rowsRead: number;
  /** Raw label counts over every row read that had the header's shape (before the K2 filter). */
  rawLabelsRead: Map<string, number>;
  setAside: { total: number; byReason: Record<string, number>; rows: SetAsideRow[] };
  nonNumeric: { total: number; byColumn: Record<string, number>; cells: NonNumericCell[] };
  /** "column\0token" -> count of cells read as missing because of a token such as NA. */
  missingTokens: Map<string, number>;
  unknownLabels: Map<string, number>;
  missingLabels: number;
  /** object id -> every row number it appears on (only ids seen twice or more). */
  duplicates: Map<string, number[]>;
  trailingFieldRows: number[];
  trailingFieldTotal: number;
  missingObjectIds: number;
  missingHostIds: number;
  unknownMissions: number;
  csvErrors: { row: number; message: string }[];
  csvErrorTotal: number;
  extraWarnings: ReportWarning[];
  notes: string[];
}

/** The parts of the reader's plan the report needs. */
interface PlanSummary {
  kind: FileKind;
  title: string;
  header: string[];
  featuresMissing: string[];
  labelColumn: string | null;
  adapter: { objectId: { column: string }; hostId: { column: string } } | null;
}

const EXAMPLES = 5;

export function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "1 row has" / "2 rows have". */
function rowsHave(n: number): string {
  return `${plural(n, 'row')} ${n === 1 ? 'has' : 'have'}`;
}

export function buildReport(s: ReaderState, plan: PlanSummary, t: CanonicalTable): LoadReport {
  const n = t.objectId.length;
  const ranges: Record<string, FeatureRange> = {};
  t.features.forEach((f, j) => (ranges[f] = rangeOf(t.columns[j])));
  const present = t.features.filter((f) => ranges[f].count > 0);
  const empty = t.features.filter((f) => ranges[f].count === 0);

  const raw: Record<string, number> = {};
  const vetting: Record<string, number> = {};
  const disposition: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    if (t.rawLabel[i] !== '') raw[t.rawLabel[i]] = (raw[t.rawLabel[i]] ?? 0) + 1;
    const v = t.labelVetting[i] ?? 'unresolved';
    vetting[v] = (vetting[v] ?? 0) + 1;
    const d = t.labelDisposition[i] ?? 'unlabelled';
    disposition[d] = (disposition[d] ?? 0) + 1;
  }

  const date = s.downloadDate ?? dateFromFileName(s.name);
  const warnings = [...s.extraWarnings, ...rowWarnings(s, plan), ...valueWarnings(t, plan.kind)];
  const notes = [...s.notes, ...tokenNotes(s)];
  if (s.setAside.byReason['not-default']) {
    notes.push(
      `${plural(s.setAside.byReason['not-default'], 'row')} set aside with default_flag = 0: the K2 table has one row per reference, and the planet's default row is kept.`
    );
  }
  if (s.missingLabels > 0) {
    notes.push(
      `${rowsHave(s.missingLabels)} an empty ${plan.labelColumn}: kept without a label (classification only).`
    );
  }
  if (s.unknownMissions > 0) {
    notes.push(
      `${rowsHave(s.unknownMissions)} a mission cell other than koi/kepler, k2, toi/tess: their mission is "unknown".`
    );
  }
  if (plan.featuresMissing.length > 0) {
    notes.push(
      `This file cannot supply ${plan.featuresMissing.join(', ')} (no such column); they are missing for every row, and so are the features derived from them.`
    );
  }
  const duplicateIds = [...s.duplicates.entries()]
    .slice(0, s.maxListed)
    .map(([id, rows]) => ({ id, rows }));

  return {
    fileName: s.name,
    kind: plan.kind,
    title: plan.title,
    downloadDate: date,
    downloadDateSource: s.downloadDate ? 'header' : date ? 'file name' : null,
    bytes: s.bytes,
    delimiter: s.delimiter,
    columnsInFile: plan.header.length,
    rowsRead: s.rowsRead,
    rowsKept: n,
    rowsUsable: {
      vetting: n - (vetting.unresolved ?? 0),
      disposition: n - (disposition.unlabelled ?? 0)
    },
    labelColumn: plan.labelColumn,
    labelCounts: { read: Object.fromEntries(s.rawLabelsRead), raw, vetting, disposition },
    setAside: s.setAside,
    featuresPresent: present,
    featuresMissing: plan.featuresMissing,
    featuresEmpty: empty,
    ranges,
    warnings,
    unknownLabels: [...s.unknownLabels.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([value, count]) => ({ value, count })),
    duplicateIds: { total: s.duplicates.size, ids: duplicateIds },
    nonNumeric: s.nonNumeric,
    notes
  };
}

function rangeOf(col: Float32Array): FeatureRange {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v !== v) continue; // NaN
    count++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return count === 0 ? { min: NaN, max: NaN, count } : { min, max, count };
}

function rowWarnings(s: ReaderState, plan: PlanSummary): ReportWarning[] {
  const out: ReportWarning[] = [];
  const ragged = s.setAside.byReason['ragged'] ?? 0;
  if (ragged > 0) {
    const examples = s.setAside.rows.filter((r) => r.reason === 'ragged');
    out.push({
      code: 'ragged-rows',
      message: `${plural(ragged, 'row')} had a different number of fields than the header (${plan.header.length}) and ${ragged === 1 ? 'was' : 'were'} set aside: ${examples
        .slice(0, EXAMPLES)
        .map((r) => `row ${r.row} (${r.detail})`)
        .join(
          ', '
        )}. A field containing the delimiter must be quoted; a cut-off last line means an incomplete download.`,
      rows: examples.map((r) => r.row)
    });
  }
  const badFlag = s.setAside.byReason['bad-default-flag'] ?? 0;
  if (badFlag > 0) {
    const examples = s.setAside.rows.filter((r) => r.reason === 'bad-default-flag');
    out.push({
      code: 'ragged-rows',
      message: `${plural(badFlag, 'row')} set aside because default_flag was not 0 or 1 (${examples[0]?.detail ?? ''}).`,
      rows: examples.map((r) => r.row)
    });
  }
  if (s.trailingFieldTotal > 0) {
    out.push({
      code: 'trailing-fields',
      message: `${plural(s.trailingFieldTotal, 'row')} had empty fields beyond the header's ${plan.header.length} columns (e.g. trailing commas); they were ignored and the rows kept.`,
      rows: s.trailingFieldRows
    });
  }
  if (s.csvErrorTotal > 0) {
    out.push({
      code: 'csv-syntax',
      message: `${plural(s.csvErrorTotal, 'CSV syntax problem')}: ${s.csvErrors
        .slice(0, EXAMPLES)
        .map((e) => `row ${e.row}: ${e.message}`)
        .join('; ')}. Check the quoting of those rows.`,
      rows: s.csvErrors.map((e) => e.row)
    });
  }
  for (const [column, count] of Object.entries(s.nonNumeric.byColumn)) {
    const cells = s.nonNumeric.cells.filter((c) => c.column === column);
    out.push({
      code: 'non-numeric',
      message: `${column}: ${plural(count, 'cell')} ${count === 1 ? 'is' : 'are'} not a number (${cells
        .slice(0, EXAMPLES)
        .map((c) => `row ${c.row}: "${c.value}"`)
        .join(', ')}); read as missing, rows kept. Fix those cells if they should hold numbers.`,
      feature: column,
      rows: cells.map((c) => c.row)
    });
  }
  if (s.unknownLabels.size > 0) {
    const list = [...s.unknownLabels.entries()].sort((a, b) => b[1] - a[1]);
    const total = list.reduce((acc, [, c]) => acc + c, 0);
    out.push({
      code: 'unknown-labels',
      message: `${rowsHave(total)} a ${plan.labelColumn} value Exoforest does not know: ${list
        .map(([v, c]) => `"${v}" (${c})`)
        .join(
          ', '
        )}. They are kept without a label (classification only). Known values: ${knownLabels(plan.kind)}.`
    });
  }
  if (s.duplicates.size > 0) {
    const ex = [...s.duplicates.entries()].slice(0, EXAMPLES);
    out.push({
      code: 'duplicate-ids',
      message: `${plural(s.duplicates.size, 'object id')} appear${s.duplicates.size === 1 ? 's' : ''} on more than one row: ${ex
        .map(([id, rows]) => `${id} (rows ${rows.join(', ')})`)
        .join('; ')}. All rows are kept; remove repeats of the same object before training.`,
      rows: ex.flatMap(([, rows]) => rows)
    });
  }
  if (s.missingObjectIds > 0) {
    out.push({
      code: 'missing-ids',
      message: `${rowsHave(s.missingObjectIds)} an empty ${plan.adapter?.objectId.column ?? 'object_id'}; they are named row-N (N = line number).`
    });
  }
  if (s.missingHostIds > 0) {
    out.push({
      code: 'missing-ids',
      message: `${rowsHave(s.missingHostIds)} an empty ${plan.adapter?.hostId.column ?? 'host_id'}; each is its own host group and its host multiplicity is missing.`
    });
  }
  return out;
}

function knownLabels(kind: FileKind): string {
  switch (kind) {
    case 'koi':
      return 'CONFIRMED, CANDIDATE, FALSE POSITIVE';
    case 'k2':
      return 'CONFIRMED, CANDIDATE, FALSE POSITIVE, REFUTED';
    case 'toi':
      return 'CP, KP, PC, APC, FP, FA';
    default:
      return 'PLANET, FALSE_POSITIVE, CONFIRMED, CANDIDATE (or any archive disposition)';
  }
}

/** Physical ranges and unit look-alikes, on the converted canonical columns. */
function valueWarnings(t: CanonicalTable, kind: FileKind): ReportWarning[] {
  const out: ReportWarning[] = [];
  const col = (f: string) => t.columns[t.features.indexOf(f)];
  for (const f of CANONICAL_FEATURES) {
    const valid = featureInfo(f)?.valid;
    const c = col(f);
    if (!valid || !c) continue;
    const rows: number[] = [];
    let count = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (v !== v || isPhysical(valid, v)) continue;
      count++;
      if (rows.length < EXAMPLES) rows.push(t.rowNumber[i]);
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (count > 0) {
      out.push({
        code: 'out-of-range',
        feature: f,
        message: `${f}: ${plural(count, 'value')} outside the physical range (${valid.text}; seen ${fmt(lo)}${hi !== lo ? ` to ${fmt(hi)}` : ''}) at row${count === 1 ? '' : 's'} ${rows.join(', ')}${count > rows.length ? ', ...' : ''}. Kept as ${count === 1 ? 'it is' : 'they are'}; check the source values or units.`,
        rows
      });
    }
  }
  const depth = finiteValues(col('depth_ppm'));
  const depthMax = depth.reduce((m, v) => (v > m ? v : m), -Infinity);
  if (depth.length >= 5 && depthMax < 100) {
    out.push({
      code: 'unit-suspect',
      feature: 'depth_ppm',
      message: `depth_ppm: all ${depth.length} depths are below 100 ppm (max ${fmt(depthMax)}): they look like percent or fractions, not ppm. Convert to ppm (percent x 10,000; fraction x 1,000,000).`
    });
  }
  if (kind === 'k2' && depth.length >= 5 && median(depth) > 1e6) {
    out.push({
      code: 'unit-suspect',
      feature: 'depth_ppm',
      message: `K2 pl_trandep is in percent, but these values (median ${fmt(median(depth) / 1e4)}) would be deeper than 100%: they look like ppm already. Divide the column by 10,000 or use a canonical CSV with depth_ppm.`
    });
  }
  const dur = finiteValues(col('duration_hours'));
  if (dur.length >= 5 && median(dur) < 0.5) {
    out.push({
      code: 'unit-suspect',
      feature: 'duration_hours',
      message: `duration_hours: the median duration is ${fmt(median(dur))} h; transits usually last 1-10 hours, so these look like days. Multiply by 24.`
    });
  }
  return out;
}

function finiteValues(c: Float32Array | undefined): number[] {
  const out: number[] = [];
  if (c) for (const v of c) if (v === v) out.push(v);
  return out;
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function tokenNotes(s: ReaderState): string[] {
  const byColumn = new Map<string, string[]>();
  for (const [key, count] of s.missingTokens) {
    const [column, token] = key.split('\u0000');
    const list = byColumn.get(column) ?? [];
    list.push(`"${token}" x${count}`);
    byColumn.set(column, list);
  }
  return [...byColumn].map(([c, l]) => `${c}: cells ${l.join(', ')} read as missing.`);
}
