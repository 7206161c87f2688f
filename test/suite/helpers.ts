/** What the editor-API suites share. */
import type { CompletionItem, Diagnostic } from 'vscode';

export const EXTENSION_ID = 'integration-acl-tools.integration-acl-xml';

/** Polls `probe` every 100 ms until it gives a value (not undefined or false), or fails after `timeoutMs`. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const codeOf = (d: Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
export const labelOf = (i: CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
