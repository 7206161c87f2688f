/** What every format needs from a report: the threshold, the counts, the exit code, one-line summaries. */
import type { Finding, FileReport, Level, Report } from './check';
import { LEVELS } from './check';
import type { CliOptions, Threshold } from './options';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

const rank: Record<Level, number> = { error: 1, warning: 2, information: 3, hint: 4 };

export function atOrAbove(level: Level, threshold: Threshold): boolean {
  return threshold !== 'off' && rank[level] <= rank[threshold];
}

/** Findings in report order (files sorted by path, then by position); --quiet keeps only failing ones. */
export function shownFindings(report: Report, options: CliOptions): Finding[] {
  return report.files.flatMap((f) => shownIn(f, options));
}

export function shownIn(file: FileReport, options: CliOptions): Finding[] {
  const sorted = [...file.findings].sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
  return options.quiet ? sorted.filter((f) => atOrAbove(f.severity, options.threshold)) : sorted;
}

export function counts(findings: readonly Finding[]): Record<Level, number> {
  const out: Record<Level, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

export function exitCode(report: Report, options: CliOptions): number {
  if (report.errors.length) return EXIT_ERROR;
  return report.files.some((f) => f.findings.some((x) => atOrAbove(x.severity, options.threshold))) ? EXIT_FINDINGS : EXIT_OK;
}

/**
 * A path or message as one line of plain text: control characters (and the Unicode line separators) as
 * escapes — `\n`, `\u001b` —, so nothing a workspace names (a folder called "x\n::error::...") starts a
 * line of its own, which GitHub Actions would run as a workflow command, or drives the terminal.
 */
export function oneLine(s: string, keepTabs = false): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === '\t' && keepTabs ? c : (ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  );
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "8 problems (6 warnings, 2 information) in 2 of 4 files; checked against 278 ACL resources (...)." */
export function summaryLine(report: Report, findings: readonly Finding[]): string {
  const c = counts(findings);
  const parts = LEVELS.filter((l) => c[l]).map((l) =>
    l === 'information' ? `${c[l]} information` : plural(c[l], l === 'error' ? 'error' : l === 'warning' ? 'warning' : 'hint'),
  );
  const files = plural(report.files.length, 'file');
  const withFindings = new Set(findings.map((f) => f.file)).size;
  const catalog = report.catalog
    ? report.catalog.inUse
      ? ` (bundled ${report.catalog.product} ${report.catalog.release} catalog in use)`
      : ' (bundled catalog not used)'
    : '';
  const against = `checked against ${plural(report.aclResources, 'ACL resource')}${catalog}`;
  if (!findings.length) return `No problems in ${files}; ${against}.`;
  const where = withFindings === report.files.length ? files : `${withFindings} of ${files}`;
  return `${plural(findings.length, 'problem')} (${parts.join(', ')}) in ${where}; ${against}.`;
}

/** "Fixed a/b/api.xml: 3 missing-parent, 1 redundant-root (5 <resource> inserted, 1 removed)." */
export function fixLine(file: FileReport): string | undefined {
  const fix = file.fix;
  if (!fix?.changed) return undefined;
  const resolved = Object.entries(fix.resolved).map(([code, n]) => `${n} ${code}`);
  const edits = [fix.inserted ? `${fix.inserted} <resource> inserted` : '', fix.removed ? `${fix.removed} removed` : ''].filter(Boolean);
  const what = [resolved.join(', '), edits.length ? `(${edits.join(', ')})` : ''].filter(Boolean).join(' ');
  return `${fix.written ? 'Fixed' : 'Would fix'} ${oneLine(file.path)}: ${what || `${fix.edits} edit(s)`}.`;
}

export function fixableHint(report: Report): string | undefined {
  const n = report.files.filter((f) => f.fixable).length;
  if (!n) return undefined;
  return `Safe fixes (missing parents, duplicates, Magento_Backend::admin) are available in ${plural(n, 'file')}: run with --fix, or --fix --dry-run to see them.`;
}
