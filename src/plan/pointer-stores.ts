/**
 * Where a function's address goes when it is not called by name: `crc_fn = sw_crc;` stores it in a
 * function pointer that other code calls (CPU dispatch chosen in init). The state access names that
 * pointer in its reason, so the finding says which use cannot pass the state.
 */
import type { ExtensionModel, FunctionInfo } from '../model/types';
import { enclosingFunction } from '../model/functions';

export interface PointerStore {
  /** The pointer as written on the left of `=` (`crc_fn`, `self->impl`). */
  into: string;
  /** The function that stores it. */
  func?: string;
  /** Stored in the initializer of a struct variable (`JSONObjectEncoder encoder = { cb, ... }`): the struct type. */
  struct?: string;
  /** f's parameter of that struct's pointer type: the struct comes back to it, and could carry the module. */
  param?: string;
}

/** The first of `f`'s value uses that is the right side of an assignment, if any. */
export function pointerStore(ext: ExtensionModel, f: FunctionInfo, valueUses: number[]): PointerStore | undefined {
  for (const fm of ext.files) {
    const text = fm.source.text;
    for (const at of valueUses) {
      if (!text.startsWith(f.name, at)) continue;
      const before = /([A-Za-z_][\w.>-]*(?:\[[^\]]*\])?)\s*=\s*(?:\([^()]*\)\s*)?&?\s*$/.exec(text.slice(Math.max(0, at - 120), at));
      if (!before || /[=!<>]$/.test(before[1]) || !/^\s*[;,)]/.test(text.slice(at + f.name.length))) continue;
      return { into: before[1], func: enclosingFunction(fm, at)?.name };
    }
  }
  for (const fm of ext.files) {
    for (const at of valueUses) {
      if (!fm.source.text.startsWith(f.name, at)) continue;
      let n = fm.parsed.tree.rootNode.descendantForIndex(at, at + f.name.length);
      while (n.parent && (n.parent.type === 'cast_expression' || n.parent.type === 'pointer_expression')) n = n.parent;
      const list = n.parent?.type === 'initializer_list' ? n.parent : undefined;
      const init = list?.parent?.type === 'init_declarator' ? list.parent : undefined;
      const decl = init?.parent?.type === 'declaration' ? init.parent : undefined;
      const name = init?.childForFieldName('declarator');
      const type = decl?.childForFieldName('type');
      if (!name || name.type !== 'identifier' || !type) continue;
      const struct = fm.source.text.slice(type.startIndex, type.endIndex).replace(/^struct\s+/, '').trim();
      const param = f.params.find((p) => new RegExp(`^(?:struct\\s+)?${struct}\\s*\\*$`).test(p.type.trim()));
      return { into: name.text, func: enclosingFunction(fm, at)?.name, struct, ...(param?.name ? { param: param.name } : {}) };
    }
  }
  return undefined;
}
