/**
 * Linking file models into extensions. A file with a `PyInit_<name>` function is the root of
 * one extension; other files join the root whose files use their non-static symbols (or that
 * include them, for headers). Two roots never merge: a file reached from several roots is
 * shared, and the transforms leave its state alone (a finding says why).
 */
import { isHeaderPath, isTemplatePath } from '../core/parse';
import * as path from 'path';
import type { ExtensionModel, FileModel, GlobalVar, InitInfo } from './types';
import { identifierOffsets } from './identifiers';
import { definitionsOf } from '../core/lex';
import { classifyGlobal, collectUsesIn } from './globals';
import { addInit, initAliases } from './init-reading';
import { collectTypeUses } from './type-uses';
import { translationUnits, unitNeighbours } from './translation-units';
import { ownStatics, referencedOutside } from './outside-references';
import { declareTentativeDefinitions } from './header-tentative-definitions';

export interface LinkOptions {
  /** Explicit grouping from config: module name -> file paths. */
  modules?: Record<string, string[]>;
}

export function linkExtensions(files: FileModel[], opts: LinkOptions = {}): ExtensionModel[] {
  const byPath = new Map(files.map((f) => [path.resolve(f.path), f]));
  const assigned = new Map<FileModel, string>();
  const groups = new Map<string, FileModel[]>();
  const shared = new Map<FileModel, Set<string>>();

  // 1. Explicit modules from config.
  for (const [name, paths] of Object.entries(opts.modules ?? {})) {
    const members = paths.map((p) => byPath.get(path.resolve(p))).filter((f): f is FileModel => !!f);
    for (const f of members) assigned.set(f, name);
    groups.set(name, members);
  }

  // 2. Roots: files that define PyInit_<name>, also under a name a header's object-like macro
  // gives it (`#define init_function PyInit_x` in a header, `init_function(void)` in the .c file).
  const aliases = new Map<string, string>();
  for (const f of files) for (const [name, target] of initAliases(f)) aliases.set(name, target);
  if (aliases.size > 0) {
    for (const f of files) {
      for (const fn of f.functions) {
        const t = aliases.get(fn.name);
        if (t) addInit(f, fn, t.slice('PyInit_'.length));
      }
    }
  }
  const roots: { name: string; file: FileModel; init: InitInfo }[] = [];
  for (const f of files) {
    if (assigned.has(f)) continue;
    for (const init of f.inits) roots.push({ name: init.name, file: f, init });
  }
  // Symbol -> defining files; file -> files it includes.
  const definers = new Map<string, FileModel[]>();
  for (const f of files) {
    for (const s of f.exportedSymbols) {
      if (!definers.has(s)) definers.set(s, []);
      definers.get(s)!.push(f);
    }
  }
  const includes = new Map<FileModel, FileModel[]>();
  // Looked up for every include of every file.
  const byBase = new Map<string, FileModel[]>();
  for (const f of files) {
    const base = path.basename(f.path);
    const list = byBase.get(base);
    if (list) list.push(f);
    else byBase.set(base, [f]);
  }
  for (const f of files) {
    const dir = path.dirname(path.resolve(f.path));
    const list: FileModel[] = [];
    for (const inc of f.localIncludes) {
      // `#include "funcs.inc"` of a generated file: its template (`funcs.inc.src`) is the source.
      const target = byPath.get(path.resolve(dir, inc)) ?? findByBasename(byBase, inc) ?? byPath.get(path.resolve(dir, inc + '.src')) ?? findByBasename(byBase, inc + '.src');
      if (target && target !== f) list.push(target);
    }
    includes.set(f, list);
  }
  const neighbours = (f: FileModel): FileModel[] => {
    const out = new Set<FileModel>(includes.get(f) ?? []);
    // Only real references link: a local or a member that shares another file's global's name does not.
    const candidates = [...f.allIdentifiers].filter((id) => definers.get(id)?.some((d) => d !== f));
    for (const id of referencedOutside(f, candidates)) for (const d of definers.get(id)!) if (d !== f) out.add(d);
    return [...out];
  };

  // 3. Breadth-first from every root at once, so that a file joins its nearest root.
  const rootNames = new Set<string>();
  // `explicit`: a file of a configured module; from it only headers (and #included files) join.
  const queue: { file: FileModel; root: string; explicit?: boolean }[] = [];
  for (const [name, members] of groups) for (const f of members) queue.push({ file: f, root: name, explicit: true });
  for (const r of roots) {
    let name = r.name;
    if (rootNames.has(name)) name = `${name}@${r.file.path}`;
    rootNames.add(name);
    if (assigned.has(r.file) && assigned.get(r.file) !== name) {
      addShared(shared, r.file, name);
      continue;
    }
    assigned.set(r.file, name);
    groups.set(name, [r.file]);
    queue.push({ file: r.file, root: name });
  }
  const rootFiles = new Set(roots.map((r) => r.file));
  // Headers are part of every extension that includes them (a public API header is included by
  // its provider and its consumers); only .c files shared by two roots make a file ambiguous.
  // A .c file another file #includes (`#include "Automaton.c"`) is part of its includer's
  // translation unit: it behaves as a header.
  const included = new Set<FileModel>([...includes.values()].flat());
  const isHeader = (f: FileModel): boolean => isHeaderPath(f.path) || included.has(f);
  while (queue.length > 0) {
    const { file, root, explicit } = queue.shift()!;
    const viaHeader = isHeader(file);
    for (const n of neighbours(file)) {
      if (rootFiles.has(n)) continue;
      if (explicit && !isHeader(n)) continue; // the configured list says which .c files belong
      const owner = assigned.get(n);
      const group = groups.get(root)!;
      if (isHeader(n)) {
        if (!group.includes(n)) group.push(n);
        if (owner === undefined) {
          assigned.set(n, root);
          queue.push({ file: n, root, explicit });
        }
        continue;
      }
      if (owner === undefined) {
        assigned.set(n, root);
        group.push(n);
        queue.push({ file: n, root });
      } else if (owner !== root && !viaHeader) {
        // A helper file linked into several modules (as the build does): part of each of them.
        addShared(shared, n, root);
        addShared(shared, n, owner);
        if (!group.includes(n)) {
          group.push(n);
          queue.push({ file: n, root });
        }
      }
    }
  }

  // 3b. A template (`loops.c.src`) no root reached (its functions have templated names, so no use
  // names them) that includes a header of exactly one extension: its expansion is compiled into that
  // module (NumPy's loops), so its hazards are that module's and keep it from declaring isolation.
  for (const f of files) {
    if (assigned.has(f) || isHeader(f) || !isTemplatePath(f.path)) continue;
    const owners = new Set((includes.get(f) ?? []).map((h) => assigned.get(h)).filter((x): x is string => x !== undefined));
    if (owners.size !== 1) continue;
    const [root] = owners;
    assigned.set(f, root);
    groups.get(root)!.push(f);
  }

  // 4. Everything else: one group per file (still checked, never given module state).
  // Headers in several extensions (or that import a capsule) are public: consumers compile them.
  const headerCount = new Map<FileModel, number>();
  for (const members of groups.values()) for (const f of members) if (isHeader(f)) headerCount.set(f, (headerCount.get(f) ?? 0) + 1);
  const publicHeaders = new Set<FileModel>([...headerCount].filter(([f, n]) => n > 1 || f.capsuleImports.length > 0).map(([f]) => f));
  // The modules whose files include each header (a static variable a header defines is one per
  // translation unit: per module).
  const holders = new Map<FileModel, string[]>();
  for (const [name, members] of groups) for (const f of members) if (isHeader(f)) holders.set(f, [...(holders.get(f) ?? []), name]);
  const out: ExtensionModel[] = [];
  for (const [name, members] of groups) {
    const sharedHeaders = new Map<FileModel, string[]>();
    for (const f of members) {
      const others = (holders.get(f) ?? []).filter((n) => n !== name);
      if (others.length > 0) sharedHeaders.set(f, others.map((n) => n.replace(/@.*$/, '')));
    }
    const ext = makeExtension(name, members, shared, true, sharedHeaders);
    ext.publicHeaders = new Set(members.filter((f) => publicHeaders.has(f)));
    if (sharedHeaders.size > 0) ext.sharedHeaders = sharedHeaders;
    out.push(ext);
  }
  for (const f of files) if (!assigned.has(f)) out.push(makeExtension(undefined, [f], shared, false));
  return out;
}

