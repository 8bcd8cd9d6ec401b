/**
 * Whether a non-static symbol may be used outside the extension: export macros and visibility
 * attributes (the project's own linkage macros read through), public headers, capsules, files the
 * linking left out, and (for functions) the evidence that another file of the extension calls it.
 */
import type { CapsuleExport, ExtensionModel, FileModel } from '../model/types';
import { isHeaderPath } from '../core/parse';
import { basename } from 'path';
import { definitionsOf as definitionsOfMacro } from '../core/lex';
import { referencedOutside } from '../model/outside-references';

/** Visibility attributes and export macros before a declaration (`PyAPI_FUNC(int)`, `MYLIB_API`, `__attribute__((visibility("default")))`). */
// (The attribute alternatives end in a quote: no word boundary after them.)
const EXPORTING = /\b(?:PyMODINIT_FUNC|PyAPI_FUNC|PyAPI_DATA|[A-Z][A-Z0-9_]*_(?:API|EXPORT|PUBLIC)|DLL_EXPORT|EXPORT)\b|__declspec\s*\(\s*dllexport\b|\bvisibility\s*\(\s*"(?:default|protected)"/;

/** exportedBy's reason for a function that only its own file calls (the evidence rule, see there). */
export const ONLY_OWN_FILE = 'no other file of the extension uses it';

/** `NPY_NO_EXPORT`, `MYLIB_HIDDEN`: internal visibility, the opposite. */
const HIDING = /NO_EXPORT|HIDDEN|INTERNAL|PRIVATE|LOCAL/;

/**
 * Why a non-static symbol counts as exported under assume-internal (an export macro or visibility
 * attribute on its definition or a declaration, a declaration in a public header of the extension, a
 * capsule; for a function also: no other file of the extension calls it), or undefined when every
 * use is the extension's own.
 *
 * Data (`what` 'data': an object global, a type pointer, mutable C data) needs an explicit mark:
 * moved into the state, it no longer exists as a symbol, so code outside the files given that did
 * name it fails to link, loudly. A function keeps its symbol with a new `st` parameter, and a
 * caller the tool cannot see would pass one argument less without a word: it counts as internal
 * only when another file of the extension uses it (evidence that it is a helper of the extension).
 */
export function exportedBy(ext: ExtensionModel, name: string, file: FileModel, declStart: number, nameAt: number, what: 'function' | 'data' = 'function'): string | undefined {
  // (A header that only declares it does not count: it is there for whoever includes it.)
  if (what === 'function' && !ext.files.some((x) => x !== file && !isHeaderPath(x.path) && x.allIdentifiers.has(name) && referencedOutside(x, [name]).length > 0)) return ONLY_OWN_FILE;
  const outsider = namedByOtherFiles(ext, name);
  if (outsider) return outsider;
  return exportMark(ext, name, file, declStart, nameAt);
}

/**
 * A file of the tree that the linking left out of this extension (pycurl's easycb.c, reached only
 * through hidden-visibility symbols) names a non-static symbol: that use would not be rewritten.
 */
export function namedByOtherFiles(ext: ExtensionModel, name: string): string | undefined {
  // A local or a member of that name there is not the symbol.
  const outsider = ext.otherFiles?.find((x) => !isHeaderPath(x.path) && x.allIdentifiers.has(name) && referencedOutside(x, [name]).length > 0);
  return outsider ? `${basename(outsider.path)}, which is not linked into this extension, names it` : undefined;
}

/**
 * The explicit marks of export on a symbol: an export macro or visibility attribute on its
 * definition or a declaration, a declaration in a public header, a capsule; undefined when none.
 */
export function exportMark(ext: ExtensionModel, name: string, file: FileModel, declStart: number, nameAt: number): string | undefined {
  const head = withLinkageMacros(ext, file.source.text.slice(declStart, nameAt));
  const m = EXPORTING.exec(head);
  if (m && !HIDING.test(m[0])) return `is marked for export (${m[0].trim()})`;
  for (const f of ext.files) {
    const proto = f.prototypes.get(name);
    const decl = f.externDecls.find((d) => d.name === name);
    const at = proto?.start ?? decl?.declStart;
    if (at === undefined) continue;
    const end = proto ? proto.end : decl!.declEnd;
    // From the line start: an export macro before the declaration is blanked out of its node.
    const x = EXPORTING.exec(withLinkageMacros(ext, f.source.text.slice(f.source.lineStart(at), end)));
    if (x && !HIDING.test(x[0])) return `is declared for export (${x[0].trim()} in ${f.path.replace(/^.*[\\/]/, '')})`;
    if (isPublicHeader(ext, f)) return `is declared in the public header ${f.path.replace(/^.*[\\/]/, '')}`;
  }
  for (const c of ext.capsuleExports) if (new RegExp(`\\b${name}\\b`).test(c.pointerExpr)) return 'is exported through a capsule';
  return undefined;
}

/**
 * A header other extensions compile: one that several extensions of the tree include or that
 * imports a capsule (ext.publicHeaders), or one under an `include/` directory that spells out the
 * C-API the extension exports through a capsule (the capsule's name, or the type of the table it
 * points at). The directory alone says nothing: a project's `include/` holds its private headers
 * as often as its installed ones (`include/*.h` that only the extension's `src/*.c` include).
 */
function isPublicHeader(ext: ExtensionModel, f: FileModel): boolean {
  if (ext.publicHeaders?.has(f)) return true;
  if (!/(^|[\\/])include[\\/]/.test(f.path)) return false;
  const text = f.source.text;
  return ext.capsuleExports.some((c) => namesCapsule(c.capsuleName, text) || (c.table !== undefined && tableTypeDefinedIn(c, text)));
}

/** The capsule's name as written at the export (a string literal, or the macro that spells it) occurs in `text`. */
function namesCapsule(name: string, text: string): boolean {
  if (name.startsWith('"')) return text.includes(name);
  return /^[A-Za-z_]\w*$/.test(name) && new RegExp(`\\b${name}\\b`).test(text);
}

/** `typedef struct {...} Spam_CAPI;` / `struct spam_capi {...}` of the type the exported table is declared with, in `text`. */
function tableTypeDefinedIn(c: CapsuleExport, text: string): boolean {
  const decl = new RegExp(`\\b((?:struct\\s+)?[A-Za-z_]\\w*)\\s+${c.table}\\s*(?:\\[[^\\]]*\\]\\s*)?[=;]`).exec(c.file.source.text);
  if (!decl) return false;
  const type = decl[1].replace(/^struct\s+/, '');
  return new RegExp(`\\}\\s*${type}\\s*;|\\bstruct\\s+${type}\\s*\\{`).test(text);
}

/**
 * `text` followed by the bodies of the extension's object-like macros it names (`RING_API int f(void)`
 * with `#define RING_API __attribute__((visibility("default")))`, in any #if branch): a linkage
 * macro of the project's own marks the symbol as its body does.
 */
function withLinkageMacros(ext: ExtensionModel, text: string): string {
  const bodies: string[] = [];
  for (const word of new Set(text.match(/\b[A-Z_][A-Z0-9_]{2,}\b/g) ?? [])) {
    for (const f of ext.files) for (const d of definitionsOfMacro(f.parsed.lex, word)) if (d.parts && !d.parts.params) bodies.push(d.parts.body);
  }
  return bodies.length > 0 ? `${text} ${bodies.join(' ')}` : text;
}
