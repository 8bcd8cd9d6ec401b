/**
 * The parse view: the file with every hole blanked by spaces of the same length (line breaks
 * kept), so that every offset of the tree is an offset of the original bytes; and where code is
 * not (comments, literals, blanked branches) for the identifier index.
 */
import type { MacroKind } from './macros';
import { LexInfo, inertIndexAt } from './lex';
import { lastStartingAtOrBefore } from './search';
import type { Span } from './tree-sitter';

export type HoleKind = MacroKind | 'directive' | 'branch' | 'guessed-export' | 'repair';

export interface Hole {
  start: number;
  end: number;
  name: string;
  kind: HoleKind;
  /** For a project's own spelling of a head-init macro: what it expands to. */
  headInit?: HeadInit;
  /** A file-scope use of a macro whose body declares a global (`DECLARE_STRING(__name__)`). */
  declares?: true;
  /** What the parse view shows instead of blanks (same length): `##` of a function-defining macro as `__`. */
  fill?: string;
  /** An object-like macro that is an init function's whole header: the `PyInit_` name it declares (core/init-header-macro). */
  initHeader?: string;
}

/** `PyVarObject_HEAD_INIT(NULL, 0)` as written, or as a project alias expands to it. */
export interface HeadInit {
  base: 'PyVarObject_HEAD_INIT' | 'PyObject_HEAD_INIT';
  /** The argument text, parameters of a function-like alias substituted (`NULL, 0`). */
  args: string;
}

/**
 * Comments inside directive lines. tree-sitter-c ends a macro body at a comment, so the
 * continuation lines after a comment of a multi-line `#define` were read as code (a
 * function named `if`, a macro's local as a file-scope global). The preprocessor turns every
 * comment into a space; the parse view does the same.
 */
export function commentsInDirectives(lx: LexInfo): Span[] {
  const out: Span[] = [];
  const starts = lx.commentStarts;
  if (starts.length === 0) return out;
  for (const d of lx.directives) {
    for (let k = Math.max(0, lastStartingAtOrBefore(starts, d.start, (x) => x)); k < starts.length && starts[k] < d.end; k++) {
      if (starts[k] < d.start) continue;
      const i = inertIndexAt(lx, starts[k]);
      if (i !== -1) out.push({ start: starts[k], end: lx.inertEnds[i] });
    }
  }
  return out;
}

/**
 * A comment of a directive line as spaces; a line break inside it (a block comment over lines)
 * gets a backslash before it, so the directive still continues past it, as it does for gcc.
 */
function blankDirectiveComments(view: string, spans: Span[]): string {
  if (spans.length === 0) return view;
  // Only the comments are rebuilt char by char: splitting the whole view cost more than its parse.
  const parts: string[] = [];
  let pos = 0;
  for (const { start, end } of spans) {
    if (start < pos) continue;
    parts.push(view.slice(pos, start));
    const chars = view.slice(start, end).split('');
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === '\n') {
        let k = i - 1;
        if (k >= 0 && chars[k] === '\r') k--;
        if (k >= 0) chars[k] = '\\';
      } else if (c !== '\r') chars[i] = ' ';
    }
    parts.push(chars.join(''));
    pos = end;
  }
  parts.push(view.slice(pos));
  return parts.join('');
}

/** Builds the parse view: blanks every hole (keeping line breaks), and makes `@x@` template tokens identifiers. */
export function blank(text: string, holes: Hole[], isTemplate: boolean, directiveComments: Span[]): string {
  const sorted = holes.slice().sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let pos = 0;
  for (const h of sorted) {
    const s = Math.max(h.start, pos);
    if (h.end <= s) continue;
    parts.push(text.slice(pos, s));
    parts.push(h.fill !== undefined && s === h.start ? h.fill : text.slice(s, h.end).replace(/[^\r\n]/g, ' '));
    pos = h.end;
  }
  parts.push(text.slice(pos));
  let view = blankDirectiveComments(parts.join(''), directiveComments);
  if (isTemplate) view = view.replace(/@/g, '_');
  // tree-sitter-c does not take backslash-CR-LF as a line continuation (gcc does): ` \\\n` has the
  // same length and the same meaning.
  if (view.includes('\\\r\n')) view = view.replace(/\\\r\n/g, ' \\\n');
  return view;
}

/** Inert spans plus blanked branches, sorted and merged. */
export function mergeGaps(lx: LexInfo, holes: Hole[]): { inertStarts: number[]; inertEnds: number[] } {
  const branches = holes.filter((h) => h.kind === 'branch' && h.end > h.start);
  if (branches.length === 0) return lx;
  const spans = branches.map((h) => [h.start, h.end] as [number, number]);
  for (let i = 0; i < lx.inertStarts.length; i++) spans.push([lx.inertStarts[i], lx.inertEnds[i]]);
  spans.sort((a, b) => a[0] - b[0]);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const [s, e] of spans) {
    if (starts.length > 0 && s <= ends[ends.length - 1]) ends[ends.length - 1] = Math.max(ends[ends.length - 1], e);
    else {
      starts.push(s);
      ends.push(e);
    }
  }
  return { inertStarts: starts, inertEnds: ends };
}
