/**
 * Which of the names other files define a file really refers to, for linking files into
 * extensions. The identifier pass sees every word; a word is no reference to another file's
 * symbol when it is a member (`x.key`, `p->key`, a struct's field), a parameter or a local in
 * scope where it stands, a prototype's parameter, or when the file has a file-scope `static` or an
 * unconditional macro of that name of its own (a template's `#define _MODULE_NAME ...`).
 */
import type { SyntaxNode } from '../core/parse';
import { branchesAt, defineParts, definitionsOf, directiveAt } from '../core/lex';
import type { FileModel } from './types';
import { identifierOffsets, prevNonSpace } from './identifiers';
import { enclosingFunction } from './functions';
import { declaredInScopeAt } from './declared-names';
import { inDeadVersionBranch } from './regions';

const decided = new WeakMap<FileModel, Map<string, boolean>>();

/** The names of `candidates` that `f` refers to as another file's symbols (decisions kept per file). */
export function referencedOutside(f: FileModel, candidates: readonly string[]): string[] {
  let known = decided.get(f);
  if (!known) decided.set(f, (known = new Map()));
  const open = candidates.filter((n) => !known!.has(n));
  if (open.length > 0) {
    const own = ownStatics(f);
    const wanted = new Set(open.filter((n) => !own.has(n) && !f.identifierUses.has(n)));
    const offsets = wanted.size > 0 ? identifierOffsets(f.source.text, f.parsed.gaps, wanted) : new Map<string, number[]>();
    for (const n of open) {
      const at = own.has(n) ? [] : f.identifierUses.get(n) ?? offsets.get(n) ?? [];
      known.set(n, at.some((p) => isReference(f, n, p)));
    }
  }
  return candidates.filter((n) => known!.get(n));
}

/** Whether the word `name` at `at` in `f` may stand for another file's symbol (not a local, member, own static, ...). */
export function refersOutsideAt(f: FileModel, name: string, at: number): boolean {
  return !ownStatics(f).has(name) && isReference(f, name, at);
}

// Kept while the file's globals stay the same list (linking drops type declarations from it).
const staticsOf = new WeakMap<FileModel, { globals: FileModel['globals']; count: number; names: Set<string> }>();

/**
 * The file's own file-scope statics (variables, functions, types, module defs): its uses of those
 * names are its own. Definitions only: a static prototype in a header (Argument Clinic's
 * `static PyObject *x_impl(...);`) declares the function its includer defines.
 */
export function ownStatics(f: FileModel): Set<string> {
  const known = staticsOf.get(f);
  if (known && known.globals === f.globals && known.count === f.globals.length) return known.names;
  const out = new Set<string>();
  staticsOf.set(f, { globals: f.globals, count: f.globals.length, names: out });
  for (const g of f.globals) if (g.scope === 'file' && g.storage === 'static') out.add(g.name);
  for (const fn of f.functions) if (fn.isStatic) out.add(fn.name);
  for (const t of f.types) if (t.storage === 'static') out.add(t.name);
  for (const d of f.moduleDefs) if (d.storage === 'static') out.add(d.name);
  return out;
}

function isReference(f: FileModel, name: string, at: number): boolean {
  const text = f.source.text;
  const before = prevNonSpace(text, at);
  if (text[before] === '.' || (text[before] === '>' && text[before - 1] === '-')) return false;
  const directive = directiveAt(f.parsed.lex, at);
  // A preprocessor line names macros (`#ifdef key`, `#define key ...`); only a macro's body can name a symbol.
  if (directive && (directive.kind !== 'define' || /#\s*define\s+$/.test(text.slice(directive.start, at)))) return false;
  if (directive && defineParts(directive.rest)?.params?.includes(name)) return false; // a parameter of the macro
  if (expandsOwnMacro(f, name, at)) return false;
  const node = f.parsed.tree.rootNode.descendantForIndex(at, at + name.length);
  if (node.type === 'field_identifier' || declaresParameter(node)) return false;
  const func = enclosingFunction(f, at);
  return !(func && declaredInScopeAt(func, name, at));
}

/** `name` is the declarator of a parameter (`int key`, `char *key`, `uint8 key[16]`), in a definition or a prototype. */
function declaresParameter(node: SyntaxNode): boolean {
  if (node.type !== 'identifier') return false;
  for (let x: SyntaxNode = node, p = x.parent; p; x = p, p = p.parent) {
    if (p.type === 'parameter_declaration') return p.childForFieldName('declarator')?.id === x.id;
    if (!/_declarator$/.test(p.type) || p.childForFieldName('declarator')?.id !== x.id) return false;
  }
  return false;
}

/** A macro of the file itself, defined unconditionally above `at` and never #undef'd, stands for `name` there. */
function expandsOwnMacro(f: FileModel, name: string, at: number): boolean {
  const lx = f.parsed.lex;
  const defs = definitionsOf(lx, name).filter((d) => !inDeadVersionBranch(f, d.start));
  if (!defs.some((d) => d.end <= at && branchesAt(lx, d.start).length === 0)) return false;
  return !lx.directives.some((d) => d.kind === 'undef' && d.rest.split(/\s/)[0] === name);
}
