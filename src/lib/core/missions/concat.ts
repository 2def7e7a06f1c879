import { featureOrder } from './features.ts';
import type { CanonicalTable, TableKind } from './types.ts';

/**
 * Pools tables (e.g. KOI + K2 + TOI) into one: features are the union in registry order, a
 * feature a table lacks is NaN for its rows. Host ids are already mission-prefixed, so they
 * cannot collide. Throws when two tables give one feature different units.
 */
export function concatTables(tables: readonly CanonicalTable[]): CanonicalTable {
  if (tables.length === 0) throw new Error('concatTables: give at least one table.');
  const units = new Map<string, string>();
  for (const t of tables) {
    t.features.forEach((f, j) => {
      const u = units.get(f);
      if (u === undefined) units.set(f, t.units[j]);
      else if (u !== t.units[j]) {
        throw new Error(
          `concatTables: feature ${f} has unit "${u}" in one table and "${t.units[j]}" in another.`
        );
      }
    });
  }
  const features = [...units.keys()].sort((a, b) => featureOrder(a) - featureOrder(b));
  const sizes = tables.map((t) => t.objectId.length);
  const total = sizes.reduce((a, b) => a + b, 0);
  const columns = features.map((f) => {
    const out = new Float32Array(total);
    let at = 0;
    tables.forEach((t, k) => {
      const j = t.features.indexOf(f);
      if (j >= 0) out.set(t.columns[j], at);
      else out.fill(NaN, at, at + sizes[k]);
      at += sizes[k];
    });
    return out;
  });
  const rowNumber = new Int32Array(total);
  let at = 0;
  for (const t of tables) {
    rowNumber.set(t.rowNumber, at);
    at += t.rowNumber.length;
  }
  const kinds = new Set(tables.map((t) => t.kind));
  return {
    kind: kinds.size === 1 ? (tables[0].kind as TableKind) : 'mixed',
    mission: tables.flatMap((t) => t.mission),
    objectId: tables.flatMap((t) => t.objectId),
    hostId: tables.flatMap((t) => t.hostId),
    labelVetting: tables.flatMap((t) => t.labelVetting),
    labelDisposition: tables.flatMap((t) => t.labelDisposition),
    rawLabel: tables.flatMap((t) => t.rawLabel),
    rowNumber,
    features,
    columns,
    units: features.map((f) => units.get(f) as string)
  };
}
