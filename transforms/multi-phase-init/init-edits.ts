/**
 * The init body's edits: the creation, its NULL check and declaration, returns, reference drops of
 * the module, PyState_AddModule, returning macros and import macros; a reason instead where one
 * cannot be made safely.
 */
import { basename } from 'path';
import type { SyntaxNode } from '../../src/core/parse';
import { macroUsers } from '../../src/model/macro-users';
import { expandMacros, macroLookup } from '../../src/model/init-macros';
import { findAll } from '../../src/model/walk';
import { nodeText, isZeroExpr, stripCasts } from '../../src/model/cnodes';
import { statementRemoval, withoutDoubleBlank } from '../../src/plan/text-util';
import type { TransformContext } from '../types';
import { fileStyle } from '../../src/plan/code-style';
import { dropsRef, helperModuleDrops, macroDropsArgument, type HelperDropEdit } from './helper-module-drops';
import type { InitCandidate, InitEditPlan } from './init-candidate';
import { unseenStatementMacro } from './unseen-macros';
import { errorValuesReturned, returnsErrorValue } from './error-returns';
import { scratchLocal, resetBeforeReturn } from './module-variable';
import { RETURN_TYPES, labelTakesNext, statementOfCall, declaredName } from './statement-shapes';
import { isNullCheckOf, isNullCheckMacroOf, isSimpleExit } from './null-checks';
import { returnMacroUses, returnArgumentUses, returnedParam, nestedReturnArguments } from './return-macros';
import { libraryImportEdits } from './library-import-edits';
import { continuationPadding, overSplitVersionGroups, unbraceLeftSingles, mergeSpans, orphanedLabels } from './removal-tidying';

const CALLS = new Set(['call_expression']);

