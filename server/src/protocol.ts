/** Messages beyond LSP between the server and the VS Code client. */
import { NotificationType, Position, RequestType, RequestType0 } from 'vscode-languageserver';

export interface IndexStatus {
  /** ACL resource ids known (workspace and bundled). */
  resources: number;
  /** Of those, the ids some workspace acl.xml declares (the rest come from the bundled catalog). */
  workspaceResources: number;
  /** Workspace acl.xml files indexed. */
  aclFiles: number;
  /** Magento files indexed from the workspace (all kinds). */
  files: number;
  /** "Magento Open Source 2.4.7-p1" when the bundled catalog serves some modules, else undefined. */
  bundledCatalog: string | undefined;
  indexing: boolean;
}

/** Server -> client whenever the index changes. */
export const indexStatusNotification = new NotificationType<IndexStatus>('magentoIntegration/indexStatus');
/** Client -> server: forget everything read from disk and scan the workspace again. */
export const reindexRequest = new RequestType0<IndexStatus, void>('magentoIntegration/reindex');

/**
 * Client -> server: the effective-permissions report (Markdown) of an integration: the one named `name` in
 * the file when there is one (the view follows it while lines move), else the one at `position`.
 */
export const effectivePermissionsRequest = new RequestType<{ uri: string; position: Position; name?: string }, string | null, void>('magentoIntegration/effectivePermissions');

/**
 * Client -> server: every route of the store (method, url, refs, module, where it is declared), whether it
 * is open (`anonymous`/`self`) and whether the integration at `position` unlocks it.
 */
export const routesRequest = new RequestType<{ uri: string; position: Position }, unknown, void>('magentoIntegration/routes');
