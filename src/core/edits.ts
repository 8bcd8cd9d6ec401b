/**
 * Edits and their application. magic-string does not protect against overlapping edits
 * (a second overwrite silently wins, overwrite drops inserts at its edges, edits inside a
 * removed range come back), so conflicts are found here first, per transform, and a
 * transform whose edits collide with an earlier one's is dropped whole.
 */
import MagicString from 'magic-string';

export interface Edit {
  /** Byte offsets into the original file; start === end is an insertion. */
  start: number;
  end: number;
  text: string;
  /** The transform (or 'state-plan') that asked for it. */
  by: string;
  /** Tie-breaker for insertions at the same offset by the same producer. */
  order?: number;
}

export interface Conflict {
  by: string;
  with: string;
  at: number;
  reason: string;
}

export interface EditSelection {
  accepted: Edit[];
  /** Producers whose edits were dropped whole, with the reason. */
  conflicts: Conflict[];
}

function overlaps(a: Edit, b: Edit): boolean {
  const aIns = a.start === a.end;
  const bIns = b.start === b.end;
  if (aIns && bIns) return false;
  if (aIns) return b.start < a.start && a.start < b.end;
  if (bIns) return a.start < b.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/** Identical replacements requested twice are one edit, not a conflict. */
function sameEdit(a: Edit, b: Edit): boolean {
  return a.start === b.start && a.end === b.end && a.text === b.text && a.start !== a.end;
}

/**
 * Accepts producers in `order` (registry order); a producer whose edits overlap each other
 * or an already accepted producer's edits is rejected whole.
 */
export function selectEdits(edits: Edit[], order: string[]): EditSelection {
  const byProducer = new Map<string, Edit[]>();
  for (const e of edits) {
    if (!byProducer.has(e.by)) byProducer.set(e.by, []);
    byProducer.get(e.by)!.push(e);
  }
  const producers = [...byProducer.keys()].sort((a, b) => rank(order, a) - rank(order, b));
  const accepted: Edit[] = [];
  const conflicts: Conflict[] = [];
  for (const p of producers) {
    const mine = dedupe(byProducer.get(p)!.slice().sort(compareEdits));
    const own = firstSelfOverlap(mine);
    if (own) {
      conflicts.push({ by: p, with: p, at: own.start, reason: `${p} produced overlapping edits at byte ${own.start}` });
      continue;
    }
    const clash = firstClash(mine, accepted);
    if (clash) {
      conflicts.push({ by: p, with: clash.other.by, at: clash.mine.start, reason: `edits of ${p} overlap edits of ${clash.other.by} at byte ${clash.mine.start}` });
      continue;
    }
    accepted.push(...mine);
  }
  accepted.sort((a, b) => compareEdits(a, b) || rank(order, a.by) - rank(order, b.by));
  return { accepted, conflicts };
}

function rank(order: string[], id: string): number {
  const i = order.indexOf(id);
  return i === -1 ? order.length : i;
}

export function compareEdits(a: Edit, b: Edit): number {
  return a.start - b.start || a.end - b.end || (a.order ?? 0) - (b.order ?? 0);
}

function dedupe(sorted: Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of sorted) if (!(out.length > 0 && sameEdit(out[out.length - 1], e))) out.push(e);
  return out;
}

function firstSelfOverlap(sorted: Edit[]): Edit | undefined {
  let maxEnd = -1;
  let maxEdit: Edit | undefined;
  for (const e of sorted) {
    if (maxEdit && overlaps(maxEdit, e)) {
      if (process.env.PYEXT_ISOLATE_DEBUG) process.stderr.write(`overlap: ${JSON.stringify(maxEdit)} vs ${JSON.stringify(e)}\n`);
      return e;
    }
    if (e.start !== e.end && e.end > maxEnd) {
      maxEnd = e.end;
      maxEdit = e;
    }
  }
  return undefined;
}

