/** Option parsing on top of node:util parseArgs: every failure becomes a CliError that says what to do. */
import { parseArgs } from 'node:util';
import { CliError } from './errors.ts';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface Parsed {
  values: OptionValues;
  positionals: string[];
}

function closest(name: string, known: string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= Math.max(2, Math.floor(name.length / 3)) ? best : null;
}

function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

/** Parses argv strictly; `--help`/`-h` is always accepted. */
export function parseOptions(
  command: string,
  argv: string[],
  options: Record<string, OptionSpec>,
  positionals: { min: number; max: number; what: string }
): Parsed {
  const all: Record<string, OptionSpec> = { ...options, help: { type: 'boolean', short: 'h' } };
  const hint = `Run "exoforest ${command} --help" to see its options.`;
  let parsed: Parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: all,
      allowPositionals: true,
      strict: true
    }) as Parsed;
  } catch (e) {
    const error = e as Error & { code?: string };
    const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
    if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const name = quoted.replace(/^-+/, '').split('=')[0];
      const near = closest(name, Object.keys(all));
      throw new CliError(
        `unknown option "${quoted}".${near ? ` Did you mean --${near}?` : ''} ${hint}`
      );
    }
    if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const opt = quoted.split(' ')[0] || 'an option';
      const spec = all[opt.replace(/^-+/, '')];
      throw new CliError(
        spec?.type === 'boolean'
          ? `option ${opt} takes no value. ${hint}`
          : `option ${opt} needs a value, e.g. ${opt} ${opt === '--out' ? 'FILE' : 'VALUE'}. ${hint}`
      );
    }
    throw new CliError(`${error.message} ${hint}`);
  }
  if (parsed.values.help) return parsed;
  const n = parsed.positionals.length;
  if (n > positionals.max) {
    const extra = parsed.positionals.slice(positionals.max).map((p) => `"${p}"`);
    throw new CliError(
      positionals.max === 0
        ? `this command takes no file arguments (got ${extra.join(', ')}); files are given with options. ${hint}`
        : `too many arguments: ${extra.join(', ')} (expected ${positionals.what}). ${hint}`
    );
  }
  if (n < positionals.min) throw new CliError(`missing ${positionals.what}. ${hint}`);
  return parsed;
}

export function stringOpt(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function listOpt(values: OptionValues, name: string): string[] {
  const v = values[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

/** An integer option in [min, max]; undefined when absent. */
export function intOpt(
  values: OptionValues,
  name: string,
  min: number,
  max: number,
  example: string
): number | undefined {
  const text = stringOpt(values, name);
  if (text === undefined) return undefined;
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
    throw new CliError(
      `--${name} must be a whole number from ${min} to ${max} (got "${text}"), e.g. --${name} ${example}.`
    );
  }
  return v;
}

/** A number option strictly inside (lo, hi]; undefined when absent. */
export function shareOpt(
  values: OptionValues,
  name: string,
  lo: number,
  hi: number,
  example: string
): number | undefined {
  const text = stringOpt(values, name);
  if (text === undefined) return undefined;
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(v) || !(v > lo && v <= hi)) {
    throw new CliError(
      `--${name} must be a number above ${lo} and at most ${hi} (got "${text}"), e.g. --${name} ${example}.`
    );
  }
  return v;
}

/** A choice among fixed words; undefined when absent. */
export function choiceOpt<T extends string>(
  values: OptionValues,
  name: string,
  choices: readonly T[]
): T | undefined {
  const text = stringOpt(values, name);
  if (text === undefined) return undefined;
  const v = text.trim().toLowerCase() as T;
  if (!choices.includes(v)) {
    throw new CliError(
      `--${name} must be one of ${choices.join(', ')} (got "${text}"), e.g. --${name} ${choices[0]}.`
    );
  }
  return v;
}
