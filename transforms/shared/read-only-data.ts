/**
 * C data that is mutable by its declaration but shared safely as it is: tables no code writes, callback
 * tables and literal data only lent to a library.
 */
import type { ExtensionModel, GlobalVar } from '../../src/model/types';
import { declaredIn } from '../../src/plan/field-types';

/**
 * A table of structs that is never written, only lent by address (`m->enc = &ascii_encoding`,
 * `lookup(re_properties, n)`): read-only in practice when no file of the extension writes a field
 * of its struct type (by `.f =`, `->f =`, `++`/`--`, or `&...->f`) nor copies over a pointer of
 * that type (`memcpy`/`memset`/`*p =`); designated initializers (`{ .f = x }`) are no writes.
 * Returns the struct's name, or undefined.
 */
export function readOnlyInPractice(g: GlobalVar, ext: ExtensionModel): string | undefined {
  if (g.category !== 'mutable-c' || !g.mutatedBy || g.mutatedBy.how === 'write') return undefined;
  if (g.uses.some((u) => u.kind === 'write' || u.kind === 'member-write')) return undefined;
  if (g.pointerDepth > 0 || !g.init) return undefined;
  const name = g.baseType.replace(/^const\s+/, '').trim();
  let fields: string[] | undefined;
  for (const f of ext.files) {
    const st = f.structs.get(name) ?? f.structs.get(name.replace(/^struct\s+/, '')) ?? f.structs.get(`struct ${name}`);
    if (st) fields = st.fields.map((x) => x.name).filter((x) => /^\w+$/.test(x));
  }
  // A struct of a library's header (its fields unknown here): a table of the extension's callbacks it is handed.
  if (fields === undefined && libraryCallbackTable(g, ext)) return name;
  // Otherwise (yajl_callbacks handed on through a local): no field name is known, so no pointer of
  // its type may write any field.
  // (A struct: an aggregate initializer, one object, a type name that is no C scalar.)
  const aggregate = g.arrayLen === undefined && /^\s*\{/.test(g.init.text) && !/^(?:(?:un)?signed|char|short|int|long|float|double|_Bool|bool|size_t|ssize_t|Py_ssize_t|u?int\d+_t|wchar_t|Py_UCS[124])(?:\s|$)/.test(name);
  const library = !fields && aggregate && !declaredIn(name.replace(/^(struct|union)\s+/, ''), ext.files) && onlyCallbacks(g, ext) && lentToLocalsOrCalls(g);
  if (!library && (!fields || fields.length === 0)) return undefined;
  const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const field = library ? '\\w+' : fields!.map(esc).join('|');
  const fieldWrite = new RegExp(`(?:[\\w\\])]\\s*\\.|->)\\s*(?:${field})\\b\\s*(?:\\[[^\\]]*\\]\\s*)*(?:[-+*/%&|^]|<<|>>)?=(?!=)|(?:\\+\\+|--)\\s*[\\w\\].)>-]*(?:\\.|->)\\s*(?:${field})\\b|(?:\\.|->)\\s*(?:${field})\\b\\s*(?:\\+\\+|--)|(?:[(,=?:]|\\breturn)\\s*&\\s*[\\w\\].)>[-]*(?:\\.|->)\\s*(?:${field})\\b`);
  const bare = name.replace(/^(struct|union)\s+/, '');
  const pointerWrite = new RegExp(`\\b(?:memcpy|memset|memmove)\\s*\\(\\s*(?:\\([^()]*\\)\\s*)?&?\\s*${esc(g.name)}\\b|\\b${esc(bare)}\\s*\\*\\s*(\\w+)`, 'g');
  const ownFieldWrite = new RegExp(`\\b${esc(g.name)}\\s*\\.\\s*\\w+\\s*(?:\\[[^\\]]*\\]\\s*)*(?:[-+*/%&|^]|<<|>>)?=(?!=)`);
  for (const f of ext.files) {
    const text = f.parsed.parseText ?? f.source.text;
    if (library ? ownFieldWrite.test(text) : fieldWrite.test(text)) return undefined;
    // Pointers of the struct type: none may be written through as a whole or given to memcpy/memset.
    for (const m of text.matchAll(pointerWrite)) {
      if (!m[1]) return undefined;
      const p = esc(m[1]);
      // (`T *p = &table;` declares p: no write through it.)
      if (new RegExp(`(?:^|[^\\w.>)\\]])(?<!\\b${esc(bare)}\\s*)\\*\\s*(?:[\\w\\].)>-]*(?:\\.|->))?${p}\\s*=(?!=)|\\b${p}\\s*\\[[^\\]]*\\]\\s*=(?!=)|\\b(?:memcpy|memset|memmove)\\s*\\(\\s*(?:\\([^()]*\\)\\s*)?${p}\\b`).test(text)) return undefined;
      // Through the pointer, any field (the library's struct: its fields are not known here).
      if (library && new RegExp(`\\b${p}\\s*->\\s*\\w+\\s*(?:\\[[^\\]]*\\]\\s*)*(?:[-+*/%&|^]|<<|>>)?=(?!=)|(?:\\+\\+|--)\\s*${p}\\s*->|\\b${p}\\s*->\\s*\\w+\\s*(?:\\+\\+|--)`).test(text)) return undefined;
    }
  }
  return name;
}

/**
 * A struct of a library's type (hiredis's `redisReplyObjectFunctions`) that holds only functions of the
 * extension (or NULL) and is only handed to the library by address: given to a function that is not the
 * extension's (`lib_set_callbacks(&table)`), or stored in a member (`reader->fn = &table`) or a local
 * pointer through which no code of the extension writes. Every interpreter would fill it with the same
 * addresses: it is no Python state. The library could write through the pointer it gets; a library that
 * took a callback table to write it would be unusual, and what it wrote would still be C, not Python.
 */
export function libraryCallbackTable(g: GlobalVar, ext: ExtensionModel): boolean {
  if (g.arrayLen !== undefined || !g.init || g.uses.some((u) => u.func && u.kind !== 'address' && u.kind !== 'decl')) return false;
  if (!onlyCallbacks(g, ext)) return false;
  const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const writes: RegExp[] = [];
  for (const u of g.uses) {
    if (!u.func || u.kind !== 'address') continue;
    const text = u.file.parsed.parseText ?? u.file.source.text;
    const before = text.slice(Math.max(u.func.bodyStart, u.start - 200), u.start);
    const after = text.slice(u.end, u.end + 3);
    if (!/&\s*$/.test(before)) return false;
    const lead = before.replace(/&\s*$/, '');
    const member = /(?:\.|->)\s*([A-Za-z_]\w*)\s*=\s*$/.exec(lead);
    const local = /(?:^|[;{}\s*])([A-Za-z_]\w*)\s*=\s*$/.exec(lead);
    const call = /\b([A-Za-z_]\w*)\s*\([^()]*$/.exec(lead);
    if (member && /^\s*;/.test(after)) writes.push(new RegExp(`(?:\\.|->)\\s*${esc(member[1])}\\s*(?:\\.|->)\\s*\\w+\\s*(?:\\[[^\\]]*\\]\\s*)*(?:[-+*/%&|^]|<<|>>)?=(?!=)|\\b(?:memcpy|memset|memmove)\\s*\\([^,;]*(?:\\.|->)\\s*${esc(member[1])}\\s*,`));
    else if (local && !member && /^\s*;/.test(after)) writes.push(new RegExp(`\\b${esc(local[1])}\\s*->\\s*\\w+\\s*(?:\\[[^\\]]*\\]\\s*)*(?:[-+*/%&|^]|<<|>>)?=(?!=)|\\*\\s*${esc(local[1])}\\s*=(?!=)|\\b(?:memcpy|memset|memmove)\\s*\\(\\s*${esc(local[1])}\\b`));
    else if (call && !ext.functionsByName.has(call[1]) && /^\s*[,)]/.test(after)) continue;
    else return false;
  }
  return !ext.files.some((f) => writes.some((re) => re.test(f.parsed.parseText ?? f.source.text)));
}

/**
 * Literal data that no code of the extension writes and whose address (or a member's) is only handed
 * on (pykerberos's OID bytes: `krb5_mech_oid.elements = &krb5_mech_oid_bytes.b;`): its initializer
 * holds numbers, characters and strings only, no use writes it, and every `&g` is stored into a member
 * that no code of the extension reads back (so none writes through it), or given to a function that is
 * not the extension's. Every interpreter would hold the same bytes, so one copy shared by all loses
 * nothing; a copy in the module state would even be wrong where the pointer outlives the module (the
 * OID above is exported in a capsule). As for a callback table, the library could write through the
 * pointer it is given: one that wrote into data it was given to read would be unusual, and what it
 * wrote would still be C, not Python. Returns where the address goes (for the finding), or undefined.
 */
export function lentLiteralData(g: GlobalVar, ext: ExtensionModel): string | undefined {
  if (g.category !== 'mutable-c' || g.isPythonObject || g.pointerDepth > 0 || !g.init) return undefined;
  const values = g.init.text
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '')
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)+'/g, '0')
    .replace(/(?:\.\s*[A-Za-z_]\w*|\[\s*\w+\s*\])\s*=/g, '')
    .replace(/\b(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)[uUlLfF]*\b/g, '');
  if (!/^[\s{}(),+\-~|]*$/.test(values)) return undefined;
  const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const places: string[] = [];
  for (const u of g.uses) {
    if (u.kind === 'decl') continue;
    if (u.kind !== 'address' || !u.func) return undefined;
    const text = u.file.parsed.parseText ?? u.file.source.text;
    const before = text.slice(Math.max(u.func.bodyStart, u.start - 200), u.start);
    // `&g`, `&g.member`, `&g[i]` up to the end of the statement or argument.
    const after = /^\s*(?:\.\s*[A-Za-z_]\w*|\[[^\]]*\])*\s*([;,)])/.exec(text.slice(u.end, u.end + 80));
    if (!/&\s*$/.test(before) || !after) return undefined;
    const lead = before.replace(/&\s*$/, '');
    const member = /(?:\.|->)\s*([A-Za-z_]\w*)\s*=\s*(?:\([^()]*\)\s*)?$/.exec(lead);
    const call = /\b([A-Za-z_]\w*)\s*\([^()]*$/.exec(lead);
    if (member && after[1] === ';') {
      // Nothing reads the member back: only stores (`x.m = ...`) name it.
      const read = new RegExp(`(?:\\.|->)\\s*${esc(member[1])}\\b(?!\\s*=(?!=))`);
      if (ext.files.some((f) => read.test(f.parsed.parseText ?? f.source.text))) return undefined;
      places.push(`stored in '${member[1]}'`);
    } else if (call && after[1] !== ';' && !ext.functionsByName.has(call[1])) places.push(`given to ${call[1]}()`);
    else return undefined;
  }
  return places.length > 0 ? [...new Set(places)].join(', ') : undefined;
}

