/** The command line of magento-integration-check: parsing, validation and --help. */
import { parseArgs } from 'node:util';
import type { SeverityLevel } from '../service/settings';
import { FILE_NAMES, RULE_CODES, RULES } from './rules';

export const PROGRAM = 'magento-integration-check';

export type Format = 'text' | 'json' | 'sarif' | 'github';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'github'];

/** A finding level; `off` as a threshold means findings never fail the run. */
export type Threshold = Exclude<SeverityLevel, 'off'> | 'off';

export interface CliOptions {
  paths: string[];
  format: Format;
  fix: boolean;
  dryRun: boolean;
  /** --fix-read-only: --fix also writes files without any write permission bit. */
  fixReadOnly: boolean;
  threshold: Threshold;
  /** --rule overrides, as the `severity` setting (code or code@file -> level). */
  rules: Record<string, SeverityLevel>;
  magentoRoots: string[];
  bundledCatalog: boolean;
  quiet: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

const LEVELS: readonly SeverityLevel[] = ['error', 'warning', 'information', 'hint', 'off'];
const ALIASES: Record<string, SeverityLevel> = { info: 'information', note: 'information', warn: 'warning', none: 'off' };

function level(value: string, what: string): SeverityLevel {
  const v = value.trim().toLowerCase();
  const l = (LEVELS as readonly string[]).includes(v) ? (v as SeverityLevel) : ALIASES[v];
  if (!l) throw new UsageError(`${what}: "${value}" is not a level (one of ${LEVELS.join(', ')})`);
  return l;
}

export function parseOptions(argv: string[]): CliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (e) {
    // node:util's messages name the option ("Unknown option '--x'"); keep them, drop the advice about '--'.
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  const v = parsed.values;
  const format = (v.format ?? 'text').toLowerCase();
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format: "${v.format}" is not a format (one of ${FORMATS.join(', ')})`);
  const threshold = level(v.severity ?? 'warning', '--severity');
  const rules: Record<string, SeverityLevel> = {};
  for (const rule of v.rule ?? []) {
    const eq = rule.indexOf('=');
    if (eq < 0) throw new UsageError(`--rule: "${rule}" is not CODE=LEVEL (e.g. --rule missing-parent=error)`);
    const key = rule.slice(0, eq).trim();
    const [code, file, ...rest] = key.split('@');
    if (!RULE_CODES.has(code)) throw new UsageError(`--rule: "${code}" is not a diagnostic code (one of ${[...RULE_CODES].join(', ')})`);
    if (rest.length || (file !== undefined && !FILE_NAMES.has(file))) {
      throw new UsageError(`--rule: "${key}": after @ comes a file name (one of ${[...FILE_NAMES].join(', ')})`);
    }
    rules[key] = level(rule.slice(eq + 1), `--rule ${key}`);
  }
  if (v['dry-run'] && !v.fix) throw new UsageError('--dry-run goes with --fix (--fix --dry-run prints the fixes as a unified diff)');
  if (v['fix-read-only'] && !v.fix) throw new UsageError('--fix-read-only goes with --fix (it lets --fix write read-only files too)');
  return {
    paths: parsed.positionals,
    format: format as Format,
    fix: !!v.fix,
    dryRun: !!v['dry-run'],
    fixReadOnly: !!v['fix-read-only'],
    threshold,
    rules,
    magentoRoots: v['magento-root'] ?? [],
    bundledCatalog: !v['no-bundled-catalog'],
    quiet: !!v.quiet,
    help: !!v.help,
    version: !!v.version,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      fix: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      'fix-read-only': { type: 'boolean' },
      severity: { type: 'string', short: 's' },
      rule: { type: 'string', short: 'r', multiple: true },
      'magento-root': { type: 'string', multiple: true },
      'no-bundled-catalog': { type: 'boolean' },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' },
    },
  });
}

export function helpText(): string {
  const codes = RULES.map((r) => `  ${r.code.padEnd(30)} ${r.level}`).join('\n');
  return `Usage: ${PROGRAM} [options] [PATH...]

Checks Magento 2 integration files (etc/integration/api.xml, etc/integration/config.xml,
etc/integration.xml) and the etc/acl.xml and etc/webapi.xml files they depend on, with the
same analysis as the magento-integration language server.

PATH is a Magento project root, a module folder, any folder, or single files (default: the
current directory). A single file is checked with the rest of its module indexed beside it.
Modules that are not there (Magento's own, in a standalone module repository) come from the
bundled Magento Open Source catalog.

Options:
  -f, --format FORMAT     text (default), json, sarif (SARIF 2.1.0) or github
                          (workflow-command annotations)
      --fix               apply every safe fix in place (missing parent resources,
                          duplicate entries, Magento_Backend::admin) and report what changed
      --dry-run           with --fix: print the fixes as a unified diff, change no file
      --fix-read-only     with --fix: also write files that are read-only (refused
                          otherwise); a file changed since it was read is never written
  -s, --severity LEVEL    lowest level that fails the run (exit code 1): error,
                          warning (default), information, hint, or off (never fail)
  -r, --rule CODE=LEVEL   level of one diagnostic code: error, warning, information,
                          hint or off; CODE@FILE (missing-parent@integration.xml)
                          applies to one file kind. Repeatable.
      --magento-root DIR  also index DIR (e.g. a Magento installation) for ACL ids and
                          integrations, without reporting its files. Repeatable.
      --no-bundled-catalog  do not use the bundled Magento catalog
  -q, --quiet             report only findings at or above --severity; no summary
  -h, --help              show this help
  -V, --version           show the version

Exit codes: 0 no finding at or above --severity, 1 findings, 2 usage or I/O error.
Colours on a terminal; NO_COLOR turns them off, FORCE_COLOR on.

Diagnostic codes and their default levels:
${codes}
  (missing-parent@integration.xml is off: Magento adds the parents there itself)

Documentation: docs/cli.md
`;
}
