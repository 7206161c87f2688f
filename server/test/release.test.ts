/**
 * What the release ships besides code: the third-party notices of each artifact list every package its
 * bundles contain (found here independently of scripts/notices.mjs: from each bundled file up to the nearest
 * package.json with a name), with the text of its licence file; and scripts/release-check.mjs's rules catch
 * the files and links a package must not have. Runs on the build `npm test` has just made (dist/meta holds
 * the bundles' esbuild metafiles).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { documentUri, PUBLIC_BASE_URL, publicDocumentUrl } from '../src/projectLinks';

const REPO = path.resolve(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const script = (name: string): Promise<any> => import(pathToFileURL(path.join(REPO, 'scripts', name)).href);

interface Metafile { inputs: Record<string, unknown> }
const metafile = (bundle: string): Metafile => JSON.parse(readFileSync(path.join(REPO, 'dist', 'meta', `${bundle}.json`), 'utf8'));

/** The package a bundled file belongs to: the nearest package.json above it that has a name. */
function owningPackage(file: string): { name: string; version: string; dir: string } | undefined {
  for (let dir = path.dirname(path.join(REPO, file)); dir.startsWith(REPO) && dir !== REPO; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name, version } = JSON.parse(readFileSync(manifest, 'utf8'));
    if (name) return { name, version, dir };
  }
  return undefined;
}

for (const [artifact, notice] of [['vsix', 'dist/THIRD-PARTY-NOTICES.md'], ['cli', 'dist/cli/THIRD-PARTY-NOTICES.md']] as const) {
  test(`the ${artifact} notices list every package its bundles contain, with its licence text`, async () => {
    const { ARTIFACT_BUNDLES, listedPackages } = await script('notices.mjs');
    const expected = new Map<string, string>();
    for (const bundle of ARTIFACT_BUNDLES[artifact] as string[]) {
      for (const input of Object.keys(metafile(bundle).inputs)) {
        if (!input.includes('node_modules/')) continue;
        const owner = owningPackage(input);
        assert.ok(owner, `${input} belongs to a package`);
        expected.set(`${owner.name}@${owner.version}`, owner.dir);
      }
    }
    const text = readFileSync(path.join(REPO, notice), 'utf8');
    assert.ok(expected.size >= 8, `${[...expected.keys()]}`);
    assert.deepEqual([...listedPackages(text)].sort(), [...expected.keys()].sort());
    for (const [id, dir] of expected) {
      const licence = readdirSync(dir).find((f) => /^(licen[cs]e|copying)/i.test(f));
      assert.ok(licence, `${id} has a licence file`);
      assert.ok(text.includes(readFileSync(path.join(dir, licence), 'utf8').trim()), `the notice carries ${id}'s ${licence}`);
    }
    assert.match(text, /Magento Open Source 2\.4\.7-p1 \(data\)[\s\S]*OSL-3\.0[\s\S]*AFL-3\.0/);
    assert.match(text, /not affiliated with or endorsed by Adobe/);
  });
}

