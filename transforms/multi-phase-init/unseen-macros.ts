/**
 * Init statements that may be another library's macro returning NULL: read from a header beside the
 * files (expanded in the exec when that is safe), or unreadable (the init stays single-phase).
 */
import { basename } from 'path';
import type { SyntaxNode } from '../../src/core/parse';
import type { DefineParts } from '../../src/core/lex';
import type { ExtensionModel, FileModel } from '../../src/model/types';
import { findAll } from '../../src/model/walk';
import { nodeText } from '../../src/model/cnodes';
import { callArguments, substitute } from '../../src/model/init-macros';
import { libraryImport } from '../../src/model/library-imports';
import { namedOutside } from '../../src/model/outside-headers';
import { isCPythonName } from '../../src/core/cpython-names';
import { asExecErrorReturns, returnsErrorValue } from './error-returns';
import type { TransformContext } from '../types';
import type { InitCandidate } from './init-candidate';

/**
 * A statement `NAME(...);` of the init that may be a macro nobody can read: its definition is in no
 * file of the run, and the init's file includes a local header the run could not find
 * (Acquisition's `PyExtensionClass_Export(d, "Acquirer", AcquirerType);` from ExtensionClass.h,
 * given without its include dir, ends in `return NULL;`). Moved into the exec as it is, such a
 * `return NULL` returns a pointer from an int function: an error with GCC 14 and a success
 * (`NULL` is 0) with older compilers, and the compile gate cannot tell, since the original does not
 * compile without the header either. A name CPython, C's library, another library's known import
 * macro or a header that was read declares is a function or a known macro; anything else keeps the
 * init single-phase until the header is given.
 */
export function unseenStatementMacro(c: InitCandidate, ctx: TransformContext, body: SyntaxNode, replacements: { start: number; end: number; text: string }[]): { why: string; steps: string } | undefined {
  const file = c.init.func.file;
  const missing = missingLocalHeaders(file, ctx.ext);
  const outside = ctx.ext.files.flatMap((f) => f.outsideHeaders ?? []).filter((h) => (h.returningMacros?.size ?? 0) > 0);
  if (missing.length === 0 && outside.length === 0) return undefined;
  const text = file.source.text;
  const names: string[] = [];
  for (const stmt of findAll(body, STATEMENTS)) {
    const call = stmt.namedChildren.find((n) => n.type !== 'comment');
    const fn = call?.type === 'call_expression' ? call.childForFieldName('function') : undefined;
    if (!fn || fn.type !== 'identifier') continue;
    const name = nodeText(fn, text);
    // Found beside the file or in the include dirs, but read for its names only.
    const returning = outside.find((h) => h.returningMacros!.has(name));
    if (returning) {
      const h = basename(returning.path);
      const expanded = returningMacroExpansion(returning.returningMacros!.get(name), call!, text);
      if (expanded !== undefined && (expanded.startsWith('do') || stmt.parent?.type === 'compound_statement')) {
        replacements.push({ start: call!.startIndex, end: call!.endIndex, text: expanded });
        continue;
      }
      return {
        why: `macro ${name}() of ${h}, which is not among the files given, returns from ${c.init.func.name}() (its body has a \`return\`); moved into the exec function as it is, it would return the init's error value from a function that returns int`,
        steps: `give ${h} to pyext-isolate as well (with the paths), so that the macro is read and its returns judged, or write its uses in ${c.init.func.name}() out as the calls it expands to with their \`return NULL;\`, then run again`,
      };
    }
    if (missing.length === 0) continue;
    if (names.includes(name) || isCPythonName(name) || C_LIBRARY_STATEMENTS.has(name) || libraryImport(name) || namedOutside(ctx.ext, name)) continue;
    if (ctx.ext.files.some((f) => f.functionsByName.has(name) || f.prototypes.has(name) || f.macros.has(name))) continue;
    names.push(name);
  }
  if (names.length === 0) return undefined;
  const headers = missing.map((h) => `"${h}"`).join(', ');
  const calls = names.map((n) => `${n}()`).join(', ');
  const one = names.length === 1;
  return {
    why: `${calls} ${one ? 'is' : 'are'} used as ${one ? 'a statement' : 'statements'} in ${c.init.func.name}() and defined in no file of the run, while ${basename(file.path)} includes ${headers}, ${missing.length === 1 ? 'which was not' : 'none of which was'} found: ${one ? 'if it is a macro that returns NULL on failure (an export macro of another library\'s header), it' : 'a macro among them that returns NULL on failure (an export macro of another library\'s header)'} would return a pointer from the int exec function`,
    steps: `give the include directory of ${headers} (compile_commands.json or the config), or the header${missing.length === 1 ? '' : 's'} with the paths, so that ${one ? 'its definition' : 'their definitions'} can be read, then run again; a function among them needs a prototype in a header of the extension`,
  };
}

const STATEMENTS = new Set(['expression_statement']);

/**
 * A returning macro of a header read beside the files (capsboxuser's `import_capsbox()`:
 * `do { if (_import_capsbox() < 0) return NULL; } while (0)`), used as a statement of the init: its
 * expansion with each `return NULL;` as the exec's `return -1;`, when that is all the body returns
 * and the call gives its parameters; undefined otherwise (then the init stays single-phase).
 */
function returningMacroExpansion(def: DefineParts | undefined, call: SyntaxNode, text: string): string | undefined {
  if (!def?.params || /\b__VA_ARGS__\b|##|#\s*[A-Za-z_]/.test(def.body)) return undefined;
  const args = callArguments(text, call.childForFieldName('arguments')?.startIndex ?? -1)?.args;
  if (!args || args.length !== def.params.length) return undefined;
  const body = def.body.replace(/\/\*[\s\S]*?\*\//g, ' ');
  const returns = body.match(/\breturn\b[^;]*/g) ?? [];
  if (returns.some((r) => !returnsErrorValue(r))) return undefined;
  const expanded = asExecErrorReturns(substitute({ name: def.name, params: def.params, body, start: 0, end: 0 }, args)).trim();
  // A body that is not one statement (`a; b`) would lose its meaning after `if (x)`: only a braced or do-while body.
  return /^(do\s*\{[\s\S]*\}\s*while\s*\(\s*0\s*\)|\{[\s\S]*\})$/.test(expanded) ? expanded : undefined;
}

/** Functions of C's library that an init calls as a statement (nothing else is assumed of a system header). */
const C_LIBRARY_STATEMENTS = new Set(['memset', 'memcpy', 'memmove', 'strcpy', 'strncpy', 'strcat', 'free', 'printf', 'fprintf', 'snprintf', 'sprintf', 'puts', 'srand', 'srandom', 'setlocale', 'signal', 'atexit', 'qsort', 'assert', 'abort']);

/** The `#include "..."` headers of `file` that are neither files of the run nor found beside it or in the include dirs (CPython's own left out). */
function missingLocalHeaders(file: FileModel, ext: ExtensionModel): string[] {
  const known = [...ext.files.map((f) => f.path), ...(file.outsideHeaders ?? []).map((h) => h.path)].map((p) => p.replace(/\\/g, '/'));
  return file.localIncludes.filter((inc) => {
    const rel = inc.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
    if (/^(Python|structmember|pythread|datetime|frameobject|import|marshal|longintrepr|pymem|pyport|pyconfig|[a-z]+object)\.h$/.test(rel)) return false;
    return !known.some((p) => p === rel || p.endsWith('/' + rel) || basename(p) === basename(rel));
  });
}