function addShared(shared: Map<FileModel, Set<string>>, f: FileModel, root: string): void {
  if (!shared.has(f)) shared.set(f, new Set());
  shared.get(f)!.add(root);
}

/** The one file of that base name (`byBase`: the files by base name), or undefined when none or several. */
function findByBasename(byBase: ReadonlyMap<string, FileModel[]>, inc: string): FileModel | undefined {
  const hits = byBase.get(path.basename(inc)) ?? [];
  return hits.length === 1 ? hits[0] : undefined;
}

/**
 * This extension's own copy of a `static` file-scope variable of a header other modules include
 * too: the uses the header itself holds, then those of this extension's files only (linkUses). One
 * declared by a macro (`DEFINE_STRING(x)`) or formed by a paste stays the shared record (the
 * transforms find its partners by identity in its file).
 */
function ownCopy(g: GlobalVar, sharedHeaders: Map<FileModel, string[]>): GlobalVar {
  if (g.scope !== 'file' || g.storage !== 'static' || !sharedHeaders.has(g.file) || g.declaredBy || g.uses.some((u) => u.pasted)) return g;
  const here = (u: { file: FileModel }): boolean => u.file === g.file;
  return { ...g, uses: g.uses.filter(here), fills: g.fills.filter(here), addressEscapes: g.addressEscapes.filter(here) };
}

