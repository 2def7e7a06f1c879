#!/usr/bin/env node
/**
 * Writes the "Try a sample" table: an excerpt of the real TESS TOI download in ../shared/data,
 * byte for byte (its '#' header and column line, then whole host stars' rows in file order), so
 * the app reads it exactly as it reads the archive file. Deterministic: hosts are drawn with a
 * fixed seed, and the hosts of the shortest and longest periods are always in.
 *
 *   node scripts/make-sample.mjs [--data DIR] [--rows 300] [--out static/samples/toi-sample.csv]
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const dataDir = opt('data', process.env.EXOFOREST_DATA ?? path.resolve(root, '../shared/data'));
const target = Number(opt('rows', '300'));
const out = path.resolve(root, opt('out', 'static/samples/toi-sample.csv'));
const source = path.join(dataDir, 'TOI_2025.10.04_07.29.48.csv');

const lines = readFileSync(source, 'utf8').split('\n');
const comments = lines.filter((l) => l.startsWith('#'));
const body = lines.filter((l) => l !== '' && !l.startsWith('#'));
const header = body[0].split(',');
const rows = body.slice(1);
const col = (name) => header.indexOf(name);
const [iHost, iPeriod] = [col('tid'), col('pl_orbper')];

const byHost = new Map();
rows.forEach((r, i) => {
  const host = r.split(',')[iHost];
  if (!byHost.has(host)) byHost.set(host, []);
  byHost.get(host).push(i);
});

// The hosts of the extreme periods, so a chart of the sample spans the real range.
const periods = rows.map((r) => Number(r.split(',')[iPeriod]));
let lo = -1;
let hi = -1;
periods.forEach((p, i) => {
  if (!(p > 0)) return;
  if (lo < 0 || p < periods[lo]) lo = i;
  if (hi < 0 || p > periods[hi]) hi = i;
});
const chosen = new Set([rows[lo].split(',')[iHost], rows[hi].split(',')[iHost]]);

// mulberry32: a fixed, portable sequence.
let seed = 20251004;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const hosts = [...byHost.keys()];
const count = () => [...chosen].reduce((n, h) => n + byHost.get(h).length, 0);
while (count() < target) chosen.add(hosts[Math.floor(random() * hosts.length)]);

const kept = [...chosen].flatMap((h) => byHost.get(h)).sort((a, b) => a - b);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, [...comments, body[0], ...kept.map((i) => rows[i]), ''].join('\n'));
console.log(
  `${path.relative(root, out)}: ${kept.length} rows of ${rows.length} (${chosen.size} host stars), ` +
    `periods ${periods[lo]} to ${periods[hi]} days`
);
