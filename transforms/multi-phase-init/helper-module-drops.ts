/**
 * Helpers that get the module from the single-phase init and drop a reference to it on their error
 * path (`Py_DECREF(module); return -1;`), so that the init can just `return NULL`. The init owned
 * that reference; in the exec function the import machinery owns the module and releases it when
 * exec fails, so the drop would free it twice. Where the helper only ever gets the module from the
 * init (or from another such helper), never takes a reference of its own, and leaves its function
 * right after the drop, the drop goes; anything else stays a finding naming the helper.
 */
import { basename } from 'path';
import type { SyntaxNode } from '../../src/core/parse';
import type { FileModel, FunctionInfo } from '../../src/model/types';
import { macroUsers } from '../../src/model/macro-users';
import { findAll } from '../../src/model/walk';
import { nodeText, stripCasts } from '../../src/model/cnodes';
import { exportedBy } from '../../src/plan/export-marks';
import { statementRemoval } from '../../src/plan/text-util';
import type { TransformContext } from '../types';

const DROPS = ['Py_DECREF', 'Py_XDECREF', 'Py_CLEAR', 'Py_DecRef', 'Py_XDecRef'];
const TAKES = ['Py_INCREF', 'Py_XINCREF', 'Py_NewRef', 'Py_XNewRef', 'Py_IncRef', 'Py_XIncRef'];
const CALLS = new Set(['call_expression']);

export interface HelperDropEdit {
  file: FileModel;
  start: number;
  end: number;
  text: string;
}

/** What the conversion does about helpers that drop the module: edits, or why a human must. */
export type HelperDrops = { edits: HelperDropEdit[]; dropped: string[] } | { why: string; steps: string };

/** `Py_DECREF(name)` (or a relative) in a piece of C text. */
export function dropsRef(code: string, name: string): boolean {
  if (!/^[A-Za-z_]\w*$/.test(name)) return false;
  return new RegExp(`\\b(${DROPS.join('|')})\\s*\\(\\s*(\\(\\s*PyObject\\s*\\*\\s*\\)\\s*)?${name}\\s*\\)`).test(code);
}

function callName(call: SyntaxNode, text: string): string {
  const fn = call.childForFieldName('function');
  return fn && fn.type === 'identifier' ? nodeText(fn, text) : '';
}

function callArgs(call: SyntaxNode): SyntaxNode[] {
  return call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
}

/**
 * Follows the module from the init body `body` (held in `mv` from `createAt` on: before it, the name
 * is another object's, see scratchLocal) into the extension's functions it is passed to, and further
 * down; every reference drop of it found there is planned away or refused.
 */
export function helperModuleDrops(body: SyntaxNode, mv: string, ctx: TransformContext, createAt = -1): HelperDrops {
  const seen = new Set<string>();
  const edits: HelperDropEdit[] = [];
  const dropped: string[] = [];
  const visit = (node: SyntaxNode, from: FunctionInfo, name: string, chain: string[]): { why: string; steps: string } | undefined => {
    const text = from.file.source.text;
    for (const call of findAll(node, CALLS)) {
      if (node === body && call.startIndex < createAt) continue; // the scratch local's calls, before PyModule_Create
      const callee = callName(call, text);
      const helper = callee ? ctx.ext.functionsByName.get(callee) : undefined;
      if (!helper) continue;
      const args = callArgs(call);
      for (let i = 0; i < args.length && i < helper.params.length; i++) {
        if (stripCasts(nodeText(args[i], text)) !== name) continue;
        const param = helper.params[i].name;
        const key = `${helper.name}/${i}`;
        if (!param || seen.has(key)) continue;
        seen.add(key);
        const hbody = helper.node.childForFieldName('body');
        if (!hbody) continue;
        const path = [...chain, helper.name];
        const drops = dropsIn(hbody, helper, param);
        if (drops.length > 0) {
          const refusal = whyNotRemovable(helper, i, param, from, name, hbody, drops, ctx);
          if (refusal) {
            const d = drops[0];
            const line = helper.file.source.position(d.call.startIndex).line;
            return {
              why: `${path.join('() -> ')}() gets the module and calls ${d.api}(${param}) (${basename(helper.file.path)}:${line}); once the init body runs as the exec function the import machinery owns the module, so that reference drop would free it twice, and it cannot go by itself: ${refusal}`,
              steps: `remove the ${d.api}(${param}) from ${helper.name}() so that it only reports the error, and drop the module in the init function's error path after the call instead (the conversion deletes that drop, and the import machinery releases the module); then run again`,
            };
          }
          for (const d of drops) edits.push(removalOf(helper.file, d.stmt!));
          dropped.push(`${drops[0].api}(${param}) in ${helper.name}()`);
        }
        const deeper = visit(hbody, helper, param, path);
        if (deeper) return deeper;
      }
    }
    return undefined;
  };
  const refusal = visit(body, ctx.ext.init!.func, mv, []);
  return refusal ?? { edits, dropped };
}

interface Drop {
  api: string;
  call: SyntaxNode;
  /** The `Py_DECREF(x);` statement, when the call is one. */
  stmt?: SyntaxNode;
}