function makeExtension(name: string | undefined, members: FileModel[], shared: Map<FileModel, Set<string>>, isModule: boolean, sharedHeaders = new Map<FileModel, string[]>()): ExtensionModel {
  const files = members.slice().sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const inits = files.flatMap((f) => f.inits);
  const init = isModule ? inits.find((i) => name === i.name || name?.startsWith(i.name + '@')) ?? inits[0] : undefined;
  const defName = init?.createCall?.defName ?? init?.defInitCall?.defName;
  const moduleDefs = files.flatMap((f) => f.moduleDefs);
  const moduleDef = moduleDefs.find((d) => d.name === defName) ?? (moduleDefs.length === 1 ? moduleDefs[0] : undefined);
  const ext: ExtensionModel = {
    name: init ? init.name : undefined,
    files,
    init,
    moduleDef,
    types: files.flatMap((f) => f.types),
    typesByName: new Map(),
    globals: files.flatMap((f) => f.globals.map((g) => ownCopy(g, sharedHeaders))),
    tables: files.flatMap((f) => f.tables),
    functionsByName: new Map(),
    capsuleExports: files.flatMap((f) => f.capsuleExports),
    capsuleImports: files.flatMap((f) => f.capsuleImports),
  };
  for (const t of ext.types) if (!ext.typesByName.has(t.name)) ext.typesByName.set(t.name, t);
  if (files.length > 1) dropConfiguredOut(ext);
  if (files.length > 1) {
    declareTentativeDefinitions(ext, (f) => [...(shared.get(f) ?? [])].some((r) => r !== name));
    dropTypeDeclarations(ext);
    linkObjectStructs(ext);
    linkUses(ext);
  }
  for (const f of files) for (const fn of f.functions) if (!ext.functionsByName.has(fn.name) || !fn.isStatic) ext.functionsByName.set(fn.name, fn);
  // A file that is part of other modules too: one without module-level things of its own (types,
  // globals, module defs, capsules, PyState calls) is shared as it is and never edited; one with
  // them would need a different state per module.
  const sharedWith = new Set<string>();
  for (const f of files) {
    const others = [...(shared.get(f) ?? [])].filter((r) => r !== name).sort();
    if (others.length === 0) continue;
    if (holdsModuleThings(f)) for (const r of others) sharedWith.add(r);
    else (ext.sharedFiles ??= new Map()).set(f, others);
  }
  if (sharedWith.size > 0) ext.ambiguous = [...sharedWith].sort();
  if (inits.length > 1) ext.ambiguous = [...(ext.ambiguous ?? []), ...inits.filter((i) => i !== init).map((i) => i.name)];
  return ext;
}

