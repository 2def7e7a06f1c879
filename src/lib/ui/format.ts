/** Display formatting shared by the pages (numbers, probabilities, sizes, dates, class colours). */

const grouped = new Intl.NumberFormat('en-US');

/** 12,345 */
export function count(n: number): string {
  return grouped.format(n);
}

/** "1 row" / "2 rows". */
export function plural(n: number, word: string, words = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : words}`;
}

/** A probability as a percentage with one decimal: "97.3%"; "–" when missing. */
export function percent(p: number | null | undefined, digits = 1): string {
  return p === null || p === undefined || Number.isNaN(p) ? '–' : `${(p * 100).toFixed(digits)}%`;
}

/** A measured value with up to 4 significant digits; "–" when missing. */
export function value(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** A metric in [0, 1] with 3 decimals; "–" when missing. */
export function metric(v: number | null | undefined): string {
  return v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(3);
}

/** "2.7 MB", "840 kB", "512 B". */
export function bytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${Math.round(n / 1e3)} kB`;
  return `${n} B`;
}

/** "2025-10-04 07:34" in the viewer's time zone; the text as given when it is not a date. */
export function dateTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const pad = (x: number) => String(x).padStart(2, '0');
  return `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}:${pad(t.getMinutes())}`;
}

/** Milliseconds as "850 ms" or "2.4 s". */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

const MISSION_NAMES: Record<string, string> = {
  koi: 'Kepler',
  k2: 'K2',
  toi: 'TESS',
  unknown: 'unknown',
  '': 'unknown'
};

export function missionName(m: string): string {
  return MISSION_NAMES[m] ?? m;
}

/** Colour of a class in charts and badges (planet green, false positive red, candidate gold). */
export function classColor(label: string): string {
  if (label === 'PLANET' || label === 'CONFIRMED') return '#5cd6a0';
  if (label === 'FALSE_POSITIVE') return '#ff8a80';
  if (label === 'CANDIDATE') return '#ffcf5c';
  return '#b7c3d8';
}

/** A class name for people: "FALSE_POSITIVE" -> "false positive". */
export function className(label: string): string {
  return label.toLowerCase().replace(/_/g, ' ');
}
