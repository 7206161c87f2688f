/**
 * Runs long work in time slices on the server's only thread: a large document's analysis (steps.ts) gives
 * the event loop back every SLICE_MS, so vscode-jsonrpc reads and answers other requests in between, and
 * the work for a version is dropped as soon as a newer version (or a close) arrives — a notification's
 * cancellation. Requests on that document wait for a milestone of its job (`next`).
 */
import { performance } from 'node:perf_hooks';
import { runToEnd, Steps } from './service/steps';

/** Documents at least this long (UTF-16 units) are analysed in slices; shorter ones at once (a few ms). */
export const SLICED_LENGTH = 100_000;
/** Longest stretch of work between two turns of the event loop. */
export const SLICE_MS = 8;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A turn of the event loop that took longer than this did other work (answered a request, most likely). */
const BUSY_TURN_MS = 0.5;
/** Most turns in a row given to other work before the next slice. */
const MAX_COURTESY_TURNS = 32;

/**
 * Gives the event loop back, and keeps giving it back while it has other work: vscode-jsonrpc handles one
 * message per turn, so requests that queued up during a slice would otherwise wait one slice each.
 */
async function yieldToOthers(): Promise<void> {
  for (let turns = 0; turns < MAX_COURTESY_TURNS; turns++) {
    const before = performance.now();
    await nextTurn();
    if (performance.now() - before < BUSY_TURN_MS) return;
  }
}

/**
 * A yield point for long synchronous work (the analysis of a large document, the walk and the reads of a
 * workspace): undefined until SLICE_MS have passed since the last turn of the event loop, then a promise
 * that resolves once the event loop has had its turns.
 */
export function timeSlicer(): () => Promise<void> | undefined {
  let sliceStart = performance.now();
  return () => {
    if (performance.now() - sliceStart < SLICE_MS) return undefined;
    return yieldToOthers().then(() => {
      sliceStart = performance.now();
    });
  };
}

/**
 * Runs `steps` to the end, giving the event loop back every SLICE_MS; resolves undefined when `cancelled()`
 * turns true first. Steps that finish within one slice finish synchronously, as runToEnd would.
 */
export async function runInSlices<T>(steps: Steps<T>, cancelled: () => boolean = () => false): Promise<T | undefined> {
  const breathe = timeSlicer();
  for (;;) {
    if (cancelled()) return undefined;
    const r = steps.next();
    if (r.done) return r.value;
    const turn = breathe();
    if (turn) await turn;
  }
}

/** Small work need not wait for a turn of the event loop. */
export function runNowOrInSlices<T>(steps: Steps<T>, length: number): T | Promise<T | undefined> {
  return length < SLICED_LENGTH ? runToEnd(steps) : runInSlices(steps);
}

interface Job {
  readonly version: number;
  cancelled: boolean;
  readonly finished: Promise<void>;
  /** Requests waiting for the job's next milestone (`progress`) or its end. */
  waiters: Array<() => void>;
}

export class DocumentJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly onError: (message: string) => void) {}

  /** Starts `steps` for this version of `uri`, cancelling the job it had; `done` gets the result unless cancelled first. */
  schedule<T>(uri: string, version: number, steps: Steps<T>, done: (result: T) => void): void {
    this.cancel(uri);
    const job: Job = { version, cancelled: false, finished: Promise.resolve(), waiters: [] };
    const run = async () => {
      try {
        const result = await runInSlices(steps, () => job.cancelled);
        if (!job.cancelled) done(result as T);
      } catch (e) {
        this.onError(`Analysis of ${uri} failed: ${(e as Error).stack ?? String(e)}`);
      } finally {
        if (this.jobs.get(uri) === job) this.jobs.delete(uri);
        wake(job);
      }
    };
    this.jobs.set(uri, job);
    (job as { finished: Promise<void> }).finished = run();
  }

  cancel(uri: string): void {
    const job = this.jobs.get(uri);
    if (!job) return;
    job.cancelled = true;
    this.jobs.delete(uri);
    wake(job);
  }

  /** The document version the running job of `uri` works on, if one runs. */
  runningVersion(uri: string): number | undefined {
    return this.jobs.get(uri)?.version;
  }

  /** Called by a job's steps at a milestone (its document is in the index): wakes those waiting in `next`. */
  progress(uri: string): void {
    const job = this.jobs.get(uri);
    if (job) wake(job);
  }

  /** Resolves at the next milestone or end of the job of `uri`; at once when none runs. */
  next(uri: string): Promise<void> {
    const job = this.jobs.get(uri);
    return job ? new Promise<void>((resolve) => job.waiters.push(resolve)) : Promise.resolve();
  }
}

function wake(job: Job): void {
  const waiters = job.waiters;
  job.waiters = [];
  for (const resolve of waiters) resolve();
}
