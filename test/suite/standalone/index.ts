/** Entry point for a window whose folder is one module (test/fixtures/module), not a Magento tree. */
import { runSuites } from '../helpers';

export function run(): Promise<void> {
  return runSuites(__dirname);
}
