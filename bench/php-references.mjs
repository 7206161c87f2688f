#!/usr/bin/env node
/**
 * The PHP reference reader on the 544 PHP files of ../shared/corpus/magento2 (corpus README section 10),
 * against its floor: reading the same files with nothing else. Prints, as medians of several rounds:
 *   read bytes     fs.readFileSync of every file (the floor of any scan)
 *   read + decode  the same as UTF-8 strings
 *   candidate test isPhpCandidate on the bytes already read (MB/s): on the real files (each names
 *                  ADMIN_RESOURCE or isAllowed: the first search stops early), and on the same bytes with
 *                  those names and every "llowed" blanked out, the path of the ordinary vendor/ file (every
 *                  search runs to the end)
 *   reader         UTF-8 decoding and readPhpFile of every file (lexing, matching)
 *
 * Wall times swing with the machine's load; CPU times (the process's) much less, so the rates use them.
 *
 *   npm run build && node bench/php-references.mjs [rounds=15]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { corpusRoot, repoRoot } from './generate.mjs';

const require = createRequire(import.meta.url);
const { isPhpCandidate, readPhpFile } = require(path.join(repoRoot, 'server/out/src/service/files/phpFile.js'));
const rounds = Number(process.argv[2] ?? 15);

function phpFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) phpFiles(p, out);
    else if (entry.name.endsWith('.php')) out.push(p);
  }
  return out;
}

const files = phpFiles(path.join(corpusRoot, 'magento2'));
const buffers = files.map((f) => readFileSync(f));
const bytes = buffers.reduce((n, b) => n + b.length, 0);
// Same sizes, nothing to find: what a file of vendor/ without an ACL reference costs the candidate test.
const blank = (b) => Buffer.from(b.toString('latin1').replace(/ADMIN_RESOURCE|isAllowed|llowed|LLOWED/gi, (m) => '_'.repeat(m.length)), 'latin1');
const negatives = buffers.map(blank);

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median wall time and median CPU time (the process's, all threads) of `rounds` runs, in ms. */
function time(fn) {
  const wall = [];
  const cpu = [];
  for (let r = 0; r < rounds; r++) {
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    fn();
    wall.push(Number(process.hrtime.bigint() - t) / 1e6);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

let sink = 0;
const readBytes = time(() => { for (const f of files) sink += readFileSync(f).length; });
const readText = time(() => { for (const f of files) sink += readFileSync(f, 'utf8').length; });
const candidates = time(() => { for (const b of buffers) sink += isPhpCandidate(b) ? 1 : 0; });
const misses = time(() => { for (const b of negatives) sink += isPhpCandidate(b) ? 1 : 0; });
let references = 0;
const reader = time(() => {
  references = 0;
  for (const b of buffers) references += readPhpFile(b.toString('utf8')).length;
});
if (negatives.some((b) => isPhpCandidate(b))) throw new Error('a blanked file is still a candidate');

const mb = bytes / 1e6;
const row = (label, t) => `${label.padEnd(28)}${t.wall.toFixed(2).padStart(8)} ms wall ${t.cpu.toFixed(2).padStart(8)} ms CPU ${(mb / (t.cpu / 1000)).toFixed(0).padStart(6)} MB/s (CPU)`;
console.log(`${files.length} PHP files, ${mb.toFixed(2)} MB, ${references} references; median of ${rounds} rounds; load ${(await import('node:os')).loadavg()[0].toFixed(1)} (sink ${sink % 7})`);
console.log(row('read bytes (floor)', readBytes));
console.log(row('read + decode UTF-8', readText));
console.log(row('candidate test, real files', candidates));
console.log(row('candidate test, no match', misses));
console.log(row('decode + readPhpFile', reader));
