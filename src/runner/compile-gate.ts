/**
 * The compile gate (diff, apply, branch): each changed extension is compiled with `-fsyntax-only`
 * against the headers of the oldest supported CPython found (>= --min-python) and of the newest,
 * after the rewrite and, only when that fails, before it. The original compiles and the result
 * does not: the extension is refused with the compiler's first error, nothing of it written. The
 * original does not compile either: it is "not compile-checked", said once per extension.
 *
 * Each side is compiled in a scratch copy of the extension's directories (its files as they
 * would be, the other files of those directories linked in) with the same flags, so a header the
 * flags cannot find fails both and is never taken for a broken rewrite. The common case (the result compiles)
 * takes a fast path: Python.h precompiled and forced first; every failure is decided again with
 * the exact flags, so the fast path can only ever save time. Include dirs and defines come from
 * compile_commands.json, the config, and the tree (the extension's directories, `include/` dirs
 * above them). Results are cached by content hash in the user cache directory.
 *
 * prepareGate runs once per run (finds the compiler and the headers); gateRewrite runs in the main
 * thread as each rewrite comes back from the batch workers, so compiles (child processes, at most
 * as many at a time as the run has jobs) overlap the rewriting of the next groups. Only the units
 * the rewrite can affect are compiled (runner/gate-units.ts).
 */
import * as path from 'path';
import type { Finding } from '../core/findings';
import type { Problem } from '../engine/discover';
import type { FileChange } from '../engine/plan-types';
import type { NewFile } from '../plan/emit';
import { ResultCache } from './cache';
import { commonDir } from '../core/paths';
import { unitsToCompile } from './gate-units';
import { newWarnings, WARNING_FLAGS, CompilerWarning } from '../verify/warnings';
import { agreeOnSharedFiles } from '../engine/shared-files';
import { GateRun, withRun } from './gate-run';
import type { GateSetup } from './gate-setup';
import { Scratch, readOrEmpty, readOrUndefined } from './gate-scratch';
import { CompileResult, NOT_RUN, cached, compileFlags, describe, includeSearch } from './gate-compile';

/** The part of a rewrite result the gate reads and trims. */
export interface GatedResult {
  changes: FileChange[];
  newFiles: NewFile[];
  refused: { path: string; reason: string }[];
  findings: Finding[];
  problems: Problem[];
  extensions: { name?: string; files: string[] }[];
}

/**
 * Compile-checks every changed extension of `r` and takes out the ones whose rewrite breaks the
 * build (refused, with a finding); says once per extension when it could not be checked. The
 * extensions are checked concurrently, their outcomes applied in order (the same result as one
 * at a time).
 */
export async function gateRewrite(setup: GateSetup, r: GatedResult, given?: GateRun): Promise<void> {
  const units = [...new Set([...r.changes.map((c) => c.unit), ...r.newFiles.map((n) => n.unit)].filter((u): u is string => !!u))].sort();
  // A change names its extension by the extension's first file; extensions that share it (a
  // common header first) share their changes' unit: they are compiled, and refused, together.
  const filesOf = (unit: string): string[] => [...new Set(r.extensions.filter((e) => e.files[0] === unit).flatMap((e) => e.files))];
  const outcomes = await withRun(given, (run) =>
    Promise.all(
      units.map((unit) => {
        const files = filesOf(unit);
        if (files.length === 0) return undefined;
        const changes = r.changes.filter((c) => c.unit === unit);
        const newFiles = r.newFiles.filter((n) => n.unit === unit);
        return run.extensions.run(() => gateExtension(setup, files, changes, newFiles, run));
      }),
    ),
  );
  units.forEach((unit, i) => {
    const files = filesOf(unit);
    const outcome = outcomes[i];
    if (!outcome) return;
    if (outcome.kind === 'refused') {
      r.changes = r.changes.filter((c) => c.unit !== unit);
      r.newFiles = r.newFiles.filter((n) => n.unit !== unit);
      const at = files.find((f) => outcome.file !== undefined && path.resolve(f) === outcome.file) ?? unit;
      for (const f of files) r.refused.push({ path: f, reason: f === at ? outcome.reason : `${outcome.reason} (in ${at})` });
      r.findings.push({ file: at, line: 1, col: 1, rule: 'engine/refused', severity: 'error', fix: 'manual', message: outcome.reason, suggestion: 'give every file of the extension in the PATHs (a header outside them may use what the rewrite moved); if they all are, report this with the files (a pyext-isolate bug); selecting fewer transforms gets the others applied' });
    } else if (outcome.kind === 'unchecked') {
      r.problems.push({ path: unit, message: `not compile-checked: ${outcome.why}`, level: 'info' });
    } else {
      for (const w of outcome.added ?? []) r.findings.push(addedWarningFinding(w, files));
    }
  });
  // An extension the gate refused leaves the files it shares with others as they are: so must they.
  agreeOnSharedFiles(r);
}

