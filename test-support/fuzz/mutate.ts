/**
 * Seeded mutators over realistic C (latin1 text: one char = one byte). Each mutator damages the
 * text the way real trees are damaged (a bad merge, an editor crash, a half-written macro) or
 * the way a hostile input would be: deleted, duplicated and swapped lines, truncation inside
 * every kind of token, random bytes and NULs, unbalanced brackets, unterminated comments and
 * strings, nested and recursive macros, stray directives, odd line endings, and a few huge
 * shapes (a long line, deep nesting, a huge initializer) at a low rate.
 */
import { Rng } from './rng';

export interface Mutation {
  text: string;
  /** What was done, for the regression note. */
  ops: string[];
}

export type TokenKind = 'block-comment' | 'line-comment' | 'string' | 'char' | 'directive' | 'keyword' | 'identifier' | 'number' | 'space' | 'punct';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
}

const KEYWORDS = new Set([
  'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double', 'else', 'enum', 'extern', 'float', 'for', 'goto', 'if',
  'inline', 'int', 'long', 'register', 'restrict', 'return', 'short', 'signed', 'sizeof', 'static', 'struct', 'switch', 'typedef', 'union',
  'unsigned', 'void', 'volatile', 'while', '_Bool', '_Thread_local',
]);

const TOKEN_RE = /\/\*[\s\S]*?(?:\*\/|$)|\/\/[^\n]*|"(?:[^"\\\n]|\\[\s\S])*"?|'(?:[^'\\\n]|\\[\s\S])*'?|^[ \t]*#[^\n]*|[A-Za-z_]\w*|\d[\w.]*|\s+|[\s\S]/gm;

