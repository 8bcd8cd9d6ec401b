/**
 * A module hook written without parameters (`static void module_free()` or `(void)`, named in the
 * def through a cast: `.m_free = (freefunc)module_free`, CPython 3.9's _zoneinfo and its backport).
 * CPython calls it with the module all the same, so it can take the module as a new parameter of the
 * hook's own type (freefunc: `void *`, inquiry: `PyObject *`) when nothing else calls it or keeps
 * its address: such a caller would pass no module.
 */
import type { FunctionInfo } from '../model/types';
import type { Access } from './access-kinds';

/** The parameter type CPython's hook type gives the module (m_traverse needs more than the module). */
const HOOK_PARAM: Record<string, string | undefined> = { m_free: 'void *', m_clear: 'PyObject *' };

/** Names tried for the new parameter, the first one the body does not use. */
const NAMES = ['module', 'mod', 'module_obj'];

export interface HookUses {
  calls: number;
  /** Uses of the name as a value (the def's entry is one). */
  valueUses: number;
}

/** `f()` or `f(void)`. */
export function takesNoParameters(f: FunctionInfo): boolean {
  const inner = f.file.source.text.slice(f.paramsStart + 1, f.paramsEnd).trim();
  return inner === '' || inner === 'void';
}

/** The module access of a hook that takes no parameters, through a new one, or why it cannot get one. */
export function parameterlessHookAccess(f: FunctionInfo, hook: string | undefined, uses: HookUses): Access | { reason: string } {
  const text = f.file.source.text;
  const type = hook ? HOOK_PARAM[hook] : undefined;
  if (!type) return { reason: `it takes no parameters, and ${hook ?? 'this hook'} needs more than the module as a new one` };
  if (uses.calls > 0 || uses.valueUses > 1) return { reason: `it takes no parameters, and it is ${uses.calls > 0 ? 'called directly' : 'used as a value'} outside the module def too, where no module would be passed to a new parameter` };
  const body = text.slice(f.bodyStart, f.bodyEnd);
  const name = NAMES.find((n) => !new RegExp(`\\b${n}\\b`).test(body));
  if (!name) return { reason: 'it takes no parameters, and every name tried for a new one is used in its body' };
  return { kind: 'module', param: name, paramIndex: 0, added: true, paramType: type };
}
