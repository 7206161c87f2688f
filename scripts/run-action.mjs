#!/usr/bin/env node
/**
 * Runs the GitHub Action of action.yml here, as the runner runs a composite action: each step's `run` in
 * `bash --noprofile --norc -eo pipefail`, with `${{ inputs.NAME }}` (given, else the default) and
 * `${{ github.action_path }}` substituted in its `env` and `run`, GITHUB_ACTION_PATH and a GITHUB_OUTPUT file set;
 * the action's outputs are read back from the step outputs they name. So CI (.ci/run) and the tests run
 * action.yml itself, not a copy of its command.
 *
 *   node scripts/run-action.mjs [--action DIR] [--input NAME=VALUE]... [--cwd DIR]
 *
 * Prints the outputs as NAME=VALUE lines on stderr and exits with the first failing step's exit code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Runs action DIR/action.yml with `inputs` in `cwd`: { code, outputs, stdout, stderr } (what the steps printed,
 * with stdio 'pipe'; with 'inherit' it goes to this process's output).
 */
export function runAction({ actionDir = root, inputs = {}, cwd = process.cwd(), env = {}, stdio = 'inherit' } = {}) {
  const action = yaml.load(readFileSync(join(actionDir, 'action.yml'), 'utf8'));
  if (action.runs?.using !== 'composite') throw new Error('action.yml is not a composite action');
  for (const name of Object.keys(inputs)) if (!(name in (action.inputs ?? {}))) throw new Error(`action.yml has no input "${name}"`);
  const values = Object.fromEntries(Object.entries(action.inputs ?? {}).map(([name, spec]) => [name, inputs[name] ?? String(spec.default ?? '')]));
  const expression = (text) => String(text).replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name) => {
    if (name.startsWith('inputs.')) return values[name.slice('inputs.'.length)] ?? '';
    if (name === 'github.action_path') return actionDir;
    throw new Error(`run-action: unsupported expression \${{ ${name} }}`);
  });
  const scratch = mkdtempSync(join(tmpdir(), 'run-action-'));
  const stepOutputs = {};
  let code = 0;
  let stdout = '';
  let stderr = '';
  try {
    for (const [index, step] of action.runs.steps.entries()) {
      if (step.uses || step.if) throw new Error(`run-action: step ${index + 1} uses ${step.uses ? '`uses`' : '`if`'}, which this runner does not support`);
      if ((step.shell ?? 'bash') !== 'bash') throw new Error(`run-action: step ${index + 1} needs shell ${step.shell}`);
      const outputFile = join(scratch, `output-${index}`);
      const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, expression(value)]));
      const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expression(step.run)], {
        cwd,
        stdio,
        encoding: 'utf8',
        maxBuffer: 1 << 30,
        env: { ...process.env, ...env, ...stepEnv, GITHUB_ACTION_PATH: actionDir, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: scratch },
      });
      stdout += run.stdout ?? '';
      stderr += run.stderr ?? '';
      let written = '';
      try {
        written = readFileSync(outputFile, 'utf8');
      } catch {
        // the step set no output
      }
      if (step.id) stepOutputs[step.id] = Object.fromEntries(written.split('\n').filter(Boolean).map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
      code = run.status ?? 1;
      if (code !== 0) break;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs ?? {}).map(([name, spec]) => {
    const m = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}$/.exec(String(spec.value).trim());
    return [name, m ? stepOutputs[m[1]]?.[m[2]] ?? '' : ''];
  }));
  return { code, outputs, stdout, stderr };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const inputs = {};
  let actionDir = root;
  let cwd = process.cwd();
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--input') {
      const [name, ...value] = args[++i].split('=');
      inputs[name] = value.join('=');
    } else if (args[i] === '--action') actionDir = resolve(args[++i]);
    else if (args[i] === '--cwd') cwd = resolve(args[++i]);
    else throw new Error(`run-action: unknown argument ${args[i]}`);
  }
  const { code, outputs } = runAction({ actionDir, inputs, cwd });
  for (const [name, value] of Object.entries(outputs)) process.stderr.write(`${name}=${value}\n`);
  process.exit(code);
}
