/** Entry point VS Code calls in the extension host (extensionTestsPath): runs every *.test.js here with mocha. */
import { runSuites } from './helpers';

export function run(): Promise<void> {
  return runSuites(__dirname);
}
