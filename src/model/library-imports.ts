/**
 * Well-known C-API import macros of other libraries, and how each fails. They live in headers
 * outside the project, so the parse never sees their bodies: a `return NULL` hidden in one would
 * land in an `int` exec function unseen (the module then "imports" without the API it needs).
 * The table says what each does on failure and, where it hides a return, the spelling that
 * returns what an exec function must.
 */

import { atLeast, type PyVersion } from '../core/pyversion';

export type ImportFailure =
  /** `return NULL;` (from a PyObject * init function). */
  | 'returns-null'
  /** `return <argument>;`: the argument at `returnArg` is what comes back. */
  | 'returns-arg'
  /** Sets an exception and carries on: the caller must look at PyErr_Occurred(). */
  | 'sets-error'
  /** An int result (-1 on error): nothing hidden. */
  | 'returns-int'
  /** An assignment of a pointer that is NULL on error: nothing hidden. */
  | 'assigns-pointer';

export interface LibraryImport {
  name: string;
  library: string;
  failure: ImportFailure;
  /** For 'returns-arg': the index of the returned argument. */
  returnArg?: number;
  /**
   * In an exec function: the whole call as it must be written instead (a hidden `return NULL`
   * becomes an int-returning form that NumPy 1.x and 2.x headers both provide).
   */
  execForm?: string;
  /** The process-wide table the macro fills in the including file (one per process, not per interpreter). */
  table?: string;
  /** The dependency does not load in isolated subinterpreters: a consumer cannot claim to either. */
  dependencyNotIsolated?: boolean;
  /** Why, where it is more than "does not support isolated subinterpreters yet". */
  notIsolatedBecause?: string;
  /**
   * The dependency loads in isolated subinterpreters from this version on, and its table is then the
   * same for every interpreter: a consumer declares own-GIL support from it, shared-GIL support below.
   */
  ownGilFrom?: PyVersion;
  /** What makes the shared table safe from ownGilFrom on (said in the finding). */
  sameTableBecause?: string;
}

const NUMPY = { library: 'NumPy', dependencyNotIsolated: true } as const;
const ARRAY_TABLE = 'PyArray_API (a static void ** of numpy/__multiarray_api.h)';
const UFUNC_TABLE = 'PyUFunc_API (a static void ** of numpy/__ufunc_api.h)';
const PYGAME = { library: 'pygame', failure: 'sets-error', table: 'the _PGSLOTS_ tables of pygame/pgimport.h', dependencyNotIsolated: true } as const;

export const LIBRARY_IMPORTS: readonly LibraryImport[] = [
  // NumPy: import_array() is `{ if (_import_array() < 0) { ...; return NULL; } }` in 1.x and 2.x.
  { name: 'import_array', ...NUMPY, failure: 'returns-null', execForm: 'import_array1(-1)', table: ARRAY_TABLE },
  { name: 'import_array1', ...NUMPY, failure: 'returns-arg', returnArg: 0, table: ARRAY_TABLE },
  { name: 'import_array2', ...NUMPY, failure: 'returns-arg', returnArg: 1, table: ARRAY_TABLE },
  { name: 'PyArray_ImportNumPyAPI', ...NUMPY, failure: 'returns-int', table: ARRAY_TABLE },
  { name: 'import_umath', ...NUMPY, failure: 'returns-null', execForm: 'import_umath1(-1)', table: UFUNC_TABLE },
  { name: 'import_umath1', ...NUMPY, failure: 'returns-arg', returnArg: 0, table: UFUNC_TABLE },
  { name: 'import_umath2', ...NUMPY, failure: 'returns-arg', returnArg: 0, table: UFUNC_TABLE },
  // import_ufunc() sets ImportError and carries on: exec would return 0 with an exception set.
  { name: 'import_ufunc', ...NUMPY, failure: 'sets-error', execForm: 'import_umath1(-1)', table: UFUNC_TABLE },
  { name: 'PyUFunc_ImportUFuncAPI', ...NUMPY, failure: 'returns-int', table: UFUNC_TABLE },
  // CPython's own capsule imports assign a pointer; nothing returns from the caller.
  // PyDateTimeAPI is a static of datetime.h: every exec of the module writes the one pointer of the
  // including file. From 3.13 _datetime is multi-phase and own-GIL, and its capsule holds one static
  // table (get_datetime_capi() returns &capi) of static types and a static UTC object shared by every
  // interpreter: each import writes the same pointer. 3.12's _datetime is single-phase: isolated
  // subinterpreters refuse it (a converted ciso8601 that claimed own GIL crashed there: the failed
  // import wrote NULL over the pointer the main interpreter's instance used).
  {
    name: 'PyDateTime_IMPORT',
    library: 'CPython datetime',
    failure: 'assigns-pointer',
    table: 'PyDateTimeAPI (a static pointer of datetime.h)',
    ownGilFrom: '3.13',
    sameTableBecause: "from 3.13 _datetime loads in isolated subinterpreters and its capsule is the same static table for every interpreter (static types, a static UTC object), so each import writes the same pointer; on 3.12 isolated subinterpreters refuse _datetime",
  },
  { name: 'import_curses', library: 'CPython curses', failure: 'assigns-pointer' },
  // pygame's import_pygame_X() set an exception and carry on; callers check PyErr_Occurred().
  ...['base', 'rect', 'surface', 'surflock', 'color', 'rwobject', 'bufferproxy', 'event', 'display', 'freetype', 'joystick', 'pixelarray', 'math'].map(
    (m): LibraryImport => ({ name: `import_pygame_${m}`, ...PYGAME }),
  ),
];

export const LIBRARY_IMPORT_NAMES: readonly string[] = LIBRARY_IMPORTS.map((x) => x.name);

const BY_NAME = new Map(LIBRARY_IMPORTS.map((x) => [x.name, x]));

export function libraryImport(name: string): LibraryImport | undefined {
  return BY_NAME.get(name);
}

/**
 * The version from which a module that calls these imports may declare own-GIL support, when one of
 * them (PyDateTime_IMPORT) allows it only from a later version than 3.12; undefined otherwise.
 */
export function ownGilFromOf(calls: Iterable<{ api: string; func?: unknown }>): PyVersion | undefined {
  let from: PyVersion | undefined;
  for (const c of calls) {
    const v = c.func ? libraryImport(c.api)?.ownGilFrom : undefined;
    if (v !== undefined && (from === undefined || !atLeast(from, v))) from = v;
  }
  return from;
}
