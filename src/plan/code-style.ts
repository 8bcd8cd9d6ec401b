/**
 * Generated code in a file's code style: written in one canonical style (K&R blocks, braces
 * always, 4-space indent) and rendered into the file's with `restyle` and `layout` (braces,
 * function heads, indentation, lines wrapped at the file's width). The style itself is measured
 * in style-measure.ts.
 */
import { displayWidth } from '../core/source';
import type { FileModel, FunctionInfo } from '../model/types';
import { CodeStyle, fileStyle, functionStyle } from './style-measure';

// The measure is part of this module's face: its users import the style and its rendering from one place.
export { fileStyle, functionStyle };
export type { CodeStyle };

/** Generated text (canonical, see restyle) in a file's style, indentation unit and line ends. */
export function styled(file: FileModel, text: string): string {
  const s = fileStyle(file);
  const out = layout(restyle(text, s), s, 0).join('\n');
  return s.eol === '\r\n' ? out.replace(/\r?\n/g, '\r\n') : out;
}

/**
 * Generated statement lines (canonical 4-space levels) in a function's style, for a block whose
 * statements are indented by `indent`; the lines come back without that indentation.
 */
export function styledLines(f: FunctionInfo, lines: string[], indent: string): string[] {
  const s = functionStyle(f);
  return layout(restyle(lines.join('\n'), s), s, displayWidth(indent, 0));
}

const OPENER = /^(?:\} )?(?:if|else if|for|while|switch)\b.*\)\s*\{$|^(?:\} )?else \{$/;

/**
 * Generated C is written canonically: 4-space levels, K&R blocks, braces always, a function's `{`
 * and its return type on lines of their own. This puts block and function braces where the file
 * puts them and drops the braces of single statements when the file does.
 */
export function restyle(text: string, s: CodeStyle): string {
  let lines = text.split(/\r?\n/);
  if (!s.bracesForSingle) lines = unbraceSingles(lines);
  if (s.blockBrace !== 'same') lines = bracesOnOwnLine(lines, s.blockBrace === 'gnu');
  return functionHeads(lines, s).join('\n');
}

/** The file's indentation unit for the canonical levels, then lines wrapped at the file's width. */
export function layout(text: string, s: CodeStyle, baseColumn: number): string[] {
  const lines = text.split('\n').map((l) => (s.indentUnit === '    ' ? l : l.replace(/^((?: {4})+)/, (m) => s.indentUnit.repeat(m.length / 4))));
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    // A comment over several lines is reflowed as a whole when one of its lines is too long.
    const t = lines[i].trimStart();
    if (t.startsWith('/*') && !t.includes('*/')) {
      let j = i;
      while (j + 1 < lines.length && !lines[j].includes('*/') && lines[j + 1].trimStart().startsWith('*')) j++;
      const group = lines.slice(i, j + 1);
      if (lines[j].includes('*/') && group.some((l) => displayWidth(l, baseColumn) > s.maxWidth)) {
        const pad = lines[i].slice(0, lines[i].length - t.length);
        const text = group.map((l) => l.trim().replace(/^\/\*\s?|^\*\s?/, '').replace(/\s?\*\/$/, '')).join(' ');
        out.push(...wrapComment(pad, `/* ${text} */`, s.maxWidth - displayWidth(pad, baseColumn)));
        i = j;
        continue;
      }
    }
    out.push(...wrap(lines[i], s, baseColumn));
  }
  return out;
}

function level(l: string): number {
  return l.length - l.trimStart().length;
}

/** `if (c) {` / one statement / `}` -> `if (c)` / the statement, outside else-chains. */
function unbraceSingles(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const t = l.trim();
    const body = lines[i + 1];
    const close = lines[i + 2];
    if (/^(if|for|while)\b.*\)\s*\{$/.test(t) && body !== undefined && close !== undefined && close.trim() === '}' && level(close) === level(l) && level(body) > level(l)) {
      const b = body.trim();
      const isSimple = b.endsWith(';') && !b.includes('{') && !/^(if|for|while|switch|else|do)\b/.test(b) && !b.startsWith('/');
      const chained = /^\}?\s*else\b/.test((lines[i + 3] ?? '').trim());
      if (isSimple && !chained) {
        out.push(l.replace(/\s*\{$/, ''), body);
        i += 2;
        continue;
      }
    }
    out.push(l);
  }
  return out;
}

