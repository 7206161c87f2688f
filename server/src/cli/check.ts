/**
 * The analysis behind magento-integration-check: indexes the paths exactly as the server indexes a
 * workspace (WorkspaceLoader, bundled catalog and schemas, the same language service), optionally applies
 * the service's safe fixes, and validates every file asked for. No output here: formats render the report.
 */
import { promises as fs, Stats } from 'node:fs';
import * as path from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity, DiagnosticTag, Range } from 'vscode-languageserver-types';
import type { Catalog } from '../service/acl/catalog';
import { FileKind, fileKindOf } from '../service/files/fileKind';
import { getLanguageService, LanguageService } from '../service/languageService';
import { loadBundledCatalog, loadBundledSchemas } from '../node/catalogLoader';
import { isOutsideMessage, isRefusal, isWithin, readWorkspaceFile, Roots } from '../node/fileReading';
import { canEncode, encodeXml } from '../node/xmlEncoding';
import { pathOf, uriOf, WorkspaceLoader } from '../node/workspaceLoader';
import { isQuotable } from '../service/xml/xmlDocument';
import { writeInPlace } from './writeInPlace';
import type { CliOptions } from './options';
import type { Progress } from './progress';

export type Level = 'error' | 'warning' | 'information' | 'hint';
export const LEVELS: readonly Level[] = ['error', 'warning', 'information', 'hint'];

export interface Place {
  /** Absolute path on disk. */
  file: string;
  /** Relative to the working directory, with forward slashes (absolute when outside it). */
  path: string;
  /** Zero-based LSP range (UTF-16 columns, exclusive end). */
  range: Range;
}

export interface Finding extends Place {
  severity: Level;
  code: string;
  message: string;
  unnecessary: boolean;
  related: Array<Place & { message: string }>;
}

export interface FixResult {
  /** The file's text differs after the fixes. */
  changed: boolean;
  /** Written to disk (false with --dry-run, or when writing failed). */
  written: boolean;
  /** Number of text edits applied. */
  edits: number;
  inserted: number;
  removed: number;
  /** Findings of this file the fixes resolved, by code. */
  resolved: Record<string, number>;
  /** Unified diff (git style, a/ and b/ prefixes, paths relative to the working directory), with --dry-run. */
  diff?: string;
}

export interface FileReport {
  file: string;
  path: string;
  kind: FileKind;
  /** The text that was checked (after fixes). */
  text: string;
  /** The text looks like XML and may be quoted in source excerpts (else it may be anything: a link's target, a binary). */
  quotable: boolean;
  findings: Finding[];
  /** Safe fixes are available (without --fix). */
  fixable: boolean;
  fix?: FixResult;
}

export interface Report {
  files: FileReport[];
  catalog?: { product: string; release: string; inUse: boolean };
  aclResources: number;
  /** I/O problems inside the checked paths: the run exits with 2. */
  errors: string[];
  /** Problems outside them (module context, --magento-root): reported, not fatal. */
  warnings: string[];
}

export class PathError extends Error {}

const levelOf: Record<number, Level> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

interface Target {
  /** What to index (for a single file outside a module layout: nothing else). */
  context?: string;
  /** Where links may lead from this target: its context, or the folder of a single file. */
  root: string;
  /** Report the files found under this folder (undefined: report only `file`). */
  reportUnder?: string;
  file?: string;
}

export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  const shown = rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
  return shown.split(path.sep).join('/');
}

/**
 * The module folder a Magento file or folder belongs to: the folder above its `etc/` when `p` is
 * `<module>/etc`, `<module>/etc/integration` or a file in one of them (the places the scanner looks).
 */
