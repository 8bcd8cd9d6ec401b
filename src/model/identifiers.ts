/**
 * One pass over a file's identifiers (outside comments and literals), keeping the offsets of
 * the names someone asked for. Cheaper than walking every tree node, and exact enough: every
 * hit is a whole word in code; the caller checks the tree where the syntax matters. The offset
 * lists are shared by every caller (and the file's index): read them, never change them.
 */
import type { LexInfo } from '../core/lex';

export function indexIdentifiers(text: string, lx: Pick<LexInfo, 'inertStarts' | 'inertEnds'>, wanted: (name: string) => boolean): Map<string, number[]> {
  const all = allIdentifiers(text, lx);
  // In the order of each name's first use, as one scan asking `wanted` per use would give.
  const out = new Map<string, number[]>();
  for (const [name, list] of all) if (wanted(name)) out.set(name, list);
  return out;
}

/** The offsets of each of `names` that the text uses (as indexIdentifiers, for a known set of names). */
export function identifierOffsets(text: string, lx: Pick<LexInfo, 'inertStarts' | 'inertEnds'>, names: Iterable<string>): Map<string, number[]> {
  const all = allIdentifiers(text, lx);
  const out = new Map<string, number[]>();
  for (const name of names) {
    const list = all.get(name);
    if (list) out.set(name, list);
  }
  return out;
}

/**
 * Every identifier of the text with its offsets, found by one scan per file and kept with its gaps:
 * the model asks for names in several rounds (its own, function statics, API names, other files'
 * globals at link time, one name on demand), and each round used to scan the whole text again.
 */
const indexed = new WeakMap<object, { text: string; index: Map<string, number[]> }>();

function allIdentifiers(text: string, lx: Pick<LexInfo, 'inertStarts' | 'inertEnds'>): Map<string, number[]> {
  const known = indexed.get(lx);
  if (known && known.text === text) return known.index;
  const index = scanIdentifiers(text, lx);
  // A gaps object serves one text; a one-off text with the same gaps (a prefix) is not kept.
  if (!known) indexed.set(lx, { text, index });
  return index;
}

function scanIdentifiers(text: string, lx: Pick<LexInfo, 'inertStarts' | 'inertEnds'>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const re = /[A-Za-z_][A-Za-z0-9_]*/g;
  const starts = lx.inertStarts;
  const ends = lx.inertEnds;
  let k = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const at = m.index;
    // Advance through inert spans in step with the scan.
    while (k < starts.length && ends[k] <= at) k++;
    if (k < starts.length && starts[k] <= at) {
      re.lastIndex = ends[k];
      continue;
    }
    // Skip the tail of a number such as 0x1F or 10UL (an identifier cannot start after a digit).
    if (at > 0) {
      const prev = text.charCodeAt(at - 1);
      if ((prev >= 48 && prev <= 57) || prev === 46 /* . (field access is kept below) */) {
        if (prev !== 46) continue;
      }
    }
    const name = m[0];
    let list = out.get(name);
    if (!list) out.set(name, (list = []));
    list.push(at);
  }
  return out;
}

/** Text context helpers for a use at [start, end). */
export function prevNonSpace(text: string, i: number): number {
  let j = i - 1;
  while (j >= 0) {
    const c = text.charCodeAt(j);
    if (c === 32 || c === 9 || c === 10 || c === 13) j--;
    else break;
  }
  return j;
}

export function nextNonSpace(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 32 || c === 9 || c === 10 || c === 13) j++;
    else break;
  }
  return j;
}

/**
 * The word at `at` is the member designator of `offsetof(Type, member)` (pybluez's
 * `offsetof(PySocketSockObject, sock_type)` beside its static type `sock_type`): a field's name, not
 * the global or type of that name.
 */
export function isOffsetofMember(text: string, at: number): boolean {
  const comma = prevNonSpace(text, at);
  if (text[comma] !== ',') return false;
  // Back to the `(` that holds the comma (the type argument has no parentheses of its own but casts are rare there).
  let depth = 0;
  let i = comma - 1;
  for (; i >= 0 && comma - i < 300; i--) {
    const c = text[i];
    if (c === ')') depth++;
    else if (c === '(') {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' || c === ';' || c === '{' || c === '}') {
      if (depth === 0) return false;
    }
  }
  if (i < 0 || text[i] !== '(') return false;
  const before = text.slice(Math.max(0, i - 40), i);
  return /\b(?:offsetof|Py_offsetof|_Py_offsetof)\s*$/.test(before);
}
