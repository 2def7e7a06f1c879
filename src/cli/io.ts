/**
 * Output of the CLI. Commands write through these helpers (never console.*), so tests running
 * `main(argv)` in-process can capture stdout and stderr by spying on the two streams. Text
 * (never CSV or model data) has its control characters escaped: it may quote file content.
 */
import { escapeTerminal } from './text.ts';

/** Data output (model card, metrics table). */
export function out(text: string): void {
  const safe = escapeTerminal(text);
  process.stdout.write(safe.endsWith('\n') ? safe : safe + '\n');
}

/** Messages, progress and summaries. */
export function err(text: string): void {
  const safe = escapeTerminal(text);
  process.stderr.write(safe.endsWith('\n') ? safe : safe + '\n');
}

/**
 * A one-line progress display on stderr: rewrites the line in a terminal, prints at most one
 * line per `minIntervalMs` (and every phase change) otherwise, so logs stay short.
 */
export function progressLine(minIntervalMs = 2000): {
  update(text: string, key?: string): void;
  done(): void;
} {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  let lastKey = '';
  let shown = false;
  return {
    update(raw, key = '') {
      const text = escapeTerminal(raw).replace(/\n/g, ' ');
      const now = Date.now();
      if (tty) {
        if (now - last < 100 && key === lastKey) return;
        process.stderr.write(`\r\x1b[2K${text.slice(0, (process.stderr.columns ?? 100) - 1)}`);
        shown = true;
      } else {
        if (key === lastKey && now - last < minIntervalMs) return;
        process.stderr.write(text + '\n');
      }
      last = now;
      lastKey = key;
    },
    done() {
      if (tty && shown) process.stderr.write('\r\x1b[2K');
      shown = false;
    }
  };
}