function moduleRootOf(p: string, isDirectory: boolean): string | undefined {
  let dir = isDirectory ? p : path.dirname(p);
  if (path.basename(dir) === 'integration' && path.basename(path.dirname(dir)) === 'etc') dir = path.dirname(dir);
  return path.basename(dir) === 'etc' ? path.dirname(dir) : undefined;
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { refused?: string };
  if (err.refused && !err.code) return err.message;
  switch (err.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ENOTDIR': return 'a path component is not a directory';
    case 'ELOOP': return 'too many symbolic links';
    case 'EISDIR': return 'is a directory';
    default: return err.code ? `${err.code}: ${err.message}` : String(err.message ?? e);
  }
}

/** Checks that every PATH exists and is readable; throws a PathError naming each one that is not. */
async function resolveTargets(paths: string[], cwd: string): Promise<{ targets: Target[]; texts: Map<string, string> }> {
  const problems: string[] = [];
  const targets: Target[] = [];
  const texts = new Map<string, string>();
  for (const given of paths) {
    const full = path.resolve(cwd, given);
    let stat: Stats;
    try {
      stat = await fs.stat(full);
    } catch (e) {
      problems.push(`${given}: ${describe(e)}`);
      continue;
    }
    if (stat.isDirectory()) {
      try {
        await fs.readdir(full);
      } catch (e) {
        problems.push(`cannot read directory ${given}: ${describe(e)}`);
        continue;
      }
      const context = moduleRootOf(full, true) ?? full;
      targets.push({ context, root: context, reportUnder: full });
    } else if (stat.isFile()) {
      const context = moduleRootOf(full, false);
      const root = context ?? path.dirname(full);
      const read = readWorkspaceFile(full, { roots: new Roots([root], root) });
      if (isRefusal(read)) {
        problems.push(read.refused === 'unreadable' ? `cannot read ${given}: ${describe(read)}` : read.message);
        continue;
      }
      const text = read.text;
      const kind = fileKindOf(uriOf(full), text);
      if (!kind || kind === 'module') {
        problems.push(
          `${given} is not a Magento integration, ACL or web API file (etc/integration/api.xml, etc/integration/config.xml, etc/integration.xml, etc/acl.xml or etc/webapi.xml)`,
        );
        continue;
      }
      texts.set(full, text);
      targets.push({ context, root, file: full });
    } else {
      problems.push(`${given} is neither a file nor a directory`);
    }
  }
  if (problems.length) throw new PathError(problems.join('\n'));
  return { targets, texts };
}

async function checkRoots(roots: string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  for (const given of roots) {
    const full = path.resolve(cwd, given);
    try {
      if (!(await fs.stat(full)).isDirectory()) throw new PathError(`--magento-root ${given} is not a directory`);
      await fs.readdir(full);
    } catch (e) {
      if (e instanceof PathError) throw e;
      throw new PathError(`--magento-root ${given}: ${describe(e)}`);
    }
    out.push(full);
  }
  return out;
}

export interface CheckEnvironment {
  cwd: string;
  progress?: Progress;
}

