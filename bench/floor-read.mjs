/**
 * Floor of the cold start: a bare Node process that reads the workspace's Magento files (given as a list,
 * so without walking any directory) and exits. Prints its own peak RSS (VmHWM, MiB) on stdout.
 *
 *   node bench/floor-read.mjs <root> <list.json>
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const [root, list] = process.argv.slice(2);
let chars = 0;
for (const f of list ? JSON.parse(readFileSync(list, 'utf8')) : []) chars += readFileSync(path.join(root, f), 'utf8').length;
const status = readFileSync('/proc/self/status', 'utf8');
process.stdout.write(JSON.stringify({ chars, hwm: Number(/^VmHWM:\s+(\d+)/m.exec(status)[1]) / 1024 }));
