/**
 * The `modules` table from a build script: the source lists of `setup.py`
 * (`Extension('name', sources=[...])`, numpy.distutils' `config.add_extension('name', sources=...)`)
 * and of `meson.build` (`py.extension_module('name', [...], sources: ...)`). A small evaluator of
 * the part of Python and Meson those lists are written in: strings, `join()`/`os.path.join()`/
 * `files()`, lists, `+`, names assigned earlier (`=`, `+=`, `.extend()`, `.append()`). Both sides
 * of every `if` count (over-listing is safe: a file of no extension is only checked on its own).
 * Whatever it cannot read is said in `notes`, never guessed.
 */
import * as path from 'path';

export interface BuildSources {
  /** Extension name (last dotted part) -> source paths, relative to the build script's directory. */
  modules: Record<string, string[]>;
  /** What could not be read, with its line. */
  notes: string[];
}

type Value = string | Value[] | undefined;

interface Token {
  kind: 'str' | 'name' | 'num' | 'op' | 'nl';
  text: string;
  line: number;
}

const OPS = ['+=', '==', '!=', '<=', '>=', '**', '//', '(', ')', '[', ']', '{', '}', ',', ':', '.', '=', '+', '-', '*', '/', '%', '<', '>', '@', '|', '&', '~', '^', '?', ';'];

function tokenize(text: string, meson: boolean): Token[] {
  const out: Token[] = [];
  let line = 1;
  let depth = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\n') {
      if (depth === 0) out.push({ kind: 'nl', text: '\n', line });
      line++;
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    const prefix = /^[rRbBuUfF]{0,2}(?='|")/.exec(text.slice(i, i + 3));
    if (c === '"' || c === "'" || (prefix && prefix[0].length > 0 && /[A-Za-z]/.test(c))) {
      const p = prefix ? prefix[0].length : 0;
      const q = text[i + p];
      const triple = text.slice(i + p, i + p + 3) === q.repeat(3);
      const close = triple ? q.repeat(3) : q;
      let j = i + p + close.length;
      let value = '';
      while (j < n && text.slice(j, j + close.length) !== close) {
        if (text[j] === '\\' && !meson) {
          value += text[j + 1];
          j += 2;
          continue;
        }
        if (text[j] === '\n') line++;
        value += text[j];
        j++;
      }
      out.push({ kind: 'str', text: value, line });
      i = j + close.length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_]\w*/.exec(text.slice(i, i + 200))!;
      out.push({ kind: 'name', text: m[0], line });
      i += m[0].length;
      continue;
    }
    if (/[0-9]/.test(c)) {
      const m = /^[0-9][\w.]*/.exec(text.slice(i, i + 50))!;
      out.push({ kind: 'num', text: m[0], line });
      i += m[0].length;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i)) ?? c;
    if (op === '(' || op === '[' || op === '{') depth++;
    else if ((op === ')' || op === ']' || op === '}') && depth > 0) depth--;
    out.push({ kind: 'op', text: op, line });
    i += op.length;
  }
  out.push({ kind: 'nl', text: '\n', line });
  return out;
}

interface Call {
  callee: string;
  args: Value[];
  kwargs: Map<string, Value>;
  line: number;
}

/** Evaluates the statements of a build script, collecting the calls that define extensions. */
class Evaluator {
  private pos = 0;
  readonly env = new Map<string, Value>();
  readonly calls: Call[] = [];
  readonly notes: string[] = [];

  constructor(private readonly toks: Token[], private readonly meson: boolean) {}

  run(): void {
    while (this.pos < this.toks.length) {
      if (this.toks[this.pos].kind === 'nl') {
        this.pos++;
        continue;
      }
      const start = this.pos;
      try {
        this.statement();
      } catch {
        // Not the subset this reads: skip to the end of the line.
      }
      if (this.pos === start) this.pos++;
      while (this.pos < this.toks.length && this.toks[this.pos].kind !== 'nl') this.pos++;
      this.pos++;
    }
  }

