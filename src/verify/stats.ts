/**
 * The statistics of the cost report: is "after" different from "before", beyond the noise?
 *
 * The design (see cost.ts) gives paired observations: process k of the build before and process k
 * of the build after run one right after the other, in an order drawn at random for each pair. The
 * observation is d_k = log(after_k / before_k) of the per-process medians.
 *
 * If the two builds perform the same, the order inside a pair is a fair coin independent of
 * everything else (the machine's load, drift, the other pairs), so each d_k is symmetric around 0,
 * whatever the noise is like. Wilcoxon's signed-rank test needs exactly that, so its p-value and
 * the confidence interval built from it (for the Hodges-Lehmann estimate of the shift) are exact:
 * comparing a module with itself flags a benchmark with probability at most alpha, however loaded
 * the machine is. Noise widens the interval; it does not bias it.
 */

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Quantile with linear interpolation between order statistics (q in 0..1). */
export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

/**
 * Null distribution of the signed-rank statistic T+ (sum of the ranks 1..n of the positive
 * differences) when every sign is a fair coin: counts[t] / 2^n = P(T+ = t), t = 0..n(n+1)/2.
 */
const distributions = new Map<number, number[]>();

export function signedRankDistribution(n: number): number[] {
  let d = distributions.get(n);
  if (!d) {
    d = countSignedRanks(n);
    distributions.set(n, d);
  }
  return d;
}

function countSignedRanks(n: number): number[] {
  const max = (n * (n + 1)) / 2;
  let counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) {
    const next = counts.slice();
    for (let t = r; t <= max; t++) next[t] += counts[t - r];
    counts = next;
  }
  const total = 2 ** n;
  return counts.map((c) => c / total);
}

/**
 * The largest c with P(T+ <= c) <= alphaHalf, or -1 when even T+ = 0 is more likely than that
 * (too few pairs for this confidence).
 */
function criticalValue(dist: number[], alphaHalf: number): number {
  let s = 0;
  let c = -1;
  for (let t = 0; t < dist.length; t++) {
    s += dist[t];
    if (s <= alphaHalf + 1e-12) c = t;
    else break;
  }
  return c;
}

export interface PairedShift {
  /** Number of pairs used. */
  n: number;
  /** Hodges-Lehmann estimate of the shift of d (median of the Walsh averages). */
  estimate: number;
  /** Confidence interval for the shift at the requested level; [-Inf, Inf] when n is too small for it. */
  ci: [number, number];
  /** Two-sided exact p-value of the signed-rank test of "no shift" (zeros dropped, midranks for ties). */
  pValue: number;
  /** The smallest two-sided p-value n pairs can give at all (2 / 2^n). */
  minPValue: number;
}

/**
 * Wilcoxon signed-rank test, Hodges-Lehmann estimate and its distribution-free confidence interval
 * (Walsh averages between the order statistics given by the test's critical value) for paired
 * differences d. confidence is e.g. 0.95.
 */
export function pairedShift(d: readonly number[], confidence: number): PairedShift {
  const n = d.length;
  if (n === 0) return { n, estimate: NaN, ci: [-Infinity, Infinity], pValue: 1, minPValue: 1 };
  const walsh: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) walsh.push((d[i] + d[j]) / 2);
  walsh.sort((a, b) => a - b);
  const estimate = median(walsh);
  const dist = signedRankDistribution(n);
  const c = criticalValue(dist, (1 - confidence) / 2);
  const m = walsh.length; // n(n+1)/2
  const ci: [number, number] = c < 0 ? [-Infinity, Infinity] : [walsh[c], walsh[m - 1 - c]];
  return { n, estimate, ci, pValue: signedRankP(d), minPValue: Math.min(1, 2 / 2 ** n) };
}