/** A rough C tokenisation (good enough to cut inside a token of a chosen kind). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const re = new RegExp(TOKEN_RE.source, 'gm');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const s = m[0];
    if (s.length === 0) {
      re.lastIndex++;
      continue;
    }
    let kind: TokenKind;
    if (s.startsWith('/*')) kind = 'block-comment';
    else if (s.startsWith('//')) kind = 'line-comment';
    else if (s[0] === '"') kind = 'string';
    else if (s[0] === "'") kind = 'char';
    else if (/^[ \t]*#/.test(s)) kind = 'directive';
    else if (/^[A-Za-z_]/.test(s)) kind = KEYWORDS.has(s) ? 'keyword' : 'identifier';
    else if (/^\d/.test(s)) kind = 'number';
    else if (/^\s/.test(s)) kind = 'space';
    else kind = 'punct';
    out.push({ kind, start: m.index, end: m.index + s.length });
  }
  return out;
}

interface Lines {
  lines: string[];
}

/** Splits keeping each line's terminator, so that joining gives the text back exactly. */
function splitLines(text: string): Lines {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  return { lines };
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

type Mutator = (text: string, rng: Rng, ctx: MutationContext) => { text: string; op: string } | undefined;

export interface MutationContext {
  /** Other realistic C texts to splice lines from. */
  donors: readonly string[];
  /** Allow the expensive shapes (1 MB lines, 10 000-deep nesting). */
  huge: boolean;
}

const deleteLines: Mutator = (text, rng) => {
  const { lines } = splitLines(text);
  if (lines.length === 0) return undefined;
  const at = rng.int(lines.length);
  const n = rng.weighted([[6, 1], [3, rng.range(2, 5)], [1, rng.range(6, 40)]] as const);
  lines.splice(at, n);
  return { text: lines.join(''), op: `delete-lines@${at}+${n}` };
};

const duplicateLines: Mutator = (text, rng) => {
  const { lines } = splitLines(text);
  if (lines.length === 0) return undefined;
  const at = rng.int(lines.length);
  const n = rng.range(1, 6);
  const chunk = lines.slice(at, at + n);
  const to = rng.chance(0.5) ? at : rng.int(lines.length + 1);
  lines.splice(to, 0, ...chunk);
  return { text: lines.join(''), op: `duplicate-lines@${at}+${n}->${to}` };
};

const swapLines: Mutator = (text, rng) => {
  const { lines } = splitLines(text);
  if (lines.length < 2) return undefined;
  const a = rng.int(lines.length);
  const b = rng.chance(0.5) ? Math.min(lines.length - 1, a + 1) : rng.int(lines.length);
  const endsWithNl = (s: string): boolean => s.endsWith('\n');
  const la = lines[a];
  const lb = lines[b];
  // Keep the last line's (missing) terminator where it was.
  const fix = (s: string, like: string): string => (endsWithNl(like) || !endsWithNl(s) ? s : s.replace(/\r?\n$/, ''));
  lines[a] = endsWithNl(la) && !endsWithNl(lb) ? lb + eolOf(text) : fix(lb, la);
  lines[b] = endsWithNl(lb) && !endsWithNl(la) ? la + eolOf(text) : fix(la, lb);
  return { text: lines.join(''), op: `swap-lines@${a},${b}` };
};

const TRUNC_KINDS: TokenKind[] = ['block-comment', 'line-comment', 'string', 'char', 'directive', 'keyword', 'identifier', 'number', 'space', 'punct'];

const truncateInToken: Mutator = (text, rng) => {
  const toks = tokenize(text);
  if (toks.length === 0) return undefined;
  const kind = rng.pick(TRUNC_KINDS);
  const of = toks.filter((t) => t.kind === kind);
  const t = of.length > 0 ? rng.pick(of) : rng.pick(toks);
  const where = rng.pick(['start', 'middle', 'end'] as const);
  const cut = where === 'start' ? t.start : where === 'end' ? t.end : t.start + 1 + rng.int(Math.max(1, t.end - t.start - 1));
  return { text: text.slice(0, Math.min(cut, text.length)), op: `truncate-${where}-of-${t.kind}@${cut}` };
};

const randomBytes: Mutator = (text, rng) => {
  const n = rng.weighted([[5, 1], [3, rng.range(2, 8)], [1, rng.range(9, 200)]] as const);
  const at = rng.int(text.length + 1);
  let s = '';
  const pool = rng.pick(['any', 'nul', 'high', 'ascii', 'ctl'] as const);
  for (let i = 0; i < n; i++) {
    let c: number;
    if (pool === 'nul') c = 0;
    else if (pool === 'high') c = 0x80 + rng.int(128);
    else if (pool === 'ascii') c = 32 + rng.int(95);
    else if (pool === 'ctl') c = rng.pick([0, 7, 8, 11, 12, 13, 26, 27, 127]);
    else c = rng.int(256);
    s += String.fromCharCode(c);
  }
  const overwrite = rng.chance(0.4);
  const out = overwrite ? text.slice(0, at) + s + text.slice(at + s.length) : text.slice(0, at) + s + text.slice(at);
  return { text: out, op: `${overwrite ? 'overwrite' : 'insert'}-${pool}-bytes@${at}x${n}` };
};

/** A NUL after the first 8 KiB: the file is not treated as binary and reaches the parser. */
const lateNul: Mutator = (text, rng) => {
  if (text.length < 8300) return undefined;
  const at = 8200 + rng.int(text.length - 8200);
  return { text: text.slice(0, at) + '\0'.repeat(rng.range(1, 3)) + text.slice(at), op: `late-nul@${at}` };
};

const BRACKETS = ['{', '}', '(', ')', '[', ']'];

const unbalance: Mutator = (text, rng) => {
  const br = rng.pick(BRACKETS);
  if (rng.chance(0.5)) {
    // Delete one occurrence of the bracket.
    const idx: number[] = [];
    for (let i = text.indexOf(br); i !== -1 && idx.length < 5000; i = text.indexOf(br, i + 1)) idx.push(i);
    if (idx.length === 0) return undefined;
    const at = rng.pick(idx);
    return { text: text.slice(0, at) + text.slice(at + 1), op: `delete-${br}@${at}` };
  }
  const at = rng.int(text.length + 1);
  const n = rng.weighted([[8, 1], [2, rng.range(2, 30)]] as const);
  return { text: text.slice(0, at) + br.repeat(n) + text.slice(at), op: `insert-${br}x${n}@${at}` };
};

const unterminatedComment: Mutator = (text, rng) => {
  if (rng.chance(0.5)) {
    const idx: number[] = [];
    for (let i = text.indexOf('*/'); i !== -1 && idx.length < 2000; i = text.indexOf('*/', i + 2)) idx.push(i);
    if (idx.length > 0) {
      const at = rng.pick(idx);
      return { text: text.slice(0, at) + text.slice(at + 2), op: `delete-comment-close@${at}` };
    }
  }
  const at = rng.int(text.length + 1);
  const opener = rng.pick(['/*', '/* ', '/**', '//', '// continued \\\n']);
  return { text: text.slice(0, at) + opener + text.slice(at), op: `insert-comment-open@${at}` };
};

const unterminatedString: Mutator = (text, rng) => {
  const toks = tokenize(text).filter((t) => t.kind === 'string' || t.kind === 'char');
  if (toks.length > 0 && rng.chance(0.5)) {
    const t = rng.pick(toks);
    // Remove the closing quote.
    const end = t.end - 1;
    return { text: text.slice(0, end) + text.slice(end + 1), op: `delete-closing-quote@${end}` };
  }
  const at = rng.int(text.length + 1);
  const q = rng.pick(['"', "'", '"\\', "'\\", 'L"', 'u8"', 'R"(']);
  return { text: text.slice(0, at) + q + text.slice(at), op: `insert-quote@${at}` };
};

/** Line starts that are not inside a comment-looking region (roughly: any line start). */
function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

function insertAtLineStart(text: string, rng: Rng, block: string): { text: string; at: number } {
  const starts = lineStarts(text);
  const at = rng.pick(starts);
  const eol = eolOf(text);
  return { text: text.slice(0, at) + block.replace(/\n/g, eol) + text.slice(at), at };
}

const MACRO_BLOCKS: ((rng: Rng) => string)[] = [
  () => '#define SELF SELF\n#define A B\n#define B A\nstatic int rec = SELF + A;\n',
  () => '#define NEST(x) NEST(NEST(x))\n#define TWICE(f, x) f(f(x))\nstatic int nest_use(void) { return TWICE(NEST, 1); }\n',
  () => '#define BEGIN {\n#define END }\n#define DECL(t, n) t n;\nstatic void mac_body(void) BEGIN DECL(int, q) q = 0; END\n',
  () => '#define Py_INCREF(o) Py_INCREF(o)\n#define PyObject PyObject\n',
  () => '#define GLOBAL(name) static PyObject *name = NULL;\nGLOBAL(cache_a)\nGLOBAL(cache_b)\n',
  () => '#define METH(n) {#n, (PyCFunction)n, METH_NOARGS, NULL},\n',
  () => '#define MAKE_TYPE(N) static PyTypeObject N##_Type = { PyVarObject_HEAD_INIT(NULL, 0) #N };\nMAKE_TYPE(Foo)\n',
  () => '#define CONT(a, b) \\\n    do { \\\n        a = b; \\\n    } while (0)\n',
  (rng) => {
    const d = rng.range(5, 60);
    let s = '';
    for (let i = 0; i < d; i++) s += `#define M${i}(x) M${i + 1}((x) + ${i})\n`;
    return s + `#define M${d}(x) (x)\nstatic int chain = M0(1);\n`;
  },
  () => '#define PyMODINIT_FUNC\n#define PyInit_fake PyInit_other\n',
  () => '#define STR(x) #x\n#define CAT(a, b) a ## b\nstatic const char *s = STR(CAT(Py, Init));\n',
  () => 'PyObject_HEAD\nPyObject_HEAD_INIT(\nPy_BEGIN_ALLOW_THREADS\nPy_UNUSED(\n',
  () => 'Py_BEGIN_ALLOW_THREADS {\nPy_END_ALLOW_THREADS\n',
  () => 'static PyObject *Py_UNUSED(x);\nstatic int Py_UNUSED(Py_UNUSED(y));\n',
];

const macroNoise: Mutator = (text, rng) => {
  const k = rng.int(MACRO_BLOCKS.length);
  const r = insertAtLineStart(text, rng, MACRO_BLOCKS[k](rng));
  return { text: r.text, op: `macro-block-${k}@${r.at}` };
};

const DIRECTIVES = ['#if 0\n', '#if 1\n', '#ifdef FOO\n', '#ifndef Py_LIMITED_API\n', '#else\n', '#elif PY_VERSION_HEX >= 0x030C0000\n', '#endif\n', '#endif\n#endif\n',
  '#if PY_MAJOR_VERSION >= 3\n', '#include "missing.h"\n', '#include <\n', '#define\n', '#define X(\n', '#\n', '#pragma once\n', '#error nope\n', '#line 1 "x.c"\n',
  '#if defined(A) && \\\n    defined(B)\n', '#elifdef X\n', '#undef PyInit_x\n', '  #  if  /* c */ 1\n', '#if (\n', '#ifdef\n'];

const directiveNoise: Mutator = (text, rng) => {
  const n = rng.range(1, 3);
  let t = text;
  const ops: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = rng.pick(DIRECTIVES);
    const r = insertAtLineStart(t, rng, d);
    t = r.text;
    ops.push(`${JSON.stringify(d.trim())}@${r.at}`);
  }
  return { text: t, op: `directives(${ops.join(',')})` };
};

