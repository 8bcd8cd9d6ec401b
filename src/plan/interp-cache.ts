/**
 * Per-interpreter caches: the storage for a function-level lazy cache whose function cannot reach
 * the module state (a public C-API function, a slot of a type that stays static, a callback). The
 * cache moves into a struct that each interpreter keeps in its interpreter dict
 * (PyInterpreterState_GetDict, 3.8+), looked up where the static was declared, so only the path
 * that used the cache pays for the lookup. One struct per file that holds such functions (a header
 * gets its own, keyed by its path, so every translation unit that includes it shares it).
 */
import * as path from 'path';
import type { FileModel, GlobalVar } from '../model/types';
import type { SyntaxNode } from '../core/parse';
import { hoist } from './hoist';
import { commonDir } from '../core/paths';
import { statementRemoval } from './text-util';

/** A block (`{ ... }`) of a function that declares a cache, and where its statements start. */
export interface CacheBlock {
  start: number;
  end: number;
  /** After the block's leading declarations (the first statement's line). */
  statementPoint: number;
}

export interface InterpCacheEntry {
  g: GlobalVar;
  field: string;
  owns: 'strong' | 'none';
  was: string;
  block: CacheBlock;
  /** The declaration is one of its block's leading declarations (else the block already mixes them). */
  leading: boolean;
  errorValue: string;
}

/** The local that holds the interpreter's cache in a function that uses one. */
export const CACHE_LOCAL = 'icache';

/** The block that declares `g` and whether its declaration leads it; undefined when it is not in a block. */
export function declaringBlock(g: GlobalVar): { block: CacheBlock; leading: boolean } | undefined {
  const f = g.func;
  if (!f) return undefined;
  let node: SyntaxNode | null = f.node.descendantForIndex(g.declStart, g.declStart);
  while (node && node.type !== 'declaration') node = node.parent;
  const decl = node;
  const block = decl?.parent;
  if (!decl || !block || block.type !== 'compound_statement') return undefined;
  const children = block.namedChildren.filter((c) => c.type !== 'comment');
  const firstStatement = children.find((c) => c.type !== 'declaration');
  const src = f.file.source;
  const statementPoint = firstStatement ? src.lineStart(firstStatement.startIndex) : src.lineStart(block.endIndex - 1);
  const leading = !firstStatement || decl.startIndex < firstStatement.startIndex;
  return { block: { start: block.startIndex, end: block.endIndex, statementPoint: Math.max(statementPoint, block.startIndex + 1) }, leading };
}

/** The names generated for one file's cache: the struct, its getter and its destructor, and the dict key. */
export interface CacheNames {
  struct: string;
  get: string;
  free: string;
  key: string;
}

export function cacheNames(file: FileModel, mod: string, files: readonly FileModel[]): CacheNames {
  const base = path.basename(file.path);
  const stem = base.replace(/\.[^.]*$/, '');
  const isHeader = /\.h(h|pp)?$/.test(base);
  const sameStem = files.filter((f) => path.basename(f.path).replace(/\.[^.]*$/, '') === stem && /\.h(h|pp)?$/.test(f.path) === isHeader);
  const root = commonDir(files.map((f) => f.path));
  const rel = path.relative(root, file.path).split(path.sep).join('/');
  const id = (sameStem.length > 1 ? rel.replace(/\.[^.]*$/, '') : stem).replace(/[^A-Za-z0-9_]/g, '_') + (isHeader ? '_h' : '');
  return { struct: `${id}_interp_cache`, get: `get_${id}_interp_cache`, free: `${id}_interp_cache_free`, key: `pyext_isolate.${mod}.${rel}` };
}

interface EmitContext {
  replace(file: FileModel, start: number, end: number, text: string, order?: number): void;
  insert(file: FileModel, at: number, text: string, order?: number): void;
}

/** Renders every file's cache struct, getter and destructor, and each block's lookup. */
export function emitInterpCaches(ctx: EmitContext, entries: readonly InterpCacheEntry[], mod: string, files: readonly FileModel[]): void {
  const byFile = new Map<FileModel, InterpCacheEntry[]>();
  for (const e of entries) {
    const file = e.g.func!.file;
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file)!.push(e);
  }
  for (const [file, list] of byFile) {
    const names = cacheNames(file, mod, files);
    const users = [...new Set(list.map((e) => e.g.func!))].sort((a, b) => a.declStart - b.declStart);
    // Above the first function that uses the cache, inside only the #if groups that hold every such function.
    ctx.insert(file, hoist(file, users[0].declStart, users.map((f) => f.bodyStart)), file.source.adapt(renderCache(names, list, file)), 3);
    for (const f of users) emitLookups(ctx, names, list.filter((e) => e.g.func === f));
  }
}