export async function check(options: CliOptions, env: CheckEnvironment): Promise<Report> {
  const { cwd, progress } = env;
  const { targets, texts } = await resolveTargets(options.paths.length ? options.paths : ['.'], cwd);
  const magentoRoots = await checkRoots(options.magentoRoots, cwd);

  const errors: string[] = [];
  const warnings: string[] = [];
  const catalog: Catalog | undefined = loadBundledCatalog((m) => warnings.push(m));
  const service = getLanguageService({ catalog, schemas: loadBundledSchemas((m) => warnings.push(m)) });
  service.configure({ severity: options.rules, useBundledCatalog: options.bundledCatalog });

  // Two loaders over one index: problems inside the checked paths are errors, elsewhere warnings. A link
  // leading outside the given paths is not followed: said, not an error (its target may be anything).
  const roots = new Roots([...magentoRoots, ...targets.map((t) => t.root)], 'the paths being checked');
  const reportLoader = new WorkspaceLoader(service.index, undefined, (m) => (isOutsideMessage(m) ? warnings : errors).push(m), { roots });
  const contextLoader = new WorkspaceLoader(service.index, undefined, (m) => warnings.push(m), { roots });

  progress?.phase('indexing');
  const reported = new Set<string>();
  for (const root of magentoRoots) await contextLoader.loadFolder(root);
  for (const target of targets) {
    if (target.reportUnder) {
      const loader = target.context === target.reportUnder ? reportLoader : contextLoader;
      const found = await loader.loadFolder(target.context!);
      if (loader === contextLoader) {
        // The module around an etc/ folder is context; the files under the folder asked for are not.
        for (const f of found.filter((f) => isWithin(f, target.reportUnder!))) await reportLoader.refreshFile(f);
      }
      for (const f of found) if (isWithin(f, target.reportUnder) && fileKindOf(uriOf(f)) !== 'module') reported.add(f);
    } else {
      if (target.context) await contextLoader.loadFolder(target.context);
      const file = target.file!;
      // Also a renamed copy recognised by its schema URN, which the scanner would not pick up.
      service.index.update(uriOf(file), texts.get(file)!, await contextLoader.moduleName(file));
      reported.add(file);
    }
  }

  const files: FileReport[] = [];
  for (const file of [...reported].sort()) {
    const indexed = service.index.get(uriOf(file));
    if (!indexed) {
      // The loader could not read it (and said so), or it vanished since the scan.
      if (!errors.some((m) => m.includes(file)) && !warnings.some((m) => m.includes(file))) {
        const read = readWorkspaceFile(file, { roots });
        errors.push(isRefusal(read) ? `cannot read ${displayPath(file, cwd)}: ${describe(read)}` : `cannot check ${displayPath(file, cwd)}: not a Magento file`);
      }
      continue;
    }
    files.push({ file, path: displayPath(file, cwd), kind: indexed.kind, text: indexed.text, quotable: isQuotable(indexed.text), findings: [], fixable: false });
  }

  if (options.fix) {
    progress?.phase('fixing', files.length);
    for (const report of files) {
      progress?.tick();
      const fix = fixFile(service, report, { ...options, roots }, cwd);
      if (fix.error) errors.push(fix.error);
      if (fix.result) report.fix = fix.result;
    }
  }

  progress?.phase('checking', files.length);
  for (const report of files) {
    progress?.tick();
    const document = TextDocument.create(uriOf(report.file), 'xml', 1, report.text);
    report.findings = service.doValidation(document).map((d) => findingOf(d, report, document, cwd));
    if (!options.fix && (report.kind === 'api' || report.kind === 'integration')) report.fixable = service.getSafeFixes(document).length > 0;
  }
  progress?.done();

  // The loader's messages name absolute paths: show those under the working directory as elsewhere.
  const relative = (m: string) => m.split(cwd.endsWith(path.sep) ? cwd : cwd + path.sep).join('');
  return {
    files,
    catalog: catalog ? { product: catalog.product, release: catalog.release, inUse: options.bundledCatalog } : undefined,
    aclResources: service.index.acl.size,
    errors: errors.map(relative),
    warnings: warnings.map(relative),
  };
}

function findingOf(d: Diagnostic, report: FileReport, document: TextDocument, cwd: string): Finding {
  return {
    file: report.file,
    path: report.path,
    range: d.range,
    severity: levelOf[d.severity ?? DiagnosticSeverity.Error],
    code: String(d.code),
    message: typeof d.message === 'string' ? d.message : (d.message as { value: string }).value,
    unnecessary: !!d.tags?.includes(DiagnosticTag.Unnecessary),
    related: (d.relatedInformation ?? []).map((r) => {
      const file = pathOf(r.location.uri) ?? r.location.uri;
      return { file, path: r.location.uri === document.uri ? report.path : displayPath(file, cwd), range: r.location.range, message: r.message };
    }),
  };
}

