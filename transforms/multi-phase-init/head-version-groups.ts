/**
 * Python-version `#if` groups around the init's head (the Python 2 name in an `#else`): what the
 * exec's head replaces with it, or why it cannot.
 */
import type { FileModel, InitInfo } from '../../src/model/types';

/**
 * The Python-version #if groups between the start of the function's head and its body that hold its
 * name in the branch every supported version compiles: from the first `#if` to the end of the last
 * `#endif` line (without its line break). The `{` may be the last thing of that branch (`PyInit_x(void) {`
 * / `#else` / `initx(void) {` / `#endif`): `braceInside`. `directives`: the `#define` / `#undef` /
 * `#pragma` lines the branches hold besides the head, as a group of their own (the head leaves, they
 * stay). `codeAfterBrace`: the compiled branch goes on with the body's first statements after its `{`
 * (`PyInit_x(void) {` / `PyObject *m = PyModule_Create(&def);` / `#else` ...): they stay where they
 * are with the directive lines among them, and only the branches after it go (`deadAfter`: from there
 * to the `#endif` line's end). `why`: such a group the rewrite cannot take apart (the init is then manual).
 */
export function versionGroupsInHead(file: FileModel, fn: InitInfo['func']): { start: number; end: number; braceInside: boolean; directives: string; codeAfterBrace?: { deadAfter: number } } | { why: string } | undefined {
  const text = file.source.text;
  const lx = file.parsed.lex;
  // Each group starts in the head (or its live branch starts with the head) and ends before the body,
  // or holds the body's `{` in its live branch.
  const groups = lx.groups.filter((g) => {
    if (!g.endif || g.endif.end <= fn.declStart || g.start >= fn.paramsStart || g.start >= fn.bodyStart) return false;
    if (g.resolvedBranch === undefined || g.resolvedBranch < 0) return g.start >= fn.declStart || g.endif.end <= fn.bodyStart;
    const live = g.branches[g.resolvedBranch].bodyStart;
    return g.start >= fn.declStart || (live <= fn.declStart && /^\s*$/.test(text.slice(live, fn.declStart)));
  });
  if (groups.length === 0) return undefined;
  const why = (s: string) => ({ why: `the #if around its head (line ${file.source.position(s === '' ? groups[0].start : groups[0].start).line}) ${s}` });
  if (groups.some((g) => g.resolvedBranch === undefined || g.resolvedBranch < 0)) return groups.some((g) => g.endif!.end > fn.bodyStart) ? why('is not decided by the Python version, and the body\'s { is inside it') : undefined;
  const holding = groups.find((g) => g.branches[g.resolvedBranch!].bodyStart <= fn.paramsStart && fn.paramsEnd <= g.branches[g.resolvedBranch!].bodyEnd);
  const straddling = groups.filter((g) => g.endif!.end > fn.bodyStart);
  if (!holding) return straddling.length > 0 ? why('holds the body\'s { but not the function\'s name') : undefined;
  const braceInside = straddling.length > 0;
  let codeAfterBrace: { deadAfter: number } | undefined;
  if (braceInside) {
    // Only the head's own group may hold the `{`, in its compiled branch.
    if (straddling.length > 1 || straddling[0] !== holding) return why('holds the body\'s { in another group than the name');
    const live = holding.branches[holding.resolvedBranch!];
    if (!(live.bodyStart <= fn.bodyStart && fn.bodyStart < live.bodyEnd)) return why('holds the body\'s { in another branch than the name');
    // Statements after the `{` (directive lines aside) are the body's: they stay in place.
    const tail = text.slice(fn.bodyStart + 1, live.bodyEnd).replace(/^[ \t]*#.*(?:\\\r?\n.*)*$/gm, '');
    if (!/^\s*$/.test(tail)) codeAfterBrace = { deadAfter: live.bodyEnd };
  }
  // `#define` lines next to the head: kept in a group of their own above the exec (those among the
  // body's first statements stay with them).
  const inside = lx.directives.filter((d) => groups.some((g) => d.start >= g.start && d.end <= g.end) && !groups.some((g) => g.branches.some((b) => b.directive === d) || g.endif === d));
  const inTail = (d: { start: number }): boolean => !!codeAfterBrace && d.start > fn.bodyStart && d.start < codeAfterBrace.deadAfter;
  if (inside.some((d) => !(d.kind === 'define' || d.kind === 'undef' || (d.kind === 'other' && /^#\s*pragma\b/.test(text.slice(d.start, d.end).trimStart()))))) return why('holds other preprocessor lines than #define, #undef and #pragma');
  let directives = '';
  if (inside.some((d) => !inTail(d))) {
    if (groups.length > 1) return why('is one of several and holds #define lines');
    const eol = file.source.eol;
    const g = groups[0];
    for (const b of g.branches) {
      const lines = inside.filter((d) => d.start >= b.bodyStart && d.start < b.bodyEnd && !inTail(d)).map((d) => text.slice(d.start, d.end) + eol);
      // An `#else` left empty (its lines stay in the body) is not written.
      if (lines.length > 0 || b.directive.kind !== 'else') directives += text.slice(b.directive.start, b.directive.end) + eol + lines.join('');
    }
    directives += text.slice(g.endif!.start, g.endif!.end) + eol;
  }
  return { start: Math.min(...groups.map((g) => g.start)), end: Math.max(...groups.map((g) => g.endif!.end)), braceInside, directives, codeAfterBrace };
}

/**
 * A decided Python-version #if opened above the head with other code, whose compiled branch holds
 * the head, the body's `{` and its first statements (cheetah3: `#ifdef IS_PYTHON3` / the module def /
 * `PyMODINIT_FUNC PyInit_x(void)` / `{` / `PyObject *m = PyModule_Create(&def);` / `#else` / the
 * Python 2 head / `#endif`): the group is closed above the exec's head instead (`endif`, its line),
 * and the branches after the compiled one with the old `#endif` line go (`deadFrom`..`deadTo`).
 */
export function versionGroupOpenedAboveHead(file: FileModel, fn: InitInfo['func']): { endif: string; deadFrom: number; deadTo: number } | undefined {
  const src = file.source;
  if (src.text.slice(src.lineStart(fn.declStart), fn.declStart).trim() !== '') return undefined;
  const g = file.parsed.lex.groups.find((x) => !x.includeGuard && x.endif && x.start < fn.declStart && x.endif.end > fn.bodyStart && x.endif.end < fn.bodyEnd);
  if (!g || g.resolvedBranch === undefined || g.resolvedBranch < 0) return undefined;
  const live = g.branches[g.resolvedBranch];
  if (!(live.bodyStart <= src.lineStart(fn.declStart) && fn.bodyStart < live.bodyEnd)) return undefined;
  return { endif: src.text.slice(g.endif!.start, g.endif!.end), deadFrom: live.bodyEnd, deadTo: src.lineEndIncludingEol(g.endif!.end) };
}
