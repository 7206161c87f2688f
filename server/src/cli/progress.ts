/**
 * A one-line progress indicator on stderr for long runs on a terminal: nothing for the first half second
 * (short runs never show it), then the phase and file count, redrawn at most ten times a second and erased
 * at the end. Only created for a TTY stderr and the human formats (never json or sarif).
 */
const DELAY_MS = 500;
const INTERVAL_MS = 100;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Progress {
  phase(label: string, total?: number): void;
  tick(): void;
  done(): void;
}

export interface ProgressStream {
  write(text: string): unknown;
  columns?: number;
}

export function createProgress(stream: ProgressStream, now: () => number = Date.now): Progress {
  const started = now();
  let label = '';
  let total: number | undefined;
  let count = 0;
  let frame = 0;
  let lastDraw = 0;
  let shown = false;
  const draw = (force = false) => {
    const t = now();
    if (t - started < DELAY_MS || (!force && t - lastDraw < INTERVAL_MS)) return;
    lastDraw = t;
    shown = true;
    const counter = total === undefined ? '' : ` ${count}/${total} files`;
    const line = `${SPINNER[frame++ % SPINNER.length]} magento-integration-check: ${label}${counter}…`;
    // A terminal of unknown size (columns 0 under script(1), for one) counts as 80 wide.
    const width = stream.columns && stream.columns >= 20 ? stream.columns : 80;
    stream.write(`\r${line.slice(0, width - 1)}\x1b[K`);
  };
  // Indexing is asynchronous I/O: a timer keeps the spinner turning. Checking is synchronous: tick() draws.
  const timer = setInterval(() => draw(), INTERVAL_MS);
  timer.unref();
  return {
    phase(name, n) {
      label = name;
      total = n;
      count = 0;
      draw(true);
    },
    tick() {
      count++;
      draw();
    },
    done() {
      clearInterval(timer);
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
