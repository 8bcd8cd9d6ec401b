/**
 * The variable that held the `PyModule_Create` result: its scope, the exec parameter's name when it
 * is a global, a scratch local for an earlier role, and a `m = NULL;` reset before `return m;`.
 */
import type { SyntaxNode } from '../../src/core/parse';
import type { FileModel } from '../../src/model/types';
import { usesOf } from '../../src/model/macro-users';
import { findAll } from '../../src/model/walk';
import { nodeText, isZeroExpr, stripCasts } from '../../src/model/cnodes';
import type { TransformContext } from '../types';
import type { InitCandidate } from './init-candidate';
import { RETURN_TYPES, declaredName } from './statement-shapes';

/**
 * The init function's module variable holds something else before PyModule_Create (an imported
 * module whose attribute it reads: `m = PyImport_ImportModule("abc"); x = PyObject_GetAttrString(m, "Mapping");
 * Py_DECREF(m); ... m = PyModule_Create(&def);`). In exec the module is the parameter, so those uses get a
 * local of their own: every use of the name before the PyModule_Create statement (its declaration, and
 * the bodies of macros the init defines there) is renamed. A reason instead when that is not safe: a
 * macro defined elsewhere uses the name, a macro defined there is used after PyModule_Create too, it is
 * returned, the re-import shortcut reads it, or a jump from before PyModule_Create reaches code after it
 * that names it (its error exit would drop the module, which exec must not).
 */
