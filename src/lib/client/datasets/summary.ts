/**
 * Pure helpers of the Datasets page: what a stored dataset records about its file (row and
 * label counts, SHA-256 fingerprint), duplicate detection and export file names.
 */
import { tableToCsv, type CanonicalTable, type LoadReport } from '../../core/missions/index.ts';
import { sha256Hex } from '../../core/model/index.ts';
import type { DatasetSummary } from '../store/index.ts';

export const KIND_LABEL: Readonly<Record<string, string>> = {
  koi: 'Kepler KOI',
  k2: 'K2',
  toi: 'TESS TOI',
  canonical: 'Canonical CSV (mixed missions)'
};

/** Kept rows, and their archive dispositions (CONFIRMED / CANDIDATE / FALSE_POSITIVE). */
export function datasetCounts(report: Pick<LoadReport, 'rowsKept' | 'labelCounts'>): {
  rows: number;
  labels: Record<string, number>;
} {
  const labels: Record<string, number> = {};
  for (const [k, v] of Object.entries(report.labelCounts?.disposition ?? {})) {
    if (Number.isInteger(v) && v >= 0) labels[k] = v;
  }
  return { rows: report.rowsKept, labels };
}

/** SHA-256 of a file's bytes, hex (the same as `sha256sum FILE`). */
export async function fingerprintHex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    try {
      const digest = await subtle.digest('SHA-256', bytes as BufferSource);
      return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    } catch {
      // not a secure context: fall through to the pure implementation
    }
  }
  return sha256Hex(bytes);
}

/** Names of stored datasets with this fingerprint (the same file added before). */
export function sameFileAs(existing: readonly DatasetSummary[], fingerprint: string): string[] {
  return existing.filter((d) => d.fingerprint === fingerprint).map((d) => d.name);
}

/** "koi.csv" -> "koi-canonical.csv". */
export function canonicalCsvName(name: string): string {
  const base = name.replace(/\.[^.]+$/, '').trim() || 'dataset';
  const safe = base
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${safe || 'dataset'}-canonical.csv`;
}

/** The canonical table as CSV (text cells formula-neutralised, numbers as numbers). */
export function canonicalCsv(table: CanonicalTable): Blob {
  return new Blob([tableToCsv(table)], { type: 'text/csv;charset=utf-8' });
}

/** "9,564 rows · 2,746 confirmed · 1,979 candidate · 4,839 false positive" parts, largest first. */
export function labelParts(labels: Record<string, number>): { label: string; count: number }[] {
  const order = ['CONFIRMED', 'CANDIDATE', 'FALSE_POSITIVE'];
  return Object.entries(labels)
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => {
      const ia = order.indexOf(a.label);
      const ib = order.indexOf(b.label);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.label.localeCompare(b.label);
    });
}
