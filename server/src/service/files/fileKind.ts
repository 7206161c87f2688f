/** Which Magento file a document is, from its path (or, for renamed copies such as fixtures, its schema URN). */
export type FileKind = 'api' | 'config' | 'integration' | 'acl' | 'webapi' | 'module';

const byPath: Array<[RegExp, FileKind]> = [
  [/\/etc\/integration\/api\.xml$/, 'api'],
  [/\/etc\/integration\/config\.xml$/, 'config'],
  [/\/etc\/integration\.xml$/, 'integration'],
  [/\/etc\/acl\.xml$/, 'acl'],
  [/\/etc\/webapi\.xml$/, 'webapi'],
  [/\/etc\/module\.xml$/, 'module'],
];

const bySchema: Array<[RegExp, FileKind]> = [
  [/Magento_Integration:etc\/integration\/api\.xsd/, 'api'],
  [/Magento_Integration:etc\/integration\/config\.xsd/, 'config'],
  [/Magento_Integration:etc\/integration\/integration(_file)?\.xsd/, 'integration'],
  [/framework:Acl\/etc\/acl\.xsd/, 'acl'],
  [/Magento_Webapi:etc\/webapi\.xsd/, 'webapi'],
];

export function fileKindOf(uri: string, text?: string): FileKind | undefined {
  const path = decodeURIComponent(uri).replace(/\\/g, '/');
  for (const [re, kind] of byPath) if (re.test(path)) return kind;
  if (text !== undefined && /\.xml$/i.test(path)) {
    const head = text.slice(0, 4096);
    for (const [re, kind] of bySchema) if (re.test(head)) return kind;
  }
  return undefined;
}

/**
 * The files that name ACL ids elsewhere (their readers: menuFile, systemFile, uiComponentFile, layoutFile,
 * phpFile), and app/etc/config.php (appConfigFile). Kept apart from FileKind until the index reads them:
 * fileKindOf decides what the index, the loader and the CLI take in today.
 */
export type ReferenceFileKind = 'menu' | 'system' | 'system-include' | 'ui-component' | 'layout' | 'php' | 'app-config';

const referenceByPath: Array<[RegExp, ReferenceFileKind | 'not-read']> = [
  [/\/etc\/adminhtml\/menu\.xml$/, 'menu'],
  [/\/etc\/adminhtml\/system\.xml$/, 'system'],
  // `<include path="Vendor_Module::system/x.xml"/>` reads etc/adminhtml/system/x.xml (subfolders allowed).
  [/\/etc\/adminhtml\/system\/.+\.xml$/, 'system-include'],
  [/\/view\/adminhtml\/ui_component\/[^/]+\.xml$/, 'ui-component'],
  [/\/view\/adminhtml\/layout\/[^/]+\.xml$/, 'layout'],
  [/\/app\/etc\/config\.php$/, 'app-config'],
  // env.php and the other deployment files hold settings (and secrets), never code of a module.
  [/\/app\/etc\/[^/]+\.php$/, 'not-read'],
  // Any other PHP file may hold `const ADMIN_RESOURCE` or `->isAllowed('…')`; isPhpCandidate says which do.
  [/\.php$/, 'php'],
];

export function referenceFileKindOf(uri: string): ReferenceFileKind | undefined {
  const path = decodeURIComponent(uri).replace(/\\/g, '/');
  for (const [re, kind] of referenceByPath) if (re.test(path)) return kind === 'not-read' ? undefined : kind;
  return undefined;
}

export const integrationKinds: ReadonlySet<FileKind> = new Set(['api', 'integration']);

/** A workspace file as a Magento developer names it: from app/code/ or vendor/ on, else its last folders. */
export function displayPath(uri: string): string {
  const path = decodeURIComponent(uri.replace(/^file:\/\//, ''));
  const m = /\/((?:app\/code|vendor)\/.*)$/.exec(path);
  return m ? m[1] : path.split('/').slice(-4).join('/');
}