const continuationNoise: Mutator = (text, rng) => {
  const at = rng.int(text.length + 1);
  const piece = rng.pick(['\\\n', '\\\r\n', '\r', '\\', '\\ \n', '\f', '\v', '\t\\\n\\\n']);
  return { text: text.slice(0, at) + piece + text.slice(at), op: `continuation-${JSON.stringify(piece)}@${at}` };
};

const eolNoise: Mutator = (text, rng) => {
  const kind = rng.pick(['crlf-some', 'lf-some', 'drop-final-eol', 'bom', 'cr-only', 'double-final'] as const);
  if (kind === 'bom') return { text: '\xef\xbb\xbf' + text, op: 'bom' };
  if (kind === 'drop-final-eol') return { text: text.replace(/\r?\n$/, ''), op: 'drop-final-eol' };
  if (kind === 'double-final') return { text: text + eolOf(text) + eolOf(text), op: 'extra-final-eol' };
  const { lines } = splitLines(text);
  if (lines.length === 0) return undefined;
  const from = rng.int(lines.length);
  const n = rng.range(1, 20);
  for (let i = from; i < Math.min(lines.length, from + n); i++) {
    if (kind === 'crlf-some') lines[i] = lines[i].replace(/\r?\n$/, '\r\n');
    else if (kind === 'lf-some') lines[i] = lines[i].replace(/\r\n$/, '\n');
    else lines[i] = lines[i].replace(/\r?\n$/, '\r');
  }
  return { text: lines.join(''), op: `${kind}@${from}+${n}` };
};