  private peek(k = 0): Token | undefined {
    return this.toks[this.pos + k];
  }

  private isOp(text: string, k = 0): boolean {
    const t = this.peek(k);
    return !!t && t.kind === 'op' && t.text === text;
  }

  private statement(): void {
    const t = this.peek();
    if (!t) return;
    // `if cond:` / `elif`, `else:`, `for x in y:`, `def f(...):`: look at what follows the colon.
    if (t.kind === 'name' && ['if', 'elif', 'else', 'for', 'while', 'def', 'with', 'try', 'except', 'finally', 'foreach', 'endif', 'endforeach', 'return'].includes(t.text)) {
      while (this.peek() && this.peek()!.kind !== 'nl' && !(this.isOp(':') && !this.meson)) this.pos++;
      if (this.isOp(':')) {
        this.pos++;
        if (this.peek()?.kind !== 'nl') this.statement();
      }
      return;
    }
    // name = expr / name += expr / name.extend(expr) / name.append(expr)
    if (t.kind === 'name' && (this.isOp('=', 1) || this.isOp('+=', 1))) {
      const name = t.text;
      const augmented = this.isOp('+=', 1);
      this.pos += 2;
      const v = this.expr();
      this.env.set(name, augmented ? concat(this.env.get(name), v) : v);
      return;
    }
    if (t.kind === 'name' && this.isOp('.', 1) && ['extend', 'append'].includes(this.peek(2)?.text ?? '') && this.isOp('(', 3)) {
      const name = t.text;
      const how = this.peek(2)!.text;
      this.pos += 4;
      const v = this.expr();
      const old = this.env.get(name);
      if (Array.isArray(old)) this.env.set(name, how === 'extend' ? concat(old, v) : [...old, v]);
      return;
    }
    this.expr();
  }

  private expr(): Value {
    let v = this.unary();
    while (this.isOp('+')) {
      this.pos++;
      v = concat(v, this.unary());
    }
    // Anything else (comparisons, `if ... else` expressions) ends what this reads.
    return v;
  }

  private unary(): Value {
    let v = this.primary();
    for (;;) {
      if (this.isOp('.') && this.peek(1)?.kind === 'name') {
        // A method call on a value (`'x'.format()`, `py.extension_module(...)`): the callee keeps its last name.
        const name = this.peek(1)!.text;
        this.pos += 2;
        if (this.isOp('(')) v = this.call(name);
        else v = undefined;
        continue;
      }
      if (this.isOp('[')) {
        this.pos++;
        this.skipTo(']');
        v = undefined;
        continue;
      }
      return v;
    }
  }

  private primary(): Value {
    const t = this.peek();
    if (!t || t.kind === 'nl') return undefined;
    this.pos++;
    if (t.kind === 'str') {
      let s = t.text;
      while (this.peek()?.kind === 'str') s += this.toks[this.pos++].text; // implicit concatenation
      return s;
    }
    if (t.kind === 'name') {
      if (this.isOp('(')) return this.call(t.text);
      return this.env.get(t.text);
    }
    if (t.kind === 'op' && (t.text === '[' || t.text === '(')) {
      const close = t.text === '[' ? ']' : ')';
      const items: Value[] = [];
      while (this.peek() && !this.isOp(close)) {
        items.push(this.expr());
        if (this.isOp('for')) return this.skipTo(close), undefined;
        if (this.peek()?.kind === 'name' && this.peek()!.text === 'for') return this.skipTo(close), undefined;
        if (this.isOp(',')) this.pos++;
        else if (!this.isOp(close)) return this.skipTo(close), undefined;
      }
      this.pos++;
      return t.text === '(' && items.length === 1 ? items[0] : items;
    }
    if (t.kind === 'op' && t.text === '{') {
      this.skipTo('}');
      return undefined;
    }
    return undefined;
  }

