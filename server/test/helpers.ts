/** Shared test helpers: `|` cursor markers, in-memory workspaces, applying LSP edits. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import type { Catalog } from '../src/service/acl/catalog';
import { getLanguageService, LanguageService } from '../src/service/languageService';
import { loadBundledCatalog, loadBundledSchemas } from '../src/node/catalogLoader';
import type { SchemaModel } from '../src/service/schema/model';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { after } from 'node:test';
import * as assert from 'node:assert/strict';

let bundled: Catalog | undefined;
let schemas: SchemaModel | undefined;
export function bundledSchemas(): SchemaModel {
  schemas ??= loadBundledSchemas();
  if (!schemas) throw new Error('server/data/magento-schemas.json is missing');
  return schemas;
}

export function bundledCatalog(): Catalog {
  bundled ??= loadBundledCatalog();
  if (!bundled) throw new Error('server/data/magento-catalog.json is missing');
  return bundled;
}

/** Splits `text` at its single `|` marker. */
export function cursor(textWithMarker: string): { text: string; offset: number } {
  const offset = textWithMarker.indexOf('|');
  if (offset < 0 || textWithMarker.indexOf('|', offset + 1) >= 0) throw new Error('expected exactly one | marker');
  return { text: textWithMarker.slice(0, offset) + textWithMarker.slice(offset + 1), offset };
}

/** Splits `text` at pairs of `|` markers: the ranges between each pair, in order. */
export function marked(textWithMarkers: string): { text: string; ranges: Array<{ start: number; end: number }> } {
  const parts = textWithMarkers.split('|');
  if (parts.length % 2 !== 1) throw new Error('expected pairs of | markers');
  const ranges: Array<{ start: number; end: number }> = [];
  let text = '';
  parts.forEach((part, i) => {
    if (i % 2 === 1) ranges.push({ start: text.length, end: text.length + part.length });
    text += part;
  });
  return { text, ranges };
}

/**
 * Reads the text of `textWithMarkers` (without its `|` pairs) and asserts that what `read` finds is exactly the
 * marked ranges, in order: one reference per marked value, at its exact range.
 */
export function readMarked<T extends { start: number; end: number }>(textWithMarkers: string, read: (text: string) => readonly T[]): readonly T[] {
  const { text, ranges } = marked(textWithMarkers);
  const found = read(text);
  assert.deepEqual(found.map((r) => ({ start: r.start, end: r.end })), ranges, 'one reference per marked value, at its exact range');
  return found;
}

export function doc(uri: string, text: string, version = 1): TextDocument {
  return TextDocument.create(uri, 'xml', version, text);
}

/** A service over in-memory files (path -> text); paths become file:///ws/<path> URIs. */
export function workspace(files: Record<string, string>, options: { catalog?: Catalog | 'bundled'; settings?: unknown; schemas?: boolean } = {}): LanguageService {
  const catalog = options.catalog === 'bundled' ? bundledCatalog() : options.catalog;
  const service = getLanguageService({ catalog, schemas: options.schemas ? bundledSchemas() : undefined });
  if (options.settings) service.configure(options.settings);
  for (const [p, text] of Object.entries(files)) service.index.update(uri(p), text);
  return service;
}

export function uri(p: string): string {
  return `file:///ws/${p}`;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(doc('file:///tmp.xml', text), [...edits]);
}

export function editsOf(action: CodeAction, documentUri: string): TextEdit[] {
  return action.edit?.changes?.[documentUri] ?? [];
}