const tokenEdit: Mutator = (text, rng) => {
  const toks = tokenize(text).filter((t) => t.kind !== 'space');
  if (toks.length < 2) return undefined;
  const i = rng.int(toks.length);
  const t = toks[i];
  const what = rng.pick(['delete', 'duplicate', 'swap'] as const);
  if (what === 'delete') return { text: text.slice(0, t.start) + text.slice(t.end), op: `delete-token-${t.kind}@${t.start}` };
  if (what === 'duplicate') return { text: text.slice(0, t.end) + ' ' + text.slice(t.start, t.end) + text.slice(t.end), op: `duplicate-token-${t.kind}@${t.start}` };
  const j = Math.min(toks.length - 1, i + 1);
  if (j === i) return undefined;
  const u = toks[j];
  return { text: text.slice(0, t.start) + text.slice(u.start, u.end) + text.slice(t.end, u.start) + text.slice(t.start, t.end) + text.slice(u.end), op: `swap-tokens@${t.start},${u.start}` };
};

const IDENT_SWAPS: [string, string][] = [
  ['static', ''], ['static', 'extern'], ['struct', 'union'], ['PyObject_HEAD', ''], ['PyModule_Create', 'PyModuleDef_Init'], ['PyType_Ready', 'PyType_FromSpec'],
  ['Py_INCREF', 'Py_DECREF'], ['NULL', '0'], ['PyModuleDef_HEAD_INIT', ''], ['return', ''], ['PyMODINIT_FUNC', 'static PyObject *'], ['const', ''],
  ['PyTypeObject', 'PyObject'], ['tp_new', 'tp_init'], ['PyInit_', 'PyInit_x'], ['m_size', 'm_doc'], ['-1', '0'], ['PyObject *', 'PyObject'],
];

