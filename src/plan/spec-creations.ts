/**
 * Heap types created from a spec with `PyType_FromSpec(&spec)` / `PyType_FromSpecWithBases` know no
 * module: `PyType_GetModuleByDef` finds nothing through them, so their slots and methods cannot look
 * up the state. Where the creating function has the module at hand the creation becomes
 * `PyType_FromModuleAndSpec(module, &spec, bases)` (the emitter edits it when a slot of the spec
 * uses the state); a spec created anywhere without a module keeps its slots away from the state.
 */
import type { ExtensionModel, FileModel, FunctionInfo } from '../model/types';
import type { Roles } from '../model/roles';
import { callArguments } from '../model/init-macros';
import { stripCasts } from '../model/cnodes';
import { enclosingFunction } from '../model/functions';
import { isInert } from '../core/lex';
import { StateAccess } from './state-access';
import { type ModuleHelper } from './module-helpers';

export interface SpecCreation {
  file: FileModel;
  func?: FunctionInfo;
  api: string;
  /** The API's name in the text, its `(` and `)`. */
  nameStart: number;
  open: number;
  close: number;
  /** The module object at the call, when the function has one at hand. */
  module?: string;
}

export interface SpecCreations {
  /** By the name of the spec's `PyType_Slot` table. */
  bySlots: Map<string, SpecCreation[]>;
  /** The object struct of each slot table's spec (`.basicsize = sizeof(S)`), where it says one. */
  structOf: Map<string, string>;
  /**
   * Slot tables of specs created with a module already: `PyType_FromModuleAndSpec(m, &spec, ...)`, also
   * through a helper that hands its spec parameter on (the `<mod>_create_type()` an earlier run wrote).
   */
  withModule: Set<string>;
  /** Slot tables of specs that some `PyType_FromModuleAndSpec(NULL, &spec, ...)` creates: a type with no module. */
  withoutModule: Set<string>;
  /** The flags each created spec says (`.flags` or its fourth member), by slot table. */
  flagsOf: Map<string, string>;
}

/** Every creation of the spec of slot table `slots` gives its type this module (and there is one). */
export function madeWithModule(c: SpecCreations | undefined, slots: string): boolean {
  if (!c || c.withoutModule.has(slots)) return false;
  const plain = c.bySlots.get(slots) ?? [];
  return (plain.length > 0 || c.withModule.has(slots)) && plain.every((x) => !!x.module);
}

