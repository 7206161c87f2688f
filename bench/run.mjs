#!/usr/bin/env node
/**
 * The benchmark (issue 7). Drives the built server (node dist/server.js --stdio, what the VSIX ships) as a
 * separate process over stdio with a real JSON-RPC client, on workspaces generated from ../shared/corpus
 * (bench/generate.mjs), and measures the same scenarios against the floor (bench/floor-server.mjs,
 * bench/floor-read.mjs, a bare `node`), so every figure is also a ratio to what the machine cannot beat.
 *
 *   npm run bench                 full run (about 10 minutes): every tree, every figure, activate() in real
 *                                 VS Code (code-server); writes bench/results/full.json and the table in
 *                                 BENCHMARKS.md
 *   npm run bench -- --quick      reduced run (under a minute; what CI runs): the plain 1x tree, fewer runs,
 *                                 no activate(); writes bench/results/quick.json, leaves BENCHMARKS.md alone
 *   options: --no-activate  --no-md (do not touch BENCHMARKS.md)  --md (quick run writes it too)
 *            --trees=plain-1x,composer-20x  --profile (also write a CPU profile of one cold start per tree,
 *            server from server/out, into bench/results/profiles/)  --server=<other dist/server.js>
 *            --out=<name> (bench/results/<name>.json)  --only=cold|session (one part, for experiments)
 *
 * Benchmarks are not tests: nothing here fails on a slow figure. It fails only when a scenario cannot run
 * (server crash, wrong answers, timeouts), so the quick run in CI keeps the benchmark from rotting.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bigApiXml, bigWebapiXml, cacheDir, coreAclIds, corpusRoot, ensureTree, repoRoot } from './generate.mjs';
import { coldRun, expectedItems, FLOOR, floorReadRun, interactiveSession, nodeStartRun, SERVER, writeFileList } from './scenarios.mjs';
import { fit, mib, ms, stats } from './stats.mjs';
import { renderMarkdown, TARGETS, updateBenchmarksMd } from './report.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const quick = flag('quick');
// --server=<path>: another build of dist/server.js (with its data/ beside it), e.g. a copy of a baseline.
if (option('server')) SERVER.args[0] = path.resolve(option('server'));
const log = (m) => console.log(m);

const RUNS = quick
  ? { cold: 3, floorCold: 3, nodeStart: 5, completion: 20, keystroke: 6, aclSaved: 4, big: 1, activate: 0, activateSplit: 0, activateFirst: 0 }
  : { cold: 10, floorCold: 10, nodeStart: 20, completion: 200, keystroke: 40, aclSaved: 30, big: 5, activate: 7, activateSplit: 3, activateFirst: 3 };
const TREES = option('trees')?.split(',') ?? (quick ? ['plain-1x'] : ['plain-1x', 'composer-1x', 'plain-5x', 'composer-5x', 'plain-20x', 'composer-20x']);
/** The interactive session runs once per scale, on the composer tree when there is one. */
const SESSION_TREES = quick ? ['plain-1x'] : TREES.filter((t) => t.startsWith('composer')).length ? TREES.filter((t) => t.startsWith('composer')) : TREES;
/** --only=cold or --only=session: one part of the run (for experiments; the report shows what ran). */
const ONLY = option('only');

function machine() {
  const cpus = os.cpus();
  let commit = 'unknown';
  let dirty = false;
  try {
    commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'client', 'scripts', 'package.json'], { cwd: repoRoot, encoding: 'utf8' }).trim() !== '';
  } catch {
    // not a git checkout
  }
  return {
    cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    date: new Date().toISOString(),
    /** Other work on the machine skews every figure: the 1-minute load average before the run. */
    loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
    commit: dirty ? `${commit}+changes` : commit,
  };
}

