/**
 * `npm run bench`: times, in one process and on the same files, the raw tree-sitter parse (the
 * baseline), `check`, `diff` (rewrite + unified diffs), a re-run of check over the unchanged
 * tree, and the batch runner (cold and warm cache) when src/api.ts has one; prints each figure
 * with its ratio to the raw parse, the targets as PASS/FAIL (informational: the exit status is 0
 * unless something crashed), parse damage, findings, refusals and a per-stage breakdown.
 *
 *   node dist/bench/run.js [--seed N] [--files N] [--bytes N] [--repeat N] [--keep] [--dir DIR]
 *
 * With --dir the benchmark runs over an existing tree (e.g. numpy/_core/src of a NumPy
 * checkout) instead of a generated one; nothing in it is written (the batch cache goes to a
 * temp dir).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as api from '../src/api';
import { check, rewrite, discoverSources, readSourceFile } from '../src/api';
import type { CheckResult, RewriteResult, Finding } from '../src/api';
import { loadConfig } from '../src/engine/config';
import { rawParse, parseSource, damageOf, ParsedFile } from '../src/core/parse';
import { lex } from '../src/core/lex';
import { SourceFile } from '../src/core/source';
import { buildMacroTable } from '../src/core/macros';
import { buildFileModel } from '../src/model/build-file';
import { linkExtensions } from '../src/model/extension';
import { planExtension } from '../src/engine/plan-extension';
import { unifiedDiff } from '../src/core/diff';
import type { FileModel } from '../src/model/types';
import { generateTree, DEFAULT_BYTES, DEFAULT_FILES, DEFAULT_SEED } from './generate';
import { largeModule, deepTree, removeDeepTree } from './scale';

interface Args {
  seed: number;
  files: number;
  bytes: number;
  repeat: number;
  keep: boolean;
  dir?: string;
  jobs?: number;
}

function usage(msg?: string): never {
  if (msg) process.stderr.write(`bench: ${msg}\n`);
  process.stderr.write('usage: node dist/bench/run.js [--seed N] [--files N] [--bytes N] [--repeat N] [--jobs N] [--keep] [--dir DIR]\n');
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const a: Args = { seed: DEFAULT_SEED, files: DEFAULT_FILES, bytes: DEFAULT_BYTES, repeat: 1, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const num = (): number => {
      const v = argv[++i];
      const n = Number(v?.replace(/_/g, '').replace(/(\d)[kK]$/, '$1000').replace(/(\d)[mM]$/, '$1000000'));
      if (v === undefined || !Number.isFinite(n) || n < 0) usage(`${k} needs a number`);
      return n;
    };
    switch (k) {
      case '--seed': a.seed = num(); break;
      case '--files': a.files = num(); break;
      case '--bytes': a.bytes = num(); break;
      case '--repeat': a.repeat = Math.max(1, Math.floor(num())); break;
      case '--jobs': a.jobs = Math.max(1, Math.floor(num())); break;
      case '--keep': a.keep = true; break;
      case '--dir': {
        const d = argv[++i];
        if (!d) usage('--dir needs a directory');
        a.dir = d;
        break;
      }
      case '-h':
      case '--help': usage();
      // eslint-disable-next-line no-fallthrough
      default: usage(`unknown option ${k}`);
    }
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
// Timing helpers

function now(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

function timeSync<T>(fn: () => T): { s: number; value: T } {
  const t0 = now();
  const value = fn();
  return { s: now() - t0, value };
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<{ s: number; value: T }> {
  const t0 = now();
  const value = await fn();
  return { s: now() - t0, value };
}

/**
 * A full collection between figures (outside the timings), so that no figure pays for the
 * garbage of the one before: tree-sitter trees hold native memory that V8 does not see, and
 * without this the later stages of one process were measured inside multi-GB heaps.
 */
