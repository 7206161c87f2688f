/**
 * VS Code client: starts the bundled language server over IPC for Magento integration, ACL and web API
 * files, and forwards changes of those files on disk. (Packaging, settings UI and commands: issue 3.)
 */
import * as path from 'node:path';
import { ExtensionContext, workspace } from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

export const FILE_PATTERNS = ['**/etc/integration/api.xml', '**/etc/integration/config.xml', '**/etc/integration.xml', '**/etc/acl.xml', '**/etc/webapi.xml'];

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('server', 'out', 'src', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: FILE_PATTERNS.map((pattern) => ({ scheme: 'file', language: 'xml', pattern })),
    synchronize: {
      configurationSection: 'magentoIntegration',
      fileEvents: [...FILE_PATTERNS, '**/etc/integration/*.xml', '**/etc/module.xml'].map((p) => workspace.createFileSystemWatcher(p)),
    },
    initializationOptions: { magentoIntegration: workspace.getConfiguration('magentoIntegration') },
  };
  client = new LanguageClient('magentoIntegration', 'Magento Integration', serverOptions, clientOptions);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
