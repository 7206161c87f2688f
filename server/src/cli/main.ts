/**
 * magento-integration-check: the language server's analysis on the command line, for CI and code review.
 *
 *   magento-integration-check [--format text|json|sarif|github] [--fix [--dry-run]] [PATH...]
 *
 * Exit codes: 0 no finding at or above --severity, 1 findings, 2 usage or I/O error. See docs/cli.md.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { check, PathError, Report } from './check';
import { formatGithub } from './format/github';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText, wantsColour } from './format/text';
import { CliOptions, helpText, parseOptions, PROGRAM, UsageError } from './options';
import { createProgress } from './progress';
import { EXIT_ERROR, exitCode, fixLine, oneLine } from './summary';
import { loadBundledCatalog } from '../node/catalogLoader';

/** Set by scripts/bundle.mjs: a bundle has no server/package.json beside it. Undefined in the tsc build. */
declare const BUNDLED_VERSION: string | undefined;

export function version(): string {
  if (typeof BUNDLED_VERSION === 'string') return BUNDLED_VERSION;
  // out/src/cli/main.js -> server/package.json
  for (const candidate of [path.join(__dirname, '..', '..', '..', 'package.json'), path.join(__dirname, '..', 'package.json')]) {
    try {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'magento-integration-ls' && pkg.version) return pkg.version;
    } catch {
      // try the next place
    }
  }
  return '0.0.0';
}

export interface Io {
  stdout: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  stderr: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function render(report: Report, options: CliOptions, io: Io): string {
  switch (options.format) {
    case 'json':
      return formatJson(report, options, version());
    case 'sarif':
      return formatSarif(report, options, version(), io.cwd);
    case 'github':
      return formatGithub(report, options);
    default:
      return formatText(report, options, wantsColour(io.stdout as { isTTY?: boolean; hasColors?: () => boolean }, io.env));
  }
}

/** Runs the command; resolves to the exit code. Never throws for usage or I/O problems. */
export async function run(argv: string[], io: Io): Promise<number> {
  const fail = (message: string, usage = false) => {
    io.stderr.write(`${PROGRAM}: ${message.split('\n').map((l) => oneLine(l)).join(`\n${PROGRAM}: `)}\n`);
    if (usage) io.stderr.write(`Run ${PROGRAM} --help for the options.\n`);
    return EXIT_ERROR;
  };
  let options: CliOptions;
  try {
    options = parseOptions(argv);
  } catch (e) {
    if (e instanceof UsageError) return fail(e.message, true);
    throw e;
  }
  if (options.help) {
    io.stdout.write(helpText());
    return 0;
  }
  if (options.version) {
    const catalog = loadBundledCatalog();
    io.stdout.write(`${PROGRAM} ${version()}${catalog ? ` (bundled catalog: ${catalog.product} ${catalog.release})` : ''}\n`);
    return 0;
  }

  const human = options.format === 'text' || options.format === 'github';
  const progress = human && !options.quiet && io.stderr.isTTY ? createProgress(io.stderr as NodeJS.WriteStream) : undefined;
  let report: Report;
  try {
    report = await check(options, { cwd: io.cwd, progress });
  } catch (e) {
    progress?.done();
    if (e instanceof PathError) return fail(e.message);
    throw e;
  }

  // Whatever the format cannot hold goes to stderr: problems always; with SARIF, what --fix changed (and its diff).
  if (options.format === 'sarif') {
    for (const file of report.files) {
      const line = fixLine(file);
      if (line && !options.quiet) io.stderr.write(`${line}\n`);
      if (file.fix?.diff) io.stderr.write(file.fix.diff);
    }
  }
  io.stdout.write(render(report, options, io));
  // Each on one line: they name paths of the workspace.
  if (options.format !== 'json') {
    for (const m of report.warnings) io.stderr.write(`${PROGRAM}: warning: ${oneLine(m)}\n`);
    for (const m of report.errors) io.stderr.write(`${PROGRAM}: error: ${oneLine(m)}\n`);
  } else if (report.errors.length) {
    // The JSON document carries them too; stderr still says why the exit code is 2.
    for (const m of report.errors) io.stderr.write(`${PROGRAM}: error: ${oneLine(m)}\n`);
  }
  return exitCode(report, options);
}

/** The executable's entry (bin/magento-integration-check): runs with process I/O and sets the exit code. */
export function main(): void {
  // A closed pipe (`... | head`) is not an error of ours.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${PROGRAM}: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
}