/** Whether a file holds what belongs to one module: then it cannot be shared by two as it is. */
function holdsModuleThings(f: FileModel): boolean {
  return f.globals.length > 0 || f.types.length > 0 || f.moduleDefs.length > 0 || f.inits.length > 0 || f.capsuleExports.length > 0 || f.capsuleImports.length > 0 || f.apiCalls.some((c) => c.api.startsWith('PyState_'));
}

/** For each file of an extension, the other files that include it by its base name (computed once per extension). */
const includersCache = new WeakMap<ExtensionModel, Map<FileModel, Set<FileModel>>>();
export function includersOf(ext: ExtensionModel, h: FileModel): Set<FileModel> {
  let index = includersCache.get(ext);
  if (!index) {
    index = new Map();
    const byBase = new Map<string, FileModel[]>();
    for (const f of ext.files) {
      const base = path.basename(f.path);
      if (!byBase.has(base)) byBase.set(base, []);
      byBase.get(base)!.push(f);
    }
    for (const f of ext.files) {
      for (const inc of f.localIncludes) {
        for (const h2 of byBase.get(path.basename(inc)) ?? byBase.get(path.basename(inc) + '.src') ?? []) {
          if (h2 === f) continue;
          if (!index.has(h2)) index.set(h2, new Set());
          index.get(h2)!.add(f);
        }
      }
    }
    includersCache.set(ext, index);
  }
  return index.get(h) ?? new Set();
}

/**
 * Uses of globals and types in the other files of the extension: non-static ones anywhere, static
 * ones in the headers their file includes (a header's macros expand in the includer).
 */
function linkUses(ext: ExtensionModel): void {
  const includedBy = (h: FileModel, f: FileModel): boolean => includersOf(ext, h).has(f);
  // A static of `file` is visible in `f` when file includes f (a header, whose macros expand there,
  // or a .c file included as one: part of file's translation unit), when f includes file, or when
  // one translation unit holds both (two headers a .c file includes one after the other).
  const together = unitNeighbours(translationUnits(ext.files));
  const visible = (file: FileModel, storage: string, f: FileModel): boolean =>
    storage !== 'static' || includedBy(f, file) || includedBy(file, f) || !!together.get(file)?.has(f);
  const globals = ext.globals.filter((g) => g.scope === 'file');
  const types = ext.types;
  for (const f of ext.files) {
    // A file's own static of that name is what its uses name.
    const own = ownStatics(f);
    const gs = globals.filter((g) => g.file !== f && visible(g.file, g.storage, f) && f.allIdentifiers.has(g.name) && !own.has(g.name));
    const ts = types.filter((t) => t.file !== f && visible(t.file, t.storage, f) && f.allIdentifiers.has(t.name) && !own.has(t.name));
    if (gs.length === 0 && ts.length === 0) continue;
    const missing = new Set<string>();
    for (const x of [...gs, ...ts]) if (!f.identifierUses.has(x.name)) missing.add(x.name);
    if (missing.size > 0) for (const [k, v] of identifierOffsets(f.source.text, f.parsed.gaps, missing)) f.identifierUses.set(k, v);
    for (const g of gs) if (f.identifierUses.has(g.name)) collectUsesIn(f, g);
    for (const t of ts) if (f.identifierUses.has(t.name)) collectTypeUses(f, t);
  }
  // Uses in header sections this extension compiles out are not its uses.
  const out = ext.configuredOut;
  if (out) {
    const dead = (u: { file: FileModel; start: number }): boolean => (out.get(u.file) ?? []).some((s) => u.start >= s.start && u.start < s.end);
    for (const g of globals) g.uses = g.uses.filter((u) => !dead(u));
    for (const t of types) t.uses = t.uses.filter((u) => !dead(u));
  }
  for (const g of globals) if (g.storage !== 'static') classifyGlobal(g.file, g);
}