const identifierSwap: Mutator = (text, rng) => {
  const [from, to] = rng.pick(IDENT_SWAPS);
  const idx: number[] = [];
  for (let i = text.indexOf(from); i !== -1 && idx.length < 5000; i = text.indexOf(from, i + 1)) idx.push(i);
  if (idx.length === 0) return undefined;
  if (rng.chance(0.2)) return { text: text.split(from).join(to), op: `replace-all-${JSON.stringify(from)}->${JSON.stringify(to)}` };
  const at = rng.pick(idx);
  return { text: text.slice(0, at) + to + text.slice(at + from.length), op: `replace-${JSON.stringify(from)}->${JSON.stringify(to)}@${at}` };
};

const splice: Mutator = (text, rng, ctx) => {
  if (ctx.donors.length === 0) return undefined;
  const donor = splitLines(rng.pick(ctx.donors)).lines;
  if (donor.length === 0) return undefined;
  const from = rng.int(donor.length);
  const n = rng.range(1, 60);
  const chunk = donor.slice(from, from + n).join('');
  const r = insertAtLineStart(text, rng, chunk.replace(/\r\n/g, '\n'));
  return { text: r.text, op: `splice-donor-lines+${n}@${r.at}` };
};

const indentNoise: Mutator = (text, rng) => {
  const { lines } = splitLines(text);
  if (lines.length === 0) return undefined;
  const from = rng.int(lines.length);
  const n = rng.range(1, 50);
  const toTabs = rng.chance(0.5);
  for (let i = from; i < Math.min(lines.length, from + n); i++) lines[i] = toTabs ? lines[i].replace(/^( {4})+/, (m) => '\t'.repeat(m.length / 4)) : lines[i].replace(/^\t+/, (m) => '   '.repeat(m.length));
  return { text: lines.join(''), op: `indent-${toTabs ? 'tabs' : 'spaces3'}@${from}+${n}` };
};

/** Inside a function body if one is found (after a line that is just `{`), else anywhere. */
function bodyOffset(text: string, rng: Rng): number {
  const opens: number[] = [];
  const re = /\n\{\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && opens.length < 500) opens.push(m.index + m[0].length);
  return opens.length > 0 ? rng.pick(opens) : rng.int(text.length + 1);
}

const hugeShape: Mutator = (text, rng, ctx) => {
  if (!ctx.huge) return undefined;
  const kind = rng.pick(['long-line', 'deep-braces', 'deep-parens', 'deep-init', 'huge-init', 'deep-if', 'long-comment', 'long-string'] as const);
  const big = rng.chance(0.3);
  const eol = eolOf(text);
  let piece: string;
  let at: number;
  switch (kind) {
    case 'long-line': {
      const n = big ? 1 << 20 : rng.range(1000, 100000);
      piece = 'static int long_line_' + rng.int(1000) + ' = 0' + ' + 1'.repeat(Math.floor(n / 4)) + ';' + eol;
      at = rng.pick(lineStarts(text));
      break;
    }
    case 'long-comment':
      piece = '/* ' + 'x'.repeat(big ? 1 << 20 : rng.range(1000, 100000)) + ' */';
      at = rng.int(text.length + 1);
      break;
    case 'long-string':
      piece = 'static const char *long_s = "' + 'y'.repeat(big ? 1 << 20 : rng.range(1000, 100000)) + '";' + eol;
      at = rng.pick(lineStarts(text));
      break;
    case 'deep-braces': {
      const d = big ? 10000 : rng.range(50, 2000);
      piece = '{'.repeat(d) + (rng.chance(0.7) ? '}'.repeat(d) : '') + eol;
      at = bodyOffset(text, rng);
      break;
    }
    case 'deep-parens': {
      const d = big ? 10000 : rng.range(50, 2000);
      piece = 'x = ' + '('.repeat(d) + '1' + (rng.chance(0.7) ? ')'.repeat(d) : '') + ';' + eol;
      at = bodyOffset(text, rng);
      break;
    }
    case 'deep-init': {
      const d = big ? 10000 : rng.range(50, 2000);
      piece = 'static int deep_init[] = ' + '{'.repeat(d) + '1' + '}'.repeat(d) + ';' + eol;
      at = rng.pick(lineStarts(text));
      break;
    }
    case 'huge-init': {
      const n = big ? 200000 : rng.range(1000, 20000);
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push(rng.chance(0.9) ? String(i) : `{${i}, "s${i}"}`);
      piece = 'static const int huge_init[] = {' + eol + parts.join(rng.chance(0.5) ? ', ' : ',' + eol) + eol + '};' + eol;
      at = rng.pick(lineStarts(text));
      break;
    }
    default: {
      const d = big ? 10000 : rng.range(50, 2000);
      piece = '#if A\n'.repeat(d).replace(/\n/g, eol) + 'int deep_if;' + eol + (rng.chance(0.7) ? '#endif\n'.repeat(d).replace(/\n/g, eol) : '');
      at = rng.pick(lineStarts(text));
    }
  }
  return { text: text.slice(0, at) + piece + text.slice(at), op: `huge-${kind}${big ? '-big' : ''}@${at}` };
};

