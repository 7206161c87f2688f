/** Sample statistics and the growth fit used by the benchmark report. */

/** n, median, p95 (nearest rank), min, max, mean of the samples (NaN-free). */
export function stats(samples) {
  const xs = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const n = xs.length;
  if (!n) return { n: 0, median: NaN, p95: NaN, min: NaN, max: NaN, mean: NaN };
  const median = n % 2 ? xs[(n - 1) / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
  const p95 = xs[Math.max(0, Math.ceil(0.95 * n) - 1)];
  return { n, median, p95, min: xs[0], max: xs[n - 1], mean: xs.reduce((a, b) => a + b, 0) / n };
}

/**
 * Growth of y over the scales xs (1, 5, 20): least-squares line y = a + b x with R², the ratio y(20x)/y(1x),
 * and the exponent k of the added cost, (y20 - y1) / (y5 - y1) = (19/4)^k: k = 1 is linear growth of the
 * work above 1x, k = 2 quadratic (constant start-up costs do not bias it).
 */
export function fit(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
    syy += (ys[i] - my) ** 2;
  }
  const b = sxy / sxx;
  const a = my - b * mx;
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  const [x1, x5, x20] = xs;
  const [y1, y5, y20] = ys;
  const exponent = y5 > y1 && y20 > y1 ? Math.log((y20 - y1) / (y5 - y1)) / Math.log((x20 - x1) / (x5 - x1)) : NaN;
  return { points: xs.map((x, i) => [x, ys[i]]), intercept: a, slope: b, r2, ratio: y20 / y1, exponent };
}

export const ms = (s) => (s && Number.isFinite(s.median) ? `${fmt(s.median)} ms (p95 ${fmt(s.p95)})` : 'n/a');
export const mib = (s) => (s && Number.isFinite(s.median) ? `${s.median.toFixed(0)} MiB (p95 ${s.p95.toFixed(0)})` : 'n/a');

export function fmt(x) {
  if (!Number.isFinite(x)) return 'n/a';
  if (x < 10) return x.toFixed(2);
  if (x < 100) return x.toFixed(1);
  return x.toFixed(0);
}