/** `if (c) {` -> `if (c)` + `{` on its own line (GNU: the braces half a level in, the body a level deeper). */
function bracesOnOwnLine(lines: string[], gnu: boolean): string[] {
  const out: string[] = [];
  // Every open brace: whether it opened a statement block, and how many levels GNU moved its body.
  const open: { block: boolean; extra: number }[] = [];
  let shift = 0;
  const at = (l: string): string => ' '.repeat(level(l) + shift * 4);
  const close = (l: string): void => {
    const o = open.pop();
    shift -= o?.extra ?? 0;
    out.push(`${at(l)}${o?.block && gnu ? '    ' : ''}}`);
  };
  for (const l of lines) {
    const t = l.trim();
    if (OPENER.test(t)) {
      if (t.startsWith('}')) close(l);
      const p = at(l);
      out.push(`${p}${t.replace(/^\}\s*/, '').replace(/\s*\{$/, '')}`, `${p}${gnu ? '    ' : ''}{`);
      open.push({ block: true, extra: gnu ? 1 : 0 });
      shift += gnu ? 1 : 0;
      continue;
    }
    if (t === '}') {
      close(l);
      continue;
    }
    if (t.startsWith('}')) {
      const o = open.pop();
      shift -= o?.extra ?? 0;
    }
    out.push(t === '' ? '' : at(l) + t);
    if (t.endsWith('{')) open.push({ block: false, extra: 0 });
  }
  return out;
}

/** A function's `{` after its parameters, and its return type on the name's line, when the file does so. */
function functionHeads(lines: string[], s: CodeStyle): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l === '{' && s.functionBrace === 'same' && out.length > 0 && /\)$/.test(out[out.length - 1]) && level(out[out.length - 1]) === 0) {
      out[out.length - 1] += ' {';
      continue;
    }
    if (!s.returnTypeOwnLine && level(l) === 0 && /^[A-Za-z_]\w*\(/.test(l) && out.length > 0) {
      const prev = out[out.length - 1];
      if (prev !== '' && level(prev) === 0 && /^(static|extern|inline|const|unsigned|struct|void|int|PyObject|PyTypeObject|[A-Za-z_]\w*)\b[\w\s*]*$/.test(prev) && !/[;{}),]$/.test(prev)) {
        out[out.length - 1] = prev.endsWith('*') ? prev + l : `${prev} ${l}`;
        continue;
      }
    }
    if (s.structBrace === 'next' && level(l) === 0 && /^(typedef )?struct( \w+)? \{$/.test(l)) {
      out.push(l.replace(/ \{$/, ''), '{');
      continue;
    }
    out.push(l);
  }
  return out;
}

/**
 * A line longer than the file's width broken the way C is usually wrapped: a comment at word
 * boundaries (continued with ` * `), a trailing comment continued under its own start, code after
 * a `, ` inside parentheses (continued under the first argument, or one level deeper when the
 * file wraps so) or after a ` | `, ` && `, ` || `. String literals are never split; a line with no
 * place to break stays as it is.
 */
