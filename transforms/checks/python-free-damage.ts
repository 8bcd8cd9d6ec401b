/**
 * Parse damage that cannot hide an isolation hazard: in a file of plain C that names nothing of
 * Python (no `Py` name in it or in the extension's headers it includes), wholly inside function
 * bodies, declaring no static and naming no global of the extension (python-ed25519's supercop
 * code: `#define F(i) bits |= x[i] ^ y[i];` then `F(0)` ... `F(31)` without semicolons). Such a
 * file holds no Python state, and the damage neither declares nor writes shared C data.
 */
import { definitions, isInert, quotedInclude } from '../../src/core/lex';
import { depthsAt } from '../../src/core/macro-scan';
import type { ExtensionModel, FileModel } from '../../src/model/types';

const PYTHON_NAME = /\b_?Py[A-Z_a-z]\w*|\bPYTHON\w*|\bNPY_\w+/g;

/** Is every damaged span of `file` of that harmless kind? */
export function damageCannotHideState(file: FileModel, ext: ExtensionModel): boolean {
  if (file.parsed.damage.length === 0 || namesPython(file) || includesPython(file, ext, new Set())) return false;
  const text = file.source.text;
  const globals = new Set(ext.globals.filter((g) => g.scope === 'file').map((g) => g.name));
  const offsets = [...new Set(file.parsed.damage.flatMap((d) => [d.start, d.end]))].sort((x, y) => x - y);
  const depths = depthsAt(text, file.parsed.lex, offsets);
  const depthAt = (at: number): number => depths[offsets.indexOf(at)].brace;
  return file.parsed.damage.every((d) => {
    const start = depthAt(d.start);
    // Inside one body, and the damage does not change the braces around it.
    if (start < 1 || depthAt(d.end) !== start) return false;
    // The whole lines: a missing `;` is an empty span, its statement is around it.
    const code = text.slice(file.source.lineStart(d.start), file.source.lineEndIncludingEol(d.end));
    return !wordsWithMacros(file, code).some((w) => w === 'static' || w === 'extern' || globals.has(w));
  });
}

function namesPython(file: FileModel): boolean {
  const text = file.source.text;
  PYTHON_NAME.lastIndex = 0;
  for (let m = PYTHON_NAME.exec(text); m; m = PYTHON_NAME.exec(text)) if (!isInert(file.parsed.lex, m.index)) return true;
  return false;
}

/** Does a header of the extension that `file` includes (directly or through others) name Python, or is it not known? */
function includesPython(file: FileModel, ext: ExtensionModel, seen: Set<FileModel>): boolean {
  seen.add(file);
  if (/#\s*include\s*[<"]Python\.h[>"]/.test(file.source.text)) return true;
  for (const inc of file.localIncludes) {
    const base = inc.replace(/^.*[\\/]/, '');
    const h = ext.files.find((f) => f.path.replace(/^.*[\\/]/, '') === base);
    if (!h) continue; // a library header outside the extension (libc, the vendored code's own): no Python state
    if (seen.has(h)) continue;
    if (namesPython(h) || includesPython(h, ext, seen)) return true;
  }
  return false;
}

/** The names in `code`, and in the bodies of the file's macros it uses (what the compiler sees there). */
function wordsWithMacros(file: FileModel, code: string): string[] {
  const table = definitions(file.parsed.lex);
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string): void => {
    for (const w of t.match(/[A-Za-z_]\w*/g) ?? []) {
      out.push(w);
      if (seen.has(w)) continue;
      seen.add(w);
      for (const d of table.get(w) ?? []) if (d.parts) visit(d.parts.body);
    }
  };
  visit(code);
  return out;
}

/** Where a fragment header is read: an `#include` of it inside a function body of another file. */
export interface FragmentSite {
  file: FileModel;
  line: number;
  /** The function whose body holds the `#include`, when the model knows it. */
  func?: string;
}

/**
 * A header whose every `#include` in the extension sits inside a function body (an X-macro
 * list of calls joined by `JOINER`, `#include`d inside an `if (` of the init): it is a piece of
 * that function's code, not a header of declarations, and the compiler reads it only there.
 * Its own parse (a file of declarations) is bound to fail; what it can hide is what its text
 * names at the site: a global or static type of the extension (which the rewrite would have to
 * reach in a file it does not edit), a `static`/`extern`, a `return` (the init's body becomes
 * the exec function, whose return type differs). `undefined` when `file` is not such a
 * fragment; else its sites and what it names of that (empty: it blocks nothing).
 */
export function fragmentHeader(file: FileModel, ext: ExtensionModel): { sites: FragmentSite[]; hazards: string[] } | undefined {
  if (!/\.(h|hh|inc|def|x)$/i.test(file.path)) return undefined;
  const base = file.path.replace(/^.*[\\/]/, '');
  const sites: FragmentSite[] = [];
  const including: FileModel[] = [];
  for (const f of [...ext.files, ...(ext.otherFiles ?? [])]) {
    if (f === file) continue;
    for (const d of f.parsed.lex.directives) {
      const inc = quotedInclude(d);
      if (!inc || inc.replace(/^.*[\\/]/, '') !== base) continue;
      if (d.braceDepth < 1 || d.inInitializer) return undefined;
      const func = [...ext.functionsByName.values()].find((fn) => fn.file === f && fn.bodyStart < d.start && d.end <= fn.bodyEnd);
      sites.push({ file: f, line: f.source.position(d.start).line, func: func?.name });
      if (!including.includes(f)) including.push(f);
    }
  }
  if (sites.length === 0) return undefined;
  const named = new Set([
    ...ext.globals.map((g) => g.name),
    ...ext.types.map((t) => t.name),
  ]);
  // The code only: a comment of the list ("lines like 'add_id() ||' follow") names nothing.
  const lx = file.parsed.lex;
  let text = file.source.text;
  for (let i = lx.inertStarts.length - 1; i >= 0; i--) {
    if (text[lx.inertStarts[i]] !== '/') continue;
    text = text.slice(0, lx.inertStarts[i]) + ' ' + text.slice(lx.inertEnds[i]);
  }
  const words = new Set([file, ...including].flatMap((f) => wordsWithMacros(f, text)));
  const hazards = [...words].filter((w) => w === 'static' || w === 'extern' || w === 'return' || named.has(w)).sort();
  return { sites, hazards };
}
