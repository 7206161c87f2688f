#!/usr/bin/env node
// Longer runs of the property-based tests (issue 8; see ROBUSTNESS.md), after a build:
//   node scripts/fuzz.mjs [--runs N] [--seed S]
// --runs N: cases of the generated-documents property (700 in `npm test`); the corpus mutations (2 per
// file) and the fix property (300) scale in proportion. --seed S replays a run (a failure prints its seed,
// the path fast-check needs and the shrunk input). Without --seed a random seed is used and printed.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const runs = Number(option('--runs', '10000'));
const seed = Number(option('--seed', String(Math.floor(Math.random() * 2 ** 31))));
if (!Number.isFinite(runs) || runs < 1 || !Number.isFinite(seed)) {
  console.error('usage: node scripts/fuzz.mjs [--runs N] [--seed S]');
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
console.log(`fuzz: --runs ${runs} --seed ${seed}`);
const started = Date.now();
const result = spawnSync(process.execPath, ['--test', '--test-timeout=0', 'server/out/test/property.test.js', 'server/out/test/wellFormedScanner.test.js', 'server/out/test/positions.test.js', 'server/out/test/stressInputs.test.js'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_RUNS: String(runs), FUZZ_SEED: String(seed) },
});
console.log(`fuzz: ${result.status === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s (replay: npm run fuzz -- --runs ${runs} --seed ${seed})`);
process.exit(result.status ?? 1);