test('a bundled package without a licence file stops the notices, naming it', async () => {
  const { renderNotices } = await script('notices.mjs');
  const root = mkdtempSync(path.join(tmpdir(), 'notices-'));
  try {
    for (const [name, licence] of [['licensed', true], ['unlicensed', false]] as const) {
      mkdirSync(path.join(root, 'node_modules', name), { recursive: true });
      writeFileSync(path.join(root, 'node_modules', name, 'package.json'), JSON.stringify({ name, version: '1.0.0', license: 'MIT' }));
      writeFileSync(path.join(root, 'node_modules', name, 'index.js'), '');
      if (licence) writeFileSync(path.join(root, 'node_modules', name, 'LICENSE'), 'MIT licence text');
    }
    const inputs = (names: string[]) => ({ inputs: Object.fromEntries(names.map((n) => [`node_modules/${n}/index.js`, {}])) });
    assert.match(renderNotices(root, [inputs(['licensed'])], 'x'), /## licensed 1\.0\.0[\s\S]*MIT licence text/);
    assert.throws(() => renderNotices(root, [inputs(['licensed', 'unlicensed'])], 'x'), /unlicensed .*has no licence file/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('release:check rules: unexpected files, missing files, size, placeholder links, links to files not shipped, manifest fields', async () => {
  const { checkArtifact, checkManifests, CLI_RULES } = await script('release-check.mjs');
  const good = new Map<string, Buffer>([
    ...(CLI_RULES.required as string[]).map((name): [string, Buffer] => [name, Buffer.from('')]),
    ['package/README.md', Buffer.from('See [the reference](docs/cli.md) and [notices](THIRD-PARTY-NOTICES.md), [Node](https://nodejs.org/en).')],
  ]);
  assert.deepEqual(checkArtifact('CLI', good, 1000, CLI_RULES), []);
  const bad = new Map(good);
  bad.set('package/dist/cli-main.js.map', Buffer.from(''));
  bad.set('package/src/cli/main.ts', Buffer.from(''));
  bad.delete('package/THIRD-PARTY-NOTICES.md');
  bad.set('package/docs/cli.md', Buffer.from('git clone https://github.com/magento-integration-tools/magento-integration-tools\n[json](../server/src/cli/format/json.ts)'));
  const problems: string[] = checkArtifact('CLI', bad, 2 * 1024 * 1024, CLI_RULES);
  for (const expected of [/unexpected file package\/dist\/cli-main\.js\.map/, /unexpected file package\/src\/cli\/main\.ts/, /THIRD-PARTY-NOTICES\.md is missing/,
    /over the budget/, /docs\/cli\.md contains a placeholder/, /links to https:\/\/github\.com\/magento-integration-tools/, /links to \.\.\/server\/src\/cli\/format\/json\.ts, which is not in the package/]) {
    assert.ok(problems.some((p) => expected.test(p)), `${expected} in\n${problems.join('\n')}`);
  }
  assert.deepEqual(checkManifests({}, {}, undefined), []);
  const manifestProblems: string[] = checkManifests({ repository: 'https://github.com/x/y' }, { dependencies: { diff: '1' } }, undefined);
  assert.ok(manifestProblems.some((p) => /VSIX: package\.json has "repository"/.test(p)));
  assert.ok(manifestProblems.some((p) => /CLI: package\.json has dependencies/.test(p)));
});

test('the VSIX manifest and the CLI package carry no link to a page that does not exist; the display name says "for Magento 2"', () => {
  const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  for (const field of ['repository', 'bugs', 'homepage']) assert.equal(manifest[field], undefined, field);
  assert.match(manifest.displayName, /for Magento 2$/);
  assert.match(manifest.description, /Not affiliated with Adobe/);
  assert.doesNotMatch(`${manifest.publisher}.${manifest.name}`, /magento/i, 'the extension id carries no trademark');
  const cli = JSON.parse(readFileSync(path.join(REPO, 'cli-package', 'package.json'), 'utf8'));
  for (const field of ['repository', 'bugs', 'homepage']) assert.equal(cli[field], undefined, field);
});

test('links to the project\'s documents: no public URL yet, so the copy shipped beside the code (development build, VSIX, CLI package)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'links-'));
  try {
    // The bundles' layout: <package>/dist/<bundle>.js, <package>/docs/...
    mkdirSync(path.join(root, 'dist'));
    mkdirSync(path.join(root, 'docs', 'rules'), { recursive: true });
    writeFileSync(path.join(root, 'docs', 'rules', 'missing-parent.md'), '# missing-parent\n');
    assert.equal(PUBLIC_BASE_URL, undefined, 'no public home: nothing may link to one');
    assert.equal(publicDocumentUrl('docs/cli.md'), undefined);
    assert.equal(documentUri('docs/rules/missing-parent.md', path.join(root, 'dist')), pathToFileURL(path.join(root, 'docs', 'rules', 'missing-parent.md')).href);
    assert.equal(documentUri('docs/rules/no-such-code.md', path.join(root, 'dist')), undefined);
    // The development build (server/out/src): the repository's own docs/.
    assert.equal(documentUri('docs/cli.md'), pathToFileURL(path.join(REPO, 'docs', 'cli.md')).href);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