/**
 * `ok` may carry the warnings the rewrite adds (compiled with -Wall -Wextra -Wdeclaration-after-statement
 * against the newest headers, compared with the original's by text): the result compiles, so it is
 * written, and each added warning is reported.
 */
/** A warning the rewrite adds, as a finding at its line of the rewritten file (named as the user gave it). */
function addedWarningFinding(w: AddedWarning, files: string[]): Finding {
  const given = files.find((f) => path.resolve(f) === w.file);
  const rel = path.relative(process.cwd(), w.file);
  const file = given ?? (rel.startsWith('..') || path.isAbsolute(rel) ? w.file : rel);
  return {
    file,
    line: w.line,
    col: w.col ?? 1,
    rule: 'engine/added-warning',
    severity: 'warning',
    fix: 'manual',
    message: `the rewrite adds a compiler warning the original does not show (headers of Python ${w.version}, ${WARNING_FLAGS.join(' ')}): ${w.message}${w.option ? ` [${w.option}]` : ''}${w.function ? ` (in ${w.function})` : ''}`,
    suggestion: 'the rewrite is written (it compiles); a build with -Werror for this warning fails: fix that line by hand, and report it with the file (a pyext-isolate bug)',
  };
}

export type GateOutcome = { kind: 'ok'; added?: AddedWarning[] } | { kind: 'refused'; reason: string; file?: string } | { kind: 'unchecked'; why: string };

/** A warning the rewrite adds: where (the user's path, the rewritten line), and with which headers. */
export interface AddedWarning extends CompilerWarning {
  version: string;
}

type Target = GateSetup['targets'][number];

/**
 * One extension: its files, the changes and new files of its rewrite. The rewrite's compiles run
 * concurrently (at most `compiles` at a time across the run); a failure is then decided in the
 * order of a serial run (targets oldest first, units sorted), so the outcome does not depend on
 * which compile finished first.
 */
export async function gateExtension(setup: GateSetup, files: string[], changes: FileChange[], newFiles: NewFile[], given?: GateRun): Promise<GateOutcome> {
  return withRun(given, (run) => gateOne(setup, files, changes, newFiles, run));
}

