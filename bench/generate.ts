/**
 * A deterministic, NumPy-sized tree of C extension sources for the benchmark, generated at run
 * time (never committed). Every byte is made here from small word lists and a seeded PRNG; no
 * third-party code is copied. The tree is shaped like numpy/_core/src so that parse damage,
 * findings and rewrite costs are realistic:
 *
 *   multiarray/, umath/   one giant extension (_multiarray_umath): ~200 .c/.h/.c.src files that
 *                         share headers and call each other's NPY_NO_EXPORT functions, with the
 *                         PyInit, the capsule C-API table, static types, interned-string globals
 *   common/               headers and helpers shared by everything
 *   npymath/, npysort/    plain C libraries (templates, no Python objects)
 *   small modules         _multiarray_tests, _umath_tests, _rational_tests, _struct_ufunc_tests,
 *                         _operand_flag_tests, _simd, _dummy: each with its own PyInit_<name>
 *
 * Most bytes are ordinary C (loops, switches, gotos, comments, tables), as in NumPy; the
 * isolation hazards are sprinkled at roughly NumPy's density: function-level `static PyObject *`
 * caches (the most common), file-scope object globals, static PyTypeObjects (designated and
 * positional, some with `#if PY_VERSION_HEX` inside, number/sequence sub-structs), single-phase
 * init, a capsule API table, mutable C statics, PyGILState, plus the macro noise that damages a
 * plain parse (export macros, NPY_UNUSED, file-scope macro invocations, `@name@` templates).
 */
import * as fs from 'fs';
import * as path from 'path';

export interface GenerateOptions {
  seed?: number;
  /** About how many files (default 300). */
  files?: number;
  /** About how many bytes in all (default 5 MB). */
  targetBytes?: number;
}

export interface GeneratedTree {
  /** Absolute paths, sorted. */
  files: string[];
  bytes: number;
}

export const DEFAULT_SEED = 1;
export const DEFAULT_FILES = 300;
export const DEFAULT_BYTES = 5_000_000;

// ---------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: small, fast, good enough for test data, and the same on every platform. */
export class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** k distinct elements (or all of them), in a random order. */
  sample<T>(xs: readonly T[], k: number): T[] {
    const a = xs.slice();
    const n = Math.min(k, a.length);
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (a.length - i));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a.slice(0, n);
  }
  hex(digits: number): string {
    let s = '';
    while (s.length < digits) s += Math.floor(this.next() * 0x10000).toString(16).padStart(4, '0');
    return s.slice(0, digits);
  }
}

