/**
 * The one error type the model reader and writer throw, so callers (UI, CLI) can show the
 * message as is and branch on `code` without parsing text.
 */

export type ModelErrorCode =
  /** Not a gzip stream, or gzip holding something other than an Exoforest model. */
  | 'not-a-model'
  /** The bytes end early. */
  | 'truncated'
  /** Checksum mismatch or undecodable compressed data. */
  | 'corrupt'
  /** A format version this build cannot read. */
  | 'unsupported-version'
  /** Over a size limit (decompressed size, header size, array length). */
  | 'too-large'
  /** Structurally readable but inconsistent or unsafe content. */
  | 'invalid';

export class ModelFileError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string
  ) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/** Shorthand for the most common case: content that fails validation. */
export function invalid(message: string): ModelFileError {
  return new ModelFileError('invalid', `Invalid model file: ${message}`);
}
