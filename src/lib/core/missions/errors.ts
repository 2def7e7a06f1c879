/** Fatal load problems: the file cannot become a table. Non-fatal ones go in the LoadReport. */

export type LoadErrorCode =
  | 'binary' // a PNG, zip, spreadsheet... not CSV text
  | 'empty' // no bytes, or only blank lines
  | 'no-header' // only # comment lines
  | 'no-rows' // a header and no data rows
  | 'unknown-table' // header matches none of the supported tables
  | 'no-features' // right table, but none of the feature columns
  | 'duplicate-columns' // a column name appears twice in the header
  | 'no-kept-rows' // every data row was set aside
  | 'too-large' // above the size limit
  | 'malformed' // a row that never ends (an unterminated quote)
  | 'aborted'; // cancelled by the caller

export class LoadError extends Error {
  readonly code: LoadErrorCode;
  constructor(code: LoadErrorCode, message: string) {
    super(message);
    this.name = 'LoadError';
    this.code = code;
  }
}

/** A load as plain data, for crossing a worker boundary (thrown errors lose their fields there). */
export type LoadOutcome<T> =
  ({ ok: true } & T) | { ok: false; error: { code: LoadErrorCode; message: string } };

/** Runs a load and turns a LoadError into { ok: false }; other errors (bugs) still throw. */
export async function toOutcome<T extends object>(run: () => Promise<T>): Promise<LoadOutcome<T>> {
  try {
    return { ok: true, ...(await run()) };
  } catch (e) {
    if (e instanceof LoadError) return { ok: false, error: { code: e.code, message: e.message } };
    throw e;
  }
}
