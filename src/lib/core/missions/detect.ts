import { CANONICAL_SIGNATURE_ANY } from './adapters/canonical.ts';
import { MISSION_ADAPTERS, type MissionAdapter } from './adapters/index.ts';
import { LoadError } from './errors.ts';
import { CANONICAL_FEATURES } from './features.ts';

export type FileKind = 'koi' | 'k2' | 'toi' | 'canonical';

export interface Detection {
  kind: FileKind;
  /** null for a canonical CSV. */
  adapter: MissionAdapter | null;
}

/** Header cell -> lookup name: trimmed, lower-case, BOM and zero-width characters dropped. */
export function normaliseColumnName(cell: string): string {
  return cell
    .replace(/[\uFEFF\u200B]/g, '')
    .trim()
    .toLowerCase();
}

/**
 * Which table a header belongs to. Archive tables are tried first (their signature columns
 * must all be present), then a canonical CSV (any canonical feature column).
 * Throws LoadError('unknown-table') listing what each kind expects.
 */
export function detectKind(header: readonly string[]): Detection {
  const names = new Set(header.map(normaliseColumnName));
  for (const adapter of MISSION_ADAPTERS) {
    if (adapter.signature.every((c) => names.has(c))) return { kind: adapter.kind, adapter };
  }
  if (CANONICAL_SIGNATURE_ANY.some((c) => names.has(c)))
    return { kind: 'canonical', adapter: null };
  throw new LoadError('unknown-table', unknownTableMessage(header, names));
}

/** Columns named in the "expected" message: signature, label, then the canonical sources. */
export function expectedColumns(adapter: MissionAdapter): string[] {
  const canonicalSources = adapter.numeric.filter((s) => CANONICAL_FEATURES.includes(s.feature));
  return [
    ...adapter.signature,
    adapter.label.column,
    ...canonicalSources.map((s) => s.column)
  ].filter((c, i, all) => all.indexOf(c) === i);
}

function unknownTableMessage(header: readonly string[], names: Set<string>): string {
  const shown = header.slice(0, 15).map((h) => `"${h.trim()}"`);
  const found =
    header.length === 0
      ? 'no columns'
      : `${header.length} column${header.length === 1 ? '' : 's'}: ${shown.join(', ')}${header.length > 15 ? ', ...' : ''}`;
  const lines = [
    `This file's header matches none of the tables Exoforest reads (found ${found}).`,
    'Expected one of:',
    ...MISSION_ADAPTERS.map(
      (a) =>
        `- ${a.title}: ${a.signature.join(', ')} (required), usually with ${expectedColumns(a)
          .filter((c) => !a.signature.includes(c))
          .join(', ')}`
    ),
    `- a canonical CSV: at least one of ${CANONICAL_SIGNATURE_ANY.join(', ')}; optional object_id, host_id, mission, label`
  ];
  const near = MISSION_ADAPTERS.map((a) => ({
    a,
    missing: a.signature.filter((c) => !names.has(c))
  })).filter((n) => n.missing.length < n.a.signature.length);
  if (near.length > 0) {
    near.sort((x, y) => x.missing.length - y.missing.length);
    lines.push(`Closest: ${near[0].a.title}, missing ${near[0].missing.join(', ')}.`);
  }
  if (header.length === 1) {
    lines.push(
      'Only one column was found: is the file separated by commas, tabs or semicolons? Save it as CSV (comma-separated).'
    );
  }
  lines.push(
    'Download the table as CSV from the NASA Exoplanet Archive (keep the default columns), or rename your columns to the canonical names.'
  );
  return lines.join('\n');
}