function dropsIn(hbody: SyntaxNode, helper: FunctionInfo, param: string): Drop[] {
  const text = helper.file.source.text;
  const out: Drop[] = [];
  for (const call of findAll(hbody, CALLS)) {
    const api = callName(call, text);
    const a0 = callArgs(call)[0];
    if (!DROPS.includes(api) || !a0 || stripCasts(nodeText(a0, text)) !== param) continue;
    const s = call.parent;
    out.push({ api, call, stmt: s && s.type === 'expression_statement' ? s : undefined });
  }
  return out;
}

/** Why the drops of `param` in `helper` cannot simply go; undefined when they can. */
function whyNotRemovable(helper: FunctionInfo, index: number, param: string, from: FunctionInfo, fromName: string, hbody: SyntaxNode, drops: Drop[], ctx: TransformContext): string | undefined {
  const ext = ctx.ext;
  const text = helper.file.source.text;
  if (ext.sharedFiles?.get(helper.file)) return `its file ${basename(helper.file.path)} is linked into other modules too`;
  if (!helper.isStatic) {
    // As for its state: only the extension's own calls count, and only when nothing exports it.
    const exported = ctx.options.assumeInternal ? exportedBy(ext, helper.name, helper.file, helper.declStart, helper.paramsStart) : 'assume-internal is off';
    if (exported) return `it is not static and ${exported}`;
  }
  // Every call must hand it the module, from the function it was followed from.
  const sites = ctx.access.callSites(helper);
  if (sites.valueUses.length > 0 || sites.macroCalls.length > 0) return 'its address is taken, or a macro calls it';
  for (const site of sites.calls) {
    if (site.caller !== from) return `${site.caller.name}() calls it too`;
    const node = site.file.parsed.tree.rootNode.descendantForIndex(site.at, site.at + helper.name.length);
    const call = node.parent?.type === 'call_expression' ? node.parent : undefined;
    const arg = call ? callArgs(call)[index] : undefined;
    if (!arg || stripCasts(nodeText(arg, site.file.source.text)) !== fromName) return `${from.name}() also passes it something other than the module`;
  }
  // The helper must hold no reference of its own that the drop would balance.
  for (const call of findAll(hbody, CALLS)) {
    const api = callName(call, text);
    const a0 = callArgs(call)[0];
    if (TAKES.includes(api) && a0 && stripCasts(nodeText(a0, text)) === param) return `it also takes a reference (${api}(${param}))`;
  }
  const code = text.slice(hbody.startIndex, hbody.endIndex).replace(/\/\*[\s\S]*?\*\//g, ' ');
  if (new RegExp(`(^|[^\\w.>])${param}\\s*=[^=]|(^|[^&])&\\s*${param}\\b|\\breturn\\s+(\\([^()]*\\)\\s*)?${param}\\s*;`).test(code)) return `it stores, returns or takes the address of '${param}'`;
  for (const f of ext.files) {
    for (const m of f.macros.values()) {
      if ((!(m.params ?? []).includes(param) && dropsRef(m.body, param)) || macroDropsArgument(m, param, code)) {
        if (macroUsers(ext, m.name).funcs.includes(helper)) return `macro ${m.name} drops '${param}' there`;
      }
    }
  }
  for (const d of drops) {
    if (!d.stmt || d.stmt.parent?.type !== 'compound_statement') return `${d.api}(${param}) is not a statement of its own in a block`;
    // The error path must leave the helper without touching the module again.
    const rest: SyntaxNode[] = [];
    for (let n = d.stmt.nextNamedSibling; n; n = n.nextNamedSibling) if (n.type !== 'comment') rest.push(n);
    const last = rest[rest.length - 1];
    if (!last || (last.type !== 'return_statement' && last.type !== 'goto_statement')) return `the block of its ${d.api}(${param}) does not end with return or goto`;
    if (rest.some((n) => new RegExp(`\\b${param}\\b`).test(nodeText(n, text)))) return `it uses '${param}' after ${d.api}(${param})`;
  }
  return undefined;
}

/** `#define FAIL(o) { Py_DECREF(o); return NULL; }` expanded as `FAIL(m)` in `code`. */
export function macroDropsArgument(m: { name: string; params?: string[]; body: string }, mv: string, code: string): boolean {
  const dropped = (m.params ?? []).map((p, i) => (dropsRef(m.body, p) ? i : -1)).filter((i) => i >= 0);
  if (dropped.length === 0) return false;
  if (!/^[A-Za-z_]\w*$/.test(m.name)) return false;
  const re = new RegExp(`\\b${m.name}\\s*\\(`, 'g');
  let x: RegExpExecArray | null;
  while ((x = re.exec(code)) !== null) {
    const args: string[] = [];
    let depth = 0;
    let cur = '';
    for (let i = x.index + x[0].length; i < code.length; i++) {
      const ch = code[i];
      if (depth === 0 && (ch === ',' || ch === ')')) {
        args.push(cur.trim());
        cur = '';
        if (ch === ')') break;
        continue;
      }
      if (ch === '(') depth++;
      else if (ch === ')') depth--;
      cur += ch;
    }
    if (dropped.some((i) => args[i] !== undefined && stripCasts(args[i]) === mv)) return true;
  }
  return false;
}

function removalOf(file: FileModel, stmt: SyntaxNode): HelperDropEdit {
  const span = statementRemoval(file.source, stmt.startIndex, stmt.endIndex);
  return { file, start: span.start, end: span.end, text: '' };
}
