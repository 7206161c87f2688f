/**
 * --format github: one GitHub Actions workflow command per finding (`::warning file=...,line=...::message`),
 * which the runner turns into annotations on the pull request's diff. Errors are `error`, warnings
 * `warning`, information and hints `notice`. Other lines (fixes, summary) are plain log lines.
 */
import type { Finding, Level, Report } from '../check';
import type { CliOptions } from '../options';
import { fixLine, shownFindings, summaryLine } from '../summary';

const command: Record<Level, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** Escaping of the runner's command parser (data: % CR LF; properties also : and ,). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotation(f: Finding): string {
  const { start, end } = f.range;
  const props = [
    `file=${escapeProperty(f.path)}`,
    `line=${start.line + 1}`,
    `endLine=${end.line + 1}`,
    `col=${start.character + 1}`,
    // GitHub takes endColumn as inclusive and only on one line.
    ...(end.line === start.line && end.character > start.character ? [`endColumn=${end.character}`] : []),
    `title=${escapeProperty(`${f.code} (magento-integration)`)}`,
  ];
  return `::${command[f.severity]} ${props.join(',')}::${escapeData(f.message)}`;
}

export function formatGithub(report: Report, options: CliOptions): string {
  const out: string[] = [];
  if (!options.quiet) for (const file of report.files) { const l = fixLine(file); if (l) out.push(l); }
  // A lone CR in a diff line could end the line for the runner: written as an escape here.
  if (options.dryRun) for (const file of report.files) if (file.fix?.diff) out.push(file.fix.diff.replace(/\n$/, '').replace(/\r(?!\n)/g, '\\r'));
  const findings = shownFindings(report, options);
  out.push(...findings.map(annotation));
  if (!options.quiet) out.push(summaryLine(report, findings));
  return out.length ? out.join('\n') + '\n' : '';
}
