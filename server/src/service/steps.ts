/**
 * Work in steps: a generator that yields between units of work (a few dozen tags, one integration, one
 * route …) and returns its result. The host runs a large document's analysis in time slices, answering
 * other requests in between and dropping the work when a newer version arrives; everything else runs the
 * same steps to the end at once. Yielding never waits on anything: the service stays synchronous and pure.
 */
export type Steps<T> = Generator<void, T, void>;

export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
