/**
 * The getting-started walkthrough (contributes.walkthroughs): it is contributed, each step's button runs a
 * command that exists in this VS Code (with arguments that parse), each step's image or page is in the
 * extension as installed (the packaged run checks the VSIX ships them), the walkthrough opens, and the
 * buttons that are safe to press here run.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { commands, extensions, window } from 'vscode';
import { EXTENSION_ID, until } from './helpers';

interface Step { id: string; title: string; description: string; media: { image?: string; markdown?: string; altText?: string } }
interface Walkthrough { id: string; title: string; steps: Step[] }

/** The `[label](command:id?args)` buttons of a step's description. */
function buttons(step: Step): Array<{ label: string; command: string; args: unknown[] }> {
  return [...step.description.matchAll(/\[([^\]]+)\]\(command:([\w.-]+)(?:\?([^)]*))?\)/g)].map(([, label, command, args]) => ({
    label,
    command,
    args: args ? JSON.parse(decodeURIComponent(args)) : [],
  }));
}

suite('Getting-started walkthrough', () => {
  let walkthrough: Walkthrough;
  let extensionPath: string;

  suiteSetup(async () => {
    const extension = extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await extension.activate();
    extensionPath = extension.extensionPath;
    const walkthroughs = extension.packageJSON.contributes?.walkthroughs as Walkthrough[] | undefined;
    assert.equal(walkthroughs?.length, 1);
    walkthrough = walkthroughs![0];
  });

  test('five steps, from opening a project to the CI check, each with a button running a command that exists', async () => {
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['openProject', 'status', 'completeId', 'fixParents', 'addCi']);
    const known = new Set(await commands.getCommands(false));
    for (const step of walkthrough.steps) {
      const stepButtons = buttons(step);
      assert.equal(stepButtons.length, 1, `${step.id} has one button`);
      for (const button of stepButtons) assert.ok(known.has(button.command), `${step.id}: "${button.label}" runs ${button.command}, which exists`);
      for (const file of [step.media.image, step.media.markdown].filter((f): f is string => !!f)) {
        assert.ok(existsSync(path.join(extensionPath, file)), `${step.id}: ${file} is in the extension`);
      }
      if (step.media.image) assert.ok(step.media.altText, `${step.id}: the image has a text alternative`);
    }
    // The extension's own buttons are its contributed commands.
    const own = walkthrough.steps.flatMap(buttons).filter((b) => b.command.startsWith('magentoIntegration.')).map((b) => b.command);
    assert.deepEqual(own, ['magentoIntegration.reindex', 'magentoIntegration.fixAll']);
  });

  test('the walkthrough opens, and its buttons that are safe to press here run', async () => {
    await commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${walkthrough.id}`, false);
    await until('the walkthrough is shown', () => window.tabGroups.all.flatMap((g) => g.tabs).some((t) => /Welcome|Walkthrough/.test(t.label)) || undefined);
    const byStep = new Map(walkthrough.steps.map((s) => [s.id, buttons(s)[0]]));
    for (const id of ['status', 'completeId', 'fixParents', 'addCi']) {
      const { command, args } = byStep.get(id)!;
      await commands.executeCommand(command, ...args);
    }
    await commands.executeCommand('workbench.action.closeQuickOpen');
    for (const terminal of window.terminals) terminal.dispose();
    await commands.executeCommand('workbench.action.closeAllEditors');
  });
});
