/**
 * The macro table: tokens of real extension code that are not C syntax until preprocessed.
 * Each rule says how the parser view of the text treats the macro; the original bytes are
 * never changed (see parse.ts: holes are blanked with spaces of equal length).
 */

export type MacroKind =
  /** The identifier alone is blanked (`PyObject_HEAD`). */
  | 'hole'
  /** The identifier and its balanced argument list are blanked (`PyVarObject_HEAD_INIT(NULL, 0)`). */
  | 'hole-call'
  /** `NAME(` and the matching `)` are blanked, the argument stays (`Py_UNUSED(x)` -> `x`). */
  | 'unwrap-call'
  /** A storage/visibility macro before a declaration (`NPY_NO_EXPORT`): blanked. */
  | 'decl-prefix';

export interface MacroRule {
  name: string;
  kind: MacroKind;
}

/** What every CPython extension may use. */
export const BUILTIN_MACROS: readonly MacroRule[] = [
  { name: 'PyObject_HEAD', kind: 'hole' },
  { name: 'PyObject_VAR_HEAD', kind: 'hole' },
  { name: 'PyObject_HEAD_INIT', kind: 'hole-call' },
  { name: 'PyVarObject_HEAD_INIT', kind: 'hole-call' },
  { name: 'Py_BEGIN_ALLOW_THREADS', kind: 'hole' },
  { name: 'Py_END_ALLOW_THREADS', kind: 'hole' },
  { name: 'Py_BLOCK_THREADS', kind: 'hole' },
  { name: 'Py_UNBLOCK_THREADS', kind: 'hole' },
  { name: 'Py_BEGIN_CRITICAL_SECTION', kind: 'hole-call' },
  { name: 'Py_END_CRITICAL_SECTION', kind: 'hole-call' },
  { name: 'Py_TRASHCAN_BEGIN', kind: 'hole-call' },
  { name: 'Py_TRASHCAN_END', kind: 'hole' },
  { name: 'Py_TRASHCAN_SAFE_BEGIN', kind: 'hole-call' },
  { name: 'Py_TRASHCAN_SAFE_END', kind: 'hole-call' },
  { name: 'Py_UNUSED', kind: 'unwrap-call' },
  { name: 'Py_DEPRECATED', kind: 'hole-call' },
  { name: 'Py_GCC_ATTRIBUTE', kind: 'hole-call' },
  { name: 'Py_ALIGNED', kind: 'hole-call' },
  // GCC's own attribute syntax, which tree-sitter-c cannot read between a declarator and its `=`
  // (`static long n __attribute__((unused)) = 0;`): blanked as the preprocessor-free parse needs.
  { name: '__attribute__', kind: 'hole-call' },
  // MSVC's old single-underscore spelling of __declspec (`#ifdef _MSC_VER _declspec(dllexport) #endif`
  // above an init head, python-lzo): a line of its own that tree-sitter-c read as a declaration.
  { name: '_declspec', kind: 'hole-call' },
  { name: '_Py_NO_RETURN', kind: 'hole' },
  { name: 'Py_NO_INLINE', kind: 'hole' },
  { name: 'Py_ALWAYS_INLINE', kind: 'hole' },
  { name: 'Py_EXPORTED_SYMBOL', kind: 'decl-prefix' },
  { name: 'Py_LOCAL_SYMBOL', kind: 'decl-prefix' },
  { name: 'Py_IMPORTED_SYMBOL', kind: 'decl-prefix' },
  // NumPy's, common enough in the ecosystem to be built in.
  { name: 'NPY_NO_EXPORT', kind: 'decl-prefix' },
  { name: 'NPY_VISIBILITY_HIDDEN', kind: 'decl-prefix' },
  { name: 'NPY_INLINE', kind: 'decl-prefix' },
  { name: 'NPY_FINLINE', kind: 'decl-prefix' },
  { name: 'NPY_NOINLINE', kind: 'decl-prefix' },
  { name: 'NPY_GCC_OPT_3', kind: 'decl-prefix' },
  { name: 'NPY_BEGIN_THREADS', kind: 'hole' },
  { name: 'NPY_END_THREADS', kind: 'hole' },
  { name: 'NPY_BEGIN_THREADS_DEF', kind: 'hole' },
  { name: 'NPY_BEGIN_ALLOW_THREADS', kind: 'hole' },
  { name: 'NPY_END_ALLOW_THREADS', kind: 'hole' },
  { name: 'NPY_BEGIN_THREADS_THRESHOLDED', kind: 'hole-call' },
  { name: 'NPY_BEGIN_THREADS_DESCR', kind: 'hole-call' },
  { name: 'NPY_END_THREADS_DESCR', kind: 'hole-call' },
  { name: 'NPY_GCC_NONNULL', kind: 'hole-call' },
  { name: 'NPY_STEALS_REF_TO_ARG', kind: 'hole-call' },
  { name: 'NPY_GCC_UNROLL_LOOPS', kind: 'hole' },
  { name: 'NPY_GCC_TARGET_AVX', kind: 'hole' },
  { name: 'NPY_GCC_TARGET_AVX2', kind: 'hole' },
  { name: 'NPY_GCC_TARGET_AVX512F', kind: 'hole' },
  { name: 'NPY_TLS', kind: 'decl-prefix' },
  { name: 'NPY_CPU_DISPATCH_DECLARE', kind: 'hole-call' },
  { name: 'NPY_CPU_DISPATCH_CURFX', kind: 'unwrap-call' },
  { name: 'NPY_ALLOW_C_API_DEF', kind: 'hole' },
  { name: 'NPY_ALLOW_C_API', kind: 'hole' },
  { name: 'NPY_DISABLE_C_API', kind: 'hole' },
];

export interface MacroTable {
  rules: Map<string, MacroKind>;
  /** One regex matching every rule name as a whole word. */
  pattern: RegExp;
  /** Also blank ALL_CAPS words in declaration-specifier position (see parse.ts). */
  guessExportMacros: boolean;
  /** `#if` branches dead for every Python from 3.<minPythonMinor> up are not parsed. */
  minPythonMinor?: number;
}

/** A macro name is a C identifier (an empty or odd name would make the pattern match nothing, forever). */
export function isMacroName(name: unknown): name is string {
  return typeof name === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

export function buildMacroTable(user: readonly MacroRule[] = [], exportMacros: readonly string[] = [], guessExportMacros = true, minPythonMinor = 9): MacroTable {
  const rules = new Map<string, MacroKind>();
  for (const r of BUILTIN_MACROS) rules.set(r.name, r.kind);
  // Configuration is validated (config.ts); a library caller's bad name is ignored, never looped on.
  for (const name of exportMacros) if (isMacroName(name)) rules.set(name, 'decl-prefix');
  for (const r of user) if (isMacroName(r.name)) rules.set(r.name, r.kind);
  const names = [...rules.keys()].sort((a, b) => b.length - a.length).map(escapeRegex);
  return { rules, pattern: new RegExp(`\\b(?:${names.join('|')})\\b`, 'g'), guessExportMacros, minPythonMinor };
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

let defaultTable: MacroTable | undefined;
export function defaultMacroTable(): MacroTable {
  if (!defaultTable) defaultTable = buildMacroTable();
  return defaultTable;
}