export function scratchLocal(c: InitCandidate, body: SyntaxNode, create: SyntaxNode, mv: string, guards: SyntaxNode[], ctx: TransformContext): { renames: { start: number; end: number; text: string }[] } | string {
  const file = c.file;
  const text = file.source.text;
  const from = body.startIndex;
  const to = create.startIndex;
  if (guards.length > 0) return 'a PyState_FindModule shortcut reads it there too';
  const inRange = (at: number): boolean => at > from && at < to;
  for (const m of file.macros.values()) {
    if (m.file || !new RegExp(`\\b${mv}\\b`).test(m.body) || (m.params ?? []).includes(mv)) continue;
    const defined = m.start > from && m.end <= to;
    // (`#undef NAME` at the end of the function is no use.)
    const uses = usesOf(file, m.name).filter((at) => at >= m.end && !/^\s*#\s*undef\s*$/.test(text.slice(file.source.lineStart(at), at)));
    if (defined && uses.some((at) => at >= to && at < body.endIndex)) return `macro ${m.name}(), defined there, is used after PyModule_Create too`;
    if (!defined && uses.some(inRange)) return `macro ${m.name}() (line ${file.source.position(m.start).line}) uses the name there`;
  }
  for (const r of findAll(body, RETURN_TYPES)) {
    const e = r.namedChildren.find((n) => n.type !== 'comment');
    if (r.startIndex < to && e && stripCasts(nodeText(e, text)) === mv) return 'it is returned there';
  }
  // Jumps from before PyModule_Create to a label after it whose code names the variable.
  // (A jump inside a macro the init expands there counts too.)
  const labels = findAll(body, new Set(['labeled_statement'])).filter((l) => l.startIndex > to);
  const targets = findAll(body, new Set(['goto_statement'])).filter((x) => x.startIndex < to).map((g) => g.childForFieldName('label')).filter((l): l is SyntaxNode => !!l).map((l) => nodeText(l, text));
  for (const m of file.macros.values()) if (usesOf(file, m.name).some(inRange)) for (const x of m.body.matchAll(/\bgoto\s+([A-Za-z_]\w*)/g)) targets.push(x[1]);
  for (const target of new Set(targets)) {
    const label = labels.find((l) => nodeText(l.childForFieldName('label')!, text) === target);
    if (label && new RegExp(`\\b${mv}\\b`).test(file.parsed.parseText.slice(label.startIndex, body.endIndex))) {
      return `its error exit '${target}:' after PyModule_Create names it and is reached from before`;
    }
  }
  // Imports get `imported`; anything else `<name>_tmp`; never a name the file already uses.
  const assigned = [...text.slice(from, to).replace(/\/\*[\s\S]*?\*\//g, ' ').matchAll(new RegExp(`(?:^|[^\\w.>])${mv}\\s*=(?!=)\\s*([A-Za-z_]\\w*)`, 'g'))].map((x) => x[1]).filter((v) => v !== 'NULL');
  const imports = assigned.length > 0 && assigned.every((callee) => /^PyImport_\w*Import\w*$/.test(callee));
  const taken = (n: string): boolean => file.allIdentifiers.has(n) || ctx.ext.files.some((f) => f.allIdentifiers.has(n));
  const base = imports ? 'imported' : `${mv}_tmp`;
  let name = base;
  for (let i = 2; taken(name); i++) name = `${base}${i}`;
  const renames = usesOf(file, mv).filter(inRange).map((at) => ({ start: at, end: at + mv.length, text: name }));
  return { renames };
}

/**
 * `kv_module = PyModule_Create(&def);` with `PyObject *kv_module;` at file scope: other code may read
 * the module through that global (a header's `#define STATE GET_STATE(kv_module)`), which stays
 * (globals-to-state leaves it to a human), so exec must keep it assigned and never shadow it.
 */
export function moduleVarScope(c: InitCandidate, body: SyntaxNode, ctx: TransformContext): 'local' | 'global' | 'outside' {
  const mv = c.init.createCall?.moduleVar;
  const text = c.file.source.text;
  if (!mv || findAll(body, new Set(['declaration'])).some((d) => d.childrenForFieldName('declarator').some((n) => declaredName(n, text) === mv))) return 'local';
  // Not a local: a global of these files, or one only a header outside them (or a file not given) declares.
  return ctx.ext.globals.some((g) => g.scope === 'file' && g.name === mv) ? 'global' : 'outside';
}

/** A parameter name that nothing in the init body, no global and no macro of the extension means already. */
export function freeParamName(c: InitCandidate, body: SyntaxNode, ctx: TransformContext): string | undefined {
  const bodyText = c.file.source.text.slice(body.startIndex, body.endIndex);
  return ['module', 'mod', 'module_object'].find((name) => {
    const word = new RegExp(`\\b${name}\\b`);
    if (word.test(bodyText) || ctx.ext.globals.some((g) => g.name === name)) return false;
    return !ctx.ext.files.some((f) => [...f.macros.values()].some((m) => m.name === name || word.test(m.body)));
  });
}

/**
 * `m = NULL;` (the assignment of the module variable at `at`) as a statement after which control
 * reaches `return m;` and nothing else: the end of blocks and of if-branches (through a label), then
 * that return. Undefined for anything else (another value, a loop, more statements).
 */
export function resetBeforeReturn(file: FileModel, at: number, mv: string, valueOf: (expr: string) => string): SyntaxNode | undefined {
  const text = file.source.text;
  let node: SyntaxNode | null = file.parsed.tree.rootNode.descendantForIndex(at, at + mv.length);
  while (node && node.type !== 'assignment_expression') node = node.parent;
  const right = node?.childForFieldName('right');
  if (!node || !right || nodeText(node.childForFieldName('left') ?? node, text) !== mv || !isZeroExpr(valueOf(nodeText(right, text)))) return undefined;
  const stmt = node.parent;
  if (!stmt || stmt.type !== 'expression_statement') return undefined;
  let x: SyntaxNode = stmt;
  for (let guard = 0; guard < 32; guard++) {
    const up: SyntaxNode | null = x.parent;
    if (!up) return undefined;
    if (up.type === 'compound_statement') {
      let next = x.nextNamedSibling;
      while (next && next.type === 'comment') next = next.nextNamedSibling;
      // `out: return m;`: the shared exit that the success path jumps to.
      while (next && next.type === 'labeled_statement') next = next.namedChildren.filter((c) => c.type !== 'comment' && c.type !== 'statement_identifier').pop() ?? null;
      if (next) {
        const value = next.type === 'return_statement' ? next.namedChildren.find((c) => c.type !== 'comment') : undefined;
        return value && stripCasts(nodeText(value, text)).replace(/^\((.*)\)$/s, '$1').trim() === mv ? stmt : undefined;
      }
    } else if (up.type !== 'if_statement' && up.type !== 'else_clause' && up.type !== 'labeled_statement') return undefined;
    x = up;
  }
  return undefined;
}
