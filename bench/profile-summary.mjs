/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): the functions with the most self time and the most
 * inclusive time (each counted once per sample, so recursion is not double-counted), paths shortened.
 *
 *   node bench/profile-summary.mjs <file.cpuprofile> [top=25] [filter-regex]
 *
 * bench/run.mjs --profile writes one profile per tree into bench/results/profiles/ (server run from the tsc
 * output, server/out, so function names and lines are the sources').
 */
import { readFileSync } from 'node:fs';

export function summarize(file, top = 25, filter) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n) => {
    const f = n.callFrame;
    const url = f.url.replace(/^file:\/\//, '').replace(/.*\/(server\/out\/src|node_modules)\//, (m, g) => (g === 'node_modules' ? 'nm/' : ''));
    return `${f.functionName || '(anonymous)'} ${url ? `${url}:${f.lineNumber + 1}` : ''}`.trim();
  };
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = byId.get(id);
    const k = keyOf(node);
    self.set(k, (self.get(k) ?? 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const key = keyOf(byId.get(cur));
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
    }
  });
  const re = filter ? new RegExp(filter) : undefined;
  const rows = (m) => [...m].filter(([k]) => !re || re.test(k)).sort((a, b) => b[1] - a[1]).slice(0, top);
  return { total, self: rows(self), inclusive: rows(inclusive) };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [file, top = '25', filter] = process.argv.slice(2);
  const s = summarize(file, Number(top), filter);
  const fmt = ([k, ms]) => `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / s.total).toFixed(1).padStart(5)}%  ${k}`;
  console.log(`total ${s.total.toFixed(0)} ms\n-- self`);
  console.log(s.self.map(fmt).join('\n'));
  console.log('-- inclusive');
  console.log(s.inclusive.map(fmt).join('\n'));
}