/** `static PyTypeObject X;` in a header, for a type another file defines, is a declaration, not a global. */
function dropTypeDeclarations(ext: ExtensionModel): void {
  const isDecl = (g: ExtensionModel['globals'][number]): boolean => g.baseType === 'PyTypeObject' && g.pointerDepth === 0 && !g.init && ext.typesByName.has(g.name);
  if (!ext.globals.some(isDecl)) return;
  ext.globals = ext.globals.filter((g) => !isDecl(g));
  for (const f of ext.files) f.globals = f.globals.filter((g) => !isDecl(g));
}

/** Pointers to object structs defined in another file of the extension (a header) are Python objects too. */
function linkObjectStructs(ext: ExtensionModel): void {
  const structs = new Map<string, boolean>();
  for (const f of ext.files) for (const [name, st] of f.structs) if (st.isPyObject) structs.set(name, true);
  for (const g of ext.globals) {
    if (g.isPythonObject || g.pointerDepth < 1) continue;
    if (structs.get(g.baseType) || structs.get('struct ' + g.baseType)) {
      g.isPythonObject = true;
      classifyGlobal(g.file, g);
    }
  }
}

/**
 * `#ifndef PROVIDER_MODULE` sections of a header that every including file of this extension
 * compiles with PROVIDER_MODULE defined (defined before the include) are not part of this
 * extension: their globals, types and capsule imports belong to the header's other users.
 */
function dropConfiguredOut(ext: ExtensionModel): void {
  const dead = new Map<FileModel, { start: number; end: number }[]>();
  for (const h of ext.files) {
    if (!isHeaderPath(h.path)) continue;
    const includers = [...includersOf(ext, h)];
    if (includers.length === 0) continue;
    const base = path.basename(h.path);
    const known = new Map<string, boolean>();
    const definedByAll = (name: string): boolean => {
      let answer = known.get(name);
      if (answer === undefined) {
        answer = includers.every((f) => {
          const inc = f.parsed.lex.directives.find((d) => d.kind === 'include' && d.rest.includes(base));
          return definitionsOf(f.parsed.lex, name).some((d) => !inc || d.start < inc.start);
        });
        known.set(name, answer);
      }
      return answer;
    };
    const spans: { start: number; end: number }[] = [];
    for (const g of h.parsed.lex.groups) {
      g.branches.forEach((b, k) => {
        const d = b.directive;
        const name = d.rest.replace(/^!?\s*defined\s*\(?\s*/, '').split(/[\s)]/)[0];
        const negative = d.kind === 'ifndef' || (d.kind === 'if' && /^!\s*defined/.test(d.rest));
        const positive = d.kind === 'ifdef' || (d.kind === 'if' && /^defined/.test(d.rest));
        if (k === 0 && negative && definedByAll(name)) spans.push({ start: b.bodyStart, end: b.bodyEnd });
        if (k === 1 && d.kind === 'else' && positive === false && g.branches[0].directive.kind === 'ifdef' && definedByAll(g.branches[0].directive.rest.split(/\s/)[0])) spans.push({ start: b.bodyStart, end: b.bodyEnd });
      });
    }
    if (spans.length > 0) dead.set(h, spans);
  }
  if (dead.size === 0) return;
  const out = (file: FileModel, at: number): boolean => (dead.get(file) ?? []).some((s) => at >= s.start && at < s.end);
  ext.globals = ext.globals.filter((g) => !out(g.file, g.declStart));
  ext.types = ext.types.filter((t) => !out(t.file, t.declStart));
  ext.capsuleImports = ext.capsuleImports.filter((c) => !out(c.file, c.start));
  ext.configuredOut = dead;
}
