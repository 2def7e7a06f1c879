/**
 * Text from files (file names, headers, cells, model and feature names) is printed with its
 * control characters escaped visibly, so a crafted name cannot move the cursor, retitle the
 * terminal or hide text: C0 and C1 controls, DEL, and the bidirectional overrides.
 */

const NAMED: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\x1b': '\\e',
  '\x07': '\\a',
  '\b': '\\b',
  '\0': '\\0'
};

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
const CONTROL_BUT_LAYOUT =
  // eslint-disable-next-line no-control-regex
  /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code < 0x100
    ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}`
    : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Every control character escaped, line breaks and tabs too (for one-line names). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeOne);
}

/** Control characters escaped, keeping line breaks and tabs (for multi-line messages and cards). */
export function escapeTerminal(text: string): string {
  return text.replace(CONTROL_BUT_LAYOUT, escapeOne);
}

/** A name from a file, quoted and escaped for a message. */
export function shown(text: string): string {
  return `"${escapeControls(text)}"`;
}
