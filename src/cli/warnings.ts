/**
 * The load report's warnings on standard error: the app shows them beside the table, the CLI
 * prints them concisely (one line each, long lists cut, at most MAX_WARNING_LINES per file).
 */
import type { LoadReport } from '../lib/core/missions/index.ts';
import { err } from './io.ts';
import { escapeControls } from './text.ts';

const MAX_WARNING_LINES = 12;
const MAX_WARNING_CHARS = 240;

/** The warning lines for one file (without printing them). */
export function warningLines(name: string, report: LoadReport): string[] {
  const lines: string[] = [];
  const all = report.warnings;
  for (const w of all.slice(0, MAX_WARNING_LINES)) {
    const text = escapeControls(w.message);
    const short =
      text.length > MAX_WARNING_CHARS ? `${text.slice(0, MAX_WARNING_CHARS - 3)}...` : text;
    lines.push(`warning: ${escapeControls(name)}: ${short}`);
  }
  if (all.length > MAX_WARNING_LINES) {
    lines.push(
      `warning: ${escapeControls(name)}: and ${all.length - MAX_WARNING_LINES} more warnings.`
    );
  }
  return lines;
}

/** Prints the load report's warnings for one file on standard error. */
export function printLoadWarnings(name: string, report: LoadReport): void {
  for (const line of warningLines(name, report)) err(line);
}