/** Token boundaries outside comments, literals and directives (where C allows a comment or a space). */
function codeGaps(text: string): number[] {
  const toks = tokenize(text);
  const gaps: number[] = [];
  for (let i = 1; i < toks.length && gaps.length < 20000; i++) {
    const a = toks[i - 1];
    const b = toks[i];
    if (a.kind === 'directive' || b.kind === 'directive' || a.kind === 'line-comment') continue;
    gaps.push(b.start);
  }
  return gaps;
}

/** Meaning-preserving noise between tokens: comments, spaces, line breaks, continuations. */
const tokenGapNoise: Mutator = (text, rng) => {
  const gaps = codeGaps(text);
  if (gaps.length === 0) return undefined;
  const eol = eolOf(text);
  const n = rng.range(1, 12);
  const at = new Set<number>();
  for (let i = 0; i < n; i++) at.add(rng.pick(gaps));
  const pieces = [' /* c */ ', '/**/', ' /* multi' + eol + ' * line */ ', eol, eol + '\t', '  ', '\t', ' \\' + eol, '// trailing' + eol, ' /* \xe9\xff latin-1 */ '];
  const piece = rng.pick(pieces);
  let out = '';
  let pos = 0;
  for (const g of [...at].sort((a, b) => a - b)) {
    out += text.slice(pos, g) + piece;
    pos = g;
  }
  out += text.slice(pos);
  return { text: out, op: `gap-${JSON.stringify(piece)}x${at.size}` };
};

/** A run of whole lines put inside `#if 1 / #endif` (or `#ifdef X / #else copy / #endif`). */
const wrapInConditional: Mutator = (text, rng) => {
  const { lines } = splitLines(text);
  if (lines.length < 2) return undefined;
  const eol = eolOf(text);
  const from = rng.int(lines.length);
  const n = rng.range(1, 30);
  const body = lines.slice(from, from + n);
  if (body.length > 0 && !body[body.length - 1].endsWith('\n')) body[body.length - 1] += eol;
  const kind = rng.pick(['if1', 'ifdef-else', 'if0-copy', 'pyver'] as const);
  let block: string[];
  if (kind === 'if1') block = ['#if 1' + eol, ...body, '#endif' + eol];
  else if (kind === 'ifdef-else') block = ['#ifdef SOME_FLAG' + eol, ...body, '#else' + eol, ...body, '#endif' + eol];
  else if (kind === 'if0-copy') block = ['#if 0' + eol, ...body, '#endif' + eol, ...body];
  else block = ['#if PY_VERSION_HEX >= 0x03090000' + eol, ...body, '#else' + eol, ...body, '#endif' + eol];
  lines.splice(from, n, ...block);
  return { text: lines.join(''), op: `wrap-${kind}@${from}+${n}` };
};