function hashString(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

// ---------------------------------------------------------------------------------------------
// Word lists (all made up for this file)

const NOUNS = [
  'array', 'descr', 'dtype', 'ufunc', 'iter', 'buffer', 'scalar', 'shape', 'stride', 'index', 'axis', 'item',
  'field', 'view', 'base', 'flags', 'mapping', 'sequence', 'number', 'string', 'unicode', 'datetime', 'timedelta',
  'busday', 'einsum', 'nditer', 'reduce', 'accumulate', 'cast', 'conv', 'ctor', 'alloc', 'mem', 'handler', 'sort',
  'partition', 'select', 'search', 'clip', 'where', 'dot', 'matmul', 'round', 'fill', 'copy', 'resize',
  'transpose', 'legacy', 'dispatch', 'promoter', 'resolver', 'wrapper', 'loop', 'kernel', 'block', 'unit', 'meta',
  'token', 'row', 'column', 'chunk', 'fmt', 'repr', 'hash', 'compare', 'getset', 'method', 'slot', 'coerce',
  'discover', 'assign', 'broadcast', 'subscript', 'fancy', 'boolean', 'complex', 'half', 'longdouble',
  'object', 'void', 'record', 'memmap', 'textreader', 'parser', 'stream', 'tokenizer', 'converter', 'limits',
  'errmask', 'extobj', 'override', 'umath', 'cpu', 'feature', 'dlpack', 'weakref', 'trace', 'tuple', 'list',
  'width', 'offset', 'align', 'order', 'kind', 'char', 'byteorder', 'subarray', 'names', 'fields', 'metadata',
];
const VERBS = [
  'get', 'set', 'new', 'from', 'to', 'as', 'check', 'init', 'fill', 'copy', 'resolve', 'discover', 'convert',
  'compute', 'apply', 'reduce', 'find', 'lookup', 'prepare', 'finish', 'validate', 'release', 'acquire', 'update',
  'make', 'build', 'parse', 'emit', 'cast', 'wrap', 'unwrap', 'pack', 'unpack', 'swap', 'count', 'clear', 'reset',
  'push', 'pop', 'merge', 'split', 'scan', 'visit', 'select', 'promote', 'coerce', 'normalize',
];
const ADJS = [
  'contiguous', 'aligned', 'strided', 'unaligned', 'byteswapped', 'writeable', 'legacy', 'generic', 'flexible',
  'structured', 'nested', 'empty', 'trivial', 'fast', 'slow', 'inner', 'outer', 'masked', 'checked', 'raw',
];
const TYPES = [
  { name: 'bool', type: 'npy_bool', NAME: 'BOOL', isint: 1, isfloat: 0 },
  { name: 'byte', type: 'npy_byte', NAME: 'BYTE', isint: 1, isfloat: 0 },
  { name: 'ubyte', type: 'npy_ubyte', NAME: 'UBYTE', isint: 1, isfloat: 0 },
  { name: 'short', type: 'npy_short', NAME: 'SHORT', isint: 1, isfloat: 0 },
  { name: 'ushort', type: 'npy_ushort', NAME: 'USHORT', isint: 1, isfloat: 0 },
  { name: 'int', type: 'npy_int', NAME: 'INT', isint: 1, isfloat: 0 },
  { name: 'uint', type: 'npy_uint', NAME: 'UINT', isint: 1, isfloat: 0 },
  { name: 'long', type: 'npy_long', NAME: 'LONG', isint: 1, isfloat: 0 },
  { name: 'ulong', type: 'npy_ulong', NAME: 'ULONG', isint: 1, isfloat: 0 },
  { name: 'longlong', type: 'npy_longlong', NAME: 'LONGLONG', isint: 1, isfloat: 0 },
  { name: 'ulonglong', type: 'npy_ulonglong', NAME: 'ULONGLONG', isint: 1, isfloat: 0 },
  { name: 'half', type: 'npy_half', NAME: 'HALF', isint: 0, isfloat: 1 },
  { name: 'float', type: 'npy_float', NAME: 'FLOAT', isint: 0, isfloat: 1 },
  { name: 'double', type: 'npy_double', NAME: 'DOUBLE', isint: 0, isfloat: 1 },
  { name: 'longdouble', type: 'npy_longdouble', NAME: 'LONGDOUBLE', isint: 0, isfloat: 1 },
];
const CTYPES = ['npy_intp', 'int', 'npy_int', 'npy_uint', 'npy_long', 'npy_double', 'npy_float', 'double', 'Py_ssize_t', 'npy_uint64', 'npy_int64', 'size_t'];
const TYPENUMS = TYPES.map((t) => 'NPY_' + t.NAME).concat(['NPY_CFLOAT', 'NPY_CDOUBLE', 'NPY_OBJECT', 'NPY_STRING', 'NPY_UNICODE', 'NPY_VOID', 'NPY_DATETIME', 'NPY_TIMEDELTA']);
const PY_MODULES = [
  'numpy._core._exceptions', 'numpy._core._methods', 'numpy._core._internal', 'numpy._core.arrayprint',
  'numpy._core._dtype', 'numpy.exceptions', 'numpy._core.printoptions', 'numpy._core._ufunc_config', 'numpy.dtypes',
  'math', 'operator', 'warnings', 'numpy._core.multiarray', 'numpy._core._type_aliases', 'datetime', 'numpy.linalg',
  'numpy._core.numeric', 'numpy._core._add_newdocs', 'pickle', 'numpy._core.overrides',
];
const PHRASES = [
  'Returns a new reference to the {n}, or NULL with an exception set.',
  'The {n} is borrowed from the caller; it must not be released here.',
  '{V}s the {n} in place when the {n2} allows it.',
  'This is the slow path: the fast path above handles {a} {n}s.',
  'NOTE: the order of these checks matters for subclasses of {n}.',
  'Kept for backwards compatibility; new code should {v} the {n2} instead.',
  'TODO: this could be vectorized once the {n} layout is settled.',
  'Steals a reference to the {n2} even on failure.',
  'A {a} {n} never needs the buffer, so skip it.',
  'Any error here is turned into a {n} error by the caller.',
  'The {n2} may be NULL, meaning "use the default {n}".',
  'Do not call this with the GIL released: it may {v} a {n}.',
  'Both branches must agree on the {n2}; see the tests for the {a} case.',
  'Fall back to the generic {n} loop when the {n2} is {a}.',
  'We {v} the {n} first so that a failure leaves the {n2} untouched.',
  'An overflow here means the {n} is larger than the address space.',
  'This mirrors what the Python-level {n} does, minus the {n2} handling.',
  'For {a} inputs the result is always the same {n}.',
];

function title(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function camel(...parts: string[]): string {
  return parts.map(title).join('');
}

// ---------------------------------------------------------------------------------------------
// The plan: which files, in which module, with what in them.

interface Sig {
  name: string;
  ret: string;
  params: string[];
}

interface TypePlan {
  cname: string; // PyArrayFlags_Type
  obj: string; // PyArrayFlagsObject
  prefix: string; // arrayflags
  pyname: string; // numpy._core.multiarray.flagsobj
  style: 'designated' | 'positional';
  number: boolean;
  sequence: boolean;
  versionIf: boolean;
  exported: boolean;
}

type Kind =
  | 'c' | 'h' | 'csrc' | 'hsrc' | 'inc'
  | 'init' // the giant module's PyInit file
  | 'umathinit' // the giant module's second init helper
  | 'capi-c' | 'capi-h' // the C-API table
  | 'globals' // interned strings and other object globals
  | 'lut' // machine-generated tables
  | 'scalartypes' // static types inside a template
  | 'lib-c' | 'lib-h' | 'lib-src' // npymath/npysort
  | 'small-init' | 'small-c'
  | 'simd-h' // universal-intrinsics headers (#error guard, NPY_FINLINE, token pasting)
  | 'cpp-h'; // a C++ header with a .h name (templates), as NumPy has

interface FilePlan {
  rel: string;
  module: string;
  kind: Kind;
  budget: number;
  crlf: boolean;
  tabs: boolean;
  header?: FilePlan;
  /** Files whose headers this one includes and whose functions it calls. */
  deps: FilePlan[];
  /** Extra local includes (headers with no .c file). */
  includes: string[];
  exports: Sig[];
  types: TypePlan[];
  objGlobals: string[];
  seed: number;
}

interface ModulePlan {
  name: string;
  files: FilePlan[];
  exportMacro: string;
}

interface Plan {
  files: FilePlan[];
  giant: ModulePlan;
  small: ModulePlan[];
  libFuncs: Sig[];
  usedNames: Set<string>;
}

const RET_TYPES = ['PyObject *', 'int', 'npy_intp', 'PyArray_Descr *', 'void', 'PyArrayObject *', 'int', 'PyObject *'];
const PARAM_POOL = [
  'PyObject *obj', 'PyArrayObject *arr', 'PyArray_Descr *descr', 'npy_intp *dims', 'int nd', 'int flags',
  'npy_intp n', 'char *data', 'npy_intp stride', 'PyObject *kwds', 'int axis', 'NPY_ORDER order', 'NPY_CASTING casting',
  'PyArrayObject *out', 'npy_intp *strides', 'PyObject *context', 'const char *name', 'Py_ssize_t len',
];

function makeSig(rng: Rng, name: string): Sig {
  const ret = rng.pick(RET_TYPES);
  const n = rng.int(1, 4);
  const params: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const p = rng.pick(PARAM_POOL);
    const pname = p.split(/[ *]+/).pop()!;
    if (seen.has(pname)) continue;
    seen.add(pname);
    params.push(p);
  }
  return { name, ret, params };
}

function params(s: Sig): string {
  return s.params.length > 0 ? s.params.join(', ') : 'void';
}

function uniqueName(rng: Rng, used: Set<string>, make: () => string): string {
  for (let i = 0; i < 50; i++) {
    const n = make();
    if (!used.has(n)) {
      used.add(n);
      return n;
    }
  }
  let k = 2;
  const base = make();
  while (used.has(`${base}${k}`)) k++;
  used.add(`${base}${k}`);
  void rng;
  return `${base}${k}`;
}

function makePlan(seed: number, nFiles: number, targetBytes: number): Plan {
  const rng = new Rng(seed);
  const used = new Set<string>();
  const usedFiles = new Set<string>();
  const files: FilePlan[] = [];
  const newFile = (rel: string, module: string, kind: Kind, weight: number): FilePlan => {
    usedFiles.add(path.basename(rel));
    const f: FilePlan = { rel, module, kind, budget: weight, crlf: false, tabs: false, deps: [], includes: [], exports: [], types: [], objGlobals: [], seed: hashString(rel, seed) };
    files.push(f);
    return f;
  };
  const fileBase = (): string =>
    uniqueName(rng, usedFiles, () => (rng.chance(0.45) ? rng.pick(NOUNS) : `${rng.pick(NOUNS)}_${rng.pick(rng.chance(0.5) ? NOUNS : VERBS.concat(ADJS))}`));
  const lognormal = (sigma: number): number => Math.exp(sigma * rng.normal());

  // How many files go where.
  const scale = nFiles / DEFAULT_FILES;
  const nCommon = Math.max(2, Math.round(24 * scale));
  const nMath = Math.max(1, Math.round(10 * scale));
  const nSort = Math.max(1, Math.round(9 * scale));
  const withSmall = nFiles >= 40;
  const smallFiles = withSmall ? 16 : nFiles >= 12 ? 2 : 0;
  const nGiant = Math.max(6, nFiles - nCommon - nMath - nSort - smallFiles);

  // --- npymath / npysort: plain C libraries.
  const libFuncs: Sig[] = [];
  const lib = (dir: string, n: number, prefix: string): void => {
    const hdr = newFile(`${dir}/${prefix}_common.h`, dir, 'lib-h', 8 * lognormal(0.5));
    for (let i = 1; i < n; i++) {
      const src = rng.chance(0.55);
      const base = uniqueName(rng, usedFiles, () => `${rng.pick(dir === 'npysort' ? ['quick', 'merge', 'heap', 'tim', 'radix', 'binsearch', 'selection', 'intro', 'shell', 'block'] : ['ieee754', 'npy_math', 'halffloat', 'complex', 'spacing', 'trig', 'exp', 'log', 'power', 'divmod'])}${dir === 'npysort' ? 'sort' : ''}`);
      const f = newFile(`${dir}/${base}.c${src ? '.src' : ''}`, dir, src ? 'lib-src' : 'lib-c', (src ? 30 : 15) * lognormal(0.6));
      f.header = hdr;
      for (let k = rng.int(2, 5); k > 0; k--) {
        const name = uniqueName(rng, used, () => `npy_${rng.pick(VERBS)}_${rng.pick(NOUNS)}${dir === 'npysort' ? '_sort' : ''}`);
        const sig: Sig = { name, ret: rng.pick(['int', 'double', 'npy_intp', 'void']), params: ['void *start', 'npy_intp num', 'void *NPY_UNUSED(varr)'].slice(0, rng.int(1, 3)) };
        f.exports.push(sig);
        libFuncs.push(sig);
      }
    }
  };
  lib('npymath', nMath, 'npy_math');
  lib('npysort', nSort, 'npysort');

  // --- common/: headers shared by everyone, a few .c files.
  const common: FilePlan[] = [];
  for (const name of ['npy_config.h', 'npy_pycompat.h', 'npy_import.h', 'get_attr_string.h'].slice(0, Math.min(4, nCommon))) {
    common.push(newFile(`common/${name}`, 'common', 'h', 6 * lognormal(0.4)));
  }
  const nSimd = nCommon >= 8 ? Math.max(1, Math.round(4 * scale)) : 0;
  for (let i = 0; i < nSimd; i++) {
    const arch = ['neon', 'sse', 'avx2', 'vec', 'avx512', 'lsx'][i % 6];
    common.push(newFile(`common/simd/${arch}/${uniqueName(rng, usedFiles, () => rng.pick(['math', 'arithmetic', 'memory', 'reorder', 'operators', 'conversion', 'misc', 'utils']))}.h`, 'common', 'simd-h', 9 * lognormal(0.5)));
  }
  while (common.length < nCommon) {
    const base = fileBase();
    const kind: Kind = rng.chance(0.12) ? 'hsrc' : common.length + 2 <= nCommon && rng.chance(0.45) ? 'c' : 'h';
    const f = newFile(`common/${base}.${kind === 'hsrc' ? 'h.src' : kind}`, 'common', kind, kind === 'c' ? 14 * lognormal(0.7) : 6 * lognormal(0.8));
    common.push(f);
    // A common .c file comes with a header of the same name.
    if (kind === 'c') {
      f.header = newFile(f.rel.replace(/\.c$/, '.h'), 'common', 'h', 4 * lognormal(0.5));
      common.push(f.header);
    }
  }

  // --- The giant extension.
  const giant: ModulePlan = { name: '_multiarray_umath', files: [], exportMacro: 'NPY_NO_EXPORT' };
  const g = (rel: string, kind: Kind, weight: number): FilePlan => {
    const f = newFile(rel, giant.name, kind, weight);
    giant.files.push(f);
    return f;
  };
  const init = g('multiarray/multiarraymodule.c', 'init', 90);
  init.header = g('multiarray/multiarraymodule.h', 'h', 3);
  const umathInit = g('umath/umathmodule.c', 'umathinit', 18);
  umathInit.header = g('umath/umathmodule.h', 'h', 2);
  const capiC = g('multiarray/__multiarray_api.c', 'capi-c', 14);
  const capiH = g('multiarray/__multiarray_api.h', 'capi-h', 30);
  capiC.header = capiH;
  const globalsC = g('multiarray/npy_static_data.c', 'globals', 12);
  globalsC.header = g('multiarray/npy_static_data.h', 'h', 5);
  const scalarTypes = g('multiarray/scalartypes.c.src', 'scalartypes', 120);
  if (nGiant >= 20) g(`umath/${uniqueName(rng, usedFiles, () => `string_${rng.pick(['buffer', 'search', 'split', 'fastsearch'])}`)}.h`, 'cpp-h', 30);
  scalarTypes.header = g('multiarray/scalartypes.h', 'h', 3);
  const nLut = Math.max(1, Math.round(4 * scale));
  const luts: FilePlan[] = [];
  for (let i = 0; i < nLut; i++) luts[i] = g(`${i % 2 ? 'umath' : 'multiarray'}/${uniqueName(rng, usedFiles, () => `_${rng.pick(NOUNS)}_lut`)}.h`, 'lut', 40 + 80 * rng.next());
  const remaining = Math.max(2, nGiant - giant.files.length);
  const nSrcGiant = Math.max(1, Math.round(remaining * 0.1));
  const nPairs = Math.max(1, Math.round((remaining - nSrcGiant) / 1.6));
  const giantC: FilePlan[] = [];
  for (let i = 0; i < nPairs && giant.files.length < nGiant; i++) {
    const dir = rng.chance(0.62) ? 'multiarray' : 'umath';
    const base = fileBase();
    const c = g(`${dir}/${base}.c`, 'c', 18 * lognormal(0.85));
    giantC.push(c);
    if (rng.chance(0.62) && giant.files.length < nGiant) c.header = g(`${dir}/${base}.h`, 'h', 5 * lognormal(0.8));
  }
  while (giant.files.length < nGiant) {
    const dir = rng.chance(0.5) ? 'multiarray' : 'umath';
    const base = fileBase();
    const kind: Kind = rng.chance(0.85) ? 'csrc' : 'inc';
    const f = g(`${dir}/${base}${kind === 'csrc' ? (rng.chance(0.4) ? '.dispatch.c.src' : '.c.src') : '.inc'}`, kind, (kind === 'csrc' ? 40 : 10) * lognormal(0.7));
    giantC.push(f);
  }
  // Exports, types and object globals of the giant files.
  const sigName = (): string =>
    uniqueName(rng, used, () => rng.pick([
      () => `PyArray_${camel(rng.pick(VERBS), rng.pick(NOUNS))}`,
      () => `npy_${rng.pick(VERBS)}_${rng.pick(NOUNS)}`,
      () => `${rng.pick(NOUNS)}_${rng.pick(VERBS)}_${rng.pick(NOUNS)}`,
      () => `PyUFunc_${camel(rng.pick(NOUNS), rng.pick(VERBS))}`,
      () => `Npy${camel(rng.pick(NOUNS))}_${camel(rng.pick(VERBS), rng.pick(NOUNS))}`,
    ])());
  let typeCount = 0;
  for (const f of [...giantC, globalsC, umathInit, init, scalarTypes, ...common.filter((x) => x.kind === 'c')]) {
    const n = f.kind === 'init' ? 6 : f.kind === 'globals' ? 0 : rng.int(1, 5);
    for (let k = 0; k < n; k++) f.exports.push(makeSig(rng, sigName()));
    if (f.kind === 'globals') f.exports.push({ name: 'npy_intern_static_strings', ret: 'int', params: [] });
    if (f.kind === 'umathinit') f.exports.push({ name: 'initumath', ret: 'int', params: ['PyObject *m'] });
    if (f.kind === 'c' && f.module === giant.name && f.header && rng.chance(0.14)) {
      for (let k = rng.int(1, 2); k > 0; k--) f.types.push(makeType(rng, used, 'numpy._core.multiarray', true));
    }
    typeCount += f.types.length;
  }
  // A few more types in init (as in multiarraymodule.c) when the random draw was thin.
  while (typeCount < Math.max(2, Math.round(12 * scale))) {
    const host = giantC.filter((f) => f.kind === 'c' && f.header);
    const f = host.length > 0 ? rng.pick(host) : init;
    f.types.push(makeType(rng, used, 'numpy._core.multiarray', true));
    typeCount++;
  }
  for (const f of giantC) if (f.kind === 'c' && rng.chance(0.12)) f.objGlobals.push(...Array.from({ length: rng.int(1, 3) }, () => uniqueName(rng, used, () => `npy_${rng.pick(['static', 'cached', 'global'])}_${rng.pick(NOUNS)}_${rng.pick(['cls', 'func', 'obj', 'str', 'tuple'])}`)));
  for (let k = 0; k < 24; k++) globalsC.objGlobals.push(uniqueName(rng, used, () => `npy_interned_${rng.pick(['', '__array_', '_'])}${rng.pick(NOUNS)}`.replace(/__+/g, '_')));
  // Dependencies: each giant .c includes a few headers of other giant files and calls their functions.
  const withHeaders = giantC.filter((f) => f.header).concat([globalsC, capiC, scalarTypes]);
  const libFiles = files.filter((f) => f.kind === 'lib-c' || f.kind === 'lib-src');
  const commonC = common.filter((f) => f.kind === 'c');
  const templates = giantC.filter((f) => !f.header);
  const pureHeaders = common.filter((f) => (f.kind === 'h' || f.kind === 'hsrc' || f.kind === 'simd-h') && !files.some((x) => x.header === f)).concat(luts);
  const callers = [...giantC, umathInit, init, scalarTypes];
  for (const f of callers) {
    f.deps = rng.sample(withHeaders.filter((x) => x !== f), rng.int(2, 5));
    if (rng.chance(0.3) && libFiles.length > 0) f.deps.push(rng.pick(libFiles));
    if (rng.chance(0.25) && commonC.length > 0) f.deps.push(rng.pick(commonC));
    if (rng.chance(0.2) && templates.length > 0) f.deps.push(rng.pick(templates));
    if (rng.chance(0.3) && pureHeaders.length > 0) f.includes.push(path.basename(rng.pick(pureHeaders).rel));
  }
  // Nothing is left out: every library file, common file, template and header has a user.
  for (const d of [...libFiles, ...commonC, ...templates]) if (!callers.some((c) => c.deps.includes(d))) rng.pick(callers.filter((c) => c !== d)).deps.push(d);
  for (const h of pureHeaders) if (!callers.some((c) => c.includes.includes(path.basename(h.rel)))) rng.pick(callers).includes.push(path.basename(h.rel));
  init.deps = withHeaders.filter((x) => x !== init && (x.types.length > 0 || x.exports.some((s) => s.ret === 'PyObject *'))).concat([umathInit]);

  // --- Small modules, each with its own PyInit.
  const small: ModulePlan[] = [];
  const sm = (name: string, rels: [string, Kind, number][]): void => {
    const m: ModulePlan = { name, files: [], exportMacro: name === '_simd' ? 'NPY_VISIBILITY_HIDDEN' : '' };
    for (const [rel, kind, w] of rels) {
      const f = newFile(rel, name, kind, w);
      m.files.push(f);
    }
    small.push(m);
  };
  if (withSmall) {
    sm('_multiarray_tests', [['multiarray/_multiarray_tests.c.src', 'small-init', 70]]);
    sm('_umath_tests', [['umath/_umath_tests.c.src', 'small-init', 25], ['umath/_umath_tests.dispatch.c', 'small-c', 6], ['umath/_umath_tests.dispatch.h', 'h', 2]]);
    sm('_rational_tests', [['umath/_rational_tests.c', 'small-init', 45]]);
    sm('_struct_ufunc_tests', [['umath/_struct_ufunc_tests.c', 'small-init', 6]]);
    sm('_operand_flag_tests', [['umath/_operand_flag_tests.c', 'small-init', 4]]);
    sm('_simd', [
      ['_simd/_simd.c', 'small-init', 10], ['_simd/_simd.h', 'h', 3], ['_simd/_simd_arg.inc', 'small-c', 6],
      ['_simd/_simd_convert.inc', 'small-c', 7], ['_simd/_simd_data.inc.src', 'hsrc', 8], ['_simd/_simd_inc.h.src', 'hsrc', 9],
      ['_simd/_simd.dispatch.c.src', 'small-c', 25], ['_simd/_simd_easyintrin.inc', 'small-c', 7],
    ]);
    sm('_dummy', [['dummymodule.c', 'small-init', 1.5]]);
  } else if (smallFiles > 0) {
    sm('_rational_tests', [['umath/_rational_tests.c', 'small-init', 45]]);
    sm('_dummy', [['dummymodule.c', 'small-init', 1.5]]);
  }
  for (const m of small) {
    const initFile = m.files.find((f) => f.kind === 'small-init')!;
    const types = m.name === '_rational_tests' ? 1 : m.name === '_multiarray_tests' ? 1 : m.name === '_simd' ? 1 : 0;
    for (let k = 0; k < types; k++) {
      const t = makeType(rng, used, `numpy._core.${m.name}`, false);
      if (m.name === '_rational_tests') {
        Object.assign(t, { cname: 'PyRational_Type', obj: 'PyRational', prefix: 'pyrational', pyname: 'numpy._core._rational_tests.rational', style: 'positional', number: true, versionIf: true });
      }
      initFile.types.push(t);
    }
    for (const f of m.files) if (f !== initFile && f.kind !== 'h') for (let k = rng.int(1, 3); k > 0; k--) f.exports.push(makeSig(rng, uniqueName(rng, used, () => `${m.name.replace(/^_/, '')}_${rng.pick(VERBS)}_${rng.pick(NOUNS)}`)));
    initFile.deps = m.files.filter((f) => f !== initFile && f.kind !== 'h');
  }

  // Odd files: CRLF, tabs (old code).
  const cands = files.filter((f) => f.kind === 'c' || f.kind === 'small-init' || f.kind === 'lib-c' || f.kind === 'h');
  for (const f of cands) {
    if (rng.chance(0.03)) f.crlf = true;
    if (rng.chance(0.05)) f.tabs = true;
  }
  if (!files.some((f) => f.crlf) && cands.length > 0) rng.pick(cands).crlf = true;
  const rational = files.find((f) => f.rel === 'umath/_rational_tests.c');
  if (rational) rational.crlf = true;

  // Byte budgets: scale the weights to the target.
  const total = files.reduce((n, f) => n + f.budget, 0);
  for (const f of files) f.budget = Math.max(400, Math.round((f.budget / total) * targetBytes));
  return { files, giant, small, libFuncs, usedNames: used };
}

function makeType(rng: Rng, used: Set<string>, modName: string, exported: boolean): TypePlan {
  const stem = uniqueName(rng, used, () => camel(rng.pick(['array', 'ufunc', 'descr', 'iter', 'void', 'flags', 'map', 'busday', 'dlpack', 'memory', 'text', 'nditer', 'array_method', 'bound', 'dtype_meta', 'string', 'handler', 'neighborhood', 'multi', 'scalar']), rng.pick(NOUNS)));
  const style = rng.chance(0.7) ? 'designated' : 'positional';
  return {
    cname: `Py${stem}_Type`,
    obj: `Py${stem}Object`,
    prefix: stem.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase(),
    pyname: `${modName}.${stem.toLowerCase()}`,
    style,
    number: rng.chance(0.3),
    sequence: rng.chance(0.2),
    versionIf: style === 'positional' ? rng.chance(0.6) : rng.chance(0.15),
    exported,
  };
}

// ---------------------------------------------------------------------------------------------
// Writing C

class Out {
  private parts: string[] = [];
  size = 0;
  private ind = 0;
  constructor(private readonly unit: string) {}
  line(s = ''): void {
    const l = s === '' ? '\n' : this.unit.repeat(this.ind) + s + '\n';
    this.parts.push(l);
    this.size += l.length;
  }
  raw(s: string): void {
    this.parts.push(s);
    this.size += s.length;
  }
  open(s: string): void {
    this.line(s);
    this.ind++;
  }
  close(s = '}'): void {
    this.ind = Math.max(0, this.ind - 1);
    this.line(s);
  }
  indent(d: number): void {
    this.ind = Math.max(0, this.ind + d);
  }
  text(): string {
    return this.parts.join('');
  }
}

interface Body {
  /** Local variables of scalar type. */
  ints: string[];
  vals: string[];
  ptrs: string[];
  objs: string[];
  fail: boolean;
  python: boolean;
  callees: Sig[];
  /** Template tokens available in a .c.src block. */
  tpl?: { type: string; name: string; NAME: string };
}

class FileGen {
  readonly rng: Rng;
  readonly out: Out;
  private readonly names = new Set<string>();
  private readonly statics: Sig[] = [];
  readonly pyFuncs: { name: string; flags: string }[] = [];
  private readonly X: string;

  constructor(readonly f: FilePlan, readonly plan: Plan, readonly mod: ModulePlan | undefined) {
    this.rng = new Rng(f.seed);
    this.out = new Out(f.tabs ? '\t' : '    ');
    this.X = mod?.exportMacro ? mod.exportMacro + ' ' : '';
  }

  private name(make: () => string): string {
    return uniqueName(this.rng, this.names, make);
  }

  private fname(prefix?: string): string {
    const r = this.rng;
    return this.name(() => `${prefix ?? r.pick(NOUNS)}_${r.pick(VERBS)}${r.chance(0.5) ? '_' + r.pick(NOUNS) : ''}${r.chance(0.15) ? '_' + r.pick(ADJS) : ''}`);
  }

  phrase(): string {
    const r = this.rng;
    return r.pick(PHRASES)
      .replace(/\{n\}/g, () => r.pick(NOUNS))
      .replace(/\{n2\}/g, () => r.pick(NOUNS))
      .replace(/\{a\}/g, () => r.pick(ADJS))
      .replace(/\{v\}/g, () => r.pick(VERBS))
      .replace(/\{V\}/g, () => title(r.pick(VERBS)));
  }

  comment(lines = this.rng.int(1, 4), doc = false): void {
    if (lines === 1 && !doc) {
      this.out.line(`/* ${this.phrase()} */`);
      return;
    }
    this.out.line(doc ? '/**' : '/*');
    for (let i = 0; i < lines; i++) this.out.line(` * ${this.phrase()}`);
    this.out.line(' */');
  }

  // ------------------------------------------------------------------ statements

  private expr(b: Body): string {
    const r = this.rng;
    const i = r.pick(b.ints);
    const v = r.pick(b.vals);
    const p = b.ptrs.length ? r.pick(b.ptrs) : 'data';
    const cast = b.tpl ? `(${b.tpl.type})` : `(${r.pick(['npy_intp', 'double', 'int', 'npy_uint64'])})`;
    switch (r.int(0, 9)) {
      case 0: return `${v} + ${cast}${i} * ${r.int(2, 97)}`;
      case 1: return `(${i} * ${r.int(3, 131)} + ${r.pick(b.ints)}) & 0x${r.hex(2)}`;
      case 2: return `${v} > ${r.pick(b.vals)} ? ${v} : ${r.pick(b.vals)}`;
      case 3: return `*(${b.tpl ? b.tpl.type : 'npy_intp'} *)(${p} + ${i} * ${r.pick(b.ints)})`;
      case 4: return `${cast}(${v} - ${r.pick(b.vals)}) / ${r.int(2, 16)}`;
      case 5: return `${i} < ${r.pick(b.ints)} ? ${i} : ${r.pick(b.ints)} - 1`;
      case 6: return `${r.pick(b.vals)} * ${v} + ${cast}${r.int(0, 9)}`;
      case 7: return `(${i} >> ${r.int(1, 7)}) ^ ${r.pick(b.ints)}`;
      case 8: return `${p}[${i}] == ${r.int(0, 127)}`;
      default: return `${v}`;
    }
  }

  private cond(b: Body): string {
    const r = this.rng;
    switch (r.int(0, 6)) {
      case 0: return `${r.pick(b.ints)} < ${r.pick(b.ints)}`;
      case 1: return `${r.pick(b.vals)} != ${r.pick(b.vals)}`;
      case 2: return `(${r.pick(b.ints)} & ${r.int(1, 64)}) == 0`;
      case 3: return b.objs.length ? `${r.pick(b.objs)} == NULL` : `${r.pick(b.ptrs.concat(['data']))} == NULL`;
      case 4: return `${r.pick(b.ints)} >= ${r.int(0, 512)} && ${r.pick(b.ints)} != ${r.pick(b.ints)}`;
      case 5: return `npy_${r.pick(['isnan', 'isinf', 'isfinite', 'signbit'])}(${r.pick(b.vals)})`;
      default: return `!${r.pick(['PyArray_ISALIGNED', 'PyArray_ISCONTIGUOUS', 'PyArray_ISWRITEABLE', 'PyArray_ISNOTSWAPPED'])}(arr)`;
    }
  }

  private call(b: Body): string {
    const r = this.rng;
    const pool = b.callees.length > 0 && r.chance(0.7) ? b.callees : this.statics;
    if (pool.length === 0) return `${r.pick(['memcpy', 'memmove', 'memset'])}(${b.ptrs.length ? r.pick(b.ptrs) : 'data'}, 0, ${r.pick(b.ints)})`;
    const s = r.pick(pool);
    const args = s.params.map((p) => {
      const t = p.replace(/\bNPY_UNUSED\((\w+)\)/, '$1');
      if (/PyObject \*|PyArrayObject \*|PyArray_Descr \*/.test(t)) return b.objs.length ? `(${t.replace(/\s*\w+$/, '')})${r.pick(b.objs)}` : 'NULL';
      if (/\*/.test(t)) return b.ptrs.length ? r.pick(b.ptrs) : 'NULL';
      return r.pick(b.ints);
    });
    return `${s.name}(${args.join(', ')})`;
  }

  stmts(b: Body, depth: number, n: number): void {
    for (let k = 0; k < n; k++) this.stmt(b, depth);
  }

  private stmt(b: Body, depth: number): void {
    const r = this.rng;
    const o = this.out;
    const x = r.next();
    const i = r.pick(b.ints);
    if (depth < 3 && x < 0.16) {
      const lim = r.pick(b.ints.filter((v) => v !== i).concat(['n']));
      o.open(`for (${i} = 0; ${i} < ${lim}; ${i}++) {`);
      this.stmts(b, depth + 1, r.int(1, 4));
      o.close();
    } else if (depth < 3 && x < 0.27) {
      o.open(`if (${this.cond(b)}) {`);
      this.stmts(b, depth + 1, r.int(1, 3));
      if (r.chance(0.3)) {
        o.close(`}`);
        o.open(`else if (${this.cond(b)}) {`);
        this.stmts(b, depth + 1, r.int(1, 2));
      }
      if (r.chance(0.4)) {
        o.close(`}`);
        o.open('else {');
        this.stmts(b, depth + 1, r.int(1, 2));
      }
      o.close();
    } else if (depth < 2 && x < 0.31) {
      o.open(`switch (${r.pick(['type_num', i, 'PyArray_TYPE(arr)', 'kind'])}) {`);
      const cases = r.sample(TYPENUMS, r.int(2, 8));
      for (const c of cases) {
        o.line(`case ${c}:`);
        o.indent(1);
        if (r.chance(0.3)) o.line(`${r.pick(b.vals)} = ${this.expr(b)};`);
        else o.line(`${r.pick(b.ints)} = sizeof(${r.pick(CTYPES)});`);
        o.line('break;');
        o.indent(-1);
      }
      o.line('default:');
      o.indent(1);
      if (b.python && b.fail) {
        o.line(`PyErr_Format(PyExc_TypeError, "${r.pick(NOUNS)} ${r.pick(VERBS)} not supported for type %d", (int)${i});`);
        o.line('goto fail;');
      } else o.line('break;');
      o.indent(-1);
      o.close();
    } else if (depth < 3 && x < 0.34) {
      o.open(`while (${r.pick(b.ints)}-- > 0) {`);
      this.stmts(b, depth + 1, r.int(1, 3));
      o.close();
    } else if (x < 0.40) {
      this.comment(r.chance(0.7) ? 1 : r.int(2, 3));
      o.line(`${r.pick(b.vals)} = ${this.expr(b)};`);
    } else if (x < 0.62) {
      o.line(`${r.pick(b.vals)} ${r.pick(['=', '+=', '-=', '*='])} ${this.expr(b)};`);
    } else if (x < 0.70) {
      o.line(`${r.pick(b.ints)} ${r.pick(['=', '+=', '|=', '^='])} ${this.expr(b)};`);
    } else if (x < 0.80) {
      if (b.fail && r.chance(0.6)) {
        o.open(`if (${this.call(b)} < 0) {`);
        o.line('goto fail;');
        o.close();
      } else o.line(`${this.call(b)};`);
    } else if (x < 0.86 && b.fail) {
      o.open(`if (${this.cond(b)}) {`);
      if (b.python) o.line(`PyErr_SetString(PyExc_${r.pick(['ValueError', 'TypeError', 'RuntimeError', 'OverflowError', 'MemoryError'])}, "${r.pick(NOUNS)} ${r.pick(['must not be', 'cannot be', 'is not'])} ${r.pick(ADJS)}");`);
      o.line('goto fail;');
      o.close();
    } else if (x < 0.91 && b.ptrs.length) {
      o.line(`${r.pick(b.ptrs)} += ${r.pick(b.ints)};`);
    } else {
      o.line(`${r.pick(b.vals)} = ${this.expr(b)};`);
    }
  }

  // ------------------------------------------------------------------ functions

  private locals(b: Body, tplType?: string): void {
    const o = this.out;
    const r = this.rng;
    o.line(`npy_intp ${b.ints.filter((v) => v !== 'n' && v !== 'stride').join(', ')};`);
    const vt = tplType ?? r.pick(['double', 'npy_double', 'npy_intp', 'npy_longlong', 'float']);
    o.line(`${vt} ${b.vals.join(', ')};`);
    for (const p of b.ptrs) o.line(`char *${p} = data;`);
    if (r.chance(0.4)) o.line(`int type_num = ${r.pick(TYPENUMS)};`);
    else o.line('int type_num = 0;');
    o.line(`int kind = ${r.int(0, 3)};`);
  }

  private newBody(python: boolean, callees: Sig[]): Body {
    const r = this.rng;
    return {
      ints: ['i', 'j', 'n', r.pick(['k', 'm', 'count'])].concat(r.chance(0.5) ? ['stride'] : []),
      vals: ['acc', 'tmp'].concat(r.chance(0.5) ? [r.pick(['lo', 'hi', 'best', 'scale', 'delta'])] : []),
      ptrs: r.chance(0.7) ? ['ptr'] : [],
      objs: python ? ['obj'] : [],
      fail: python || r.chance(0.35),
      python,
      callees,
    };
  }

  private callees(): Sig[] {
    return this.f.deps.flatMap((d) => d.exports).concat(this.f.exports);
  }

  /** Ordinary C: the bulk of the bytes. */
  plainFunction(sig?: Sig, tpl?: Body['tpl']): void {
    const o = this.out;
    const r = this.rng;
    const name = sig?.name ?? this.fname();
    const b = this.newBody(false, this.callees());
    b.tpl = tpl;
    if (r.chance(0.5)) this.comment(r.int(1, 5), r.chance(0.3));
    // Now and then an attribute macro with arguments among the specifiers (parse damage).
    const ret = sig ? sig.ret : r.chance(0.05) ? r.pick(['static NPY_GCC_NONNULL(1) int', 'static NPY_STEALS_REF_TO_ARG(1) int', 'static NPY_GCC_TARGET(avx2) int']) : 'static int';
    const params = sig ? sig.params : ['char *data', 'npy_intp n', 'PyArrayObject *NPY_UNUSED(arr)'];
    const storage = sig && !sig.ret.startsWith('static') ? this.X : '';
    o.line(`${storage}${ret}`);
    o.line(`${name}(${params.length ? params.join(', ') : 'void'})`);
    o.open('{');
    if (!params.some((p) => /\bdata\b/.test(p))) o.line('char *data = NULL;');
    if (!params.some((p) => /\bn\b/.test(p))) o.line(`npy_intp n = ${r.int(1, 64)};`);
    if (!params.some((p) => /\barr\b/.test(p))) o.line('PyArrayObject *arr = NULL;');
    this.locals(b, tpl?.type);
    const prevStride = b.ints.includes('stride');
    if (prevStride && !params.some((p) => /\bstride\b/.test(p))) o.line(`npy_intp stride = ${r.pick(['1', 'sizeof(double)', '8'])};`);
    o.line();
    o.line(`${b.ints[0]} = 0;`);
    for (const v of b.vals) o.line(`${v} = 0;`);
    this.stmts(b, 0, r.int(4, 14));
    const retType = sig?.ret ?? 'int';
    const retVal = retType === 'void' ? '' : /\*/.test(retType) ? ' NULL' : retType === 'double' ? ' (double)acc' : ' 0';
    o.line(`return${retVal};`);
    if (b.fail) {
      o.indent(-1);
      o.line('  fail:');
      o.indent(1);
      o.line(retType === 'void' ? 'return;' : /\*/.test(retType) ? 'return NULL;' : 'return -1;');
    }
    o.close();
    o.line();
    if (!sig) this.statics.push({ name, ret: 'int', params });
  }

  /** A Python-callable method: argument parsing, threads released around a loop, goto fail. */
  pyFunction(sig?: Sig): void {
    const o = this.out;
    const r = this.rng;
    const name = sig?.name ?? this.fname(r.pick(['array', 'array', 'ufunc', 'arraydescr', 'npy', 'iter']));
    const b = this.newBody(true, this.callees());
    const fast = r.chance(0.35);
    if (r.chance(0.5)) this.comment(r.int(1, 3));
    o.line(sig ? `${this.X}PyObject *` : 'static PyObject *');
    if (sig) o.line(`${name}(${params(sig)})`);
    else if (fast) o.line(`${name}(PyObject *NPY_UNUSED(self), PyObject *const *args, Py_ssize_t len_args, PyObject *kwnames)`);
    else o.line(`${name}(PyObject *${r.chance(0.4) ? 'NPY_UNUSED(self)' : 'self'}, PyObject *args, PyObject *kwds)`);
    o.open('{');
    const kws = r.sample(['axis', 'out', 'keepdims', 'dtype', 'order', 'casting', 'where', 'initial', 'copy', 'subok', 'like', 'device'], r.int(1, 4));
    if (!sig && !fast) o.line(`static char *kwlist[] = {${kws.map((k) => `"${k}"`).join(', ')}, NULL};`);
    for (const k of kws) o.line(`PyObject *${k}_obj = NULL;`);
    const isParam = (v: string): boolean => !!sig && sig.params.some((p) => new RegExp(`\\b${v}\\b`).test(p));
    if (!isParam('obj')) o.line('PyObject *obj = NULL;');
    o.line('PyObject *ret = NULL;');
    if (!isParam('arr')) o.line('PyArrayObject *arr = NULL;');
    if (!isParam('data')) o.line('char *data = NULL;');
    if (!isParam('n')) o.line('npy_intp n = 0;');
    if (r.chance(0.3)) o.line('NPY_BEGIN_THREADS_DEF;');
    this.locals(b);
    if (b.ints.includes('stride') && !isParam('stride')) o.line('npy_intp stride = 1;');
    o.line();
    if (sig) {
      o.line(`obj = (PyObject *)${sig.params.find((p) => /PyObject \*|PyArrayObject \*/.test(p))?.split(/[ *]+/).pop() ?? 'NULL'};`);
    } else if (fast) {
      o.line('NPY_PREPARE_ARGPARSER;');
      o.open(`if (npy_parse_arguments("${name}", args, len_args, kwnames,`);
      if (r.chance(0.5)) {
        // The newer spelling: one brace-enclosed spec per argument.
        o.line(`{"obj", NULL, &obj},`);
        kws.forEach((k, i) => o.line(`{"|${k}", NULL, &${k}_obj}${i === kws.length - 1 ? ') < 0) {' : ','}`));
      } else {
        o.line(`"obj", NULL, &obj,`);
        for (const k of kws) o.line(`"|${k}", NULL, &${k}_obj,`);
        o.line('NULL, NULL, NULL) < 0) {');
      }
      o.line('return NULL;');
      o.close();
    } else {
      o.open(`if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|${'O'.repeat(kws.length)}:${name}", kwlist,`);
      o.line(`        &obj, ${kws.map((k) => `&${k}_obj`).join(', ')})) {`);
      o.line('return NULL;');
      o.close();
      if (r.chance(0.3)) o.line('(void)self;');
    }
    o.line(`arr = (PyArrayObject *)PyArray_FROM_OTF(obj, ${r.pick(TYPENUMS)}, NPY_ARRAY_${r.pick(['IN_ARRAY', 'CARRAY', 'DEFAULT', 'BEHAVED'])});`);
    o.open('if (arr == NULL) {');
    o.line('return NULL;');
    o.close();
    o.line('n = PyArray_SIZE(arr);');
    o.line('data = PyArray_BYTES(arr);');
    for (const v of b.vals) o.line(`${v} = 0;`);
    o.line(`${b.ints[0]} = 0;`);
    this.stmts(b, 0, r.int(2, 6));
    const threads = r.pick(['py', 'npy', 'none']);
    if (threads === 'py') o.line('Py_BEGIN_ALLOW_THREADS');
    else if (threads === 'npy') o.line('NPY_BEGIN_THREADS;');
    const save = b.fail;
    b.fail = false;
    b.python = false;
    o.open(`for (${b.ints[0]} = 0; ${b.ints[0]} < n; ${b.ints[0]}++) {`);
    this.stmts(b, 1, r.int(1, 4));
    o.close();
    b.fail = save;
    b.python = true;
    if (threads === 'py') o.line('Py_END_ALLOW_THREADS');
    else if (threads === 'npy') o.line('NPY_END_THREADS;');
    this.stmts(b, 0, r.int(1, 5));
    o.line(`ret = ${r.pick(['PyFloat_FromDouble((double)acc)', 'PyLong_FromSsize_t((Py_ssize_t)n)', 'PyArray_Return(arr)', 'Py_NewRef(obj)', 'PyBool_FromLong(n > 0)'])};`);
    o.line('Py_XDECREF(arr);');
    o.line('return ret;');
    o.indent(-1);
    o.line('  fail:');
    o.indent(1);
    o.line('Py_XDECREF(arr);');
    o.line('Py_XDECREF(ret);');
    o.line('return NULL;');
    o.close();
    o.line();
    if (!sig) this.pyFuncs.push({ name, flags: fast ? 'METH_FASTCALL | METH_KEYWORDS' : 'METH_VARARGS | METH_KEYWORDS' });
  }

  /** The most common hazard: a function-level `static PyObject *` filled on first use. */
  cacheFunction(sig?: Sig): void {
    const o = this.out;
    const r = this.rng;
    const name = sig?.name ?? this.fname(r.pick(['npy', 'array', 'ufunc', 'descr', 'get']));
    const mod = r.pick(PY_MODULES);
    const attr = r.chance(0.5) ? `_${r.pick(VERBS)}_${r.pick(NOUNS)}` : camel(r.pick(ADJS), r.pick(NOUNS)) + r.pick(['Error', 'Warning', '', 'Type']);
    const cache = this.name(() => r.pick([`${r.pick(NOUNS)}_${r.pick(['func', 'cls', 'obj', 'str', 'exc'])}`, `${attr.replace(/^_/, '')}`, 'cached_func', 'exc_type', 'method']));
    const style = r.next();
    this.comment(r.int(1, 3));
    o.line(sig ? `${this.X}${sig.ret}` : 'static PyObject *');
    o.line(`${name}(${sig ? params(sig) : 'PyObject *obj, PyObject *args'})`);
    o.open('{');
    o.line(`static PyObject *${cache} = NULL;`);
    o.line('PyObject *res = NULL;');
    const objArg = sig ? (sig.params.find((p) => /PyObject \*/.test(p))?.split(/[ *]+/).pop() ?? 'NULL') : 'obj';
    const fail = sig ? (sig.ret === 'void' ? 'return;' : /\*/.test(sig.ret) ? 'return NULL;' : 'return -1;') : 'return NULL;';
    o.line();
    if (style < 0.40) {
      o.open(`if (${cache} == NULL) {`);
      o.line(`PyObject *mod = PyImport_ImportModule("${mod}");`);
      o.open('if (mod == NULL) {');
      o.line(fail);
      o.close();
      o.line(`${cache} = PyObject_GetAttrString(mod, "${attr}");`);
      o.line('Py_DECREF(mod);');
      o.open(`if (${cache} == NULL) {`);
      o.line(fail);
      o.close();
      o.close();
    } else if (style < 0.55) {
      o.line(`npy_cache_import("${mod}", "${attr}", &${cache});`);
      o.open(`if (${cache} == NULL) {`);
      o.line(fail);
      o.close();
    } else if (style < 0.65) {
      o.open(`if (${cache} == NULL &&`);
      o.line(`(${cache} = PyImport_ImportModule("${mod}")) == NULL) {`);
      o.line(fail);
      o.close();
    } else if (style < 0.85) {
      o.open(`if (${cache} == NULL) {`);
      o.line(`${cache} = PyUnicode_InternFromString("__${r.pick(NOUNS)}_${r.pick(NOUNS)}__");`);
      o.open(`if (${cache} == NULL) {`);
      o.line(fail);
      o.close();
      o.close();
    } else {
      o.open(`if (${cache} == NULL) {`);
      o.line(`${cache} = ${r.pick(['PyLong_FromLong(0)', 'PyTuple_New(0)', 'Py_BuildValue("(ii)", 0, 1)', 'PyFloat_FromDouble(1.0)', 'PyUnicode_FromString("")'])};`);
      o.open(`if (${cache} == NULL) {`);
      o.line(fail);
      o.close();
      o.close();
    }
    if (style < 0.65) o.line(`res = PyObject_CallFunctionObjArgs(${cache}, ${objArg}, NULL);`);
    else o.line(`res = PyObject_GetAttr(${objArg}, ${cache});`);
    o.open('if (res == NULL) {');
    o.line(fail);
    o.close();
    if (!sig || sig.ret === 'PyObject *') o.line('return res;');
    else {
      o.line('Py_DECREF(res);');
      o.line(sig.ret === 'void' ? 'return;' : /\*/.test(sig.ret) ? 'return NULL;' : 'return 0;');
    }
    o.close();
    o.line();
  }

  /** A dispatch on the type number: long switch, no Python objects. */
  dispatchFunction(): void {
    const o = this.out;
    const r = this.rng;
    const name = this.fname('get');
    this.comment(r.int(1, 3));
    o.line('static PyArrayMethod_StridedLoop *');
    o.line(`${name}(int type_num, int aligned, npy_intp stride)`);
    o.open('{');
    o.open('switch (type_num) {');
    for (const t of r.sample(TYPES, r.int(4, TYPES.length))) {
      o.line(`case NPY_${t.NAME}:`);
      o.indent(1);
      o.open(`if (aligned && stride == sizeof(${t.type})) {`);
      o.line(`return &_aligned_contig_${r.pick(VERBS)}_${t.name};`);
      o.close();
      o.line(`return &_strided_${r.pick(VERBS)}_${t.name};`);
      o.indent(-1);
    }
    o.line('default:');
    o.indent(1);
    o.line('return NULL;');
    o.indent(-1);
    o.close();
    o.close();
    o.line();
  }

  /** A mutable C static, written at run time (a checks/ finding). */
  mutableStatic(): void {
    const o = this.out;
    const r = this.rng;
    const v = this.name(() => `${r.pick(NOUNS)}_${r.pick(['warned', 'enabled', 'initialized', 'count', 'mode', 'threshold'])}`);
    const tls = r.chance(0.3);
    o.line(`${tls ? 'NPY_TLS ' : ''}static ${r.pick(['int', 'npy_intp', 'long'])} ${v} = ${r.int(0, 1)};`);
    o.line();
    const fn = this.fname('npy');
    o.line('static int');
    o.line(`${fn}(int value)`);
    o.open('{');
    o.line(`int old = (int)${v};`);
    o.line(`${v} = value;`);
    o.line('return old;');
    o.close();
    o.line();
    this.statics.push({ name: fn, ret: 'int', params: ['int value'] });
  }

  /** Definitions generated by a local macro at file scope (no semicolons: parse damage). */
  macroBlock(): void {
    const o = this.out;
    const r = this.rng;
    const M = this.name(() => `MAKE_${r.pick(VERBS).toUpperCase()}_${r.pick(NOUNS).toUpperCase()}`);
    o.line(`#define ${M}(name, type) \\`);
    o.line('    static int \\');
    o.line('    name##_loop(char *data, npy_intp n) \\');
    o.line('    { \\');
    o.line('        npy_intp i; \\');
    o.line('        type *p = (type *)data; \\');
    o.line('        for (i = 0; i < n; i++) { \\');
    o.line(`            p[i] = (type)(p[i] ${r.pick(['+', '*', '-', '^'])} 1); \\`);
    o.line('        } \\');
    o.line('        return 0; \\');
    o.line('    }');
    o.line();
    for (const t of r.sample(TYPES, r.int(3, 8))) o.line(`${M}(${t.name}_${r.pick(VERBS)}, ${t.type})`);
    o.line();
    o.line(`#undef ${M}`);
    o.line();
  }

  table(): void {
    const o = this.out;
    const r = this.rng;
    const t = r.pick(['npy_uint16', 'npy_uint32', 'npy_uint64', 'npy_int8', 'double']);
    const n = r.int(8, 40) * 8;
    const nm = this.name(() => `_${r.pick(NOUNS)}_${r.pick(['table', 'lut', 'coeffs', 'masks'])}`);
    o.line(`static const ${t} ${nm}[${n}] = {`);
    const digits = t === 'npy_uint64' ? 16 : t === 'npy_uint32' ? 8 : t === 'npy_int8' ? 2 : 4;
    for (let i = 0; i < n; i += 8) {
      const row: string[] = [];
      for (let k = 0; k < 8; k++) row.push(t === 'double' ? `${(r.next() * 2 - 1).toExponential(16)}` : `0x${r.hex(digits)}${t === 'npy_uint64' ? 'ULL' : ''}`);
      o.line(`    ${row.join(', ')},`);
    }
    o.line('};');
    o.line();
  }

  gilState(): void {
    const o = this.out;
    const r = this.rng;
    const fn = this.fname('npy');
    this.comment(2);
    o.line('static void');
    o.line(`${fn}(void *ctx, void *ptr, size_t size)`);
    o.open('{');
    o.line('PyGILState_STATE state = PyGILState_Ensure();');
    o.line(`PyObject *res = PyObject_CallFunction((PyObject *)ctx, "n", (Py_ssize_t)size);`);
    o.open('if (res == NULL) {');
    o.line(`PyErr_WriteUnraisable((PyObject *)ctx);`);
    o.close();
    o.line('Py_XDECREF(res);');
    o.line('(void)ptr;');
    o.line('PyGILState_Release(state);');
    o.close();
    o.line();
    void r;
  }

  /** Case labels made by a local macro, used without semicolons inside a switch. */
  richCompare(): void {
    const o = this.out;
    const r = this.rng;
    const name = this.fname(r.pick(['array', 'descr', 'iter', 'scalar']));
    o.line('static PyObject *');
    o.line(`${name}_richcompare(PyObject *a, PyObject *b, int op)`);
    o.open('{');
    o.line('npy_intp x = PyObject_Length(a), y = PyObject_Length(b);');
    o.line('int result = 0;');
    o.line();
    o.line('#define CMP(py, expr) case py: result = (expr); break;');
    o.open('switch (op) {');
    for (const [py, e] of [['Py_LT', 'x < y'], ['Py_LE', 'x <= y'], ['Py_EQ', 'x == y'], ['Py_NE', 'x != y'], ['Py_GT', 'x > y'], ['Py_GE', 'x >= y']]) o.line(`CMP(${py}, ${e})`);
    o.line('default:');
    o.line('    Py_RETURN_NOTIMPLEMENTED;');
    o.close('};');
    o.line('#undef CMP');
    o.line('return PyBool_FromLong(result);');
    o.close();
    o.line();
  }

  /** A prototype followed by an unknown attribute macro (as with NPY_GCC_NONNULL). */
  attributedPrototype(): void {
    const r = this.rng;
    const fn = this.fname();
    this.out.line(`static int ${fn}(char *data, npy_intp n) ${r.pick(['NPY_GCC_NONNULL(1)', 'NPY_GCC_OPT_3', 'NPY_GCC_TARGET_AVX2'])};`);
    this.out.line();
  }

  // ------------------------------------------------------------------ static types

  typeBlock(t: TypePlan): void {
    const o = this.out;
    const r = this.rng;
    const p = t.prefix;
    this.comment(r.int(2, 4));
    o.line('static PyObject *');
    o.line(`${p}_new(PyTypeObject *subtype, PyObject *args, PyObject *kwds)`);
    o.open('{');
    o.line(`static char *kwlist[] = {"${r.pick(NOUNS)}", NULL};`);
    o.line('PyObject *arg = NULL;');
    o.line(`${t.obj} *self;`);
    o.line();
    o.open(`if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:${p}", kwlist, &arg)) {`);
    o.line('return NULL;');
    o.close();
    o.line(`self = (${t.obj} *)subtype->tp_alloc(subtype, 0);`);
    o.open('if (self == NULL) {');
    o.line('return NULL;');
    o.close();
    o.line('Py_XINCREF(arg);');
    o.line('self->base = arg;');
    o.line('return (PyObject *)self;');
    o.close();
    o.line();
    o.line('static void');
    o.line(`${p}_dealloc(${t.obj} *self)`);
    o.open('{');
    o.line('Py_XDECREF(self->base);');
    o.line('Py_TYPE(self)->tp_free((PyObject *)self);');
    o.close();
    o.line();
    o.line('static PyObject *');
    o.line(`${p}_repr(${t.obj} *self)`);
    o.open('{');
    o.line(`return PyUnicode_FromFormat("${t.pyname.split('.').pop()}(%R)", self->base ? self->base : Py_None);`);
    o.close();
    o.line();
    const getters = r.sample(NOUNS, r.int(2, 5));
    for (const gname of getters) {
      o.line('static PyObject *');
      o.line(`${p}_get_${gname}(${t.obj} *self, void *NPY_UNUSED(ignored))`);
      o.open('{');
      o.line(`return PyLong_FromSsize_t(self->${r.pick(['length', 'index', 'flags'])});`);
      o.close();
      o.line();
    }
    o.line(`static PyGetSetDef ${p}_getsets[] = {`);
    for (const gname of getters) o.line(`    {"${gname}", (getter)${p}_get_${gname}, NULL, NULL, NULL},`);
    o.line('    {NULL, NULL, NULL, NULL, NULL},');
    o.line('};');
    o.line();
    o.line(`static PyMemberDef ${p}_members[] = {`);
    o.line(`    {"base", T_OBJECT, offsetof(${t.obj}, base), READONLY, NULL},`);
    o.line(`    {"length", T_PYSSIZET, offsetof(${t.obj}, length), READONLY, NULL},`);
    o.line('    {NULL, 0, 0, 0, NULL},');
    o.line('};');
    o.line();
    const meths = r.sample(VERBS, r.int(1, 4));
    for (const m of meths) {
      o.line('static PyObject *');
      o.line(`${p}_${m}(${t.obj} *self, PyObject *NPY_UNUSED(args))`);
      o.open('{');
      o.line('self->length++;');
      o.line('Py_RETURN_NONE;');
      o.close();
      o.line();
    }
    o.line(`static PyMethodDef ${p}_methods[] = {`);
    for (const m of meths) o.line(`    {"${m}", (PyCFunction)${p}_${m}, METH_NOARGS, NULL},`);
    o.line('    {NULL, NULL, 0, NULL}');
    o.line('};');
    o.line();
    if (t.number) {
      for (const op of ['add', 'multiply', 'negative', 'bool']) {
        o.line(op === 'negative' ? 'static PyObject *' : op === 'bool' ? 'static int' : 'static PyObject *');
        o.line(op === 'negative' || op === 'bool' ? `${p}_${op}(PyObject *a)` : `${p}_${op}(PyObject *a, PyObject *b)`);
        o.open('{');
        if (op === 'bool') o.line(`return ((${t.obj} *)a)->length != 0;`);
        else if (op === 'negative') o.line('return Py_NewRef(a);');
        else {
          o.line('(void)a;');
          o.line('(void)b;');
          o.line('Py_RETURN_NOTIMPLEMENTED;');
        }
        o.close();
        o.line();
      }
      if (t.style === 'positional') {
        o.line(`static PyNumberMethods ${p}_as_number = {`);
        const slots = ['nb_add', 'nb_subtract', 'nb_multiply', 'nb_remainder', 'nb_divmod', 'nb_power', 'nb_negative', 'nb_positive', 'nb_absolute', 'nb_bool'];
        for (const s of slots) {
          const v = s === 'nb_add' ? `(binaryfunc)${p}_add` : s === 'nb_multiply' ? `(binaryfunc)${p}_multiply` : s === 'nb_negative' ? `(unaryfunc)${p}_negative` : s === 'nb_bool' ? `(inquiry)${p}_bool` : '0';
          o.line(`    ${(v + ',').padEnd(38)}/* ${s} */`);
        }
        o.line('};');
      } else {
        o.line(`static PyNumberMethods ${p}_as_number = {`);
        o.line(`    .nb_add = (binaryfunc)${p}_add,`);
        o.line(`    .nb_multiply = (binaryfunc)${p}_multiply,`);
        o.line(`    .nb_negative = (unaryfunc)${p}_negative,`);
        o.line(`    .nb_bool = (inquiry)${p}_bool,`);
        o.line('};');
      }
      o.line();
    }
    if (t.sequence) {
      o.line('static Py_ssize_t');
      o.line(`${p}_length(${t.obj} *self)`);
      o.open('{');
      o.line('return self->length;');
      o.close();
      o.line();
      o.line(`static PySequenceMethods ${p}_as_sequence = {`);
      o.line(`    (lenfunc)${p}_length,                /* sq_length */`);
      o.line('    (binaryfunc)NULL,                   /* sq_concat */');
      o.line('    (ssizeargfunc)NULL,                 /* sq_repeat */');
      o.line('    (ssizeargfunc)NULL,                 /* sq_item */');
      o.line('    (void *)NULL,                       /* was_sq_slice */');
      o.line('    (ssizeobjargproc)NULL,              /* sq_ass_item */');
      o.line('    (void *)NULL,                       /* was_sq_ass_slice */');
      o.line('    (objobjproc)NULL,                   /* sq_contains */');
      o.line('};');
      o.line();
    }
    const storage = t.exported ? (this.X || '') : 'static ';
    o.line(`${storage}PyTypeObject ${t.cname} = {`);
    o.indent(1);
    o.line('PyVarObject_HEAD_INIT(NULL, 0)');
    if (t.style === 'designated') {
      o.line(`.tp_name = "${t.pyname}",`);
      o.line(`.tp_basicsize = sizeof(${t.obj}),`);
      o.line(`.tp_dealloc = (destructor)${p}_dealloc,`);
      o.line(`.tp_repr = (reprfunc)${p}_repr,`);
      if (t.number) o.line(`.tp_as_number = &${p}_as_number,`);
      if (t.sequence) o.line(`.tp_as_sequence = &${p}_as_sequence,`);
      o.line(`.tp_flags = Py_TPFLAGS_DEFAULT${r.chance(0.4) ? ' | Py_TPFLAGS_BASETYPE' : ''},`);
      if (t.versionIf) {
        o.line('#if PY_VERSION_HEX >= 0x030C0000');
        o.line(`.tp_doc = PyDoc_STR("${this.phrase().replace(/"/g, "'")}"),`);
        o.line('#endif');
      }
      o.line(`.tp_methods = ${p}_methods,`);
      o.line(`.tp_members = ${p}_members,`);
      o.line(`.tp_getset = ${p}_getsets,`);
      o.line(`.tp_new = ${p}_new,`);
    } else {
      const pos: [string, string][] = [
        [`"${t.pyname}"`, 'tp_name'], [`sizeof(${t.obj})`, 'tp_basicsize'], ['0', 'tp_itemsize'], [`(destructor)${p}_dealloc`, 'tp_dealloc'],
        ['0', 'tp_vectorcall_offset'], ['0', 'tp_getattr'], ['0', 'tp_setattr'], ['0', 'tp_as_async'], [`(reprfunc)${p}_repr`, 'tp_repr'],
        [t.number ? `&${p}_as_number` : '0', 'tp_as_number'], [t.sequence ? `&${p}_as_sequence` : '0', 'tp_as_sequence'], ['0', 'tp_as_mapping'],
        ['0', 'tp_hash'], ['0', 'tp_call'], [`(reprfunc)${p}_repr`, 'tp_str'], ['0', 'tp_getattro'], ['0', 'tp_setattro'], ['0', 'tp_as_buffer'],
        ['Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE', 'tp_flags'], ['0', 'tp_doc'], ['0', 'tp_traverse'], ['0', 'tp_clear'], ['0', 'tp_richcompare'],
        ['0', 'tp_weaklistoffset'], ['0', 'tp_iter'], ['0', 'tp_iternext'], [`${p}_methods`, 'tp_methods'], [`${p}_members`, 'tp_members'],
        [`${p}_getsets`, 'tp_getset'], ['0', 'tp_base'], ['0', 'tp_dict'], ['0', 'tp_descr_get'], ['0', 'tp_descr_set'], ['0', 'tp_dictoffset'],
        ['0', 'tp_init'], ['0', 'tp_alloc'], [`${p}_new`, 'tp_new'], ['0', 'tp_free'], ['0', 'tp_is_gc'], ['0', 'tp_bases'], ['0', 'tp_mro'],
        ['0', 'tp_cache'], ['0', 'tp_subclasses'], ['0', 'tp_weaklist'], ['0', 'tp_del'], ['0', 'tp_version_tag'],
      ];
      for (const [v, field] of pos) {
        if (field === 'tp_vectorcall_offset' && t.versionIf) {
          o.line('#if PY_VERSION_HEX >= 0x03080000');
          o.line(`${'0,'.padEnd(42)}/* tp_vectorcall_offset */`);
          o.line('#else');
          o.line(`${'(printfunc)0,'.padEnd(42)}/* tp_print */`);
          o.line('#endif');
          continue;
        }
        o.line(`${(v + ',').padEnd(42)}/* ${field} */`);
      }
    }
    o.indent(-1);
    o.line('};');
    o.line();
  }

  typeStruct(t: TypePlan): void {
    const o = this.out;
    o.open('typedef struct {');
    o.line('PyObject_HEAD');
    o.line('PyObject *base;');
    o.line('Py_ssize_t length;');
    o.line('Py_ssize_t index;');
    o.line('int flags;');
    for (const fld of this.rng.sample(NOUNS, this.rng.int(0, 4))) o.line(`${this.rng.pick(CTYPES)} ${fld}_${this.rng.pick(['size', 'count', 'value', 'offset'])};`);
    o.close(`} ${t.obj};`);
    o.line();
  }

  // ------------------------------------------------------------------ file skeletons

  includeLines(extra: string[] = []): void {
    const o = this.out;
    const f = this.f;
    if (this.mod?.name === '_multiarray_umath') {
      o.line('#define NPY_NO_DEPRECATED_API NPY_API_VERSION');
      o.line(f.rel.startsWith('umath') ? '#define _UMATHMODULE' : '#define _MULTIARRAYMODULE');
      if (this.rng.chance(0.4)) o.line(f.rel.startsWith('umath') ? '#define _MULTIARRAYMODULE' : '#define _UMATHMODULE');
    }
    o.line('#define PY_SSIZE_T_CLEAN');
    o.line('#include <Python.h>');
    if (this.rng.chance(0.5)) o.line('#include <structmember.h>');
    o.line();
    o.line('#include "numpy/arrayobject.h"');
    if (this.rng.chance(0.5)) o.line('#include "numpy/npy_math.h"');
    o.line('#include "npy_config.h"');
    if (this.rng.chance(0.6)) o.line('#include "npy_pycompat.h"');
    if (this.rng.chance(0.3)) o.line('#include "npy_import.h"');
    const incs = new Set<string>();
    for (const d of f.deps) {
      const h = d.header;
      if (h) incs.add(path.basename(h.rel));
    }
    if (f.header) incs.add(path.basename(f.header.rel));
    for (const e of f.includes.concat(extra)) incs.add(e);
    for (const i of incs) o.line(`#include "${i}"`);
    o.line();
  }

  fileComment(): void {
    const o = this.out;
    const r = this.rng;
    o.line('/*');
    o.line(` * ${path.basename(this.f.rel)}: ${r.pick(NOUNS)} ${r.pick(['support', 'routines', 'helpers', 'implementation', 'machinery'])} for ${r.pick(NOUNS)}s.`);
    o.line(' *');
    for (let i = r.int(1, 5); i > 0; i--) o.line(` * ${this.phrase()}`);
    if (r.chance(0.1)) {
      o.line(' *');
      o.line(` * Original version by J\u00e9r\u00f4me ${title(r.pick(NOUNS))}; later reworked for the ${r.pick(NOUNS)} API.`);
    }
    o.line(' */');
  }

  /** Filler until the byte budget is used: the bulk of every file. */
  fill(kinds: [() => void, number][]): void {
    const total = kinds.reduce((n, [, w]) => n + w, 0);
    let guard = 0;
    while (this.out.size < this.f.budget && guard++ < 100000) {
      let x = this.rng.next() * total;
      for (const [fn, w] of kinds) {
        x -= w;
        if (x <= 0) {
          fn();
          break;
        }
      }
    }
  }

  standardFill(python: boolean): void {
    this.fill([
      [() => this.plainFunction(), 55],
      [() => (python ? this.pyFunction() : this.plainFunction()), 15],
      [() => this.dispatchFunction(), 10],
      [() => (python ? this.cacheFunction() : this.plainFunction()), 7],
      [() => this.macroBlock(), 2],
      [() => this.comment(this.rng.int(3, 8)), 4],
      [() => this.table(), 4],
      [() => this.attributedPrototype(), 1],
      [() => (python ? this.richCompare() : this.plainFunction()), 1],
      [() => (python ? this.mutableStatic() : this.plainFunction()), 2],
    ]);
  }

  methodTable(name: string, extra: { name: string; flags: string }[] = []): void {
    const o = this.out;
    o.line(`static PyMethodDef ${name}[] = {`);
    for (const p of this.pyFuncs.concat(extra)) o.line(`    {"${p.name.replace(/^(array|npy|ufunc|iter|arraydescr)_/, '')}", (PyCFunction)${p.name}, ${p.flags}, NULL},`);
    o.line('    {NULL, NULL, 0, NULL}');
    o.line('};');
    o.line();
  }

  // ------------------------------------------------------------------ templates

  repeatBlock(level: number, body: (tpl: Body['tpl']) => void): void {
    const o = this.out;
    const r = this.rng;
    const cols = r.sample(TYPES, r.int(3, 10));
    const tag = level === 0 ? 'repeat' : `repeat${level}`;
    o.line(`/**begin ${tag}`);
    o.line(' *');
    o.line(` * #name = ${cols.map((c) => c.name).join(', ')}#`);
    o.line(` * #type = ${cols.map((c) => c.type).join(', ')}#`);
    o.line(` * #NAME = ${cols.map((c) => c.NAME).join(', ')}#`);
    o.line(` * #isint = ${cols.map((c) => c.isint).join(', ')}#`);
    o.line(' */');
    o.line();
    const tpl = { type: '@type@', name: '@name@', NAME: '@NAME@' };
    body(tpl);
    o.line(`/**end ${tag}**/`);
    o.line();
  }

  templateFunction(tpl: Body['tpl'], withCache: boolean): void {
    const o = this.out;
    const r = this.rng;
    const kind = r.pick(VERBS);
    const name = this.name(() => `@NAME@_${kind}_${r.pick(NOUNS)}`);
    if (withCache) {
      o.line('static int');
      o.line(`${name}(PyObject *obj)`);
      o.open('{');
      o.line('static PyObject *ufunc_cache = NULL;');
      o.open('if (ufunc_cache == NULL) {');
      o.line(`ufunc_cache = PyUnicode_InternFromString("@name@_${kind}");`);
      o.open('if (ufunc_cache == NULL) {');
      o.line('return -1;');
      o.close();
      o.close();
      o.line('return PyObject_HasAttr(obj, ufunc_cache);');
      o.close();
      o.line();
      return;
    }
    this.plainFunction({ name, ret: 'static NPY_INLINE int', params: ['char *data', 'npy_intp n', 'npy_intp stride'] }, tpl);
    if (r.chance(0.4)) {
      o.line('NPY_NO_EXPORT void');
      o.line(`@NAME@_${kind}_loop(char **args, npy_intp const *dimensions, npy_intp const *steps, void *NPY_UNUSED(func))`);
      o.open('{');
      if (r.chance(0.5)) {
        // The loop macro spelling: `UNARY_LOOP {` is a for-header in a macro.
        o.open(`${r.pick(['UNARY_LOOP', 'UNARY_LOOP_FAST(@type@, @type@, *out = in)', 'BINARY_LOOP'])} {`);
      } else {
        o.line('npy_intp n = dimensions[0];');
        o.line('npy_intp is1 = steps[0], os1 = steps[1];');
        o.line('char *ip1 = args[0], *op1 = args[1];');
        o.line('npy_intp i;');
        o.open('for (i = 0; i < n; i++, ip1 += is1, op1 += os1) {');
      }
      o.line('const @type@ in1 = *(@type@ *)ip1;');
      o.line('#if @isint@');
      o.line(`*(@type@ *)op1 = (@type@)(in1 ${r.pick(['+', '*', '-', '>>', '<<'])} 1);`);
      o.line('#else');
      o.line(`*(@type@ *)op1 = (@type@)npy_${r.pick(['sqrt', 'fabs', 'floor', 'ceil', 'exp'])}((double)in1);`);
      o.line('#endif');
      o.close();
      o.close();
      o.line();
    }
  }

  templateFill(python: boolean): void {
    const r = this.rng;
    this.fill([
      [() => this.repeatBlock(0, (tpl) => {
        for (let k = r.int(1, 4); k > 0; k--) this.templateFunction(tpl, false);
        if (r.chance(0.3)) this.repeatBlock(1, (tpl2) => this.templateFunction(tpl2, false));
        if (python && r.chance(0.15)) this.templateFunction(tpl, true);
      }), 60],
      [() => this.plainFunction(), 20],
      [() => (python ? this.cacheFunction() : this.plainFunction()), python ? 6 : 0],
      [() => this.dispatchFunction(), 8],
      [() => this.templateTable(), 6],
    ]);
  }

  /** A function-pointer table whose entries come from a repeat block inside the initializer. */
  templateTable(): void {
    const o = this.out;
    const r = this.rng;
    const op = r.pick(VERBS);
    o.line(`static PyUFuncGenericFunction ${this.name(() => `${op}_${r.pick(NOUNS)}_functions`)}[] = {`);
    o.line('/**begin repeat');
    o.line(` * #NAME = ${r.sample(TYPES, r.int(3, 12)).map((t) => t.NAME).join(', ')}#`);
    o.line(' */');
    o.line(`    @NAME@_${op}_loop,`);
    o.line('/**end repeat**/');
    o.line('    NULL');
    o.line('};');
    o.line();
  }
}

// ---------------------------------------------------------------------------------------------
// File kinds

function genHeader(g: FileGen, plan: Plan): void {
  const f = g.f;
  const o = g.out;
  const r = g.rng;
  const guard = `NUMPY_CORE_SRC_${f.rel.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}_`;
  o.line(`#ifndef ${guard}`);
  o.line(`#define ${guard}`);
  o.line();
  g.comment(r.int(1, 4));
  o.line();
  // Which .c file(s) this header declares.
  const owners = plan.files.filter((x) => x.header === f);
  const X = f.module === 'common' || f.module === '_multiarray_umath' ? 'NPY_NO_EXPORT ' : f.module === '_simd' ? 'NPY_VISIBILITY_HIDDEN ' : '';
  for (const c of owners) {
    for (const t of c.types) {
      g.typeStruct(t);
      o.line(`extern ${X}PyTypeObject ${t.cname};`);
      o.line();
      o.line(`#define ${t.obj.replace(/Object$/, '')}_Check(op) PyObject_TypeCheck(op, &${t.cname})`);
      o.line();
    }
    for (const s of c.exports) {
      if (r.chance(0.3)) g.comment(r.int(1, 3));
      o.line(`${c.kind.startsWith('lib') ? '' : X}${s.ret}`);
      o.line(`${s.name}(${params(s)});`);
      o.line();
    }
    for (const v of c.objGlobals) o.line(`extern ${X}PyObject *${v};`);
    if (c.objGlobals.length) o.line();
  }
  if (f.rel === 'common/npy_import.h') {
    g.comment(3, true);
    o.line('static inline int');
    o.line('npy_cache_import(const char *module, const char *attr, PyObject **cache)');
    o.open('{');
    o.open('if (*cache == NULL) {');
    o.line('PyObject *mod = PyImport_ImportModule(module);');
    o.open('if (mod == NULL) {');
    o.line('return -1;');
    o.close();
    o.line('*cache = PyObject_GetAttrString(mod, attr);');
    o.line('Py_DECREF(mod);');
    o.close();
    o.line('return *cache == NULL ? -1 : 0;');
    o.close();
    o.line();
  }
  if (f.rel === 'common/npy_config.h') {
    o.line('#include "npy_cpu_features_config.h"');
    o.line('#if defined(_MSC_VER)');
    o.line('    #define NPY_TLS __declspec(thread)');
    o.line('#else');
    o.line('    #define NPY_TLS __thread');
    o.line('#endif');
    o.line();
  }
  // Filler: macros, inline helpers, enums, more prototypes.
  g.fill([
    [() => {
      const M = `NPY_${r.pick(NOUNS).toUpperCase()}_${r.pick(['SIZE', 'MAX', 'MASK', 'FLAG', 'LIMIT', 'SHIFT'])}_${r.int(0, 99)}`;
      o.line(`#define ${M} ${r.chance(0.5) ? r.int(1, 4096) : `(1 << ${r.int(0, 30)})`}`);
    }, 20],
    [() => {
      o.line(`#define ${r.pick(['NPY_', 'PyArray_', ''])}${camel(r.pick(VERBS), r.pick(NOUNS))}_${r.int(0, 999)}(obj, i) \\`);
      o.line(`        (((PyArrayObject_fields *)(obj))->${r.pick(['strides', 'dimensions'])}[(i)] ${r.pick(['*', '+', '-'])} \\`);
      o.line(`         ((PyArrayObject_fields *)(obj))->nd)`);
      o.line();
    }, 12],
    [() => {
      g.comment(r.int(1, 2));
      const name = `${r.pick(NOUNS)}_${r.pick(VERBS)}_${r.pick(ADJS)}_${r.int(0, 9999)}`;
      o.line(`static ${r.pick(['NPY_INLINE ', 'inline ', 'NPY_FINLINE '])}${r.pick(['int', 'npy_intp', 'npy_bool'])}`);
      o.line(`${name}(npy_intp a, npy_intp b)`);
      o.open('{');
      o.open(`if (a ${r.pick(['<', '>', '=='])} b) {`);
      o.line(`return (a ${r.pick(['*', '+', '^'])} b) & ${r.int(1, 255)};`);
      o.close();
      o.line(`return ${r.pick(['a', 'b', '0', '-1'])};`);
      o.close();
      o.line();
    }, 20],
    [() => {
      const e = camel(r.pick(NOUNS), r.pick(NOUNS));
      o.open('typedef enum {');
      for (const n of r.sample(NOUNS, r.int(3, 9))) o.line(`NPY_${e.toUpperCase()}_${n.toUpperCase()},`);
      o.close(`} NPY_${e.toUpperCase()}_${r.int(0, 999)};`);
      o.line();
    }, 10],
    [() => {
      const s = camel(r.pick(NOUNS), r.pick(NOUNS));
      o.open(`typedef struct _${s}_${r.int(0, 9999)} {`);
      for (const n of r.sample(NOUNS, r.int(2, 8))) o.line(`${r.pick(CTYPES)} ${n};`);
      o.close(`} ${s}Info${r.int(0, 9999)};`);
      o.line();
    }, 12],
    [() => {
      o.line(`${X}${r.pick(RET_TYPES)}`);
      o.line(`${r.pick(NOUNS)}_${r.pick(VERBS)}_${r.pick(NOUNS)}_${r.int(0, 9999)}(${makeSig(r, 'x').params.join(', ')});`);
      o.line();
    }, 16],
    [() => {
      o.line('#if NPY_SIMD');
      o.line(`    #define NPY_${r.pick(NOUNS).toUpperCase()}_VECTORIZED 1`);
      o.line('#else');
      o.line(`    #define NPY_${r.pick(NOUNS).toUpperCase()}_VECTORIZED 0`);
      o.line('#endif');
      o.line();
    }, 4],
    [() => g.comment(r.int(2, 5)), 6],
  ]);
  o.line(`#endif  /* ${guard} */`);
}

function genSimdHeader(g: FileGen): void {
  const o = g.out;
  const r = g.rng;
  const arch = g.f.rel.split('/').slice(-2)[0].toUpperCase();
  const guard = `_NPY_SIMD_${arch}_${path.basename(g.f.rel, '.h').toUpperCase()}_H`;
  const sfxs = ['u8', 's8', 'u16', 's16', 'u32', 's32', 'u64', 's64', 'f32', 'f64'];
  o.line('#ifndef NPY_SIMD');
  o.line('    #error "Not a standalone header"');
  o.line('#endif');
  o.line();
  o.line(`#ifndef ${guard}`);
  o.line(`#define ${guard}`);
  o.line();
  g.fill([
    [() => {
      o.line('/***************************');
      o.line(` * ${title(r.pick(NOUNS))}`);
      o.line(' ***************************/');
    }, 5],
    [() => {
      const op = r.pick(VERBS);
      o.line(`// ${title(op)}`);
      o.line(`#define npyv_${op}_${r.pick(sfxs)} ${arch.toLowerCase()}_${op}q_${r.pick(sfxs)}`);
      o.line(`#define npyv_${op}_${r.pick(sfxs)} ${arch.toLowerCase()}_${op}q_${r.pick(sfxs)}`);
    }, 20],
    [() => {
      const op = r.pick(VERBS) + '_' + r.pick(ADJS);
      const sfx = r.pick(sfxs);
      o.line(`NPY_FINLINE npyv_${sfx} npyv_${op}_${sfx}(npyv_${sfx} a, npyv_${sfx} b)`);
      o.line(`{ return ${arch.toLowerCase()}_${r.pick(VERBS)}q_${sfx}(a, b); }`);
    }, 20],
    [() => {
      const op = r.pick(VERBS);
      o.line('#if NPY_SIMD_F64');
      o.line(`    NPY_FINLINE npyv_f64 npyv_${op}_f64(npyv_f64 a)`);
      o.line(`    { return ${arch.toLowerCase()}_${op}q_f64(a); }`);
      o.line('#else');
      o.line(`    // Emulated: see the ${arch} reference for the ${r.pick(NOUNS)} form.`);
      o.line(`    NPY_FINLINE npyv_f32 npyv_${op}_f32(npyv_f32 a)`);
      o.line('    {');
      o.line(`        const npyv_f32 zero = ${arch.toLowerCase()}_dupq_n_f32(0.0f);`);
      o.line(`        npyv_f32 r = ${arch.toLowerCase()}_maxq_f32(a, zero);`);
      o.line(`        return ${arch.toLowerCase()}_${op}q_f32(r);`);
      o.line('    }');
      o.line('#endif');
    }, 12],
    [() => {
      const M = `NPYV_IMPL_${arch}_${r.pick(VERBS).toUpperCase()}_${r.int(0, 99)}`;
      o.line(`#define ${M}(SFX, INTRIN) \\`);
      o.line('    NPY_FINLINE npyv_##SFX npyv_' + r.pick(VERBS) + '_##SFX(npyv_##SFX a, npyv_##SFX b) \\');
      o.line('    { return INTRIN(a, b); }');
      o.line();
      for (const sfx of r.sample(sfxs, r.int(3, 8))) o.line(`${M}(${sfx}, ${arch.toLowerCase()}_${r.pick(VERBS)}q_${sfx})`);
      o.line();
    }, 10],
  ]);
  o.line();
  o.line(`#endif // ${guard}`);
}

/** NumPy has C++ headers with a .h name; a C parser sees templates. */
function genCppHeader(g: FileGen): void {
  const o = g.out;
  const r = g.rng;
  const guard = `_NPY_CORE_SRC_${g.f.rel.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}_`;
  o.line(`#ifndef ${guard}`);
  o.line(`#define ${guard}`);
  o.line();
  o.line('#include <Python.h>');
  o.line('#include <cstddef>');
  o.line('#include <cstring>');
  o.line();
  o.line('enum class ENCODING {');
  o.line('    ASCII, UTF32, UTF8');
  o.line('};');
  o.line();
  g.fill([
    [() => {
      const nm = camel(r.pick(NOUNS), r.pick(NOUNS));
      g.comment(r.int(1, 3));
      o.line('template <ENCODING enc>');
      o.open(`struct ${nm} {`);
      o.line('char *buf;');
      o.line('char *after;');
      o.line();
      o.line(`inline ${nm}() { buf = after = NULL; }`);
      o.line(`inline ${nm}(char *buf_, npy_int64 elsize_) { buf = buf_; after = buf_ + elsize_; }`);
      o.line();
      o.open(`inline ${nm}<enc>& operator+=(npy_int64 rhs) {`);
      o.open('switch (enc) {');
      o.line('case ENCODING::ASCII:');
      o.line('    buf += rhs;');
      o.line('    break;');
      o.line('case ENCODING::UTF32:');
      o.line('    buf += rhs * sizeof(npy_ucs4);');
      o.line('    break;');
      o.line('default:');
      o.line(`    buf = ${r.pick(VERBS)}_utf8(buf, rhs);`);
      o.close();
      o.line('return *this;');
      o.close();
      o.line();
      o.open(`inline npy_int64 ${r.pick(VERBS)}_${r.pick(NOUNS)}() const {`);
      o.line('npy_int64 n = 0;');
      o.open('for (char *p = buf; p < after; ++p) {');
      o.line(`n += (*p ${r.pick(['==', '!='])} ${r.int(0, 127)});`);
      o.close();
      o.line('return n;');
      o.close();
      o.close('};');
      o.line();
    }, 10],
    [() => {
      const fn = `${r.pick(VERBS)}_${r.pick(NOUNS)}`;
      o.line('template <ENCODING enc>');
      o.line(`static inline npy_intp ${fn}(const unsigned char *buf, npy_intp len);`);
      o.line();
      o.line('template <>');
      o.line(`inline npy_intp ${fn}<ENCODING::ASCII>(const unsigned char *buf, npy_intp len)`);
      o.open('{');
      o.line('npy_intp n = 0;');
      o.open('for (npy_intp i = 0; i < len; i++) {');
      o.line(`n += buf[i] ${r.pick(['<', '>'])} ${r.int(32, 127)};`);
      o.close();
      o.line('return n;');
      o.close();
      o.line();
    }, 10],
    [() => g.comment(r.int(2, 5)), 3],
  ]);
  o.line(`#endif  /* ${guard} */`);
}

function genGiantC(g: FileGen): void {
  const f = g.f;
  const r = g.rng;
  const o = g.out;
  g.fileComment();
  g.includeLines();
  if (f.objGlobals.length) {
    for (const v of f.objGlobals) o.line(`NPY_NO_EXPORT PyObject *${v} = NULL;`);
    o.line();
  }
  const fileStatics = r.chance(0.12) ? Array.from({ length: r.int(1, 2) }, () => `${r.pick(NOUNS)}_${r.pick(['cls', 'exc', 'func', 'str'])}_${r.int(0, 99)}`) : [];
  for (const v of fileStatics) o.line(`static PyObject *${v} = NULL;`);
  if (fileStatics.length) o.line();
  for (const t of f.types) g.typeBlock(t);
  if (r.chance(0.03)) g.gilState();
  // Exported functions, spread through the filler.
  const exports = f.exports.slice();
  const budgetPer = f.budget / (exports.length + 1);
  let caches = r.chance(0.6) ? 1 : 0;
  for (const s of exports) {
    const target = o.size + budgetPer * 0.8;
    const save = f.budget;
    f.budget = Math.min(save, target);
    g.standardFill(true);
    f.budget = save;
    if (s.ret === 'PyObject *' && caches-- > 0) g.cacheFunction(s);
    else if (s.ret === 'PyObject *' && r.chance(0.5)) g.pyFunction(s);
    else g.plainFunction(s);
  }
  if (fileStatics.length || f.objGlobals.length) {
    o.line(`${g.f.objGlobals.length ? 'NPY_NO_EXPORT' : 'static'} int`);
    o.line(`init_${path.basename(f.rel).replace(/\W.*$/, '')}_globals(void)`);
    o.open('{');
    for (const v of fileStatics.concat(f.objGlobals)) {
      o.line(`${v} = ${r.pick([`PyUnicode_InternFromString("${r.pick(NOUNS)}")`, `PyImport_ImportModule("${r.pick(PY_MODULES)}")`, `PyErr_NewException("numpy._core.${camel(r.pick(NOUNS))}Error", NULL, NULL)`, 'PyTuple_New(0)'])};`);
      o.open(`if (${v} == NULL) {`);
      o.line('return -1;');
      o.close();
    }
    o.line('return 0;');
    o.close();
    o.line();
  }
  g.standardFill(true);
  if (g.pyFuncs.length && r.chance(0.5)) g.methodTable(`${path.basename(f.rel).replace(/\W.*$/, '')}_methods_table`);
}

function genTemplate(g: FileGen, python: boolean): void {
  const o = g.out;
  const r = g.rng;
  o.line('/* -*- c -*- */');
  g.fileComment();
  if (python) g.includeLines();
  else {
    o.line('#include "npy_math_common.h"');
    o.line(`#include "${g.f.header ? path.basename(g.f.header.rel) : 'npy_config.h'}"`);
    o.line();
  }
  for (const s of g.f.exports) {
    if (python && s.ret === 'PyObject *' && r.chance(0.5)) g.cacheFunction(s);
    else g.plainFunction(s);
  }
  g.templateFill(python);
}

function genScalarTypes(g: FileGen): void {
  const o = g.out;
  const r = g.rng;
  o.line('/* -*- c -*- */');
  g.fileComment();
  g.includeLines(['scalartypes.h']);
  o.line('/**begin repeat');
  o.line(' * #name = byte, short, int, long, longlong, ubyte, ushort, uint, ulong, ulonglong, half, float, double, longdouble#');
  o.line(' * #NAME = Byte, Short, Int, Long, LongLong, UByte, UShort, UInt, ULong, ULongLong, Half, Float, Double, LongDouble#');
  o.line(' */');
  o.line('static PyObject *');
  o.line('@name@type_repr(PyObject *self)');
  o.open('{');
  o.line('static PyObject *repr_func = NULL;');
  o.line('npy_cache_import("numpy._core.arrayprint", "_@name@_repr", &repr_func);');
  o.open('if (repr_func == NULL) {');
  o.line('return NULL;');
  o.close();
  o.line('return PyObject_CallOneArg(repr_func, self);');
  o.close();
  o.line();
  o.line('NPY_NO_EXPORT PyTypeObject Py@NAME@ArrType_Type = {');
  o.line('    PyVarObject_HEAD_INIT(NULL, 0)');
  o.line('    .tp_name = "numpy.@name@",');
  o.line('    .tp_basicsize = sizeof(Py@NAME@ScalarObject),');
  o.line('    .tp_repr = (reprfunc)@name@type_repr,');
  o.line('    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,');
  o.line('};');
  o.line('/**end repeat**/');
  o.line();
  // A few ordinary static types too.
  for (let k = 0; k < 3; k++) {
    const t = makeType(r, new Set(), 'numpy', true);
    t.cname = `Py${camel(r.pick(['generic', 'number', 'integer', 'inexact', 'floating', 'flexible', 'character']))}${k}ArrType_Type`;
    t.obj = 'PyObjectScalarObject';
    t.prefix = `gentype${k}`;
    g.typeBlock(t);
  }
  for (const s of g.f.exports) g.plainFunction(s);
  g.templateFill(true);
}

function genLut(g: FileGen): void {
  const o = g.out;
  const guard = `NUMPY_CORE_SRC_${g.f.rel.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}_`;
  o.line('/*');
  o.line(' * This file is machine generated by a table script: do not edit it.');
  o.line(' * Regenerate it with the script instead.');
  o.line(' */');
  o.line(`#ifndef ${guard}`);
  o.line(`#define ${guard}`);
  o.line();
  while (o.size < g.f.budget) g.table();
  o.line(`#endif  /* ${guard} */`);
}

function genCapiC(g: FileGen, plan: Plan): void {
  const o = g.out;
  o.line('/* This file is machine generated: do not edit it. */');
  o.line();
  o.line('#include "__multiarray_api.h"');
  o.line();
  const entries: string[] = [];
  for (const f of plan.giant.files) {
    for (const t of f.types) if (t.exported) entries.push(`&${t.cname}`);
    for (const s of f.exports) if (s.name !== 'initumath') entries.push(s.name);
  }
  o.line('NPY_NO_EXPORT void *PyArray_API[] = {');
  for (const e of entries) o.line(`        (void *) ${e},`);
  while (o.size < g.f.budget) o.line('        (void *) NULL,');
  o.line('        NULL');
  o.line('};');
}

function genCapiH(g: FileGen, plan: Plan): void {
  const o = g.out;
  const r = g.rng;
  o.line('/* This file is machine generated: do not edit it. */');
  o.line('#ifndef NUMPY_CORE_SRC_MULTIARRAY___MULTIARRAY_API_H_');
  o.line('#define NUMPY_CORE_SRC_MULTIARRAY___MULTIARRAY_API_H_');
  o.line();
  o.line('extern NPY_NO_EXPORT void *PyArray_API[];');
  o.line();
  o.line('#if defined(PY_ARRAY_UNIQUE_SYMBOL)');
  o.line('    #define PyArray_API PY_ARRAY_UNIQUE_SYMBOL');
  o.line('#endif');
  o.line();
  const sigs = plan.giant.files.flatMap((f) => f.exports);
  let k = 0;
  while (o.size < g.f.budget && sigs.length > 0) {
    const s = sigs[k % sigs.length];
    o.line(`#define ${s.name}_API${k} \\`);
    o.line(`        (*(${s.ret} (*)(${s.params.map((p) => p.replace(/\s*\b\w+\)?$/, '').replace(/NPY_UNUSED\(/, '')).join(', ') || 'void'})) \\`);
    o.line(`    PyArray_API[${k}])`);
    k++;
    if (r.chance(0.05)) o.line();
  }
  o.line();
  o.line('#endif');
}

function genGlobals(g: FileGen): void {
  const o = g.out;
  const r = g.rng;
  g.fileComment();
  g.includeLines(['npy_static_data.h']);
  for (const v of g.f.objGlobals) o.line(`NPY_NO_EXPORT PyObject *${v} = NULL;`);
  o.line();
  o.open('typedef struct {');
  const fields = r.sample(NOUNS, 12);
  for (const n of fields) o.line(`PyObject *${n};`);
  o.close('} npy_interned_str_struct;');
  o.line();
  o.line('NPY_NO_EXPORT npy_interned_str_struct npy_interned_str;');
  o.line();
  o.line('NPY_NO_EXPORT int');
  o.line(`${g.f.exports[0].name}(void)`);
  o.open('{');
  for (const v of g.f.objGlobals) {
    o.line(`${v} = PyUnicode_InternFromString("${v.replace(/^npy_interned_/, '')}");`);
    o.open(`if (${v} == NULL) {`);
    o.line('return -1;');
    o.close();
  }
  for (const n of fields) {
    o.line(`npy_interned_str.${n} = PyUnicode_InternFromString("${n}");`);
    o.open(`if (npy_interned_str.${n} == NULL) {`);
    o.line('return -1;');
    o.close();
  }
  o.line('return 0;');
  o.close();
  o.line();
  g.standardFill(true);
}

function genInit(g: FileGen, plan: Plan): void {
  const o = g.out;
  const r = g.rng;
  g.fileComment();
  g.includeLines(['__multiarray_api.h', 'npy_static_data.h', 'umathmodule.h']);
  o.line('static int numpy_pydatetime_import_done = 0;');
  o.line('static PyObject *AxisError_cls = NULL;');
  o.line('static PyObject *npy_numpy_module = NULL;');
  o.line();
  for (const t of g.f.types) g.typeBlock(t);
  for (const s of g.f.exports) {
    if (s.ret === 'PyObject *' && r.chance(0.6)) g.cacheFunction(s);
    else g.plainFunction(s);
  }
  // Most of the file: module-level functions.
  const save = g.f.budget;
  g.f.budget = save * 0.85;
  g.standardFill(true);
  g.f.budget = save;
  g.methodTable('array_module_methods', g.f.deps.flatMap((d) => d.exports).filter((s) => s.ret === 'PyObject *' && s.params.length === 2).map((s) => ({ name: s.name, flags: 'METH_VARARGS' })));
  o.line('static struct PyModuleDef moduledef = {');
  o.line('        PyModuleDef_HEAD_INIT,');
  o.line('        "_multiarray_umath",');
  o.line('        NULL,');
  o.line('        -1,');
  o.line('        array_module_methods,');
  o.line('        NULL,');
  o.line('        NULL,');
  o.line('        NULL,');
  o.line('        NULL');
  o.line('};');
  o.line();
  o.line('/* Initialization function for the module */');
  o.line('PyMODINIT_FUNC PyInit__multiarray_umath(void) {');
  o.indent(1);
  o.line('PyObject *m, *d, *s;');
  o.line('PyObject *c_api;');
  o.line();
  o.line('/* Create the module and add the functions */');
  o.line('m = PyModule_Create(&moduledef);');
  o.open('if (!m) {');
  o.line('return NULL;');
  o.close();
  o.line();
  o.line('d = PyModule_GetDict(m);');
  o.open('if (!d) {');
  o.line('goto err;');
  o.close();
  const types = plan.giant.files.flatMap((f) => f.types);
  for (const t of types) {
    o.open(`if (PyType_Ready(&${t.cname}) < 0) {`);
    o.line('goto err;');
    o.close();
  }
  o.line('PyArray_Type.tp_hash = PyObject_HashNotImplemented;');
  o.line();
  const globalsInit = plan.giant.files.find((f) => f.kind === 'globals')!.exports[0].name;
  o.open(`if (${globalsInit}() < 0) {`);
  o.line('goto err;');
  o.close();
  for (const f of plan.giant.files) {
    if (f.objGlobals.length && f.kind === 'c') {
      o.open(`if (init_${path.basename(f.rel).replace(/\W.*$/, '')}_globals() < 0) {`);
      o.line('goto err;');
      o.close();
    }
  }
  o.line('AxisError_cls = PyErr_NewException("numpy.exceptions.AxisError", PyExc_ValueError, NULL);');
  o.open('if (AxisError_cls == NULL) {');
  o.line('goto err;');
  o.close();
  o.line('npy_numpy_module = PyImport_ImportModule("numpy");');
  o.line('numpy_pydatetime_import_done = 1;');
  o.line();
  o.line('c_api = PyCapsule_New((void *)PyArray_API, NULL, NULL);');
  o.open('if (c_api == NULL) {');
  o.line('goto err;');
  o.close();
  o.line('PyDict_SetItemString(d, "_ARRAY_API", c_api);');
  o.line('Py_DECREF(c_api);');
  o.line();
  for (const t of types.slice(0, 12)) {
    o.line(`PyDict_SetItemString(d, "${t.pyname.split('.').pop()}", (PyObject *)&${t.cname});`);
  }
  o.line('s = PyUnicode_FromString("3.1");');
  o.line('PyDict_SetItemString(d, "__version__", s);');
  o.line('Py_DECREF(s);');
  o.line();
  o.open('if (initumath(m) != 0) {');
  o.line('goto err;');
  o.close();
  o.line('return m;');
  o.line();
  o.indent(-1);
  o.line(' err:');
  o.indent(1);
  o.open('if (!PyErr_Occurred()) {');
  o.line('PyErr_SetString(PyExc_RuntimeError, "cannot load multiarray module.");');
  o.close();
  o.line('Py_DECREF(m);');
  o.line('return NULL;');
  o.close();
}

function genUmathInit(g: FileGen): void {
  const o = g.out;
  g.fileComment();
  g.includeLines(['umathmodule.h']);
  o.line('static PyObject *npy_extobj_contextvar = NULL;');
  o.line();
  for (const s of g.f.exports) if (s.name !== 'initumath') g.plainFunction(s);
  const save = g.f.budget;
  g.f.budget = save * 0.9;
  g.standardFill(true);
  g.f.budget = save;
  o.line('NPY_NO_EXPORT int');
  o.line('initumath(PyObject *m)');
  o.open('{');
  o.line('PyObject *d = PyModule_GetDict(m);');
  o.line('PyObject *s;');
  o.line();
  o.line('npy_extobj_contextvar = PyContextVar_New("numpy.ufunc.extobj", NULL);');
  o.open('if (npy_extobj_contextvar == NULL) {');
  o.line('return -1;');
  o.close();
  o.line('s = PyFloat_FromDouble(NPY_PI);');
  o.line('PyDict_SetItemString(d, "pi", s);');
  o.line('Py_DECREF(s);');
  o.line('return 0;');
  o.close();
}

function genLibC(g: FileGen): void {
  const o = g.out;
  g.fileComment();
  o.line('#include "npy_math_common.h"');
  if (g.f.header) o.line(`#include "${path.basename(g.f.header.rel)}"`);
  o.line();
  for (const s of g.f.exports) g.plainFunction(s);
  g.fill([
    [() => g.plainFunction(), 70],
    [() => g.dispatchFunction(), 5],
    [() => g.table(), 10],
    [() => g.macroBlock(), 3],
    [() => g.comment(g.rng.int(3, 8)), 5],
  ]);
}

function genSmall(g: FileGen, m: ModulePlan): void {
  const o = g.out;
  const r = g.rng;
  const f = g.f;
  const isInit = f.kind === 'small-init';
  const tpl = f.rel.endsWith('.src');
  if (tpl) o.line('/* -*- c -*- */');
  g.fileComment();
  g.includeLines(m.files.filter((x) => x !== f && (x.kind === 'h' || (isInit && (x.kind === 'hsrc' || x.rel.endsWith('.inc'))))).map((x) => path.basename(x.rel)));
  if (!isInit) {
    for (const s of f.exports) (s.ret === 'PyObject *' && r.chance(0.5) ? g.cacheFunction(s) : g.plainFunction(s));
    if (tpl || r.chance(0.5)) g.templateFill(true);
    else g.standardFill(true);
    return;
  }
  for (const t of f.types) {
    g.typeStruct(t);
    g.typeBlock(t);
  }
  const helpers = f.deps.flatMap((d) => d.exports);
  const helpersName = `${m.name.replace(/^_/, '')}_init_helpers`;
  if (helpers.length > 0) {
    o.line('static int');
    o.line(`${helpersName}(void)`);
    o.open('{');
    for (const s of helpers) o.line(`(void)${s.name}(${s.params.map((p) => (/\*/.test(p) ? 'NULL' : '0')).join(', ')});`);
    o.line('return 0;');
    o.close();
    o.line();
  }
  if (m.name === '_umath_tests') {
    o.line('static void **PyArray_API_tests = NULL;');
    o.line();
    o.line('static int');
    o.line('_import_array_tests(void)');
    o.open('{');
    o.line('PyArray_API_tests = (void **)PyCapsule_Import("numpy._core._multiarray_umath._ARRAY_API", 0);');
    o.line('return PyArray_API_tests == NULL ? -1 : 0;');
    o.close();
    o.line();
  }
  const save = f.budget;
  f.budget = Math.max(0, save - 1500);
  if (m.name !== '_dummy') {
    g.pyFunction();
    g.cacheFunction();
    if (tpl) g.templateFill(true);
    else g.standardFill(true);
  }
  f.budget = save;
  if (m.name === '_multiarray_tests' || m.name === '_rational_tests') g.gilState();
  g.methodTable(`${m.name.replace(/^_/, '')}_methods`);
  o.line('static struct PyModuleDef moduledef = {');
  o.line('    PyModuleDef_HEAD_INIT,');
  o.line(`    "${m.name}",`);
  o.line('    NULL,');
  o.line('    -1,');
  o.line(`    ${m.name.replace(/^_/, '')}_methods,`);
  o.line('    NULL,');
  o.line('    NULL,');
  o.line('    NULL,');
  o.line('    NULL');
  o.line('};');
  o.line();
  o.line(`PyMODINIT_FUNC PyInit_${m.name}(void)`);
  o.line('{');
  o.indent(1);
  o.line('PyObject *m = PyModule_Create(&moduledef);');
  o.open('if (m == NULL) {');
  o.line('return NULL;');
  o.close();
  if (helpers.length > 0) {
    o.open(`if (${helpersName}() < 0) {`);
    o.line('goto fail;');
    o.close();
  }
  if (m.name === '_umath_tests') {
    o.open('if (_import_array_tests() < 0) {');
    o.line('goto fail;');
    o.close();
  }
  for (const t of f.types) {
    o.open(`if (PyType_Ready(&${t.cname}) < 0) {`);
    o.line('goto fail;');
    o.close();
    o.line(`Py_INCREF(&${t.cname});`);
    o.open(`if (PyModule_AddObject(m, "${t.pyname.split('.').pop()}", (PyObject *)&${t.cname}) < 0) {`);
    o.line('goto fail;');
    o.close();
  }
  o.line('return m;');
  o.indent(-1);
  o.line('  fail:');
  o.indent(1);
  o.line('Py_DECREF(m);');
  o.line('return NULL;');
  o.close();
}

// ---------------------------------------------------------------------------------------------

function generateFile(f: FilePlan, plan: Plan): string {
  const mod = f.module === plan.giant.name ? plan.giant : plan.small.find((m) => m.name === f.module);
  const g = new FileGen(f, plan, mod ?? (f.module === 'common' ? { name: 'common', files: [], exportMacro: 'NPY_NO_EXPORT' } : undefined));
  switch (f.kind) {
    case 'h':
    case 'lib-h':
    case 'capi-h':
      if (f.kind === 'capi-h') genCapiH(g, plan);
      else genHeader(g, plan);
      break;
    case 'simd-h':
      genSimdHeader(g);
      break;
    case 'cpp-h':
      genCppHeader(g);
      break;
    case 'hsrc':
      g.out.line('/* -*- c -*- */');
      g.out.line(`#ifndef NUMPY_CORE_SRC_${f.rel.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}_`);
      g.out.line(`#define NUMPY_CORE_SRC_${f.rel.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}_`);
      g.templateFill(false);
      g.out.line('#endif');
      break;
    case 'c':
      if (f.module === 'common') {
        g.fileComment();
        g.includeLines();
        for (const s of f.exports) g.plainFunction(s);
        g.standardFill(true);
      } else genGiantC(g);
      break;
    case 'csrc':
    case 'inc':
      genTemplate(g, true);
      break;
    case 'lib-src':
      genTemplate(g, false);
      break;
    case 'lib-c':
      genLibC(g);
      break;
    case 'init':
      genInit(g, plan);
      break;
    case 'umathinit':
      genUmathInit(g);
      break;
    case 'capi-c':
      genCapiC(g, plan);
      break;
    case 'globals':
      genGlobals(g);
      break;
    case 'lut':
      genLut(g);
      break;
    case 'scalartypes':
      genScalarTypes(g);
      break;
    case 'small-init':
    case 'small-c':
      genSmall(g, mod!);
      break;
  }
  let text = g.out.text();
  if (f.crlf) text = text.replace(/\n/g, '\r\n');
  return text;
}

/** Writes the tree under `dir` (created if needed) and returns what it wrote. */
export function generateTree(dir: string, opts: GenerateOptions = {}): GeneratedTree {
  const seed = opts.seed ?? DEFAULT_SEED;
  const nFiles = Math.max(8, Math.floor(opts.files ?? DEFAULT_FILES));
  const targetBytes = Math.max(10_000, Math.floor(opts.targetBytes ?? DEFAULT_BYTES));
  const root = path.resolve(dir);
  const repo = path.resolve(__dirname, '..', '..');
  if (fs.existsSync(path.join(repo, 'package.json')) && (root === repo || root.startsWith(repo + path.sep))) {
    throw new Error(`refusing to generate the benchmark tree inside the repository (${root}): use a directory under the OS temp dir`);
  }
  const plan = makePlan(seed, nFiles, targetBytes);
  const order = plan.files.slice().sort((a, b) => (a.rel < b.rel ? -1 : 1));
  // Filling stops at the first chunk past a file's budget, so every file overshoots a little:
  // a first pass in memory measures that, and the budgets are scaled so the total hits the target.
  const budgets = order.map((f) => f.budget);
  const first = order.map((f) => generateFile(f, plan).length);
  const over = first.reduce((n, len, i) => n + Math.max(0, len - budgets[i]), 0);
  const sumBudgets = budgets.reduce((n, b) => n + b, 0);
  const k = Math.max(0.2, (targetBytes - over) / sumBudgets);
  order.forEach((f, i) => (f.budget = Math.max(300, Math.round(budgets[i] * k))));
  const out: string[] = [];
  let bytes = 0;
  for (const f of order) {
    const text = generateFile(f, plan);
    const p = path.join(root, ...f.rel.split('/'));
    fs.mkdirSync(path.dirname(p), { recursive: true });
    const buf = Buffer.from(text, 'latin1');
    fs.writeFileSync(p, buf);
    bytes += buf.length;
    out.push(p);
  }
  return { files: out.sort(), bytes };
}