const CALL = /\bPyType_FromSpec(?:WithBases)?\s*\(/g;
const WITH_MODULE = /\bPyType_FromModuleAndSpec\s*\(/g;

/** The creations by PyType_FromSpec(WithBases) of every spec of the extension whose slot table is known. */
export function findSpecCreations(ext: ExtensionModel, roles: Roles, host: FunctionInfo | undefined, hostParam: string, helpers: ReadonlyMap<FunctionInfo, ModuleHelper>): SpecCreations {
  const bySlots = new Map<string, SpecCreation[]>();
  const structOf = new Map<string, string>();
  const flagsOf = new Map<string, string>();
  const sites = new StateAccess(ext, roles, { typeHasModule: () => false, execFunctions: new Set(), execParam: () => hostParam });
  const memo = new Map<FunctionInfo, string | undefined>();
  const moduleIn = (f: FunctionInfo, depth: number): string | undefined => {
    if (memo.has(f)) return memo.get(f);
    memo.set(f, undefined); // (recursion guard)
    const m = findModule(f, depth);
    memo.set(f, m);
    return m;
  };
  const findModule = (f: FunctionInfo, depth: number): string | undefined => {
    if (f === host) return hostParam;
    const helper = helpers.get(f);
    if (helper) return helper.param;
    if (roles.of(f).some((r) => r.kind === 'module-method') && f.params[0]?.name) return f.params[0].name;
    if (depth >= 4) return undefined;
    // A `PyObject *` parameter that every caller fills with its own module, and that it never reassigns.
    const s = sites.callSites(f);
    if (s.calls.length === 0 || s.valueUses.length > 0 || s.macroCalls.length > 0) return undefined;
    for (const [i, p] of f.params.entries()) {
      if (!p.name || !/^PyObject\s*\*$/.test(p.type.trim()) || reassigned(f, p.name)) continue;
      const ok = s.calls.every((c) => {
        if (c.alias || c.caller === f) return false;
        const text = c.file.source.text;
        let open = c.at + f.name.length;
        while (/\s/.test(text[open] ?? '')) open++;
        const arg = callArguments(text, open)?.args[i];
        return arg !== undefined && stripCasts(arg.trim()) === moduleIn(c.caller, depth + 1);
      });
      if (ok) return p.name;
    }
    return undefined;
  };
  // The specs `param` of `f` receives: every call passes one by name (`&X_spec`) and `f` never
  // reassigns it; undefined if any call does otherwise.
  const specsThroughParameter = (f: FunctionInfo, param: string): string[] | undefined => {
    const index = f.params.findIndex((p) => p.name === param);
    if (index === -1 || reassigned(f, param)) return undefined;
    const s = sites.callSites(f);
    if (s.calls.length === 0 || s.valueUses.length > 0 || s.macroCalls.length > 0) return undefined;
    const names: string[] = [];
    for (const c of s.calls) {
      if (c.alias) return undefined;
      let open = c.at + f.name.length;
      while (/\s/.test(c.file.source.text[open] ?? '')) open++;
      const arg = callArguments(c.file.source.text, open)?.args[index];
      const name = arg !== undefined ? stripCasts(arg.trim()).replace(/^&\s*/, '') : undefined;
      if (!name || !specFields(ext, name)) return undefined;
      if (!names.includes(name)) names.push(name);
    }
    return names;
  };
  for (const file of ext.files) {
    if (!file.allIdentifiers.has('PyType_FromSpec') && !file.allIdentifiers.has('PyType_FromSpecWithBases')) continue;
    for (const m of file.source.text.matchAll(CALL)) {
      const nameStart = m.index!;
      if (isInert(file.parsed.lex, nameStart)) continue;
      const open = nameStart + m[0].length - 1;
      const call = callArguments(file.source.text, open);
      if (!call || call.args[0] === undefined) continue;
      const func = enclosingFunction(file, nameStart);
      const spec = stripCasts(call.args[0].trim()).replace(/^&\s*/, '');
      // A helper's spec parameter (`add_type(m, "X", &X_spec)` calls `PyType_FromSpec(spec)`): the one
      // creation serves the spec of every caller, and is edited once.
      const specs = specFields(ext, spec) ? [spec] : func ? specsThroughParameter(func, spec) : undefined;
      if (!specs) continue;
      const creation: SpecCreation = { file, func, api: m[0].replace(/\s*\($/, ''), nameStart, open, close: call.close, module: func ? moduleIn(func, 0) : undefined };
      for (const name of specs) {
        const fields = specFields(ext, name)!;
        if (fields.struct) structOf.set(fields.slots, fields.struct);
        if (fields.flags) flagsOf.set(fields.slots, fields.flags);
        const list = bySlots.get(fields.slots) ?? [];
        if (!list.includes(creation)) list.push(creation);
        bySlots.set(fields.slots, list);
      }
    }
  }
  const withModule = new Set<string>();
  const withoutModule = new Set<string>();
  const createdWith = (moduleArg: string | undefined, specArg: string | undefined): void => {
    const spec = specArg !== undefined ? stripCasts(specArg.trim()).replace(/^&\s*/, '') : undefined;
    const fields = spec ? specFields(ext, spec) : undefined;
    if (!fields || moduleArg === undefined) return;
    if (isNullModule(moduleArg)) {
      withoutModule.add(fields.slots);
      return;
    }
    withModule.add(fields.slots);
    if (fields.struct) structOf.set(fields.slots, fields.struct);
    if (fields.flags) flagsOf.set(fields.slots, fields.flags);
  };
  for (const file of ext.files) {
    if (!file.allIdentifiers.has('PyType_FromModuleAndSpec')) continue;
    for (const m of file.source.text.matchAll(WITH_MODULE)) {
      if (isInert(file.parsed.lex, m.index!)) continue;
      const args = callArguments(file.source.text, m.index! + m[0].length - 1)?.args;
      if (!args) continue;
      // A helper that creates the type its caller names (`<mod>_create_type(m, &X_spec, NULL, &st->X, 0)`).
      const func = enclosingFunction(file, m.index!);
      const specParam = func?.params.findIndex((p) => !!p.name && p.name === stripCasts(args[1] ?? ''));
      const moduleParam = func?.params.findIndex((p) => !!p.name && p.name === stripCasts(args[0] ?? ''));
      if (func && specParam !== undefined && specParam !== -1) {
        if (moduleParam === undefined || moduleParam === -1) continue;
        for (const c of sites.callSites(func).calls) {
          let open = c.at + (c.alias ?? func.name).length;
          while (/\s/.test(c.file.source.text[open] ?? '')) open++;
          const cargs = callArguments(c.file.source.text, open)?.args;
          createdWith(cargs?.[moduleParam], cargs?.[specParam]);
        }
        continue;
      }
      createdWith(args[0], args[1]);
    }
  }
  return { bySlots, structOf, withModule, withoutModule, flagsOf };
}

/** `f` assigns `param` or takes its address somewhere in its body. */
function reassigned(f: FunctionInfo, param: string): boolean {
  const body = f.file.source.text.slice(f.bodyStart, f.bodyEnd);
  return new RegExp(`&\\s*${param}\\b|\\b${param}\\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)`).test(body);
}

/** A module argument that is no module (`NULL`, `0`): the type then knows none. */
function isNullModule(arg: string): boolean {
  return /^(?:NULL|0|nullptr)$/.test(stripCasts(arg.trim()));
}

/**
 * The slot table a `PyType_Spec` initializer names (positional fifth member or `.slots`), and the
 * struct of its objects when the basic size is `sizeof(S)` (second member or `.basicsize`).
 */
function specFields(ext: ExtensionModel, spec: string): { slots: string; struct?: string; flags?: string } | undefined {
  if (!/^[A-Za-z_]\w*$/.test(spec)) return undefined;
  for (const f of ext.files) {
    if (!f.allIdentifiers.has(spec)) continue;
    const text = f.source.text;
    const m = new RegExp(`\\bPyType_Spec\\s+${spec}\\s*=\\s*\\{`).exec(text);
    if (!m) continue;
    const init = callArguments(text, m.index + m[0].length - 1);
    if (!init) return undefined;
    const args = init.args.map((a) => a.replace(/\/\*[^]*?\*\//g, ' ').trim()).filter((a) => a !== '');
    const designated = args.find((a) => /^\.\s*slots\s*=/.test(a));
    const value = designated ? designated.replace(/^\.\s*slots\s*=/, '') : args.some((a) => a.startsWith('.')) ? undefined : args[4];
    if (value === undefined) return undefined;
    const sizeArg = args.find((a) => /^\.\s*basicsize\s*=/.test(a))?.replace(/^\.\s*basicsize\s*=/, '') ?? (args.some((a) => a.startsWith('.')) ? undefined : args[1]);
    const struct = sizeArg !== undefined ? /^\s*sizeof\s*\(\s*(?:struct\s+)?(\w+)\s*\)\s*$/.exec(sizeArg)?.[1] : undefined;
    const flags = args.find((a) => /^\.\s*flags\s*=/.test(a))?.replace(/^\.\s*flags\s*=/, '').trim() ?? (args.some((a) => a.startsWith('.')) ? undefined : args[3]);
    return { slots: stripCasts(value.trim()), ...(struct ? { struct } : {}), ...(flags ? { flags } : {}) };
  }
  return undefined;
}

/** `PyType_FromSpec(&spec)` -> `PyType_FromModuleAndSpec(module, &spec, NULL)`: edits around the arguments, which other rewrites may edit. */
export function moduleAndSpecEdits(c: SpecCreation): { file: FileModel; at: number; end?: number; text: string }[] {
  return [
    { file: c.file, at: c.nameStart, end: c.nameStart + c.api.length, text: 'PyType_FromModuleAndSpec' },
    { file: c.file, at: c.open + 1, text: `${c.module}, ` },
    ...(c.api === 'PyType_FromSpec' ? [{ file: c.file, at: c.close, text: ', NULL' }] : []),
  ];
}
