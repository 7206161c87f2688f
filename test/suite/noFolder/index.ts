/** Entry point for a window opened without any folder. */
import { runSuites } from '../helpers';

export function run(): Promise<void> {
  return runSuites(__dirname);
}
