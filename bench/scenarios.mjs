/**
 * The measured scenarios, each driving a server process (the real one, or the floor) like an editor does.
 * Every function returns raw samples in ms (or MiB); bench/run.mjs turns them into medians and p95.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Session } from './lsp.mjs';
import { repoRoot } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

export const SERVER = { name: 'server', args: [path.join(repoRoot, 'dist', 'server.js'), '--stdio'], real: true };
export const FLOOR = { name: 'floor', args: [path.join(here, 'floor-server.mjs'), '--stdio'], real: false };

export const uriOf = (root, rel) => pathToFileURL(path.join(root, rel)).href;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Where a tree keeps a core module's files (app/code for plain, vendor/ for composer). */
export function coreModuleDir(tree, module) {
  return tree.name.startsWith('composer') ? `vendor/magento/module-${module.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}` : `app/code/Magento/${module}`;
}

/** Position of the character `offset` in `text` as LSP line/character. */
export function positionOf(text, offset) {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** A small api.xml of a module that exists only in the editor, with the cursor in an empty resource name. */
export const PROBE_API = {
  rel: 'app/code/Bench/Probe/etc/integration/api.xml',
  text: '<?xml version="1.0"?>\n<integrations>\n    <integration name="Bench Probe">\n        <resources>\n            <resource name=""/>\n        </resources>\n    </integration>\n</integrations>\n',
};
PROBE_API.position = positionOf(PROBE_API.text, PROBE_API.text.indexOf('name=""') + 6);

/** A small webapi.xml (editor-only) whose `method` value completion is the "small request". */
export const PROBE_WEBAPI = {
  rel: 'app/code/Bench/Probe/etc/webapi.xml',
  text: '<?xml version="1.0"?>\n<routes>\n    <route url="/V1/bench/probe" method="GET">\n        <service class="Bench\\Probe\\Api\\ProbeInterface" method="get"/>\n        <resources>\n            <resource ref="anonymous"/>\n        </resources>\n    </route>\n</routes>\n',
};
PROBE_WEBAPI.position = positionOf(PROBE_WEBAPI.text, PROBE_WEBAPI.text.indexOf('method="GET"') + 8);

function completionParams(uri, position) {
  return { textDocument: { uri }, position, context: { triggerKind: 1 } };
}

const itemsOf = (result) => (Array.isArray(result) ? result : result?.items ?? []);

/** Completion requests during the cold start: one every POLL_MS (each costs the server a full answer, so
 * polling faster would slow the indexing it measures), and one at once when the server logs 'Indexed'. */
const POLL_MS = 200;

/**
 * Cold start: spawn -> initialize -> initialized -> didOpen(probe api.xml) -> completion every POLL_MS (and at
 * once when the 'Indexed' log arrives) until an answer that comes after the index is complete (the server's
 * 'Indexed' log) and equals the warm server's answer `expected` (the same labels in the same order). The
 * bundled catalog answers with Magento's ids from the first millisecond, and the answer is capped (the
 * server filters long lists by what is typed), so "returns ACL ids" means: the answer of a fully indexed server.
 * Returns the times from spawn, the server's own index time, and VmHWM once the probe has diagnostics.
 */
export async function coldRun(target, tree, expected, env) {
  const session = Session.start(target.args, { env });
  try {
    await session.initialize(tree.root);
    const uri = uriOf(tree.root, PROBE_API.rel);
    session.open(uri, PROBE_API.text);
    let indexedSeen = false;
    const indexed = session.log(/^Indexed/).then((l) => {
      indexedSeen = true;
      return l;
    });
    const want = JSON.stringify(expected);
    let first;
    let polls = 0;
    let last;
    while (!first) {
      const seenBefore = indexedSeen;
      const r = await session.request('textDocument/completion', completionParams(uri, PROBE_API.position));
      polls++;
      last = itemsOf(r.result).map((i) => i.label);
      // The log and the answer travel on one stream, in the order the server sent them.
      if ((seenBefore || indexedSeen) && JSON.stringify(last) === want) first = r;
      else if (!indexedSeen) await Promise.race([sleep(POLL_MS), indexed]);
      else if (polls > 50) throw new Error(`after indexing, completion never gave the warm answer (${last.length} items: ${last.slice(0, 5).join(', ')} …)`);
    }
    const log = await indexed;
    const diagnostics = await session.nextDiagnostics(uri, 0);
    const memory = session.memory();
    const reported = Number(/ in (\d+) ms/.exec(log.message)?.[1] ?? NaN);
    return {
      firstCompletion: first.end - session.t0,
      indexedLog: log.t - session.t0,
      indexReported: reported,
      firstDiagnostics: diagnostics.t - session.t0,
      items: last.length,
      polls,
      hwm: memory.hwm,
    };
  } finally {
    await session.shutdown();
  }
}

/** The warm server's answer for the probe (labels in order), and how many ACL ids its index holds. */
export async function expectedItems(target, tree, env) {
  const session = Session.start(target.args, { env });
  try {
    await session.initialize(tree.root);
    const log = await session.log(/^Indexed/);
    const uri = uriOf(tree.root, PROBE_API.rel);
    session.open(uri, PROBE_API.text);
    await session.nextDiagnostics(uri, 0);
    const r = await session.request('textDocument/completion', completionParams(uri, PROBE_API.position));
    return { labels: itemsOf(r.result).map((i) => i.label), known: Number(/(\d+) ACL resources known/.exec(log.message)?.[1] ?? NaN) };
  } finally {
    await session.shutdown();
  }
}

/** Floor of the cold start: spawn `node floor-read.mjs` (reads the same files) until it exits. */
export function floorReadRun(tree, listFile) {
  const start = performance.now();
  const r = spawnSync(process.execPath, [path.join(here, 'floor-read.mjs'), tree.root, listFile], { encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`floor-read failed: ${r.stderr}`);
  return { ms, ...JSON.parse(r.stdout) };
}

/** A bare `node -e 0`, spawn to exit. */
export function nodeStartRun() {
  const start = performance.now();
  spawnSync(process.execPath, ['-e', '0']);
  return performance.now() - start;
}

export function writeFileList(tree, file) {
  writeFileSync(file, JSON.stringify(tree.magentoFiles));
  return file;
}


const unknownIds = (params) => new Set(params.diagnostics.filter((d) => d.code === 'unknown-resource').map((d) => d.message.split(' ')[0]));

/** The documents of the interactive session: two real files of the tree, the two small probes. */
function sessionDocs(tree) {
  const apiRel = 'app/code/Dealer4dealer/Xcore/etc/integration/api.xml';
  const webapiRel = `${coreModuleDir(tree, 'Sales')}/etc/webapi.xml`;
  const api = { rel: apiRel, uri: uriOf(tree.root, apiRel), text: readFileSync(path.join(tree.root, apiRel), 'utf8') };
  const webapi = { rel: webapiRel, uri: uriOf(tree.root, webapiRel), text: readFileSync(path.join(tree.root, webapiRel), 'utf8') };
  // Completion and keystrokes in a listed id of the 245-resource api.xml, and in a ref of Sales webapi.xml.
  const apiValue = api.text.indexOf('"Magento_Sales::reorder"') + 1;
  api.completeAt = positionOf(api.text, apiValue);
  api.keyAt = apiValue + 'Magento_Sales::reorder'.length - 1;
  const webapiValue = webapi.text.indexOf('"Magento_Sales::actions_view"') + 1;
  webapi.completeAt = positionOf(webapi.text, webapiValue);
  webapi.keyAt = webapiValue + 'Magento_Sales::actions_view'.length - 1;
  const probe = { uri: uriOf(tree.root, PROBE_WEBAPI.rel), text: PROBE_WEBAPI.text, completeAt: PROBE_WEBAPI.position };
  return { api, webapi, probe };
}

/**
 * One editor session on a fully indexed tree: completion latency (api.xml, webapi.xml), keystroke ->
 * diagnostics (api.xml, webapi.xml), acl.xml saved on disk -> diagnostics of the open api.xml, and the two
 * 5 MB documents (time to diagnostics, worst latency of a small completion sent every 20 ms meanwhile).
 */
export async function interactiveSession(target, tree, big, counts, env, log = () => undefined) {
  const session = Session.start(target.args, { env });
  const aclRel = `${coreModuleDir(tree, 'Catalog')}/etc/acl.xml`;
  // An id of the open api.xml that only Magento_Catalog's acl.xml declares (Magento_Sales ids are re-declared by a third-party acl.xml).
  const aclId = 'Magento_Catalog::categories';
  const aclFile = path.join(tree.root, aclRel);
  const aclUri = uriOf(tree.root, aclRel);
  let aclOriginal = readFileSync(aclFile, 'utf8');
  if (aclOriginal.includes(`${aclId}x`)) {
    // Left over from an interrupted run: repair the cached tree.
    aclOriginal = aclOriginal.replace(`id="${aclId}x"`, `id="${aclId}"`);
    writeFileSync(aclFile, aclOriginal);
  }
  const out = { completion: {}, keystroke: {}, aclSaved: [], big: {}, memory: {} };
  try {
    await session.initialize(tree.root);
    await session.log(/^Indexed/);
    const docs = sessionDocs(tree);
    for (const d of Object.values(docs)) {
      session.open(d.uri, d.text);
      await session.nextDiagnostics(d.uri, 0);
    }
    await sleep(100);
    out.memory.afterOpen = session.memory();

    // Completion latency.
    for (const key of ['api', 'webapi']) {
      const d = docs[key];
      const samples = [];
      let items = 0;
      for (let i = 0; i < counts.completion; i++) {
        const r = await session.request('textDocument/completion', completionParams(d.uri, d.completeAt));
        samples.push(r.ms);
        items = itemsOf(r.result).length;
        await sleep(5);
      }
      out.completion[key] = { samples, items, bytes: JSON.stringify(await session.connection.sendRequest('textDocument/completion', completionParams(d.uri, d.completeAt))).length };
      log(`  completion ${key}: ${items} items`);
    }

    // Keystroke -> diagnostics: one character of a listed id changes back and forth (unknown id <-> known).
    for (const key of ['api', 'webapi']) {
      const d = docs[key];
      const samples = [];
      let version = 1;
      for (let i = 0; i < counts.keystroke; i++) {
        version++;
        const broken = i % 2 === 0;
        const pos = positionOf(d.text, d.keyAt);
        const since = session.diagnosticsCount(d.uri);
        const t = session.notify('textDocument/didChange', {
          textDocument: { uri: d.uri, version },
          contentChanges: [{ range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: broken ? 'x' : d.text[d.keyAt] }],
        });
        const v = version;
        const got = await session.nextDiagnostics(d.uri, since, (p) => p.version === v);
        if (target.real && broken !== got.params.diagnostics.some((x) => /::(reordex|actions_viex)\b/.test(x.message))) {
          throw new Error(`keystroke ${key}: diagnostics did not follow the edit`);
        }
        samples.push(got.t - t);
        await sleep(100);
      }
      d.version = version;
      out.keystroke[key] = samples;
    }

    // acl.xml saved -> the open api.xml re-checked (the client reports the change; the server reads the file).
    const api = docs.api;
    try {
      for (let i = 0; i < counts.aclSaved; i++) {
        const broken = i % 2 === 0;
        writeFileSync(aclFile, broken ? aclOriginal.replace(`id="${aclId}"`, `id="${aclId}x"`) : aclOriginal);
        const since = session.diagnosticsCount(api.uri);
        const t = session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: aclUri, type: 2 }] });
        const got = await session.nextDiagnostics(api.uri, since, (p) => !target.real || unknownIds(p).has(aclId) === broken);
        out.aclSaved.push(got.t - t);
        await sleep(100);
      }
    } finally {
      writeFileSync(aclFile, aclOriginal);
      session.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: aclUri, type: 2 }] });
      await sleep(200);
    }
    out.memory.afterInteractive = session.memory();

    // 5 MB documents, opened in the editor only (no file on disk).
    for (const doc of big) {
      const uri = uriOf(tree.root, doc.rel);
      const runs = [];
      for (let r = 0; r < counts.big; r++) {
        const version = r + 1;
        const since = session.diagnosticsCount(uri);
        const small = [];
        let ticking = true;
        const ticker = (async () => {
          while (ticking) {
            small.push(session.request('textDocument/completion', completionParams(docs.probe.uri, docs.probe.completeAt)));
            await sleep(20);
          }
        })();
        const t = session.open(uri, doc.text, version);
        const got = await session.nextDiagnostics(uri, since, (p) => p.version === version, 120_000);
        await sleep(250); // follow-up work (other documents re-checked) still counts
        ticking = false;
        await ticker;
        const latencies = (await Promise.all(small)).map((x) => x.ms);
        const d = got.params.diagnostics;
        // A server may refuse to analyse a document this large and say so in one diagnostic.
        const analysed = !(d.length === 1 && /not analy[sz]ed|too (large|long)/i.test(d[0].message));
        runs.push({ toDiagnostics: got.t - t, diagnostics: d.length, analysed, worstOther: Math.max(...latencies), otherRequests: latencies.length });
        const closed = session.diagnosticsCount(uri);
        session.close(uri);
        await session.nextDiagnostics(uri, closed, (p) => p.diagnostics.length === 0);
        await sleep(300);
      }
      out.big[doc.key] = runs;
      log(`  5 MB ${doc.key}: ${runs.map((x) => `${x.toDiagnostics.toFixed(0)} ms (${x.analysed ? `${x.diagnostics} diagnostics` : 'not analysed'}), worst other ${x.worstOther.toFixed(0)} ms`).join('; ')}`);
    }
    out.memory.afterBig = session.memory();
    return out;
  } finally {
    await session.shutdown();
  }
}

export { Session, readFileSync, sleep, completionParams, itemsOf };