function vsixSize() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-vsix-'));
  try {
    const out = path.join(dir, 'integration-acl-xml.vsix');
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/package-vsix.mjs'), '--out', out], { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`vsce package failed: ${r.stderr || r.stdout}`);
    return statSync(out).size;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * activate() in real VS Code (code-server, test/vscode): one fresh VS Code per sample. `cache`: the folder the
 * extension keeps its code cache in (a fresh one per sample when undefined: a first start after install);
 * `warmUp`: first one run that stays open long enough for the extension to write its cache.
 */
function activateSamples(n, { split = false, cache, warmUp = false } = {}) {
  const samples = [];
  const ws = mkdtempSync(path.join(os.tmpdir(), 'bench-activate-ws-'));
  try {
    for (let i = warmUp ? -1 : 0; i < n; i++) {
      const out = path.join(ws, '..', `bench-activate-${process.pid}-${i}.json`);
      const cacheDir = cache ?? mkdtempSync(path.join(os.tmpdir(), 'bench-activate-cache-'));
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'test/vscode/runTests.js'), '--suite', path.join(here, 'vscode/activate-suite.js'), '--workspace', ws], {
        cwd: repoRoot,
        encoding: 'utf8',
        env: {
          ...process.env,
          MAGENTO_BENCH_ACTIVATE_OUT: out,
          MAGENTO_BENCH_ACTIVATE_SPLIT: split ? '1' : '0',
          MAGENTO_BENCH_ACTIVATE_AFTER_MS: i < 0 ? '6000' : '0',
          MAGENTO_INTEGRATION_LS_CACHE_DIR: cacheDir,
        },
      });
      if (!cache) rmSync(cacheDir, { recursive: true, force: true });
      if (r.status !== 0 || !existsSync(out)) throw new Error(`VS Code run failed (${r.status}): ${(r.stderr || r.stdout).slice(-2000)}`);
      const result = JSON.parse(readFileSync(out, 'utf8'));
      rmSync(out, { force: true });
      if (result.wasActive) throw new Error('the extension was already active');
      if (i < 0) {
        log(`  (warm-up, writes the code cache) ${result.ms.toFixed(1)} ms`);
        continue;
      }
      samples.push(result);
      log(`  ${split ? `load ${result.loadMs.toFixed(1)} ms + activate() call` : 'activate()'} ${result.ms.toFixed(1)} ms (VS Code ${result.vscode}, Node ${result.node}${cache ? ', code cache' : ', first start'})`);
    }
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
  return samples;
}