async function gateOne(setup: GateSetup, files: string[], changes: FileChange[], newFiles: NewFile[], run: GateRun): Promise<GateOutcome> {
  const after = new Map<string, string>();
  for (const c of changes) after.set(path.resolve(c.path), c.after);
  for (const n of newFiles) after.set(path.resolve(n.path), n.content);
  const abs = files.map((f) => path.resolve(f));
  const units = translationUnits(abs, after);
  if (units.length === 0) return { kind: 'unchecked', why: 'no .c file to compile (templates and headers only)' };
  // The fast path forces the precompiled Python.h first; not where macros set before Python.h
  // change what it declares (the limited API, core builds): there a "compiles" could be wrong.
  const force = !abs.some((f) => /\bPy_(LIMITED_API|BUILD_CORE)/.test(after.get(f) ?? readOrEmpty(f)));
  const search = includeSearch(setup, abs, units, commonDir([...abs, ...after.keys()]));
  const systemDirs = setup.systemIncludeDirs.length > 0 ? [...setup.systemIncludeDirs, ...setup.targets.flatMap((t) => t.includeDirs)] : [];
  const todo = unitsToCompile(units, after, { dirs: search.dirs, forced: [...search.forced, ...(force ? ['Python.h'] : [])], systemDirs }, readOrUndefined);
  if (todo.length === 0) return { kind: 'ok' };
  const rewritten = new Scratch(abs, [...after.keys()]);
  let original: Scratch | undefined; // made for the first failure: the originals, beside the rewrite (both may compile at once)
  const cache = setup.cacheDir ? new ResultCache(setup.cacheDir) : undefined;
  let over = false;
  const pending: Promise<CompileResult>[] = [];
  const compile = (target: Target, scratch: Scratch, flags: string[], tu: string): Promise<CompileResult> => {
    const signature = scratch.signature();
    const p = run.compiles.run(() => (over ? Promise.resolve(NOT_RUN) : cached(cache, setup, target, flags, scratch, tu, signature, run.runner)));
    pending.push(p);
    return p;
  };
  const unchecked: string[] = [];
  const added: AddedWarning[] = [];
  try {
    rewritten.fill(after);
    // The newest target compiles with the warning flags too: its warnings are compared with the original's after.
    const plans = setup.targets.map((target, i) => {
      const exactTarget = { ...target, pchDir: undefined };
      const warn = i === setup.targets.length - 1;
      return { target, exactTarget, warn, fast: compileFlags(setup, target, rewritten, search, force, warn), exact: compileFlags(setup, exactTarget, rewritten, search, false, warn) };
    });
    /** The newest target's compile of each unit that passed, and whether it took the exact flags. */
    const passed = new Map<string, { result: CompileResult; exact: boolean }>();
    // The units in serial order (targets oldest first, units sorted) and decided in that order.
    // Each target's first unit starts at once; the others start ahead of the one being decided
    // once a unit has compiled: all at once when everything compiles (the common case), little
    // wasted on a tree whose units do not compile at all (the target stops at its second such unit).
    const order = plans.flatMap((p, i) => todo.map((tu) => ({ i, p, tu })));
    const fast = new Map<number, Promise<CompileResult>>();
    const stopped = new Set<number>();
    const failedOriginals = new Map<number, number>();
    const start = (n: number): void => {
      const o = order[n];
      if (!fast.has(n) && !stopped.has(o.i)) fast.set(n, compile(o.p.target, rewritten, o.p.fast, o.tu));
    };
    plans.forEach((_, i) => start(i * todo.length));
    let compiled = 0;
    for (let k = 0; k < order.length; k++) {
      for (let n = k; n < Math.min(order.length, k + Math.min(run.ahead, 1 + compiled)); n++) start(n);
      const { i, p, tu } = order[k];
      const first = stopped.has(i) ? undefined : await fast.get(k);
      if (first?.ok) compiled++;
      if (first?.ok && p.warn) passed.set(tu, { result: first, exact: false });
      if (!first || first.ok) continue;
      // The precompiled header only ever speeds a compile up: every failure is decided without it.
      const rAfter = p.target.pchDir ? await compile(p.exactTarget, rewritten, p.exact, tu) : first;
      if (rAfter.ok && p.warn) passed.set(tu, { result: rAfter, exact: true });
      if (rAfter.ok) continue;
      original ??= new Scratch(abs, [...after.keys()]);
      const rBefore = await compile(p.exactTarget, original, compileFlags(setup, p.exactTarget, original, search, false, p.warn), tu);
      if (rBefore.ok) {
        const file = rAfter.error ? rewritten.unbase(rAfter.error.file) : undefined;
        const where = file !== undefined && after.has(file) ? ' (a line of the rewritten file)' : '';
        return { kind: 'refused', file, reason: `the rewrite would not compile with the headers of Python ${p.target.version} (the original does): ${describe(rAfter, rewritten)}${where}; the extension is left untouched` };
      }
      unchecked.push(`the original ${path.basename(tu)} does not compile with the headers of Python ${p.target.version} and the flags known (${describe(rBefore, original)}); give its include dirs and defines in compile_commands.json or [tool.pyext-isolate] include-dirs / defines`);
      // One unit the flags cannot build (a file of another platform) says nothing about the others:
      // they are still checked. A second one: a tree the flags do not fit, the target stops there.
      failedOriginals.set(i, (failedOriginals.get(i) ?? 0) + 1);
      if (failedOriginals.get(i)! >= 2) stopped.add(i);
    }
    // The differential warnings check, on the newest target: only a unit whose rewrite warns needs
    // the original compiled (with the same flags) to tell which of its warnings are new.
    const last = plans[plans.length - 1];
    const warned = todo.filter((tu) => passed.get(tu)?.result.warnings?.length);
    if (warned.length > 0 && unchecked.length === 0) {
      original ??= new Scratch(abs, [...after.keys()]);
      const orig = original;
      const befores = await Promise.all(
        warned.map((tu) => {
          const exact = passed.get(tu)!.exact;
          const target = exact ? last.exactTarget : last.target;
          return compile(target, orig, compileFlags(setup, target, orig, search, exact ? false : force, true), tu);
        }),
      );
      warned.forEach((tu, n) => {
        // An original that does not compile with these flags cannot be compared: its warnings are unknown.
        if (!befores[n].ok) return;
        const inUserTree = (ws: CompilerWarning[] | undefined, s: Scratch): CompilerWarning[] => (ws ?? []).map((w) => ({ ...w, file: s.unbase(w.file) }));
        const base = rewritten.base;
        for (const w of newWarnings(inUserTree(befores[n].warnings, orig), base, inUserTree(passed.get(tu)!.result.warnings, rewritten), base)) {
          if (!added.some((a) => a.file === w.file && a.line === w.line && a.message === w.message)) added.push({ ...w, version: last.target.version });
        }
      });
    }
  } finally {
    // Compiles still queued do not start; those running end before their scratch copy goes.
    over = true;
    await Promise.allSettled(pending);
    rewritten.remove();
    original?.remove();
  }
  if (unchecked.length > 0) return { kind: 'unchecked', why: unchecked[0] };
  // A new misleading indentation means the rewrite changed which statements a condition guards:
  // it compiles, yet does something else.
  const misleading = added.find((w) => w.option === '-Wmisleading-indentation');
  if (misleading) {
    const at = `${path.basename(misleading.file)}:${misleading.line}${misleading.col ? `:${misleading.col}` : ''}`;
    return { kind: 'refused', file: misleading.file, reason: `the rewrite would change which statements a condition guards (headers of Python ${misleading.version}): ${at}: ${misleading.message} [-Wmisleading-indentation]` };
  }
  // Warnings that newer compilers make errors by default (GCC 14, clang 16): a build there breaks,
  // and each says the code does something else than meant (`return NULL;` from an int function).
  const fatal = added.find((w) => w.option !== undefined && ERRORS_IN_NEWER_COMPILERS.has(w.option));
  if (fatal) {
    const at = `${path.basename(fatal.file)}:${fatal.line}${fatal.col ? `:${fatal.col}` : ''}`;
    return { kind: 'refused', file: fatal.file, reason: `the rewrite would add a warning that GCC 14 and clang 16 make an error (headers of Python ${fatal.version}): ${at}: ${fatal.message} [${fatal.option}]` };
  }
  return added.length > 0 ? { kind: 'ok', added: added.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1)) } : { kind: 'ok' };
}

/** Warnings that are errors by default in GCC 14 and clang 16. */
const ERRORS_IN_NEWER_COMPILERS = new Set(['-Wint-conversion', '-Wreturn-mismatch', '-Wincompatible-pointer-types', '-Wimplicit-function-declaration', '-Wimplicit-int']);

/** The .c files of the extension that no other file includes (what a build compiles). */
function translationUnits(files: string[], after: Map<string, string>): string[] {
  const included = new Set<string>();
  const texts = new Map<string, string>();
  for (const f of [...files, ...after.keys()]) {
    const text = after.get(f) ?? readOrEmpty(f);
    texts.set(f, text);
    for (const m of text.matchAll(/^[ \t]*#[ \t]*include[ \t]*"([^"]+\.c)"/gm)) included.add(path.resolve(path.dirname(f), m[1]));
  }
  return files.filter((f) => f.endsWith('.c') && !included.has(f)).sort();
}