function wrap(line: string, s: CodeStyle, baseColumn: number): string[] {
  const width = s.maxWidth;
  if (!Number.isFinite(width) || displayWidth(line, baseColumn) <= width) return [line];
  const pad = line.slice(0, line.length - line.trimStart().length);
  const t = line.trimStart();
  const room = width - displayWidth(pad, baseColumn);
  if (room < 30) return [line];
  if (t.startsWith('#') || t.endsWith('\\')) return [line];
  if (t.startsWith('/*') || t.startsWith('* ')) return wrapComment(pad, t, room);
  // Code with a trailing comment: the comment continues under its own start.
  const trailing = /^(.*?[;,{])(\s+)(\/\*.*\*\/)$/.exec(t);
  const declaration = !!trailing && /^(?:struct\s+)?[A-Za-z_][\w\s*]*?[\s*][A-Za-z_]\w*(\[[^\]]*\])?;$/.test(trailing[1]);
  if (trailing && !declaration) {
    // A comment after a statement goes above it.
    return [...wrapComment(pad, trailing[3], room), pad + trailing[1]];
  }
  if (trailing) {
    // A declaration's comment (aligned with its neighbours') continues under its own start.
    const startCol = trailing[1].length + trailing[2].length;
    if (startCol > room - 25) return [line];
    const parts = wrapWords(trailing[3], room - startCol, '   ');
    // Too narrow a column for it (more than two lines): above the declaration.
    if (parts.length > 2) return [...wrapComment(pad, trailing[3], room), pad + trailing[1]];
    return [pad + trailing[1] + trailing[2] + parts[0], ...parts.slice(1).map((p) => pad + ' '.repeat(startCol) + p)];
  }
  const cut = breakPoint(t, room);
  if (!cut) return [line];
  const cont = s.wrapAlign ? ' '.repeat(cut.align) : s.indentUnit + s.indentUnit;
  return [pad + t.slice(0, cut.at).trimEnd(), ...wrap(pad + cont + t.slice(cut.at).trimStart(), s, baseColumn)];
}

function wrapComment(pad: string, t: string, room: number): string[] {
  const open = t.startsWith('/*');
  const close = t.endsWith('*/');
  const inner = t.replace(/^\/\*\s?|^\*\s?/, '').replace(/\s?\*\/$/, '');
  const words = wrapWords(inner, room - 3, '');
  return words.map((w, i) => {
    const first = i === 0 && open ? '/* ' : ' * ';
    const last = i === words.length - 1 && close ? ' */' : '';
    return pad + first + w + last;
  });
}

/** Words of `text` in lines of at most `room` characters (a longer word gets a line of its own). */
function wrapWords(text: string, room: number, contPrefix: string): string[] {
  // A comment's `/*` and `*/` stay with the word next to them.
  const words = text.replace(/^\/\* /, '/*\u0000').replace(/ \*\/$/, '\u0000*/').split(/ +/).map((w) => w.replace('\u0000', ' '));
  const out: string[] = [];
  let cur = '';
  for (const w of words) {
    const next = cur === '' ? w : `${cur} ${w}`;
    if (next.length > room && cur !== '') {
      out.push(cur);
      cur = contPrefix + w;
    } else cur = next;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/**
 * Where to break code so that the head fits in `room`: after a `, ` inside parentheses (or
 * braces), or after a ` | `, ` && `, ` || `, or before a ` ? `/` : `; the outermost such place
 * wins, then the last one. `align` is the column continuation lines start at: after the open
 * parenthesis, else after `= ` or `return `.
 */
function breakPoint(t: string, room: number): { at: number; align: number } | undefined {
  const opens: number[] = [];
  let inString: string | undefined;
  let best: { at: number; align: number; depth: number } | undefined;
  const lead = /^(?:return\s|[^=("?]*?[^=!<>]=\s)/.exec(t);
  const consider = (at: number, depth: number, align: number): void => {
    if (at > room || at < 10) return;
    if (!best || depth < best.depth || (depth === best.depth && at > best.at)) best = { at, align, depth };
  };
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === inString) inString = undefined;
      continue;
    }
    const top = opens.length > 0 ? opens[opens.length - 1] + 1 : lead ? lead[0].length : 8;
    if (c === '"' || c === "'") inString = c;
    else if (c === '(' || c === '{' || c === '[') opens.push(i);
    else if (c === ')' || c === '}' || c === ']') opens.pop();
    else if (c === ',' && t[i + 1] === ' ' && opens.length > 0) consider(i + 1, opens.length, top);
    else if (c === ' ') {
      const op = /^ (\|\||&&|\|) /.exec(t.slice(i, i + 4));
      if (op) consider(i + op[1].length + 2, opens.length, top);
      else if (/^ [?:] /.test(t.slice(i, i + 3))) consider(i + 1, opens.length, top);
    }
  }
  const pick = best as { at: number; align: number } | undefined;
  if (!pick || pick.align >= room - 10) return undefined;
  return pick;
}
