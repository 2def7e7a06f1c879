/** The archive writes its download time on header line 2, e.g. "# Sat Oct  4 07:34:55 2025". */

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const HEADER_DATE =
  /^#\s*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+([a-z]{3})[a-z]*\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})\s*$/i;
/** Archive file names carry the same time: cumulative_2025.10.04_07.34.55.csv */
const NAME_DATE = /(\d{4})\.(\d{2})\.(\d{2})_(\d{2})\.(\d{2})\.(\d{2})/;

const pad = (s: string) => s.padStart(2, '0');

/** ISO local time ("YYYY-MM-DDTHH:MM:SS", no zone: the archive gives none) or null. */
export function dateFromComment(line: string): string | null {
  const m = HEADER_DATE.exec(line.trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[1].toLowerCase());
  if (month < 0) return null;
  return `${m[6]}-${pad(String(month + 1))}-${pad(m[2])}T${m[3]}:${m[4]}:${m[5]}`;
}

export function dateFromFileName(name: string): string | null {
  const m = NAME_DATE.exec(name);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` : null;
}