function countByCode(diagnostics: Diagnostic[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const d of diagnostics) counts.set(String(d.code), (counts.get(String(d.code)) ?? 0) + 1);
  return counts;
}

/**
 * Applies the service's safe fixes to one file (the index then holds the fixed text, so files checked
 * after it see the fix, e.g. parents added to an integration another api.xml shares). The file is read
 * again first: a file changed since it was checked, or in an encoding its bytes would not survive, is left
 * as it is and reported.
 */
function fixFile(
  service: LanguageService,
  report: FileReport,
  options: { dryRun: boolean; fixReadOnly: boolean; roots: Roots },
  cwd: string,
): { result?: FixResult; error?: string } {
  const uri = uriOf(report.file);
  const original = report.text;
  const document = TextDocument.create(uri, 'xml', 1, original);
  const before = countByCode(service.doValidation(document));
  const edits = service.getSafeFixes(document);
  if (!edits.length) return {};
  const fixed = TextDocument.applyEdits(document, edits);
  if (fixed === original) return {};
  const after = countByCode(service.doValidation(TextDocument.create(uri, 'xml', 2, fixed)));
  const resolved: Record<string, number> = {};
  for (const [code, n] of before) if (n > (after.get(code) ?? 0)) resolved[code] = n - (after.get(code) ?? 0);
  const result: FixResult = {
    changed: true,
    written: false,
    edits: edits.length,
    inserted: edits.reduce((n, e) => n + (e.newText.match(/<resource\b/g)?.length ?? 0), 0),
    removed: edits.filter((e) => e.newText === '' && (e.range.start.line !== e.range.end.line || e.range.start.character !== e.range.end.character)).length,
    resolved,
  };
  if (options.dryRun) {
    const shown = patchPath(report.file, cwd);
    result.diff = createTwoFilesPatch(gitQuoted(`a/${shown}`), gitQuoted(`b/${shown}`), original, fixed, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY });
  } else {
    const notFixed = (why: string) => {
      // Not written: check (and report) the file as it was read.
      service.index.update(uri, original);
      return { error: `not fixed ${report.path}: ${why}` };
    };
    const read = readWorkspaceFile(report.file, { roots: options.roots });
    if (isRefusal(read)) return notFixed(read.refused === 'missing' ? 'it was removed' : describe(read));
    if (read.text !== original) return notFixed('it changed since it was read; run again to fix it as it is now');
    const encoding = read.encoding;
    if (!encoding) return notFixed(`its declared encoding ${read.label} cannot be written back exactly`);
    if (!encodeXml(read.text, encoding).equals(read.bytes)) return notFixed(`its bytes are not valid ${read.label}, and would not be written back as they are`);
    if (!canEncode(fixed, encoding)) return notFixed(`the fix needs characters that ${read.label} cannot hold`);
    try {
      const outcome = writeInPlace(read.real, read.bytes, encodeXml(fixed, encoding), { readOnlyToo: options.fixReadOnly });
      if (!outcome.written) return notFixed(outcome.reason);
      result.written = true;
    } catch (e) {
      return { ...notFixed(''), error: `cannot write ${report.path}: ${describe(e)}` };
    }
  }
  report.text = fixed;
  return { result };
}

/**
 * A file's path in a --dry-run patch: relative to the working directory even outside it (`../module/...`,
 * never `a//abs/path`), with `/`, which is what `git apply` and `patch -p1` expect.
 */
function patchPath(file: string, cwd: string): string {
  return (path.relative(cwd, file) || path.basename(file)).split(path.sep).join('/');
}

/** A patch header name as git writes one: in C-style quotes when it holds a control character, `"` or `\`. */
function gitQuoted(name: string): string {
  if (!/[\u0000-\u001f"\\\u007f]/.test(name)) return name;
  const escapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '"': '\\"', '\\': '\\\\' };
  return `"${name.replace(/[\u0000-\u001f"\\\u007f]/g, (c) => escapes[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}`)}"`;
}