function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/** Best of N (the first result is kept: all runs give the same answer). */
function bestOf<T>(n: number, fn: () => T): { s: number; value: T } {
  collect();
  let best = timeSync(fn);
  for (let i = 1; i < n; i++) {
    collect();
    const r = timeSync(fn);
    if (r.s < best.s) best = { s: r.s, value: best.value };
  }
  return best;
}

function fmtS(s: number): string {
  return s < 10 ? s.toFixed(3) : s.toFixed(2);
}

function fmtBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`;
}

function pct(a: number, b: number): string {
  return b === 0 ? '0.00%' : `${((100 * a) / b).toFixed(2)}%`;
}

function table(rows: string[][], align: ('l' | 'r')[]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => '  ' + r.map((cell, c) => (align[c] === 'r' ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd()).join('\n') + '\n';
}

function countBy<T>(xs: T[], key: (x: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const x of xs) m.set(key(x), (m.get(key(x)) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

let peakRss = 0;
function sampleRss(): void {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}

// ---------------------------------------------------------------------------------------------
// The batch runner, if src/api.ts has one by now (it is optional on purpose).

interface BatchLike {
  findings: Finding[];
  changes?: unknown[];
  refused?: unknown[];
  batch?: { files: number; groups: number; cached: number; timedOut: number; jobs: number };
}
type RunBatch = (paths: string[], opts: { mode: 'check' | 'rewrite'; jobs?: number; cache?: boolean; cacheDir?: string }) => Promise<BatchLike>;

function batchRunner(): RunBatch | undefined {
  const fn = (api as unknown as { runBatch?: RunBatch }).runBatch;
  return typeof fn === 'function' ? fn : undefined;
}

// ---------------------------------------------------------------------------------------------

interface Figure {
  label: string;
  s: number;
  note?: string;
}

/**
 * Linear scaling: rewrite() of one 1 MB and one 10 MB file, and discovery of a 250- and a
 * 2 500-level deep tree; CPU time (not wall time: the machine may be shared), and the ratio,
 * which should be near the size ratio (10).
 */
function scaleBench(out: (s?: string) => boolean): void {
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const timed = (fn: () => void): number => {
    collect();
    const t = cpu();
    fn();
    return cpu() - t;
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-scale-'));
  try {
    const file = (mb: number): number => {
      const d = path.join(dir, `large-${mb}`);
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, 'large.c'), largeModule(mb * 1e6));
      return timed(() => rewrite([d]));
    };
    const tree = (levels: number): number => {
      const d = path.join(dir, `deep-${levels}`);
      deepTree(d, levels);
      try {
        return timed(() => {
          if (discoverSources([d], loadConfig([d])).files.length !== 1) throw new Error('deep tree: the leaf was not found');
        });
      } finally {
        removeDeepTree(d);
      }
    };
    const rows: string[][] = [['input', 'small (cpu s)', 'large (cpu s)', 'ratio (size ratio 10)', 'verdict']];
    const row = (label: string, a: number, b: number): void => {
      rows.push([label, a.toFixed(2), b.toFixed(2), (b / a).toFixed(1), b / a <= 15 ? 'PASS' : 'FAIL (worse than linear)']);
    };
    row('rewrite() of one file, 1 MB vs 10 MB', file(1), file(10));
    // 2 000 levels of 'd/' is as deep as an absolute path can go below PATH_MAX (4 096 bytes).
    row('discovery of a deep tree, 200 vs 2 000 levels', tree(200), tree(2000));
    out('scale (linear: the ratio stays near 10)');
    out(table(rows, ['l', 'r', 'r', 'r', 'l']));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const out = (s = ''): boolean => process.stdout.write(s + '\n');
  let root: string;
  let tmp: string | undefined;
  let generated: { files: number; bytes: number; seconds: number } | undefined;
  if (args.dir) {
    root = path.resolve(args.dir);
    if (!fs.existsSync(root)) usage(`--dir ${args.dir}: no such directory`);
  } else {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-bench-'));
    root = path.join(tmp, 'src');
    const g = timeSync(() => generateTree(root, { seed: args.seed, files: args.files, targetBytes: args.bytes }));
    generated = { files: g.value.files.length, bytes: g.value.bytes, seconds: g.s };
  }
  const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-bench-cache-'));
  const cleanup = (): void => {
    fs.rmSync(cacheRoot, { recursive: true, force: true });
    if (tmp && !args.keep) fs.rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await bench(args, root, generated, cacheRoot, out);
    scaleBench(out);
  } finally {
    cleanup();
  }
  if (tmp && args.keep) out(`tree kept in ${root}`);
}

async function bench(args: Args, root: string, generated: { files: number; bytes: number; seconds: number } | undefined, cacheRoot: string, out: (s?: string) => boolean): Promise<void> {
  const paths = [root];
  const config = loadConfig(paths, {});
  const found = discoverSources(paths, config);
  const texts: { path: string; text: string; bytes: number }[] = [];
  for (const f of found.files) {
    const r = readSourceFile(f);
    if ('bytes' in r) texts.push({ path: f, text: r.bytes.toString('latin1'), bytes: r.bytes.length });
  }
  const totalBytes = texts.reduce((n, t) => n + t.bytes, 0);
  const totalLines = texts.reduce((n, t) => n + countLines(t.text), 0);
  const runBatch = batchRunner();

  out(`pyext-isolate bench: ${args.dir ? `existing tree ${root}` : `generated NumPy-like tree (seed ${args.seed}, ${args.files} files, ${fmtBytes(args.bytes)} asked)`}`);
  if (generated) out(`  generated in ${fmtS(generated.seconds)} s into ${root}${args.keep ? ' (kept: --keep)' : ' (removed at exit; --keep keeps it)'}`);
  out(`  files: ${texts.length} read (${found.problems.length} skipped by discovery), ${fmtBytes(totalBytes)}, ${totalLines.toLocaleString('en-US')} lines`);
  out(`  node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown cpu'}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; best of ${args.repeat}; gc between figures: ${typeof (globalThis as { gc?: unknown }).gc === 'function' ? 'yes' : 'no'}; batch runner: ${runBatch ? 'yes' : 'no (src/api.ts has no runBatch)'}`);
  out();

  // Warm-up: load tree-sitter and JIT the hot paths on one small file, so that the first figure is not charged for them.
  const small = texts.slice().sort((a, b) => a.bytes - b.bytes)[Math.floor(texts.length / 4)];
  if (small) {
    rawParse(small.text);
    check([small.path]);
  }

  // 1. The baseline: a raw tree-sitter parse of every file (texts already in memory).
  let rawDamageBytes = 0;
  let rawDamagedFiles = 0;
  const rawPer = new Map<string, number>();
  let rawS = Infinity;
  for (let rep = 0; rep < args.repeat; rep++) {
    collect();
    let sum = 0;
    for (const t of texts) {
      const t0 = now();
      const tree = rawParse(t.text);
      const dt = now() - t0;
      sum += dt;
      rawPer.set(t.path, Math.min(rawPer.get(t.path) ?? Infinity, dt));
      if (rep === 0) {
        const d = damageOf(tree).bytes;
        rawDamageBytes += d;
        if (d > 0) rawDamagedFiles++;
      }
    }
    rawS = Math.min(rawS, sum);
  }
  sampleRss();

  // 2. check (serial API), 3. diff, 4. re-run.
  const checkRun = bestOf(args.repeat, () => check(paths));
  sampleRss();
  const diffRun = bestOf(args.repeat, () => {
    const r = rewrite(paths);
    let diffBytes = 0;
    for (const c of r.changes) diffBytes += unifiedDiff(path.relative(root, c.path), c.before, c.after).length;
    for (const n of r.newFiles) diffBytes += unifiedDiff(path.relative(root, n.path), null, n.content).length;
    return { r, diffBytes };
  });
  sampleRss();
  const rerun = bestOf(args.repeat, () => check(paths));
  sampleRss();

  // 5. The batch runner: cold (empty cache), warm (same cache, unchanged tree), rewrite.
  let batchCold: { s: number; value: BatchLike } | undefined;
  let batchWarm: { s: number; value: BatchLike } | undefined;
  let batchRewrite: { s: number; value: BatchLike } | undefined;
  if (runBatch) {
    const cacheDir = path.join(cacheRoot, 'warm');
    for (let i = 0; i < args.repeat; i++) {
      fs.rmSync(cacheDir, { recursive: true, force: true });
      collect();
      const r = await timeAsync(() => runBatch(paths, { mode: 'check', jobs: args.jobs, cacheDir }));
      if (!batchCold || r.s < batchCold.s) batchCold = r;
    }
    for (let i = 0; i < args.repeat; i++) {
      collect();
      const r = await timeAsync(() => runBatch(paths, { mode: 'check', jobs: args.jobs, cacheDir }));
      if (!batchWarm || r.s < batchWarm.s) batchWarm = r;
    }
    for (let i = 0; i < args.repeat; i++) {
      collect();
      const r = await timeAsync(() => runBatch(paths, { mode: 'rewrite', jobs: args.jobs, cacheDir: path.join(cacheRoot, 'rewrite') }));
      if (!batchRewrite || r.s < batchRewrite.s) batchRewrite = r;
    }
    sampleRss();
  }

  // Figures.
  const figs: Figure[] = [
    { label: 'raw tree-sitter parse (baseline)', s: rawS, note: 'rawParse() of every file, texts in memory' },
    { label: 'check()', s: checkRun.s, note: 'serial API: read, lex, macro layer, parse, model, link, decisions' },
    { label: 'diff: rewrite() + unified diffs', s: diffRun.s, note: `${diffRun.value.r.changes.length} changed + ${diffRun.value.r.newFiles.length} new files, ${fmtBytes(diffRun.value.diffBytes)} of diff` },
    { label: 're-run check() (unchanged tree)', s: rerun.s, note: 'serial API, no cache' },
  ];
  if (batchCold && batchWarm) {
    const b = batchCold.value.batch;
    figs.push({ label: 'runBatch check, cold cache', s: batchCold.s, note: b ? `${b.jobs} jobs, ${b.groups} groups` : '' });
    figs.push({ label: 'runBatch check, warm cache (re-run)', s: batchWarm.s, note: batchWarm.value.batch ? `${batchWarm.value.batch.cached}/${batchWarm.value.batch.groups} groups from the cache` : '' });
  }
  if (batchRewrite) figs.push({ label: 'runBatch rewrite (diff)', s: batchRewrite.s, note: batchRewrite.value.batch ? `${batchRewrite.value.batch.jobs} jobs` : '' });
  out('figures (seconds, and × the raw parse of the same files in this run)');
  out(table([['figure', 'seconds', '× raw', 'note'], ...figs.map((f) => [f.label, fmtS(f.s), (f.s / rawS).toFixed(2), f.note ?? ''])], ['l', 'r', 'r', 'l']));

  const mark = (ok: boolean): string => (ok ? 'PASS' : 'FAIL');
  out('targets (informational)');
  const targets: string[][] = [['target', 'measured', 'verdict']];
  targets.push(['check() ≤ 1.2 × raw parse', `${(checkRun.s / rawS).toFixed(2)}×`, mark(checkRun.s <= 1.2 * rawS)]);
  if (batchCold && batchWarm) {
    targets.push(['runBatch check (cold) ≤ 1.2 × raw parse', `${(batchCold.s / rawS).toFixed(2)}×`, mark(batchCold.s <= 1.2 * rawS)]);
    targets.push(['re-run ≤ 0.1 × first run (runBatch warm / cold)', `${(batchWarm.s / batchCold.s).toFixed(3)}×`, mark(batchWarm.s <= 0.1 * batchCold.s)]);
  } else {
    targets.push(['re-run ≤ 0.1 × first run (check() again / check())', `${(rerun.s / checkRun.s).toFixed(3)}×`, mark(rerun.s <= 0.1 * checkRun.s)]);
  }
  out(table(targets, ['l', 'r', 'l']));
  if (batchCold) {
    const a = summarizeFindings(checkRun.value.findings);
    const b = summarizeFindings(batchCold.value.findings);
    if (a !== b) out(`NOTE: runBatch and check() disagree on the findings (${batchCold.value.findings.length} vs ${checkRun.value.findings.length}): the batch result should equal a serial run's\n`);
  }

  // Parse damage.
  const res: CheckResult = checkRun.value;
  const stages = breakdown(texts, config, args.repeat);
  const damageAfter = stages.parsed.reduce((n, p) => n + p.damageBytes, 0);
  const damagedAfter = stages.parsed.filter((p) => p.damageBytes > 0).length;
  out('parse damage (bytes inside ERROR nodes)');
  out(table([
    ['', 'bytes', 'share', 'files with damage'],
    ['raw tree-sitter parse', rawDamageBytes.toLocaleString('en-US'), pct(rawDamageBytes, totalBytes), String(rawDamagedFiles)],
    ['after the macro layer', damageAfter.toLocaleString('en-US'), pct(damageAfter, totalBytes), String(damagedAfter)],
  ], ['l', 'r', 'r', 'r']));
  const worst = stages.parsed.filter((p) => p.damageBytes > 0).sort((a, b) => b.damageBytes - a.damageBytes).slice(0, 10);
  if (worst.length) {
    out('  most damaged files after the macro layer (first damaged place):');
    for (const p of worst) {
      const first = p.damage.slice().sort((a, b) => a.start - b.start)[0];
      const pos = p.source.position(first.start);
      out(`    ${rel(root, p.source.path)}:${pos.line}:${pos.col}  ${p.damageBytes.toLocaleString('en-US')} B (${pct(p.damageBytes, p.source.text.length)})  ${snippet(p.source.text, first.start)}`);
    }
    out();
  }

  // Stage breakdown.
  out('stages (one serial pass per stage, best of --repeat; sum of per-file times)');
  const st = stages.times;
  const stageRows: [string, number, string][] = [
    ['read + latin1 text', st.read, ''],
    ['lex (comments, directives, #if groups)', st.lex, 'lex() alone; parseSource runs it again'],
    ['macro layer + repair passes', Math.max(0, st.parseSource - st.lex - st.viewParse), `parseSource − lex − one parse of the final view; ${stages.reparsed} files re-parsed for repairs (${stages.reparses} re-parses), ${stages.repaired} kept a repair`],
    ['tree-sitter parse of the parse view', st.viewParse, 'rawParse(parsed.parseText)'],
    ['model (buildFileModel)', st.model, ''],
    ['link (linkExtensions)', st.link, `${stages.extensions} extensions/groups`],
    ['decisions (planExtension, check)', st.decide, ''],
    ['rewrite plan (planExtension, rewrite)', st.rewrite, 'edits, emit, re-parse of changed files'],
  ];
  const sum = stageRows.reduce((n, r) => n + r[1], 0);
  out(table([['stage', 'seconds', 'share', '× raw', 'note'], ...stageRows.map(([l, s, note]) => [l, fmtS(s), pct(s, sum), (s / rawS).toFixed(2), note])], ['l', 'r', 'r', 'r', 'l']));
  out(`  tree-sitter parses per file: ${stages.parseCounts.map((n, k) => (n ? `${n} parsed ${k}×` : '')).filter(Boolean).join(', ')} (a repair the pre-scan predicts goes into the first parse)`);
  out('  slowest files / extensions per stage:');
  for (const [label, list] of [['parseSource', stages.slow.parse], ['model', stages.slow.model], ['decisions', stages.slow.decide], ['rewrite plan', stages.slow.rewrite]] as [string, [string, number, number][]][]) {
    out(`    ${label}: ${list.slice(0, 4).map(([p, s, bytes]) => `${rel(root, p)} ${fmtS(s)} s${bytes ? ` (${fmtBytes(bytes)}, ${(s / Math.max(rawPer.get(p) ?? 0, 1e-6)).toFixed(1)}× its raw parse)` : ''}`).join('; ')}`);
  }
  out();

  // Findings.
  const fs_ = res.findings;
  out(`findings: ${fs_.length} in ${new Set(fs_.map((f) => f.file)).size} files; ${res.extensions.length} extensions/groups (${res.extensions.filter((e) => e.name).map((e) => `${e.name}: ${e.files.length} files`).join(', ') || 'none with PyInit'})`);
  out(table([['rule', 'count'], ...countBy(fs_, (f) => f.rule).slice(0, 15).map(([k, n]) => [k, String(n)])], ['l', 'r']));
  out(`  by fix: ${countBy(fs_, (f) => f.fix).map(([k, n]) => `${k} ${n}`).join(', ')}; by severity: ${countBy(fs_, (f) => f.severity).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  const rw: RewriteResult = diffRun.value.r;
  out(`  rewrite: ${rw.changes.length} files changed, ${rw.newFiles.length} new files, ${rw.refused.length} files refused`);
  if (rw.refused.length) {
    out('  refusals by reason:');
    for (const [k, n] of countBy(rw.refused, (r) => normalizeReason(r.reason)).slice(0, 10)) out(`    ${String(n).padStart(5)}  ${k}`);
  }
  const problems = res.problems.filter((p) => p.level !== 'info');
  if (problems.length) {
    out(`  problems: ${problems.length}`);
    for (const [k, n] of countBy(problems, (p) => normalizeReason(p.message)).slice(0, 8)) out(`    ${String(n).padStart(5)}  ${k}`);
  }
  sampleRss();
  out();
  out(`peak RSS ${fmtBytes(peakRss)}`);
}

function summarizeFindings(fs: Finding[]): string {
  return countBy(fs, (f) => `${path.basename(f.file)}:${f.line}:${f.rule}`).map(([k, n]) => `${k}=${n}`).join('\n');
}

function normalizeReason(s: string): string {
  return s
    .replace(/\s*\(in [^)]*\)$/, '')
    .replace(/\/[^\s:'"()]+/g, '<path>')
    .replace(/\b\d+\b/g, 'N')
    .replace(/'[^']*'/g, "'…'")
    .slice(0, 160);
}

function countLines(t: string): number {
  let n = 0;
  for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) n++;
  return n;
}

function rel(root: string, p: string): string {
  const r = path.relative(root, p);
  return r.startsWith('..') ? p : r;
}

function snippet(text: string, at: number): string {
  const s = text.lastIndexOf('\n', at - 1) + 1;
  let e = text.indexOf('\n', at);
  if (e === -1) e = text.length;
  const line = text.slice(s, e).replace(/\r$/, '').trim();
  return JSON.stringify(line.length > 70 ? line.slice(0, 67) + '...' : line);
}

// ---------------------------------------------------------------------------------------------
// Per-stage breakdown: the pipeline of analyzeFiles/checkTree/rewriteTree, stage by stage.

interface Breakdown {
  times: { read: number; lex: number; parseSource: number; viewParse: number; model: number; link: number; decide: number; rewrite: number };
  parsed: ParsedFile[];
  repaired: number;
  /** Files that needed more than one tree-sitter parse, and how many parses beyond the first. */
  reparsed: number;
  reparses: number;
  /** Index k: files parsed k times. */
  parseCounts: number[];
  extensions: number;
  slow: { parse: [string, number, number][]; model: [string, number, number][]; decide: [string, number, number][]; rewrite: [string, number, number][] };
}

function breakdown(texts: { path: string; text: string; bytes: number }[], config: ReturnType<typeof loadConfig>, repeat: number): Breakdown {
  const macros = buildMacroTable(config.macros, config.exportMacros);
  const best = new Map<string, number>();
  const keep = (k: string, s: number): void => {
    best.set(k, Math.min(best.get(k) ?? Infinity, s));
  };
  const totals = { read: Infinity, lex: Infinity, parseSource: Infinity, viewParse: Infinity, model: Infinity, link: Infinity, decide: Infinity, rewrite: Infinity };
  let parsed: ParsedFile[] = [];
  let extensionsCount = 0;
  for (let rep = 0; rep < repeat; rep++) {
    collect();
    const t = { read: 0, lex: 0, parseSource: 0, viewParse: 0, model: 0, link: 0, decide: 0, rewrite: 0 };
    const sources: SourceFile[] = [];
    for (const x of texts) {
      const t0 = now();
      const bytes = fs.readFileSync(x.path);
      sources.push(new SourceFile(x.path, bytes));
      t.read += now() - t0;
    }
    const ps: ParsedFile[] = [];
    for (const src of sources) {
      const a = timeSync(() => lex(src.text));
      t.lex += a.s;
      const p = timeSync(() => parseSource(src, macros));
      t.parseSource += p.s;
      keep('parse\0' + src.path, p.s);
      const v = timeSync(() => rawParse(p.value.parseText));
      t.viewParse += v.s;
      ps.push(p.value);
    }
    collect();
    const models: FileModel[] = [];
    for (const p of ps) {
      const m = timeSync(() => buildFileModel(p));
      t.model += m.s;
      keep('model\0' + p.source.path, m.s);
      models.push(m.value);
    }
    collect();
    const l = timeSync(() => linkExtensions(models, { modules: config.modules }));
    t.link += l.s;
    extensionsCount = l.value.length;
    for (const ext of l.value) {
      const key = ext.name ?? ext.files[0]?.path ?? '?';
      const d = timeSync(() => {
        try {
          return planExtension(ext, { minPython: config.minPython, unsafe: config.unsafe, mode: 'check' });
        } catch {
          return undefined;
        }
      });
      t.decide += d.s;
      keep('decide\0' + key, d.s);
    }
    // The rewrite plan reads the same models (planExtension is pure).
    for (const ext of l.value) {
      const key = ext.name ?? ext.files[0]?.path ?? '?';
      const r = timeSync(() => {
        try {
          return planExtension(ext, { minPython: config.minPython, unsafe: config.unsafe, select: config.select, mode: 'rewrite' });
        } catch {
          return undefined;
        }
      });
      t.rewrite += r.s;
      keep('rewrite\0' + key, r.s);
    }
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] = Math.min(totals[k], t[k]);
    parsed = ps;
    sampleRss();
  }
  const bytesOf = new Map(texts.map((x) => [x.path, x.bytes]));
  const slow = (prefix: string): [string, number, number][] =>
    [...best.entries()].filter(([k]) => k.startsWith(prefix + '\0')).map(([k, s]): [string, number, number] => [k.slice(prefix.length + 1), s, bytesOf.get(k.slice(prefix.length + 1)) ?? 0]).sort((a, b) => b[1] - a[1]);
  return {
    times: totals,
    parsed,
    repaired: parsed.filter((p) => p.blankedGroups.length > 0 || p.holes.some((h) => h.kind === 'repair')).length,
    reparsed: parsed.filter((p) => p.parses > 1).length,
    reparses: parsed.reduce((n, p) => n + p.parses - 1, 0),
    parseCounts: parsed.reduce((a, p) => ((a[p.parses] = (a[p.parses] ?? 0) + 1), a), [] as number[]),
    extensions: extensionsCount,
    slow: { parse: slow('parse'), model: slow('model'), decide: slow('decide'), rewrite: slow('rewrite') },
  };
}

if (typeof (globalThis as { gc?: unknown }).gc !== 'function' && !process.env.PYEXT_ISOLATE_BENCH_CHILD) {
  // `npm run bench` runs plain `node`: re-run this script with --expose-gc (see collect()).
  const r = spawnSync(process.execPath, ['--expose-gc', __filename, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, PYEXT_ISOLATE_BENCH_CHILD: '1' } });
  process.exit(r.status ?? 1);
} else {
  main().catch((err) => {
    process.stderr.write(`bench: crashed: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}