/** Finds every statement of the init body that must change; a string is the reason to refuse. */
export function planInitEdits(c: InitCandidate, body: SyntaxNode, ctx: TransformContext): InitEditPlan | string | { why: string; steps: string } {
  const file = c.file;
  const src = file.source;
  const text = src.text;
  const create = c.init.createCall!;
  const mv = create.moduleVar;
  const removals: { start: number; end: number }[] = [];
  const replacements: { start: number; end: number; text: string }[] = [];
  // Return values may hide in the project's macros (`return MOD_ERROR_VAL;`).
  const lookup = macroLookup(file);
  const valueOf = (expr: string): string => stripCasts(expandMacros(expr, lookup));
  let stmt: SyntaxNode | null = file.parsed.tree.rootNode.descendantForIndex(create.start, create.start + 8);
  while (stmt && !['expression_statement', 'declaration', 'return_statement', 'if_statement'].includes(stmt.type)) stmt = stmt.parent;
  if (!stmt) return 'the PyModule_Create statement could not be located';
  // The module variable must not hold anything else before the module is created.
  // With a scratch local for the earlier role of the module variable: where the module's own uses start.
  let createAt = body.startIndex;
  const guards = findAll(body, new Set(['if_statement'])).filter((ifs) => {
    const cond = ifs.childForFieldName('condition');
    return !!cond && /PyState_FindModule\s*\(/.test(nodeText(cond, text)) && ifs.startIndex < stmt!.startIndex;
  });
  if (mv) {
    // Its declaration (`PyObject *m = NULL;`) and the re-import shortcut do not count.
    // The parse view: dead #if branches (Python 2 code) are blank there.
    let head = file.parsed.parseText.slice(body.startIndex, stmt.startIndex);
    for (const g of guards.slice().reverse()) head = head.slice(0, g.startIndex - body.startIndex) + head.slice(g.endIndex - body.startIndex);
    const before = head.replace(new RegExp(`\\*\\s*${mv}\\s*=\\s*(NULL|0)\\s*(?=[;,])`, 'g'), '');
    const reuse = new RegExp(`(^|[^\\w.>])${mv}\\s*(=[^=]|->|\\.|\\))`).exec(before.replace(/\/\*[\s\S]*?\*\//g, ''));
    if (reuse) {
      // Its earlier role (an imported module, say) gets a local of its own; the name is the module's from then on.
      const r = scratchLocal(c, body, stmt, mv, guards, ctx);
      if (typeof r === 'string') return { why: `its variable '${mv}' is used for something else before PyModule_Create, and ${r}`, steps: `give that earlier use a variable of its own, then run again` };
      replacements.push(...r.renames);
      createAt = stmt.startIndex;
    }
  }
  // `if ((m = PyState_FindModule(&def)) != NULL) { Py_INCREF(m); return m; }`: a single-phase
  // re-import shortcut, meaningless (and wrong) in exec.
  for (const ifs of guards) removals.push(statementRemoval(src, ifs.startIndex, ifs.endIndex));
  if (stmt.type === 'return_statement') {
    // return PyModule_Create(&def);
    replacements.push({ start: stmt.startIndex, end: stmt.endIndex, text: 'return 0;' });
  } else if (stmt.type === 'expression_statement' || stmt.type === 'declaration') {
    if (!mv) return 'the result of PyModule_Create is not stored in a variable';
    const declarators = stmt.type === 'declaration' ? stmt.childrenForFieldName('declarator') : [];
    if (declarators.length > 1) {
      // `PyObject *m = PyModule_Create(&def), *err;`: only the module's declarator goes.
      const k = declarators.findIndex((d) => d.type === 'init_declarator' && d.childForFieldName('value') !== null && /PyModule_Create/.test(nodeText(d.childForFieldName('value')!, text)));
      if (k === -1) return 'the module variable is declared together with others';
      const d = declarators[k];
      removals.push(k < declarators.length - 1 ? { start: d.startIndex, end: declarators[k + 1].startIndex } : { start: declarators[k - 1].endIndex, end: d.endIndex });
    } else if (c.execParam) replacements.push({ start: stmt.startIndex, end: stmt.endIndex, text: `${mv} = ${c.execParam};` });
    else removals.push(statementRemoval(src, stmt.startIndex, stmt.endIndex));
    // The NULL check right after it is dead code in exec (the module exists).
    const next = stmt.nextNamedSibling;
    if (next && ((next.type === 'if_statement' && isNullCheckOf(next, mv, text, valueOf)) || (next.type === 'expression_statement' && isNullCheckMacroOf(next, mv, text, lookup)))) removals.push(statementRemoval(src, next.startIndex, next.endIndex));
  } else if (stmt.type === 'if_statement' || stmt.parent?.type === 'if_statement') {
    const ifs = stmt.type === 'if_statement' ? stmt : stmt.parent!;
    // if ((m = PyModule_Create(&def)) == NULL) return NULL;
    if (!ifs.childForFieldName('alternative') && isSimpleExit(ifs.childForFieldName('consequence'), text, valueOf)) {
      if (c.execParam) replacements.push({ start: ifs.startIndex, end: ifs.endIndex, text: `${mv} = ${c.execParam};` });
      else removals.push(statementRemoval(src, ifs.startIndex, ifs.endIndex));
    }
    else return 'PyModule_Create is called inside a condition with more than an error exit';
  } else return `PyModule_Create is used in an unusual place (${stmt.type})`;

  // The module variable's declaration (`PyObject *m;`, `PyObject *m = NULL;`).
  if (mv && stmt.type !== 'declaration') {
    const decls = findAll(body, new Set(['declaration']));
    for (const d of decls) {
      const names = d.childrenForFieldName('declarator');
      const idx = names.findIndex((n) => declaredName(n, text) === mv);
      if (idx === -1) continue;
      if (d.startIndex < createAt) break; // it now declares the scratch local
      if (names.length === 1) removals.push(statementRemoval(src, d.startIndex, d.endIndex));
      else {
        // Remove the declarator and one adjacent comma.
        const n = names[idx];
        if (idx < names.length - 1) removals.push({ start: n.startIndex, end: names[idx + 1].startIndex });
        else removals.push({ start: names[idx - 1].endIndex, end: n.endIndex });
      }
      break;
    }
  }
  // `m = NULL;` after the creation marks a failed setup (zstandard: `Py_DECREF(m); m = NULL;`, then
  // `return m;`): where nothing but that return follows, the reset is the exec's `return -1;`. Any
  // other assignment: the later `return m` may not be the module, and `return 0` would hide it.
  if (mv) {
    const after = file.parsed.parseText.slice(stmt.endIndex, body.endIndex).replace(/\/\*[\s\S]*?\*\//g, (x) => ' '.repeat(x.length));
    const assigned = new RegExp(`(^|[^\\w.>])${mv}\\s*=[^=]`, 'g');
    for (let again = assigned.exec(after); again; again = assigned.exec(after)) {
      const at = stmt.endIndex + again.index + again[1].length;
      const reset = resetBeforeReturn(file, at, mv, valueOf);
      if (!reset) return `its variable '${mv}' is assigned again after PyModule_Create ('${text.slice(at, text.indexOf(';', at) + 1).trim()}') where more than 'return ${mv}' follows, so that return may report a failure`;
      replacements.push({ start: reset.startIndex, end: reset.endIndex, text: 'return -1;' });
    }
  }
  // Returns: `return m;` -> `return 0;`, `return NULL;` -> `return -1;`.
  for (const r of findAll(body, RETURN_TYPES)) {
    if (r.startIndex >= create.stmtStart && r.endIndex <= create.stmtEnd) continue;
    if (removals.some((x) => r.startIndex >= x.start && r.endIndex <= x.end)) continue;
    const e = r.namedChildren.find((n) => n.type !== 'comment');
    if (!e) return 'it has a bare `return;`';
    const v = valueOf(nodeText(e, text));
    if (mv && v === mv) replacements.push({ start: e.startIndex, end: e.endIndex, text: '0' });
    else if (isZeroExpr(v)) replacements.push({ start: e.startIndex, end: e.endIndex, text: '-1' });
    else return `it returns '${nodeText(e, text)}', not the module it created`;
  }
  // Reference drops of the module (the import machinery owns it in exec), and PyState_AddModule.
  for (const call of findAll(body, CALLS)) {
    const fnNode = call.childForFieldName('function');
    const name = fnNode ? nodeText(fnNode, text) : '';
    const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    const arg0 = args[0] ? stripCasts(nodeText(args[0], text)) : '';
    if (mv && ['Py_DECREF', 'Py_XDECREF', 'Py_CLEAR', 'Py_DecRef'].includes(name) && arg0 === mv && call.startIndex >= createAt) {
      const s = call.parent;
      if (s && s.type === 'expression_statement') {
        if (s.parent && s.parent.type === 'compound_statement') removals.push(statementRemoval(src, s.startIndex, s.endIndex));
        else if (labelTakesNext(s, src)) removals.push({ start: src.lineStart(s.startIndex), end: src.lineEndIncludingEol(s.endIndex) });
        else replacements.push({ start: call.startIndex, end: call.endIndex, text: '(void)0' });
      } else return `${name}(${mv}) is used inside an expression`;
    }
    if (name === 'PyState_AddModule') {
      const s = statementOfCall(call);
      if (!s) return 'PyState_AddModule is used inside a larger expression';
      removals.push(statementRemoval(src, s.startIndex, s.endIndex));
    }
  }
  // The module must not escape into a global: globals-to-state reports that.
  // Helpers the init function passes the module to, that drop a reference to it (`Py_DECREF(m);
  // return -1;` on an error path): in exec the import machinery owns the module, so that drop goes
  // where it safely can, else the init stays single-phase until a human decides.
  let helperDrops: { edits: HelperDropEdit[]; dropped: string[] } = { edits: [], dropped: [] };
  if (mv) {
    const drops = helperModuleDrops(body, mv, ctx, createAt);
    if ('why' in drops) return drops;
    helperDrops = drops;
  }
  // Macros the init function expands that `return NULL` (`#define CHECK(x) if (!(x)) return NULL`):
  // in exec that must be `return -1`; a macro other functions use too cannot be changed.
  for (const f of ctx.ext.files) {
    for (const m of f.macros.values()) {
      // A macro defined before PyModule_Create in the init body speaks of the scratch local (renamed with it).
      const renamed = !m.file && f === file && m.start >= body.startIndex && m.end <= createAt;
      const dropsModule = !!mv && !renamed && (!(m.params ?? []).includes(mv) && dropsRef(m.body, mv) || macroDropsArgument(m, mv, text.slice(createAt, body.endIndex)));
      // No return of its own: it may return through another macro it calls.
      const throughOthers = !/\breturn\b/.test(m.body) && !dropsModule;
      // `#define X_N(stmt, X) RETURN_X_IF_COND(stmt, X, == NULL)`: no return of its own, but it hands
      // its parameter to a macro that returns it (ijson): what each use in the init returns is its argument.
      const forwards = throughOthers && returnedParam(m, lookup) !== undefined;
      // `#define ADD_TYPE(name, type) { ... X_LZ(PyType_Ready(&type), MOD_VAL(NULL)); ... }`: a return
      // macro used in its body with the init's error value.
      const nested = throughOthers && !forwards ? nestedReturnArguments(m, f, mv, lookup) : undefined;
      if (throughOthers && !forwards && !nested) continue;
      const users = macroUsers(ctx.ext, m.name);
      if (!users.funcs.includes(c.init.func)) continue;
      if (nested) {
        const where = `${basename(f.path)}:${f.source.position(m.start).line}`;
        if (nested === 'other' || users.funcs.some((u) => u !== c.init.func) || users.outside > 0 || f !== file) {
          return {
            why: `macro ${m.name} (${where}) returns from ${c.init.func.name}() through another macro, ${nested === 'other' ? 'with a value that is neither NULL nor the module' : 'and is used outside the init function too'}; the exec function must return 0 on success and -1 on error`,
            steps: `expand ${m.name} in ${c.init.func.name}() by hand, then run again`,
          };
        }
        replacements.push(...nested);
        continue;
      }
      if (forwards) {
        if (f !== file && !ctx.ext.files.includes(f)) continue;
        const uses = returnArgumentUses(m, c.init.func, mv, lookup);
        if (!uses) {
          return {
            why: `macro ${m.name} (${basename(f.path)}:${f.source.position(m.start).line}) returns its argument '${m.params![returnedParam(m, lookup)!]}' from ${c.init.func.name}() through another macro, and a use there passes a value that is neither NULL nor the module`,
            steps: `replace that use of ${m.name} in ${c.init.func.name}() by a plain \`if (...) return NULL;\`, then run again`,
          };
        }
        replacements.push(...uses);
        continue;
      }
      const where = `${basename(f.path)}:${f.source.position(m.start).line}`;
      const fnName = c.init.func.name;
      // `#define FAIL { Py_DECREF(m); return NULL; }`: the module is owned by the import machinery in exec.
      if (dropsModule) {
        return {
          why: `macro ${m.name} (${where}) drops a reference to the module '${mv}' in ${fnName}(); in the exec function the import machinery owns the module, so that would free it twice`,
          steps: `expand ${m.name} in ${fnName}() by hand (or take the Py_DECREF(${mv}) out of it), then run again`,
        };
      }
      // Every `return` in the body must be one that can become `return -1` (`#define RET(v) return (v)`
      // would turn `RET(NULL)` into a success and `RET(m)` into a pointer from an int function).
      const returns = m.body.match(/\breturn\b[^;]*/g) ?? [];
      const bad = returns.find((r) => !returnsErrorValue(r));
      // `#define RETURN_MODULE(m) return (m)`: what each use returns is known where it is used.
      const atUses = bad !== undefined || users.funcs.some((u) => u !== c.init.func) || users.outside > 0 || f !== file ? returnMacroUses(m, c.init.func, mv, lookup) ?? returnArgumentUses(m, c.init.func, mv, lookup) : undefined;
      if (atUses) {
        replacements.push(...atUses);
        continue;
      }
      if (bad !== undefined) {
        return {
          why: `macro ${m.name} (${where}) returns from ${fnName}() ('${bad.trim()}'); the exec function must return 0 on success and -1 on error, and the macro cannot be rewritten to say which`,
          steps: `replace the uses of ${m.name} in ${fnName}() by plain \`return ...;\` statements (\`return NULL;\` on errors, \`return ${mv ?? 'm'};\` on success), then run again`,
        };
      }
      if (users.funcs.some((u) => u !== c.init.func) || users.outside > 0) return `macro ${m.name}() returns NULL from the init function and from other functions too`;
      const raw = f.source.text.slice(m.start, m.end);
      for (const v of errorValuesReturned(raw)) {
        if (f !== file) return `macro ${m.name}() (in another file) returns NULL from the init function`;
        replacements.push({ start: m.start + v.at, end: m.start + v.at + v.length, text: '-1' });
      }
    }
  }
  const unseen = unseenStatementMacro(c, ctx, body, replacements);
  if (unseen) return unseen;
  const library = libraryImportEdits(c);
  if (typeof library === 'string') return library;
  replacements.push(...library);
  removals.push(...orphanedLabels(body, removals, file));
  for (const r of removals) overSplitVersionGroups(file, r);
  const merged = mergeSpans(removals);
  // Neighbouring statements removed between two blank lines leave one blank line, not two. The
  // spans stay apart: the state declaration may be inserted where one ends and the next starts.
  for (let i = 0; i < merged.length; i++) {
    let j = i;
    while (j + 1 < merged.length && merged[j + 1].start === merged[j].end) j++;
    merged[j].end = withoutDoubleBlank(src, { start: merged[i].start, end: merged[j].end }).end;
    i = j;
  }
  // Edits inside a statement that goes away go with it.
  const inside = (r: { start: number; end: number }): boolean => merged.some((m) => r.start >= m.start && r.end <= m.end);
  // `if (bad) { Py_DECREF(m); return NULL; }` keeps one statement: in a file that writes single
  // statements without braces, so does the result (a later run measures the file's style on it).
  const unbraced = fileStyle(file).bracesForSingle ? [] : unbraceLeftSingles(body, merged, src);
  const kept = replacements.filter((r) => !inside(r));
  return { removals: [...merged, ...unbraced].sort((a, b) => a.start - b.start), replacements: [...kept, ...continuationPadding(src, kept)], helperDrops };
}
