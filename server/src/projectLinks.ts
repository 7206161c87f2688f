/**
 * Where links to the project's own documents point. The project has no public repository or website yet, and
 * nothing may link to a page that does not exist, so PUBLIC_BASE_URL is unset: links that must resolve go to
 * the copies of the documents shipped in the VSIX and in the magento-integration-check package (their
 * `docs/` folder, `README.md`, `CHANGELOG.md`), and links that would only make sense on the web (SARIF's
 * `informationUri`, which ends up on GitHub's code-scanning page) are left out.
 *
 * When the project has a public home, set PUBLIC_BASE_URL to the address under which the repository's files
 * of the released version are served (e.g. `https://<host>/<owner>/<repo>/blob/v1.0.0`): every link made here
 * then points there. `scripts/package-vsix.mjs` reads the same constant for the README's images.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';

export const PUBLIC_BASE_URL = undefined as string | undefined;

/** The public URL of a file of the repository (`docs/cli.md`), or undefined while there is none. */
export function publicDocumentUrl(repositoryPath: string): string | undefined {
  return PUBLIC_BASE_URL ? `${PUBLIC_BASE_URL.replace(/\/+$/, '')}/${repositoryPath}` : undefined;
}

/**
 * A link to a document of the project (`docs/rules/missing-parent.md`): its public URL when there is one, else
 * the file URI of the copy shipped beside the running code — `dist/../` in the VSIX and the CLI package,
 * `server/out/src/../../../` in a development build —, else undefined (the document is not shipped).
 */
export function documentUri(repositoryPath: string, codeDir: string = __dirname): string | undefined {
  const url = publicDocumentUrl(repositoryPath);
  if (url) return url;
  for (const root of [path.join(codeDir, '..'), path.join(codeDir, '..', '..', '..')]) {
    const file = path.join(root, ...repositoryPath.split('/'));
    if (existsSync(file)) return URI.file(file).toString();
  }
  return undefined;
}