/** Every element of the initializer is a function of the extension, NULL or 0. */
function onlyCallbacks(g: GlobalVar, ext: ExtensionModel): boolean {
  const body = /^\s*\{([\s\S]*)\}\s*$/.exec((g.init?.text ?? '').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ''));
  if (!body) return false;
  // (Only a trailing comma may leave an empty element.)
  const items = body[1].split(',').map((x) => x.trim()).filter((x, i, a) => x !== '' || i < a.length - 1);
  return items.length > 0 && items.every((x) => {
    const v = x.replace(/^\.\s*\w+\s*=\s*/, '').replace(/^\(\s*[\w\s*()]+\)\s*/, '').replace(/^&\s*/, '').trim();
    return /^(?:NULL|0)$/.test(v) || (/^[A-Za-z_]\w*$/.test(v) && ext.functionsByName.has(v));
  });
}

/**
 * Every `&g` is an argument of a call or the value of a local (`cb = flag ? &a : &b;`): never stored
 * into a member or a global, through which a write would not show as a write through its type.
 */
function lentToLocalsOrCalls(g: GlobalVar): boolean {
  return g.uses.every((u) => {
    if (u.kind !== 'address') return u.kind === 'decl' || !u.func;
    if (!u.func) return false;
    const text = u.file.parsed.parseText ?? u.file.source.text;
    const before = text.slice(Math.max(u.func.bodyStart, u.start - 200), u.start).replace(/&\s*$/, '');
    if (/(?:\.|->)\s*[A-Za-z_]\w*\s*(?:\[[^\]]*\]\s*)*=\s*(?:[^;=]*[?:]\s*)?$/.test(before)) return false;
    const local = /(?:^|[;{}\s*(])([A-Za-z_]\w*)\s*=\s*(?:[^;=]*[?:]\s*)?$/.exec(before);
    if (local) return new RegExp(`\\b${local[1]}\\b`).test(text.slice(u.func.bodyStart, u.func.bodyEnd).split(/[;{}]/).find((st) => new RegExp(`\\*\\s*${local[1]}\\b`).test(st)) ?? '');
    return /\b[A-Za-z_]\w*\s*\([^()]*$/.test(before) || /,\s*$/.test(before);
  });
}
