/**
 * A K2 download without default_flag has one row per planet per reference. Each planet is then
 * scored once: its row with the most values (canonical quantities and their uncertainties; ties
 * to the earliest row) is kept, the others are set aside with the row that was used.
 */

/** Which rows to keep: for each object id, the row with the most finite values. */
export function pickOneRowPerObject(
  objectIds: readonly string[],
  columns: readonly Float32Array[]
): { keep: Int32Array; usedRowOf: Map<string, number> } {
  const best = new Map<string, { row: number; filled: number }>();
  for (let i = 0; i < objectIds.length; i++) {
    let filled = 0;
    for (const c of columns) if (c[i] === c[i]) filled++;
    const b = best.get(objectIds[i]);
    if (!b || filled > b.filled) best.set(objectIds[i], { row: i, filled });
  }
  const keep = Int32Array.from([...best.values()].map((b) => b.row)).sort();
  return { keep, usedRowOf: new Map([...best].map(([id, b]) => [id, b.row])) };
}

/** Elements `keep` of a list (in keep order). */
export function pickRows<T>(list: readonly T[], keep: Int32Array): T[] {
  return Array.from(keep, (i) => list[i]);
}

/** Why a repeated reference row is set aside, naming the row that scores the object. */
export function repeatReferenceDetail(objectId: string, usedRow: number): string {
  return `${objectId} is scored once, from row ${usedRow} (its row with the most values); this row repeats it with another reference's parameters`;
}
