/**
 * Loads the data the server ships: data/magento-catalog.json (scripts/generate-catalog.mjs) and
 * data/magento-schemas.json (scripts/generate-schemas.mjs).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Catalog } from '../service/acl/catalog';
import type { SchemaModel } from '../service/schema/model';

export const CATALOG_FILE = 'magento-catalog.json';
export const SCHEMAS_FILE = 'magento-schemas.json';

export function loadBundledCatalog(log: (message: string) => void = () => undefined): Catalog | undefined {
  return loadData<Catalog>(CATALOG_FILE, log, 'The bundled Magento catalog is missing; only workspace acl.xml files are used.');
}

/** The schema model compiled from Magento's XSDs (scripts/generate-schemas.mjs). */
export function loadBundledSchemas(log: (message: string) => void = () => undefined): SchemaModel | undefined {
  return loadData<SchemaModel>(SCHEMAS_FILE, log, 'The bundled schema model is missing; no schema checks.');
}

function loadData<T>(name: string, log: (message: string) => void, missing: string): T | undefined {
  // From out/src/node (tsc build) and from a bundled dist/ folder alike.
  const candidates = [path.join(__dirname, '..', '..', '..', 'data', name), path.join(__dirname, '..', 'data', name), path.join(__dirname, 'data', name)];
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch (e) {
      log(`Cannot read ${file}: ${(e as Error).message}`);
      return undefined;
    }
  }
  log(missing);
  return undefined;
}