/** Declarations respelled: `static PyObject *x;` -> `static PyObject* x = NULL;` and friends. */
const respell: Mutator = (text, rng) => {
  const rules: [RegExp, string][] = [
    [/static PyObject \*(\w+);/g, 'static PyObject* $1 = NULL;'],
    [/static PyObject \*(\w+);/g, 'PyObject static *$1;'],
    [/static PyObject \*(\w+);/g, 'static PyObject *$1, *$1_extra;'],
    [/static PyTypeObject (\w+) = \{/g, 'static PyTypeObject $1 =\n{'],
    [/static PyTypeObject (\w+) = \{/g, 'PyTypeObject $1 = {'],
    [/if \((\w+) == NULL\)/g, 'if (!$1)'],
    [/return NULL;/g, 'return (NULL);'],
    [/Py_INCREF\((\w+)\);/g, 'Py_XINCREF($1);'],
    [/PyModule_AddObject\(/g, 'PyModule_AddObjectRef('],
    [/\(PyCFunction\)/g, '(PyCFunction)(void(*)(void))'],
    [/PyMODINIT_FUNC\r?\n/g, 'PyMODINIT_FUNC '],
    [/\{NULL, NULL, 0, NULL\}/g, '{0}'],
    [/\{NULL\}/g, '{NULL, NULL, 0, NULL}  /* sentinel */'],
  ];
  const [re, rep] = rng.pick(rules);
  const all = [...text.matchAll(re)];
  if (all.length === 0) return undefined;
  const m = rng.pick(all);
  const replacement = m[0].replace(new RegExp(re.source), rep).replace(/\n/g, eolOf(text));
  return { text: text.slice(0, m.index!) + replacement + text.slice(m.index! + m[0].length), op: `respell-${re.source.slice(0, 24)}@${m.index}` };
};

export const MUTATORS: readonly (readonly [number, string, Mutator])[] = [
  [10, 'token-gap-noise', tokenGapNoise],
  [6, 'wrap-in-conditional', wrapInConditional],
  [8, 'respell', respell],
  [10, 'delete-lines', deleteLines],
  [6, 'duplicate-lines', duplicateLines],
  [6, 'swap-lines', swapLines],
  [5, 'truncate', truncateInToken],
  [6, 'random-bytes', randomBytes],
  [1, 'late-nul', lateNul],
  [8, 'unbalance', unbalance],
  [5, 'unterminated-comment', unterminatedComment],
  [5, 'unterminated-string', unterminatedString],
  [6, 'macro-noise', macroNoise],
  [6, 'directive-noise', directiveNoise],
  [4, 'continuation-noise', continuationNoise],
  [4, 'eol-noise', eolNoise],
  [10, 'token-edit', tokenEdit],
  [8, 'identifier-swap', identifierSwap],
  [4, 'splice', splice],
  [2, 'indent-noise', indentNoise],
  [1, 'huge-shape', hugeShape],
];

/** Applies 1..maxOps random mutations. */
export function mutate(text: string, rng: Rng, ctx: MutationContext, maxOps = 3): Mutation {
  const n = rng.weighted([[6, 1], [3, 2], [1, maxOps]] as const);
  const ops: string[] = [];
  let t = text;
  for (let i = 0; i < n; i++) {
    for (let attempt = 0; attempt < 5; attempt++) {
      const [, name, fn] = rng.weighted(MUTATORS.map((m) => [m[0], m] as const));
      const r = fn(t, rng, ctx);
      if (!r) continue;
      t = r.text;
      ops.push(`${name}:${r.op}`);
      break;
    }
  }
  return { text: t, ops };
}

/** One named mutator, for tests that want a specific kind of damage. */
export function mutateWith(name: string, text: string, rng: Rng, ctx: MutationContext): Mutation | undefined {
  const m = MUTATORS.find((x) => x[1] === name);
  if (!m) throw new Error(`unknown mutator ${name}`);
  const r = m[2](text, rng, ctx);
  return r ? { text: r.text, ops: [`${name}:${r.op}`] } : undefined;
}
