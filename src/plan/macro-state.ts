/**
 * Macros whose rewritten body uses the state take it as their first parameter
 * (`#define Rect_Check(op)` -> `#define Rect_Check(st, op)`, an object-like `#define CUR &X` ->
 * `#define CUR(st) st->X`), and every use passes it (`Rect_Check(st, b)`): no macro refers to a
 * variable it does not receive. A macro that uses such a macro needs the state too.
 */
import type { Edit } from '../core/edits';
import type { ExtensionModel, FileModel } from '../model/types';
import { usesOf } from '../model/macro-users';
import { directiveAt } from '../core/lex';
import { skipSpace } from '../core/macro-scan';

export interface MacroStateEdits {
  /** Insertions to make (by the emitter); `macro`: the macro whose use passes the state. */
  inserts: { file: FileModel; at: number; text: string; macro?: string }[];
  /** Macros that now take the state. */
  macros: Set<string>;
}

interface Definition {
  file: FileModel;
  /** Offset just past the macro's name in its #define, and whether a parameter list follows. */
  nameEnd: number;
  functionLike: boolean;
  /** `(` of the parameter list, and whether it is empty. */
  open?: number;
  emptyParams?: boolean;
  body: { start: number; end: number };
}

/**
 * The edits that give every macro using `st` (in the text after `edits`) an `st` parameter,
 * and pass it at every use.
 */
/** `varAt(file, at)`: the state variable of the function a use is in (inside another macro's body: that macro's `st`). */
export function macroStateEdits(ext: ExtensionModel, edits: readonly (Edit & { file: string })[], varAt: (file: FileModel, at: number) => string = () => 'st'): MacroStateEdits {
  const defs = new Map<string, Definition[]>();
  for (const file of ext.files) {
    for (const d of file.parsed.lex.directives) {
      if (d.kind !== 'define') continue;
      // A macro that defines a function is that function: the `st` in its body is the function's own.
      if (file.parsed.functionMacros.some((m) => m.start === d.start)) continue;
      const def = readDefinition(file, d.start, d.end);
      if (def) {
        if (!defs.has(def.name)) defs.set(def.name, []);
        defs.get(def.name)!.push(def.def);
      }
    }
  }
  const introducesSt = (def: Definition): boolean =>
    edits.some((e) => e.file === def.file.path && e.start >= def.body.start && e.end <= def.body.end && /\bst\b/.test(e.text));
  const needs = new Set<string>();
  for (const [name, ds] of defs) if (ds.some(introducesSt) && !ds.some((d) => alreadyTakesSt(d)) && !passedByName(ext, name, ds)) needs.add(name);
  // A macro whose body uses one of them needs the state as well.
  for (let changed = needs.size > 0; changed; ) {
    changed = false;
    for (const [name, ds] of defs) {
      // One that takes the state already (an earlier run gave it `st`) passes its own on.
      if (needs.has(name) || ds.some((d) => alreadyTakesSt(d))) continue;
      if (ds.some((d) => [...needs].some((m) => usedIn(d, m)))) {
        needs.add(name);
        changed = true;
      }
    }
  }
  const inserts: MacroStateEdits['inserts'] = [];
  for (const name of needs) {
    const all = defs.get(name)!;
    // A definition of the same name in another file that needs no state is another macro: the
    // consumer-side `#define Foo_Check(o) (api->check(o))` of a public header, beside the
    // provider's own `Foo_Check(o)` using &FooType. It and its file's uses stay as they are.
    const needing = new Set(all.filter((d) => introducesSt(d) || [...needs].some((m) => m !== name && usedIn(d, m))).map((d) => d.file));
    const ds = all.filter((d) => needing.has(d.file));
    const otherFiles = new Set(all.filter((d) => !needing.has(d.file)).map((d) => d.file));
    const functionLike = ds[0].functionLike;
    for (const d of ds) {
      if (d.functionLike) inserts.push({ file: d.file, at: d.open! + 1, text: d.emptyParams ? 'st' : 'st, ' });
      else inserts.push({ file: d.file, at: d.nameEnd, text: '(st)' });
    }
    for (const file of ext.files) {
      if (otherFiles.has(file)) continue;
      const text = file.source.text;
      for (const at of usesOf(file, name)) {
        if (ds.some((d) => d.file === file && at < d.nameEnd && at >= d.nameEnd - name.length)) continue; // its own #define
        if (covered(edits, file, at)) continue; // the use is gone (a removed or replaced statement)
        if (functionLike) {
          let j = at + name.length;
          while (j < text.length && /\s/.test(text[j])) j++;
          if (text[j] !== '(') continue; // the name alone (a macro of the same name in another sense)
          let k = j + 1;
          while (k < text.length && /\s/.test(text[k])) k++;
          const st = varAt(file, at);
          inserts.push({ file, at: j + 1, text: text[k] === ')' ? st : `${st}, `, macro: name });
        } else {
          inserts.push({ file, at: at + name.length, text: `(${varAt(file, at)})`, macro: name });
        }
      }
    }
  }
  return { inserts, macros: needs };
}

/**
 * An X-macro callback: a function-like macro whose name is passed to another macro
 * (`HTTP_ERRNO_MAP(HTTP_ERRNO_GEN)`), which calls it with its own arguments. A parameter added to
 * it would reach none of those calls; left as it is, its body's `st` is the variable of the
 * function where the expansion is written (pyllhttp's exec). Where that has none, the compile
 * check refuses the rewrite.
 */
function passedByName(ext: ExtensionModel, name: string, ds: Definition[]): boolean {
  if (!ds.every((d) => d.functionLike)) return false;
  for (const file of ext.files) {
    const text = file.source.text;
    for (const at of usesOf(file, name)) {
      const dir = directiveAt(file.parsed.lex, at);
      if (dir && dir.kind !== 'define') continue; // #undef, #ifdef, defined(...)
      if (ds.some((d) => d.file === file && at < d.nameEnd && at >= d.nameEnd - name.length)) continue; // its own #define
      if (text[skipSpace(text, at + name.length)] !== '(') return true;
    }
  }
  return false;
}

function readDefinition(file: FileModel, start: number, end: number): { name: string; def: Definition } | undefined {
  const text = file.source.text;
  const m = /^#[ \t]*define[ \t]+([A-Za-z_]\w*)/.exec(text.slice(start, end));
  if (!m) return undefined;
  const nameEnd = start + m[0].length;
  const functionLike = text[nameEnd] === '(';
  if (!functionLike) return { name: m[1], def: { file, nameEnd, functionLike, body: { start: nameEnd, end } } };
  const close = text.indexOf(')', nameEnd);
  if (close === -1 || close > end) return undefined;
  const emptyParams = text.slice(nameEnd + 1, close).trim() === '';
  return { name: m[1], def: { file, nameEnd, functionLike, open: nameEnd, emptyParams, body: { start: close + 1, end } } };
}

function alreadyTakesSt(d: Definition): boolean {
  if (!d.functionLike) return false;
  const text = d.file.source.text;
  const params = text.slice(d.open! + 1, text.indexOf(')', d.open!)).split(',').map((p) => p.trim());
  return params.includes('st');
}

function usedIn(d: Definition, macro: string): boolean {
  return new RegExp(`\\b${macro}\\b`).test(d.file.source.text.slice(d.body.start, d.body.end));
}

/** Inside the span of an edit that replaces or removes text. */
function covered(edits: readonly (Edit & { file: string })[], file: FileModel, at: number): boolean {
  return edits.some((e) => e.file === file.path && e.start < e.end && e.start <= at && at < e.end);
}
