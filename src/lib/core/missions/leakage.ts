/**
 * Columns that encode the vetting outcome (or identify the object) and must never become
 * features. Adapters only read an allow-list of columns; this list is the second line of
 * defence: toMatrix refuses these names, and tests check every adapter and real file against it.
 */

export interface BannedColumn {
  /** Exact lower-case column name, or a pattern. */
  match: string | RegExp;
  reason: string;
}

const OUTCOME = 'encodes the vetting outcome';
const IDENT = 'identifies the object, not a physical property';
const EPOCH = 'the transit epoch is a date proxy (refreshed when a planet is followed up)';

/** From DESIGN.md, plus a few columns found in the K2 table that also follow from confirmation. */
export const BANNED_COLUMNS: readonly BannedColumn[] = [
  { match: 'koi_disposition', reason: OUTCOME },
  { match: 'koi_pdisposition', reason: OUTCOME },
  { match: 'koi_score', reason: OUTCOME },
  { match: /^koi_fpflag_/, reason: OUTCOME },
  { match: 'kepler_name', reason: 'only confirmed planets get a Kepler name' },
  { match: 'koi_tce_delivname', reason: 'pipeline delivery name, tracks vetting history' },
  { match: 'disposition', reason: OUTCOME },
  { match: 'tfopwg_disp', reason: OUTCOME },
  { match: 'pl_name', reason: IDENT },
  { match: 'k2_name', reason: 'only confirmed K2 planets get a K2 name' },
  { match: 'hostname', reason: IDENT },
  { match: 'disc_year', reason: 'discovery metadata follows confirmation' },
  { match: 'discoverymethod', reason: 'discovery metadata follows confirmation' },
  { match: 'disc_facility', reason: 'discovery metadata follows confirmation' },
  { match: 'pl_controv_flag', reason: OUTCOME },
  { match: /_refname$/, reason: 'reference names follow publication of the outcome' },
  { match: 'rowupdate', reason: 'bookkeeping date' },
  { match: 'releasedate', reason: 'bookkeeping date' },
  { match: 'pl_pubdate', reason: 'bookkeeping date' },
  { match: 'toi_created', reason: 'bookkeeping date' },
  // Date proxies: the archive refreshes a planet's epoch when it is followed up, and TOI numbers
  // grow with time.
  { match: /^pl_tranmid/, reason: EPOCH },
  { match: /^koi_time0bk/, reason: EPOCH },
  { match: /^koi_time0(_|$)/, reason: EPOCH },
  // Not in DESIGN.md's list, same reasons:
  { match: 'soltype', reason: 'K2 "Published Confirmed"/"Published Candidate" is the disposition' },
  { match: 'sy_pnum', reason: 'counts confirmed planets in the system' },
  { match: /^pl_bmass/, reason: 'masses are measured mostly after confirmation' },
  { match: /^pl_orbeccen/, reason: 'eccentricities are measured mostly after confirmation' },
  { match: 'ttv_flag', reason: 'set from follow-up analyses of confirmed systems' },
  { match: 'default_flag', reason: 'row bookkeeping' },
  { match: 'loc_rowid', reason: 'row bookkeeping' },
  { match: 'kepid', reason: IDENT },
  { match: 'kepoi_name', reason: IDENT },
  {
    match: 'toi',
    reason: 'the TOI number identifies the object and grows with time (a date proxy)'
  },
  { match: 'tid', reason: IDENT },
  { match: /^label/, reason: 'the label itself' },
  { match: 'object_id', reason: IDENT },
  { match: 'host_id', reason: IDENT }
];

/** Why a column may never be a feature, or null when it may. Case-insensitive. */
export function bannedReason(column: string): string | null {
  const name = column.trim().toLowerCase();
  for (const b of BANNED_COLUMNS) {
    if (typeof b.match === 'string' ? b.match === name : b.match.test(name)) return b.reason;
  }
  return null;
}

/** Throws when any name in `features` is banned; use before building a feature matrix. */
export function assertNoLeakage(features: readonly string[]): void {
  const bad = features.filter((f) => bannedReason(f) !== null);
  if (bad.length > 0) {
    throw new Error(
      `Leakage guard: ${bad.map((f) => `"${f}" (${bannedReason(f)})`).join(', ')} may not be used as features. Remove them from the feature list.`
    );
  }
}