function renderCache(n: CacheNames, list: InterpCacheEntry[], file: FileModel): string {
  const header = /\.h(h|pp)?$/.test(file.path);
  const storage = header ? 'static inline' : 'static';
  const seen = new Set<string>();
  const fields = list.filter((e) => !seen.has(e.field) && seen.add(e.field)).sort((a, b) => a.g.declStart - b.g.declStart);
  const decl = (e: InterpCacheEntry): string => `    ${e.g.ctype}${e.g.ctype.endsWith('*') ? '' : ' '}${e.field}; /* was: ${e.was} */`;
  const strong = fields.filter((e) => e.owns === 'strong');
  return [
    `/* Per-interpreter caches (pyext-isolate): the functions below receive no module, so their caches`,
    ` * cannot live in the module state; each interpreter keeps its own copy in its interpreter dict. */`,
    `typedef struct {`,
    ...fields.map(decl),
    `} ${n.struct};`,
    ``,
    `${storage} void`,
    `${n.free}(PyObject *capsule)`,
    `{`,
    `    ${n.struct} *cache = (${n.struct} *)PyCapsule_GetPointer(capsule, "${n.key}");`,
    `    if (cache == NULL) {`,
    `        PyErr_Clear();`,
    `        return;`,
    `    }`,
    ...strong.map((e) => `    Py_CLEAR(cache->${e.field});`),
    `    PyMem_RawFree(cache);`,
    `}`,
    ``,
    `/* This interpreter's caches, created on first use; NULL with an exception set on failure. */`,
    `${storage} ${n.struct} *`,
    `${n.get}(void)`,
    `{`,
    `    PyObject *dict = PyInterpreterState_GetDict(PyInterpreterState_Get());`,
    `    PyObject *capsule;`,
    `    ${n.struct} *cache;`,
    ``,
    `    if (dict == NULL) {`,
    `        PyErr_SetString(PyExc_RuntimeError, "${n.key}: no interpreter dict");`,
    `        return NULL;`,
    `    }`,
    `    capsule = PyDict_GetItemString(dict, "${n.key}");`,
    `    if (capsule != NULL) {`,
    `        return (${n.struct} *)PyCapsule_GetPointer(capsule, "${n.key}");`,
    `    }`,
    `    cache = (${n.struct} *)PyMem_RawCalloc(1, sizeof(*cache));`,
    `    if (cache == NULL) {`,
    `        PyErr_NoMemory();`,
    `        return NULL;`,
    `    }`,
    `    capsule = PyCapsule_New(cache, "${n.key}", ${n.free});`,
    `    if (capsule == NULL) {`,
    `        PyMem_RawFree(cache);`,
    `        return NULL;`,
    `    }`,
    `    if (PyDict_SetItemString(dict, "${n.key}", capsule) < 0) {`,
    `        Py_DECREF(capsule);`,
    `        return NULL;`,
    `    }`,
    `    Py_DECREF(capsule);`,
    `    return cache;`,
    `}`,
    ``,
    ``,
  ].join('\n');
}

/**
 * In one function: the outermost blocks that declare caches get `<struct> *icache = <get>();` in
 * place of their first cache's declaration and a NULL check where their statements start (or right
 * after the declaration when the block already mixes declarations and statements); the other
 * declarations go.
 */
function emitLookups(ctx: EmitContext, n: CacheNames, list: InterpCacheEntry[]): void {
  const f = list[0].g.func!;
  const src = f.file.source;
  const inside = (a: CacheBlock, b: CacheBlock): boolean => a !== b && a.start >= b.start && a.end <= b.end && !(a.start === b.start && a.end === b.end);
  const blocks = list.map((e) => e.block);
  const anchors = new Set<InterpCacheEntry>();
  for (const e of list.slice().sort((a, b) => a.g.declStart - b.g.declStart)) {
    if (blocks.some((b) => inside(e.block, b))) continue; // an enclosing block's lookup serves it
    if ([...anchors].some((a) => a.block.start === e.block.start)) continue;
    anchors.add(e);
  }
  for (const e of list) {
    const g = e.g;
    if (!anchors.has(e)) {
      const span = statementRemoval(src, g.declStart, g.declEnd);
      ctx.replace(f.file, span.start, span.end, '');
      continue;
    }
    ctx.replace(f.file, g.declStart, g.declEnd, `${n.struct} *${CACHE_LOCAL} = ${n.get}();`);
    const indent = src.text.slice(src.lineStart(g.declStart), g.declStart);
    const unit = src.indentUnit;
    const eol = src.eol;
    const check = `${indent}if (${CACHE_LOCAL} == NULL) {${eol}${indent}${unit}return ${e.errorValue};${eol}${indent}}${eol}`;
    if (e.leading) {
      const at = e.block.statementPoint;
      const blank = src.text.slice(src.lineStart(at - 1), at).trim() === '' && at > e.block.start + 1;
      ctx.insert(f.file, at, blank ? check + eol : check, 4);
    } else {
      ctx.insert(f.file, src.lineEndIncludingEol(g.declEnd), check, 4);
    }
  }
}
