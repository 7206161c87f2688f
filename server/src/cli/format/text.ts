/**
 * --format text: `path:line:col severity code message`, then the source line with a caret under the
 * range, like a compiler. Colours only when asked (a TTY without NO_COLOR, or FORCE_COLOR).
 */
import type { Finding, FileReport, Level, Report } from '../check';
import type { CliOptions } from '../options';
import { fixableHint, fixLine, oneLine, shownIn, summaryLine } from '../summary';

export interface Palette {
  bold(s: string): string;
  dim(s: string): string;
  level(level: Level, s: string): string;
}

const plain: Palette = { bold: (s) => s, dim: (s) => s, level: (_l, s) => s };

const sgr = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const colours: Record<Level, (s: string) => string> = {
  error: sgr(31, 39),
  warning: sgr(33, 39),
  information: sgr(36, 39),
  hint: sgr(90, 39),
};
const ansi: Palette = { bold: sgr(1, 22), dim: sgr(2, 22), level: (l, s) => colours[l](s) };

export function palette(colour: boolean): Palette {
  return colour ? ansi : plain;
}

/** Whether to colour a stream: NO_COLOR (any value) wins, then FORCE_COLOR, then "is it a colour TTY". */
export function wantsColour(stream: { isTTY?: boolean; hasColors?: () => boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR);
  return !!stream.isTTY && (stream.hasColors?.() ?? true);
}

const LEVEL_WORD: Record<Level, string> = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' };

function lineOf(text: string, line: number): string {
  let start = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}

/**
 * The source line and a caret line under the range (clipped to the first line; tabs kept for alignment,
 * other control characters shown as escapes).
 */
export function excerpt(finding: Finding, text: string, p: Palette): string[] {
  const { start, end } = finding.range;
  const source = lineOf(text, start.line);
  const number = String(start.line + 1);
  const gutter = ' '.repeat(number.length);
  const from = Math.min(start.character, source.length);
  const to = end.line === start.line ? Math.min(Math.max(end.character, from + 1), Math.max(source.length, from + 1)) : Math.max(source.length, from + 1);
  const shown = (s: string) => oneLine(s, true);
  const pad = shown(source.slice(0, from)).replace(/[^\t]/g, ' ');
  const marker = '^' + '~'.repeat(Math.max(0, shown(source.slice(from, to)).length - 1));
  return [`${p.dim(` ${number} |`)} ${shown(source)}`, `${p.dim(` ${gutter} |`)} ${pad}${p.level(finding.severity, marker)}`];
}

/** The finding's line, its source excerpt (unless the file may not be quoted: it is not XML) and notes. */
export function formatFinding(finding: Finding, file: FileReport, p: Palette): string[] {
  const { line, character } = finding.range.start;
  const head =
    `${p.bold(`${oneLine(finding.path)}:${line + 1}:${character + 1}`)} ${p.level(finding.severity, LEVEL_WORD[finding.severity])} ` +
    `${p.dim(finding.code)} ${oneLine(finding.message)}`;
  const out = [head, ...(file.quotable ? excerpt(finding, file.text, p) : [])];
  for (const r of finding.related) {
    out.push(`  ${p.dim('note:')} ${oneLine(r.path)}:${r.range.start.line + 1}:${r.range.start.character + 1} ${oneLine(r.message)}`);
  }
  return out;
}

/** A unified diff with removed lines red and added lines green (headers bold), when colouring. */
export function colourDiff(diff: string, colour: boolean): string {
  if (!colour) return diff;
  return diff
    .split('\n')
    .map((l) => (/^(---|\+\+\+) /.test(l) ? ansi.bold(l) : l.startsWith('+') ? sgr(32, 39)(l) : l.startsWith('-') ? sgr(31, 39)(l) : l.startsWith('@@') ? sgr(36, 39)(l) : l))
    .join('\n');
}

export function formatText(report: Report, options: CliOptions, colour: boolean): string {
  const p = palette(colour);
  const out: string[] = [];
  if (!options.quiet) for (const file of report.files) { const l = fixLine(file); if (l) out.push(l); }
  if (options.dryRun) for (const file of report.files) if (file.fix?.diff) out.push(colourDiff(file.fix.diff.replace(/\n$/, ''), colour));
  const all: Finding[] = [];
  for (const file of report.files) {
    for (const finding of shownIn(file, options)) {
      all.push(finding);
      out.push(...formatFinding(finding, file, p));
    }
  }
  if (!options.quiet) {
    out.push(summaryLine(report, all));
    const hint = fixableHint(report);
    if (hint) out.push(hint);
  }
  return out.length ? out.join('\n') + '\n' : '';
}
