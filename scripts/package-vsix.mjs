#!/usr/bin/env node
/**
 * `npm run package`: the VSIX, integration-acl-xml.vsix, by vsce (whose `vscode:prepublish` runs the build).
 * Everything that packages the extension goes through here (`node scripts/package-vsix.mjs [--out FILE]`).
 *
 * The README's relative links and images are left as they are while the project has no public home
 * (PUBLIC_BASE_URL in server/src/projectLinks.ts, the one place for it, is unset): vsce would otherwise
 * refuse to package, or make them point at a repository that does not exist. Once it is set, vsce rewrites
 * them to absolute URLs under it — VS Code's extension page shows README images from https URLs only.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const VSIX = join(root, 'integration-acl-xml.vsix');

/** PUBLIC_BASE_URL of server/src/projectLinks.ts: a string, or undefined while it is unset. */
export function publicBaseUrl() {
  const source = readFileSync(join(root, 'server/src/projectLinks.ts'), 'utf8');
  const m = /^export const PUBLIC_BASE_URL = (?:undefined|'([^']*)'|"([^"]*)")/m.exec(source);
  if (!m) throw new Error('server/src/projectLinks.ts: PUBLIC_BASE_URL is neither undefined nor a string literal');
  return m[1] ?? m[2] ?? undefined;
}

export function packageVsix(out = VSIX) {
  const base = publicBaseUrl();
  const links = base ? ['--baseContentUrl', base, '--baseImagesUrl', base] : ['--no-rewrite-relative-links'];
  const vsce = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
  const run = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', ...links, '--out', out], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`vsce package failed (${run.status ?? run.error?.message})`);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--out');
  try {
    packageVsix(at > 0 ? resolve(process.argv[at + 1]) : VSIX);
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
