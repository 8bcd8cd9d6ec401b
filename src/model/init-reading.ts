/**
 * Init functions: `PyInit_<name>` (or a macro alias of it), its phase, where it creates the
 * module (directly or through a project macro) and the helper it delegates to.
 */
import type { SyntaxNode } from '../core/parse';
import type { FileModel, FunctionInfo, InitInfo } from './types';
import { nodeText } from './cnodes';
import { gluedInitName, macroCreates, macroLookup } from './init-macros';
import { defineParts } from '../core/lex';

export function collectInits(fm: FileModel): void {
  let aliases: Map<string, string> | undefined;
  for (const f of fm.functions) {
    // `#define init_function PyInit_x` then `PyMODINIT_FUNC init_function(void)` (py2/py3 compat).
    const name = f.name.startsWith('PyInit_') ? f.name : (aliases ??= initAliases(fm)).get(f.name);
    if (name) addInit(fm, f, name.slice('PyInit_'.length));
  }
}

/**
 * Object-like macros of the file whose whole body is a `PyInit_<name>` (macro name -> PyInit
 * name). Every live `#define` counts, not only the last one: `#ifdef IS_PY3K` / `#else` defines
 * the name twice; a branch no supported Python compiles (`PY_MAJOR_VERSION < 3`) does not count.
 */
export function initAliases(fm: FileModel): Map<string, string> {
  const out = new Map<string, string>();
  const { inertStarts, inertEnds } = fm.parsed.gaps;
  for (const d of fm.parsed.lex.directives) {
    if (d.kind !== 'define') continue;
    const x = /^([A-Za-z_]\w*)\s+(PyInit_\w+)\s*$/.exec(d.rest) ?? gluedAlias(fm, d.rest);
    if (!x || x[1].startsWith('PyInit_')) continue;
    let dead = false;
    for (let i = 0; i < inertStarts.length && inertStarts[i] <= d.start; i++) if (d.start < inertEnds[i]) dead = true;
    if (!dead) out.set(x[1], x[2]);
  }
  return out;
}

/**
 * `#define INIT_NAME _PASTE2(PyInit_, MODULE_NAME)` with MODULE_NAME defined where the file sees
 * it: [, INIT_NAME, PyInit_<value>] as the plain alias regex gives it. (A template that leaves
 * MODULE_NAME to its includers is no alias: multi-phase-init/pasted-init-name says why.)
 */
function gluedAlias(fm: FileModel, rest: string): string[] | undefined {
  const parts = defineParts(rest);
  if (!parts || parts.params || !/\bPyInit_\s*,/.test(parts.body)) return undefined;
  const name = gluedInitName({ ...parts, start: 0, end: 0 }, macroLookup(fm))?.name;
  return name ? [rest, parts.name, name] : undefined;
}

/** Records `f` as the init function of module `name` (its helper when it delegates). */
export function addInit(fm: FileModel, f: FunctionInfo, name: string): void {
  const text = fm.source.text;
  if (fm.inits.some((i) => i.func === f || i.entry === f)) return;
  const info: InitInfo = { name, func: f, phase: 'unknown' };
  readInitBody(fm, info, f);
  // `PyInit_m(void) { return make_module(); }`: the helper is the init body.
  const delegate = /^\{\s*return\s+([A-Za-z_]\w*)\s*\(\s*(?:void)?\s*\)\s*;\s*\}$/.exec(text.slice(f.bodyStart, f.bodyEnd + 1).replace(/\/\*[\s\S]*?\*\//g, ''));
  if (info.phase === 'unknown' && delegate) {
    const helper = fm.functionsByName.get(delegate[1]);
    if (helper && helper !== f) {
      readInitBody(fm, info, helper);
      if (info.phase !== 'unknown') {
        info.entry = f;
        info.func = helper;
      }
    }
  }
  fm.inits.push(info);
}

function readInitBody(fm: FileModel, info: InitInfo, f: FunctionInfo): void {
  const text = fm.source.text;
  for (const c of fm.apiCalls) {
    if (c.func !== f) continue;
    if ((c.api === 'PyModule_Create' || c.api === 'PyModule_Create2') && !info.createCall) {
      info.phase = 'single';
      const args = text.slice(c.start, c.end);
      const dm = /\(\s*&\s*([A-Za-z_]\w*)/.exec(args);
      const node = fm.parsed.tree.rootNode.descendantForIndex(c.start, c.start + c.api.length);
      let stmt: SyntaxNode | null = node;
      while (stmt && !['expression_statement', 'declaration', 'return_statement', 'if_statement'].includes(stmt.type)) stmt = stmt.parent;
      let moduleVar: string | undefined;
      if (stmt) {
        const st = nodeText(stmt, text);
        const mv = /([A-Za-z_]\w*)\s*=\s*(?:\([^)]*\)\s*)?PyModule_Create2?\s*\(/.exec(st);
        if (mv) moduleVar = mv[1];
      }
      info.createCall = {
        start: c.start,
        end: c.end,
        defName: dm?.[1],
        stmtStart: stmt ? stmt.startIndex : c.start,
        stmtEnd: stmt ? stmt.endIndex : c.end,
        moduleVar,
      };
    } else if (c.api === 'PyModuleDef_Init') {
      info.phase = 'multi';
      const dm = /\(\s*&?\s*([A-Za-z_]\w*)/.exec(text.slice(c.start, c.end));
      info.defInitCall = { start: c.start, end: c.end, defName: dm?.[1] };
    }
  }
  // PyModule_Create written inside a project macro (`MOD_DEF(m, "name", doc, methods)`).
  if (info.createCall || info.phase === 'multi') return;
  const viaMacro = macroCreates(fm, f)[0];
  if (!viaMacro) return;
  info.phase = 'single';
  const node = fm.parsed.tree.rootNode.descendantForIndex(viaMacro.start, viaMacro.start + viaMacro.macro.length);
  let stmt: SyntaxNode | null = node;
  while (stmt && !['expression_statement', 'declaration', 'return_statement', 'if_statement'].includes(stmt.type)) stmt = stmt.parent;
  // `m = CREATE(def);`: a macro that only makes the call leaves the assignment to its user.
  const assigned = stmt ? /([A-Za-z_]\w*)\s*=\s*(?:\([^)]*\)\s*)?$/.exec(text.slice(stmt.startIndex, viaMacro.start)) : null;
  info.createCall = {
    start: viaMacro.start,
    end: viaMacro.end,
    defName: viaMacro.def?.name ?? viaMacro.defName,
    stmtStart: stmt ? stmt.startIndex : viaMacro.start,
    stmtEnd: stmt ? stmt.endIndex : viaMacro.end,
    moduleVar: viaMacro.moduleVar ?? assigned?.[1],
    viaMacro: viaMacro.macro,
  };
  if (viaMacro.def && !fm.moduleDefs.includes(viaMacro.def)) fm.moduleDefs.push(viaMacro.def);
}