/** A small core-like ACL tree, enough for most unit tests. */
export const CORE_ACL = `<?xml version="1.0"?>
<config>
  <acl>
    <resources>
      <resource id="Magento_Backend::all" title="Allow everything"/>
      <resource id="Magento_Backend::admin" title="Magento Admin">
        <resource id="Magento_Sales::sales" title="Sales">
          <resource id="Magento_Sales::sales_operation" title="Operations">
            <resource id="Magento_Sales::sales_order" title="Orders">
              <resource id="Magento_Sales::actions" title="Actions">
                <resource id="Magento_Sales::reorder" title="Reorder"/>
                <resource id="Magento_Sales::ship" title="Ship"/>
              </resource>
            </resource>
          </resource>
        </resource>
        <resource id="Magento_Backend::stores" title="Stores">
          <resource id="Magento_Backend::stores_settings" title="Settings">
            <resource id="Magento_Config::config" title="Configuration"/>
          </resource>
        </resource>
      </resource>
    </resources>
  </acl>
</config>
`;

export const CORE_ACL_PATH = 'app/code/Magento/Sales/etc/acl.xml';
export const API_PATH = 'app/code/Acme/Sync/etc/integration/api.xml';
export const CONFIG_PATH = 'app/code/Acme/Sync/etc/integration/config.xml';

/** config.xml declaring the integrations (so api.xml tests do not also get integration-without-config). */
export function configXml(...names: string[]): string {
  return `<integrations>\n${names.map((n) => `  <integration name="${n}">\n    <email>a@b.example</email>\n  </integration>\n`).join('')}</integrations>\n`;
}

export function apiXml(resources: string, name = 'Acme'): string {
  return `<?xml version="1.0"?>\n<integrations>\n    <integration name="${name}">\n        <resources>\n${resources}        </resources>\n    </integration>\n</integrations>\n`;
}

/** ../shared/corpus, or undefined outside CI when it is absent (CI must have it: see corpus tests). */
export function corpusRoot(): string | undefined {
  const root = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
  return existsSync(root) ? root : undefined;
}

/** LSP 3.18 allows markup in diagnostic messages; ours are plain strings. */
export function messageOf(d: { message: string | { value: string } }): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

/** Records temporary folders of the calling test file and removes them when its tests are done. */
export function trackTemporaries(): (dir: string) => string {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) {
      try {
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // A folder a failed test left unreadable: leave it to the system's tmp cleaning.
      }
    }
  });
  return (dir) => {
    dirs.push(dir);
    return dir;
  };
}

export const CHECK_BIN = path.resolve(__dirname, '..', '..', 'bin', 'magento-integration-check');

export interface CliRun {
  code: number | null;
  /** Set when the run was killed (it did not end within the time allowed). */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** magento-integration-check as a process (without colour settings), killed after `timeoutMs`. */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number; prefix?: string[] }): CliRun {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const command = [...(options.prefix ?? []), process.execPath, CHECK_BIN, ...args];
  const r = spawnSync(command[0], command.slice(1), { cwd: options.cwd, env, encoding: 'utf8', timeout: options.timeoutMs ?? 60000, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Writes `files` (relative path -> content) under `root`. */
export function writeTree(root: string, files: Record<string, string | Buffer>): string {
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), content);
  }
  return root;
}

/**
 * CPU time (ms) this process spends in `run`, the median of three runs. Unlike wall-clock time it is not
 * stretched by other processes on a busy machine: what it measures is the work done.
 */
export function cpuMs(run: () => unknown): number {
  const ms: number[] = [];
  for (let i = 0; i < 3; i++) {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    ms.push((used.user + used.system) / 1000);
  }
  return ms.sort((a, b) => a - b)[1];
}

/**
 * Asserts that the work of `run(size)` grows linearly: at 4n it costs less than 8 times (plus 60 ms for
 * noise) what it does at n, where quadratic work costs 16 times. A ratio of the process's own CPU time, not
 * a time budget: it holds on a loaded machine. Returns the figure for the test's log.
 */
export function assertLinear(what: string, run: (size: number) => unknown, n: number): string {
  const small = cpuMs(() => run(n));
  const large = cpuMs(() => run(4 * n));
  assert.ok(large < 8 * small + 60, `${what}: n=${n} ${small.toFixed(1)} ms, 4n ${large.toFixed(1)} ms of CPU time: superlinear`);
  return `${what}: ${small.toFixed(0)} -> ${large.toFixed(0)} ms`;
}