/** Two-sided p-value of the signed-rank test; exact (ties by midranks, on the doubled-rank scale). */
export function signedRankP(d: readonly number[]): number {
  const nz = d.filter((x) => x !== 0);
  const n = nz.length;
  if (n === 0) return 1;
  const order = nz.map((x, i) => ({ a: Math.abs(x), i })).sort((p, q) => p.a - q.a);
  // doubled midranks: integers, so the exact distribution can be counted
  const rank2 = new Array<number>(n);
  for (let k = 0; k < n; ) {
    let j = k;
    while (j + 1 < n && order[j + 1].a === order[k].a) j++;
    const r2 = k + 1 + (j + 1); // 2 * average of ranks k+1..j+1
    for (let t = k; t <= j; t++) rank2[order[t].i] = r2;
    k = j + 1;
  }
  const all = 2 ** n;
  const tPlus = nz.reduce((s, x, i) => s + (x > 0 ? rank2[i] : 0), 0);
  if (rank2.every((r) => r % 2 === 0) && new Set(rank2).size === n) {
    // no ties (the usual case with timings): the cached distribution of ranks 1..n
    const dist = signedRankDistribution(n);
    const t = tPlus / 2;
    let lower = 0;
    let upper = 0;
    for (let k = 0; k < dist.length; k++) {
      if (k <= t) lower += dist[k];
      if (k >= t) upper += dist[k];
    }
    return Math.min(1, 2 * Math.min(lower, upper));
  }
  const total = rank2.reduce((s, r) => s + r, 0);
  let counts = new Array<number>(total + 1).fill(0);
  counts[0] = 1;
  for (const r of rank2) {
    const next = counts.slice();
    for (let t = r; t <= total; t++) next[t] += counts[t - r];
    counts = next;
  }
  let lower = 0;
  let upper = 0;
  for (let t = 0; t <= total; t++) {
    if (t <= tPlus) lower += counts[t];
    if (t >= tPlus) upper += counts[t];
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / all);
}

export interface Verdict {
  /** after / before, Hodges-Lehmann on the log scale. */
  ratio: number;
  /** Confidence interval of the ratio. */
  ci: [number, number];
  confidence: number;
  pValue: number;
  /** 'slower' / 'faster': the interval excludes 1 and the change is at least minEffect; else 'same'. */
  verdict: 'slower' | 'faster' | 'same';
  /** Why 'same' although the interval excludes 1 (a change smaller than minEffect), or why nothing could be decided. */
  note?: string;
}

/**
 * The verdict for one benchmark from paired per-process values (same length, pair k = before[k],
 * after[k]). `tests` is the number of benchmarks judged together: the confidence is raised to
 * 1 - alpha/tests (Bonferroni), so that a module compared with itself gets a false "significant"
 * on any of its benchmarks with probability at most alpha.
 */
export function judge(before: readonly number[], after: readonly number[], opts: { alpha: number; minEffect: number; tests: number }): Verdict {
  const d: number[] = [];
  for (let k = 0; k < Math.min(before.length, after.length); k++) {
    if (before[k] > 0 && after[k] > 0) d.push(Math.log(after[k] / before[k]));
  }
  const confidence = 1 - opts.alpha / Math.max(1, opts.tests);
  const s = pairedShift(d, confidence);
  const ratio = Math.exp(s.estimate);
  const ci: [number, number] = [Math.exp(s.ci[0]), Math.exp(s.ci[1])];
  const base = { ratio, ci, confidence, pValue: s.pValue };
  if (!Number.isFinite(s.ci[0]) || !Number.isFinite(s.ci[1])) {
    return { ...base, verdict: 'same', note: `${d.length} process(es) cannot reach ${fmtConfidence(confidence)} confidence` };
  }
  if (ci[0] <= 1 && ci[1] >= 1) return { ...base, verdict: 'same' };
  if (Math.abs(ratio - 1) < opts.minEffect) return { ...base, verdict: 'same', note: `below the ${fmtPercent(opts.minEffect)} minimum effect` };
  return { ...base, verdict: ratio > 1 ? 'slower' : 'faster' };
}

export function fmtPercent(x: number): string {
  const p = x * 100;
  return `${Number.isInteger(p) ? p.toFixed(0) : p.toFixed(1)} %`;
}

export function fmtConfidence(c: number): string {
  const p = c * 100;
  return `${p >= 99.95 ? p.toFixed(2) : p.toFixed(1)} %`;
}

/** Smallest number of pairs whose exact test can reach the confidence 1 - alpha/tests. */
export function pairsNeeded(alpha: number, tests: number): number {
  for (let n = 1; n < 64; n++) if (2 / 2 ** n <= alpha / Math.max(1, tests)) return n;
  return 64;
}

/** A small seeded PRNG (mulberry32): the order inside each pair is drawn from it and the seed is reported. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
