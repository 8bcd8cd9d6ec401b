/**
 * SourceFile: a file's bytes and a latin1 view of them, so that one JS char is one byte and
 * tree-sitter offsets are byte offsets. Nothing here ever decodes UTF-8: non-UTF-8 bytes,
 * a BOM, CRLF and trailing spaces survive a round trip exactly.
 */

export type Eol = '\n' | '\r\n';

export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based byte column (GCC style). */
  col: number;
}

export class SourceFile {
  /**
   * The text the tool reasons on: the latin1 bytes, one char per byte, with each lone carriage
   * return read as the line feed it is to the compiler (gcc ends a line at CR, LF or CRLF), so that
   * every line scan sees the lines gcc sees. text.length === bytes.length; bytes of a file without
   * lone CRs are text exactly. Rewrites are applied to `raw`.
   */
  readonly text: string;
  /** latin1 text of the bytes exactly: raw.charCodeAt(i) === bytes[i]. */
  readonly raw: string;
  readonly eol: Eol;
  readonly finalNewline: boolean;
  private lineStartsCache?: number[];
  private indentCache?: string;

  constructor(readonly path: string, readonly bytes: Buffer) {
    this.raw = bytes.toString('latin1');
    this.text = loneCrAsLf(this.raw);
    this.eol = dominantEol(this.text);
    this.finalNewline = this.text.length === 0 || this.text.endsWith('\n');
  }

  /** The indentation unit used by the file (a tab, or N spaces); computed when first needed. */
  get indentUnit(): string {
    if (this.indentCache === undefined) this.indentCache = detectIndentUnit(this.text);
    return this.indentCache;
  }

  static fromText(path: string, text: string): SourceFile {
    return new SourceFile(path, Buffer.from(text, 'latin1'));
  }

  get lineStarts(): number[] {
    if (!this.lineStartsCache) {
      const starts = [0];
      const t = this.text;
      let i = t.indexOf('\n');
      while (i !== -1) {
        starts.push(i + 1);
        i = t.indexOf('\n', i + 1);
      }
      this.lineStartsCache = starts;
    }
    return this.lineStartsCache;
  }

  /** 1-based line and byte column of a byte offset. */
  position(offset: number): Position {
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - starts[lo] + 1 };
  }

  /** Offset of the start of the line containing `offset`. */
  lineStart(offset: number): number {
    const i = this.text.lastIndexOf('\n', offset - 1);
    return i + 1;
  }

  /** Offset just past the end of the line containing `offset` (after its EOL, or EOF). */
  lineEndIncludingEol(offset: number): number {
    const i = this.text.indexOf('\n', offset);
    return i === -1 ? this.text.length : i + 1;
  }

  /** The leading whitespace of the line containing `offset`. */
  indentAt(offset: number): string {
    const start = this.lineStart(offset);
    let end = start;
    while (end < this.text.length && (this.text[end] === ' ' || this.text[end] === '\t')) end++;
    return this.text.slice(start, end);
  }

  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  /** Generated text is written with '\n' and a 4-space indent unit; adapt it to this file. */
  adapt(generated: string): string {
    let out = generated;
    if (this.indentUnit !== '    ') {
      out = out.replace(/^((?: {4})+)/gm, (m) => this.indentUnit.repeat(m.length / 4));
    }
    if (this.eol === '\r\n') out = out.replace(/\r?\n/g, '\r\n');
    return out;
  }
}

/**
 * `text` with every lone carriage return (one not followed by a line feed) replaced by a line
 * feed: the same length, so offsets stay byte offsets, and the lines are the compiler's.
 */
export function loneCrAsLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * NUL bytes in the first 8 KiB mark a binary file, as git does. A CRLF counts as one byte, so
 * that a file and its CRLF twin are judged alike (a NUL near the end of the window would
 * otherwise skip the LF file and let its longer CRLF twin through).
 */
/** The display width of `text` starting at column `start`, tabs to the next multiple of 8. */
export function displayWidth(text: string, start = 0): number {
  let c = start;
  for (const ch of text) c = ch === '\t' ? c + 8 - (c % 8) : c + 1;
  return c;
}

export function looksBinary(bytes: Buffer): boolean {
  let counted = 0;
  for (let i = 0; i < bytes.length && counted < 8192; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b !== 13 || bytes[i + 1] !== 10) counted++;
  }
  return false;
}

function dominantEol(text: string): Eol {
  let lf = 0;
  let crlf = 0;
  let i = text.indexOf('\n');
  while (i !== -1) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
    i = text.indexOf('\n', i + 1);
  }
  return crlf > lf ? '\r\n' : '\n';
}

function detectIndentUnit(text: string): string {
  let tabs = 0;
  const spaceCounts = new Map<number, number>();
  const re = /\n([ \t]+)\S/g;
  let m: RegExpExecArray | null;
  let seen = 0;
  while ((m = re.exec(text)) !== null && seen < 2000) {
    seen++;
    const ws = m[1];
    if (ws[0] === '\t') tabs++;
    else if (!ws.includes('\t')) spaceCounts.set(ws.length, (spaceCounts.get(ws.length) ?? 0) + 1);
  }
  let spaces = 0;
  for (const c of spaceCounts.values()) spaces += c;
  if (tabs > spaces) return '\t';
  // The smallest common indentation step among space-indented lines.
  const candidates = [2, 3, 4, 8];
  let best = 4;
  let bestScore = -1;
  for (const unit of candidates) {
    let score = 0;
    for (const [len, count] of spaceCounts) if (len % unit === 0) score += count;
    // Prefer larger units when they explain (almost) as many lines.
    if (score > bestScore * 1.05 || (score >= bestScore * 0.95 && unit > best && unit <= 4)) {
      best = unit;
      bestScore = score;
    }
  }
  return spaces === 0 ? '    ' : ' '.repeat(best);
}