  private skipTo(close: string): void {
    let depth = 0;
    while (this.peek()) {
      const t = this.toks[this.pos++];
      if (t.kind !== 'op') continue;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        if (depth === 0 && t.text === close) return;
        depth--;
      }
    }
  }

  /** At `(`: the arguments, then what the call gives back (paths for join/files, undefined otherwise). */
  private call(callee: string): Value {
    const line = this.peek()!.line;
    this.pos++; // (
    const args: Value[] = [];
    const kwargs = new Map<string, Value>();
    while (this.peek() && !this.isOp(')')) {
      const t = this.peek()!;
      if (t.kind === 'name' && (this.isOp(this.meson ? ':' : '=', 1))) {
        this.pos += 2;
        kwargs.set(t.text, this.expr());
      } else if (this.isOp('*') || this.isOp('**')) {
        this.pos++;
        args.push(this.expr());
      } else args.push(this.expr());
      if (this.isOp(',')) this.pos++;
      else if (!this.isOp(')')) {
        this.skipTo(')');
        this.pos--;
        break;
      }
    }
    this.pos++; // )
    this.calls.push({ callee, args, kwargs, line });
    if (callee === 'join' && args.every((a) => typeof a === 'string')) return (args as string[]).join('/');
    if (callee === 'files') return flatten(args).filter((a): a is string => typeof a === 'string');
    return undefined;
  }
}

function concat(a: Value, b: Value): Value {
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  return Array.isArray(a) ? a : Array.isArray(b) ? b : undefined;
}

function flatten(v: Value | Value[]): Value[] {
  if (!Array.isArray(v)) return [v];
  return v.flatMap((x) => flatten(x));
}

/** Files a C extension is built from (C and C++; headers and templates too when listed). */
const SOURCE = /\.(c|h|cc|cpp|cxx|hpp|hh|inc|c\.src|h\.src|inc\.src|cpp\.src|hpp\.src)$/;

export function buildSources(scriptPath: string, text: string): BuildSources {
  const meson = path.basename(scriptPath) === 'meson.build';
  const ev = new Evaluator(tokenize(text, meson), meson);
  ev.run();
  const modules: Record<string, string[]> = {};
  const notes = [...ev.notes];
  for (const c of ev.calls) {
    const isExt = meson ? c.callee === 'extension_module' : c.callee === 'Extension' || c.callee === 'add_extension';
    if (!isExt) continue;
    const rawName = c.args[0];
    if (typeof rawName !== 'string') {
      notes.push(`line ${c.line}: ${c.callee}() without a literal module name: not listed`);
      continue;
    }
    const name = rawName.split('.').pop()!;
    const given = meson ? [...c.args.slice(1), ...(c.kwargs.has('sources') ? [c.kwargs.get('sources')] : [])] : [c.kwargs.get('sources') ?? c.args[1]];
    const all = flatten(given as Value[]);
    const unread = all.filter((x) => typeof x !== 'string').length;
    const files = all.filter((x): x is string => typeof x === 'string' && SOURCE.test(x)).map((f) => path.posix.normalize(f));
    if (unread > 0 || all.length === 0) notes.push(`line ${c.line}: ${name}: ${all.length === 0 ? 'no source list could be read' : `${unread} source entr${unread === 1 ? 'y' : 'ies'} could not be read (a computed value)`}; check the list`);
    modules[name] = [...new Set([...(modules[name] ?? []), ...files])];
  }
  return { modules, notes };
}

/** The `[tool.pyext-isolate.modules]` table, paths relative to `base` (where pyproject.toml is). */
export function modulesToml(result: BuildSources, scriptDir: string, base: string): string {
  const lines = ['[tool.pyext-isolate.modules]'];
  for (const [name, files] of Object.entries(result.modules)) {
    lines.push(`${/^[A-Za-z0-9_-]+$/.test(name) ? name : JSON.stringify(name)} = [`);
    for (const f of files) lines.push(`    ${JSON.stringify(path.relative(base, path.resolve(scriptDir, f)).split(path.sep).join('/'))},`);
    lines.push(']');
  }
  return lines.join('\n') + '\n';
}