async function main() {
  if (!existsSync(SERVER.args[0])) throw new Error(`${SERVER.args[0]} is missing: run npm run build first (npm run bench does)`);
  if (!existsSync(corpusRoot)) throw new Error(`the corpus is missing at ${corpusRoot}`);
  const started = Date.now();
  const result = { quick, machine: machine(), runs: RUNS, cache: cacheDir(), trees: {}, floor: {}, cold: {}, session: {}, package: {} };
  log(`bench ${quick ? '(quick) ' : ''}on ${result.machine.cpu}, Node ${result.machine.node}, commit ${result.machine.commit}`);

  const trees = Object.fromEntries(TREES.map((name) => {
    const [layout, s] = name.split('-');
    return [name, ensureTree(Number.parseInt(s, 10), layout, log)];
  }));
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-'));

  // Floor: a bare node start.
  result.floor.nodeStart = stats(Array.from({ length: RUNS.nodeStart }, nodeStartRun));
  log(`floor: node -e 0 ${ms(result.floor.nodeStart)}`);

  for (const [name, tree] of Object.entries(trees)) {
    if (ONLY === 'session') break;
    result.trees[name] = { root: tree.root, magentoFiles: tree.magentoFiles.length, aclFiles: tree.aclFiles, paddingFiles: tree.paddingFiles };
    const list = writeFileList(tree, path.join(tmp, `${name}.json`));
    const env = { BENCH_FLOOR_FILES: list };
    // Floors of the cold start: node + reading the files; the same over JSON-RPC (spawn -> completion).
    const reads = Array.from({ length: RUNS.floorCold }, () => floorReadRun(tree, list));
    const rpc = [];
    for (let i = 0; i < RUNS.floorCold; i++) rpc.push(await coldRun(FLOOR, tree, ['ready'], env));
    result.floor[name] = {
      read: stats(reads.map((r) => r.ms)),
      readHwm: stats(reads.map((r) => r.hwm)),
      rpcFirstCompletion: stats(rpc.map((r) => r.firstCompletion)),
      rpcHwm: stats(rpc.map((r) => r.hwm)),
    };
    // The server.
    const expected = await expectedItems(SERVER, tree);
    const runs = [];
    for (let i = 0; i < RUNS.cold; i++) runs.push(await coldRun(SERVER, tree, expected.labels));
    result.cold[name] = {
      knownIds: expected.known,
      probeItems: expected.labels.length,
      firstCompletion: stats(runs.map((r) => r.firstCompletion)),
      indexedLog: stats(runs.map((r) => r.indexedLog)),
      indexReported: stats(runs.map((r) => r.indexReported)),
      firstDiagnostics: stats(runs.map((r) => r.firstDiagnostics)),
      hwm: stats(runs.map((r) => r.hwm)),
    };
    log(`${name}: ${tree.magentoFiles.length} Magento files (${tree.aclFiles} acl.xml), ${tree.paddingFiles} others; ${expected.known} ACL ids known, ${expected.labels.length} in the probe's answer`);
    log(`  spawn -> first ACL completion ${ms(result.cold[name].firstCompletion)} (floor: read ${ms(result.floor[name].read)}, JSON-RPC ${ms(result.floor[name].rpcFirstCompletion)})`);
    log(`  index (server log) ${ms(result.cold[name].indexReported)}; peak RSS ${mib(result.cold[name].hwm)} (floor ${mib(result.floor[name].readHwm)})`);
    if (flag('profile')) {
      const dir = path.join(here, 'results', 'profiles');
      mkdirSync(dir, { recursive: true });
      const target = { args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=cold-${name}.cpuprofile`, '--cpu-prof-interval=200', path.join(repoRoot, 'server/out/src/server.js'), '--stdio'] };
      await coldRun(target, tree, expected.labels);
    }
  }

  // Interactive sessions: latency figures per scale.
  const ids = coreAclIds(ensureTree.corpus);
  const webapi = bigWebapiXml(ids);
  const api = bigApiXml(ids);
  const big = [
    { key: 'webapi', rel: 'app/code/Bench/Big/etc/webapi.xml', text: webapi.text, routes: webapi.routes },
    { key: 'api', rel: 'app/code/Bench/Big/etc/integration/api.xml', text: api.text, resources: api.resources, integrations: api.integrations },
  ];
  result.bigDocuments = big.map(({ key, text, routes, resources, integrations }) => ({ key, bytes: Buffer.byteLength(text), routes, resources, integrations }));
  for (const name of SESSION_TREES) {
    if (ONLY === 'cold') break;
    const tree = trees[name];
    const list = writeFileList(tree, path.join(tmp, `${name}.json`));
    const counts = { completion: RUNS.completion, keystroke: RUNS.keystroke, aclSaved: RUNS.aclSaved, big: RUNS.big };
    log(`${name}: interactive session`);
    const server = await interactiveSession(SERVER, tree, big, counts, {}, log);
    const floor = await interactiveSession(FLOOR, tree, big, counts, { BENCH_FLOOR_FILES: list }, () => undefined);
    const summary = (s) => ({
      completionApi: stats(s.completion.api.samples),
      completionApiItems: s.completion.api.items,
      completionApiBytes: s.completion.api.bytes,
      completionWebapi: stats(s.completion.webapi.samples),
      completionWebapiItems: s.completion.webapi.items,
      completionWebapiBytes: s.completion.webapi.bytes,
      keystrokeApi: stats(s.keystroke.api),
      keystrokeWebapi: stats(s.keystroke.webapi),
      aclSaved: stats(s.aclSaved),
      bigWebapi: stats(s.big.webapi.map((r) => r.toDiagnostics)),
      bigWebapiWorstOther: stats(s.big.webapi.map((r) => r.worstOther)),
      bigWebapiDiagnostics: s.big.webapi[0]?.diagnostics,
      bigWebapiAnalysed: s.big.webapi[0]?.analysed,
      bigApi: stats(s.big.api.map((r) => r.toDiagnostics)),
      bigApiWorstOther: stats(s.big.api.map((r) => r.worstOther)),
      bigApiDiagnostics: s.big.api[0]?.diagnostics,
      bigApiAnalysed: s.big.api[0]?.analysed,
      memory: s.memory,
    });
    result.session[name] = { server: summary(server), floor: summary(floor) };
    const r = result.session[name].server;
    log(`  completion api.xml ${ms(r.completionApi)} (${r.completionApiItems} items), webapi.xml ${ms(r.completionWebapi)}; keystroke -> diagnostics ${ms(r.keystrokeApi)} / ${ms(r.keystrokeWebapi)}; acl.xml saved -> api.xml ${ms(r.aclSaved)}`);
  }

  // Package.
  result.package.vsixBytes = ONLY ? NaN : vsixSize();
  log(`VSIX ${(result.package.vsixBytes / 1024).toFixed(0)} KiB`);
  const wantActivate = !flag('no-activate') && !ONLY && RUNS.activate > 0;
  if (wantActivate) {
    try {
      log('activate() in real VS Code (code-server):');
      // Later starts (the usual case): with the code cache the first start leaves.
      const cache = mkdtempSync(path.join(os.tmpdir(), 'bench-activate-cache-'));
      try {
        const samples = activateSamples(RUNS.activate, { cache, warmUp: true });
        result.package.activate = stats(samples.map((s) => s.ms));
        result.package.activateEnv = { vscode: samples[0].vscode, node: samples[0].node };
        // Where the time goes: the bundle's require() alone, then the activate() call alone.
        const split = activateSamples(RUNS.activateSplit, { split: true, cache });
        result.package.activateLoad = stats(split.map((s) => s.loadMs));
        result.package.activateCall = stats(split.map((s) => s.ms));
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
      // The first start after installing (no cache yet).
      result.package.activateFirst = stats(activateSamples(RUNS.activateFirst).map((s) => s.ms));
    } catch (e) {
      result.package.activateError = String(e.message ?? e).split('\n')[0];
      log(`activate() not measured: ${result.package.activateError}`);
    }
  }

  // Growth from 1x to 20x (index time and memory), per layout.
  result.growth = {};
  for (const layout of ['plain', 'composer']) {
    const names = [1, 5, 20].map((s) => `${layout}-${s}x`).filter((n) => result.cold[n]);
    if (names.length < 3) continue;
    const xs = [1, 5, 20];
    result.growth[layout] = {
      indexTime: fit(xs, names.map((n) => result.cold[n].indexReported.median)),
      firstCompletion: fit(xs, names.map((n) => result.cold[n].firstCompletion.median)),
      peakRss: fit(xs, names.map((n) => result.cold[n].hwm.median)),
    };
  }
  result.seconds = Math.round((Date.now() - started) / 1000);
  result.machine.loadavgAfter = os.loadavg().map((x) => Number(x.toFixed(2)));
  rmSync(tmp, { recursive: true, force: true });

  const resultsDir = path.join(here, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const jsonFile = path.join(resultsDir, `${option('out') ?? (quick ? 'quick' : 'full')}.json`);
  writeFileSync(jsonFile, JSON.stringify(result, null, 1) + '\n');
  const table = renderMarkdown(result);
  console.log(`\n${table}\nwritten ${path.relative(repoRoot, jsonFile)} in ${result.seconds} s`);
  if ((!quick && !flag('no-md')) || flag('md')) {
    updateBenchmarksMd(path.join(repoRoot, 'BENCHMARKS.md'), table);
    console.log('updated BENCHMARKS.md');
  }
}

main().catch((e) => {
  console.error(`bench failed: ${e.stack ?? e}`);
  process.exit(1);
});

export { TARGETS };
