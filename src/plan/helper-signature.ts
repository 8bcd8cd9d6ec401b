/**
 * What a helper's signature and body say about reaching the state through it: the value it returns
 * on error, the parameters it never tests against NULL, and types compared as C spells them.
 */
import type { FunctionInfo } from '../model/types';

/** The value a function returns on error, by its return type. */
export function errorValue(returnType: string): string | undefined {
  const t = returnType.replace(/\b(static|inline|const|NPY_INLINE|Py_LOCAL_INLINE)\b/g, '').trim();
  if (t.includes('*')) return 'NULL';
  if (/^(int|long|Py_ssize_t|Py_hash_t|ssize_t|long long|npy_intp|Py_intptr_t)$/.test(t)) return '-1';
  if (/^(PyObject|PyTypeObject)\b/.test(t)) return 'NULL';
  return undefined;
}

/**
 * The parameters a helper may read its state through: named, never tested against NULL by the
 * body; with the value the helper returns on error (none: no failed lookup could be reported).
 */
export function objectParams(f: FunctionInfo): { err: string; body: string; params: { i: number; p: FunctionInfo['params'][number] }[] } | undefined {
  const type = errorValue(f.returnType);
  if (type === undefined) return undefined;
  const body = f.file.source.text.slice(f.bodyStart, f.bodyEnd);
  const err = type === '-1' ? ownErrorReturn(body) ?? type : type;
  return { err, body, params: f.params.map((p, i) => ({ i, p })).filter(({ p }) => !!p.name && !mayBeNull(body, p.name)) };
}

/**
 * What an int function returns right after it raises (`PyErr_Format(...); return 1;`, zstandard's
 * ensure_dctx), when every such return agrees: a failed lookup reports the error the same way.
 */
function ownErrorReturn(body: string): string | undefined {
  const values = new Set([...body.matchAll(/\bPyErr_\w+\s*\([^;]*\)\s*;\s*return\s+(-?\d+)\s*;/g)].map((m) => m[1]));
  const [v] = values;
  return values.size === 1 && v !== '0' ? v : undefined;
}

/** The body tests `name` against NULL (`!name`, `name == NULL`, `if (name)`, `name ? ...`). */
function mayBeNull(body: string, name: string): boolean {
  const n = name.replace(/[^\w]/g, '');
  return new RegExp(`\\b${n}\\s*[!=]=\\s*(NULL|0)\\b|\\b(NULL|0)\\s*[!=]=\\s*${n}\\b|!\\s*${n}\\b(?!\\s*->)|\\(\\s*${n}\\s*\\)\\s*(\\?|&&|\\|\\||\\{|[A-Za-z_])|\\b${n}\\s*(&&|\\|\\||\\?)`).test(body);
}

export function sameType(a: string, b: string): boolean {
  const norm = (t: string): string => t.replace(/\bstruct\s+/g, '').replace(/\s+/g, '').trim();
  return norm(a) === norm(b);
}

/** `expr` as `type`: as it is when it already has that type, else with a cast. */
export function castTo(type: string, has: string, expr: string): string {
  return sameType(type, has) ? expr : `(${type})${expr}`;
}
