// Small statistics shared by the benchmark runners (bench/run.mjs, bench/scale-run.mjs).

/** The `q` quantile of the finite numbers in `xs` (linear between ranks); null when none. */
export const quantile = (xs, q) => {
  const s = xs.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
};

export const median = (xs) => quantile(xs, 0.5);