function firstClash(mine: Edit[], accepted: Edit[]): { mine: Edit; other: Edit } | undefined {
  if (accepted.length === 0) return undefined;
  const others = accepted.slice().sort(compareEdits);
  // Two sorted lists: check each of mine against the others whose span can reach it.
  let j = 0;
  for (const e of mine) {
    while (j < others.length && others[j].end < e.start) j++;
    for (let k = j; k < others.length && others[k].start <= e.end; k++) {
      if (sameEdit(e, others[k])) continue;
      if (overlaps(e, others[k])) return { mine: e, other: others[k] };
    }
  }
  return undefined;
}

/**
 * Applies non-conflicting edits (as returned by selectEdits) to latin1 text.
 * Insertions at an offset go between the chunk ending there and the chunk starting there,
 * in the order given.
 */
export function applyEdits(text: string, edits: Edit[]): string {
  if (edits.length === 0) return text;
  const s = new MagicString(text);
  for (const e of edits) {
    if (e.start === e.end) continue;
    if (e.text === '') s.remove(e.start, e.end);
    else s.overwrite(e.start, e.end, e.text, { contentOnly: true });
  }
  for (const e of edits) {
    if (e.start !== e.end || e.text === '') continue;
    if (e.start >= text.length) s.append(e.text);
    else s.appendLeft(e.start, e.text);
  }
  return s.toString();
}

/**
 * Removals of the blank lines that removed lines would leave doubled: a run of whole lines the
 * edits delete, followed by a blank line in the original, loses that blank line too when what
 * stands before it in the result already ends with a blank line: the line above the run, or text
 * inserted in the run's place that ends with one (a moved global between two blank lines,
 * declarations removed one statement at a time, the state block written where the globals were).
 * Only where no edit touches that blank line or inserts at its start, so the result is the same
 * whatever order the edits came in. `edits` are in offset order (selectEdits).
 */
export function doubledBlankRemovals(text: string, edits: Edit[], by: string): Edit[] {
  const lineStart = (at: number): number => text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = (at: number): number => {
    const n = text.indexOf('\n', at);
    return n === -1 ? text.length : n + 1;
  };
  const blank = (s: number, e: number): boolean => e > s && /^[ \t]*\r?\n$/.test(text.slice(s, e));
  // Removed spans that are whole lines, merged when they touch.
  const spans = edits
    .filter((e) => e.text === '' && e.end > e.start && lineStart(e.start) === e.start && (e.end === text.length || lineStart(e.end) === e.end))
    .map((e) => ({ start: e.start, end: e.end }))
    .sort((a, b) => a.start - b.start);
  const runs: { start: number; end: number }[] = [];
  for (const s of spans) {
    const last = runs[runs.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else runs.push({ ...s });
  }
  // An insertion at the blank line's start stays set off by it; one at its end (the start of the
  // next line) follows whatever stands above, the blank line or the text before it that ends with
  // one: one run and the same edits made in two --select steps (where the insertion is already
  // text of the file when the lines go) keep the same blank lines (fuzz regression, seed 20261206
  // case 5955: the exec's prototype and slots inserted below the globals that moved).
  const touched = (s: number, e: number): boolean => edits.some((x) => (x.start === x.end ? x.start >= s && x.start < e : x.start < e && x.end > s));
  const out: Edit[] = [];
  for (const r of runs) {
    if (r.start === 0 || r.end >= text.length) continue;
    const belowEnd = lineEnd(r.end);
    if (!blank(r.end, belowEnd) || touched(r.end, belowEnd)) continue;
    // What the result has before that blank line: the line above, then what is inserted in the run.
    const inserted = edits.filter((x) => x.start === x.end && x.start >= r.start && x.start < r.end).map((x) => x.text);
    const before = text.slice(lineStart(r.start - 1), r.start) + inserted.join('');
    if (/(^|\n)[ \t]*\r?\n$/.test(before)) out.push({ start: r.end, end: belowEnd, text: '', by });
  }
  return out;
}
