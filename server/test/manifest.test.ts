/**
 * The extension manifest (package.json `contributes`) against the server: every setting declares its scope,
 * and each setting declared per folder (`resource`) is one the service applies per workspace folder.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultSettings } from '../src/service/settings';
import { workspace } from './helpers';

const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const properties: Record<string, { scope?: string; default?: unknown }> = manifest.contributes.configuration.properties;
const SECTION = 'magentoIntegration.';

test('every setting declares its scope: per folder what applies to a document, for the window what decides what is indexed', () => {
  const scopes = Object.fromEntries(Object.entries(properties).map(([key, p]) => [key.slice(SECTION.length), p.scope]));
  for (const [key, scope] of Object.entries(scopes)) assert.ok(scope === 'resource' || scope === 'window', `${key}: scope ${scope}`);
  assert.deepEqual(Object.keys(scopes).filter((k) => scopes[k] === 'window').sort(), ['exclude', 'searchPaths', 'trace.server', 'useBundledCatalog']);
});

test('a setting declared per folder takes its folder\'s value for the documents in that folder only', () => {
  const service = workspace({});
  const [a, b] = ['file:///ws/a', 'file:///ws/b'];
  service.setWorkspaceFolders([a, b]);
  for (const [key, property] of Object.entries(properties)) {
    if (property.scope !== 'resource') continue;
    const keys = key.slice(SECTION.length).split('.');
    // A value other than the default, at the setting's place in the settings object.
    const value = typeof property.default === 'boolean' ? !property.default : { 'missing-parent': 'error' };
    const settings = keys.reduceRight<unknown>((inner, k) => ({ [k]: inner }), value);
    service.configure(settings, b);
    const read = (uri: string) => keys.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], service.settingsFor(uri));
    assert.deepEqual(read(`${b}/etc/integration/api.xml`), value, `${key} in folder b`);
    assert.deepEqual(read(`${a}/etc/integration/api.xml`), keys.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], defaultSettings), `${key} in folder a`);
    service.configure({}, b);
  }
});
