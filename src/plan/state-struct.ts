/**
 * The state struct's text: the struct one run generates (renderStruct, fields in their groups'
 * order after an earlier run's), and the module's own struct the fields go into (added at its end,
 * moved up above its users, or lifted into the state header of a multi-file extension).
 */
import * as path from 'path';
import type { TransformContext } from '../../transforms/types';
import type { FieldRequest } from './state-plan';
import { guardedRuns, guardAt } from '../core/conditions';
import { ownStructSpan } from './own-struct-move';
import { RewriteRefusal } from './refusal';
import { goesBefore, hintLine, hintOf } from './field-order-hints';
import { fileStyle } from './style-measure';

/** The state struct one run generates (typedef'd), or an earlier run's `prior` struct with this run's fields in their groups' order. */
export function renderStruct(ctx: TransformContext, prior?: NonNullable<TransformContext['plan']['ownStruct']>, hintWidth?: number): string {
  const p = ctx.plan;
  // A field of an anonymous struct type spans lines: its members go one level deeper, the note after its last line.
  const lastLine = (d: string): string => d.slice(d.lastIndexOf('\n') + 1);
  const old = prior ? priorFieldLines(prior) : undefined;
  const width = Math.max(...p.fields.map((f) => lastLine(fieldDecl(f)).length), ...(old ?? []).map((r) => r.measure ?? 0)) + 1;
  const fieldLines = (f: FieldRequest): string[] => {
    const d = fieldDecl(f)
      .split(/\r?\n/)
      .map((l, i) => (i === 0 ? l : `    ${l.trim() === '}' || /^\s*\}/.test(l) ? l.trim() : '    ' + l.trim()}`))
      .join('\n');
    const doc = f.doc ? f.doc.split(/\r?\n/).map((l) => `    ${l.trim().startsWith('*') ? ' ' + l.trim() : l.trim()}`) : [];
    // A partial run's struct in a .c file: where one run has the field, for a later run (field-order-hints).
    const hint = hintWidth !== undefined && !f.guard ? hintLine(p, f.name, present, '    ', hintWidth) : undefined;
    return [...(hint ? [hint] : []), ...doc, `    ${d}${' '.repeat(Math.max(1, width - lastLine(d).length))}/* was: ${f.was.replace(/\*\//g, '* /')} */`];
  };
  const present = new Set(p.fields.map((f) => f.name));
  const lines = guardedRuns(p.fields, (f) => f.guard, fieldLines);
  const priorSpecs = prior ? [...prior.file.source.text.matchAll(/^extern PyType_Spec ([A-Za-z_]\w*);/gm)].map((m) => m[1]) : [];
  const specs = [...new Set([...priorSpecs, ...p.externSpecs])].map((s) => `extern PyType_Spec ${s};`);
  // An earlier run's struct: its lines as they were (notes aligned again with the new ones), then the new fields.
  const oldLines = (old ?? []).map((r) => (r.measure === undefined || r.above ? r.line : `${r.line}${r.gap ?? ' '.repeat(Math.max(1, width - r.measure))}${r.note}`));
  const tagged = p.structTag || (prior !== undefined && new RegExp(`typedef struct ${p.names.struct} \\{`).test(prior.file.source.text));
  const body = prior && old ? inFieldOrder(old, oldLines, p.fields, fieldLines) : undefined;
  return [tagged ? `typedef struct ${p.names.struct} {` : 'typedef struct {', ...(body ?? [...oldLines, ...lines]), `} ${p.names.struct};`, '', ...(specs.length > 0 ? [...specs, ''] : [])].join('\n');
}

/** An earlier run's field (its doc comment above it included), or its run of fields under one `#if` (`open`, `endif`: that line's index). */
interface OldUnit {
  start: number;
  group: number;
  open?: string;
  endif?: number;
  /** A field's name, and the field one run puts before it (its hint line, field-order-hints). */
  name?: string;
  hint?: string;
}

/**
 * An earlier run's field lines with the new fields' where one run puts them: each before the first
 * old field (or `#if` run of fields) of a later group (fieldGroup), a field under an `#if` at the end
 * of the last old run under the same one (request() keeps them together); undefined when the old
 * lines hold a field of several lines or `#if`s other than runs of fields.
 */
function inFieldOrder(old: PriorLine[], oldLines: string[], fields: FieldRequest[], render: (f: FieldRequest) => string[]): string[] | undefined {
  const units = oldUnits(old);
  if (!units) return undefined;
  const before = new Map<number, FieldRequest[]>();
  const intoRun = new Map<number, FieldRequest[]>();
  const atEnd: FieldRequest[] = [];
  const add = (m: Map<number, FieldRequest[]>, at: number, f: FieldRequest): void => void m.set(at, [...(m.get(at) ?? []), f]);
  for (const f of fields) {
    const run = f.guard ? units.filter((u) => u.open === f.guard!.open.trim()).pop() : undefined;
    if (run) add(intoRun, run.endif!, f);
    else {
      const later = units.find((u) => u.group > requestGroup(f));
      if (later) add(before, later.start, f);
      else atEnd.push(f);
    }
  }
  const runs = (fs: FieldRequest[] | undefined): string[] => (fs ? guardedRuns(fs, (f) => f.guard, render) : []);
  return [...oldLines.flatMap((l, i) => [...runs(before.get(i)), ...(intoRun.get(i) ?? []).flatMap(render), l]), ...runs(atEnd)];
}

/** The old lines as fields and `#if` runs of fields (not nested, no #else), or undefined. */
function oldUnits(old: PriorLine[]): OldUnit[] | undefined {
  const units: OldUnit[] = [];
  const groupOf = (r: PriorLine): number => fieldGroup(/\/\* was: (.*) \*\//.exec(r.was ?? r.note ?? '')?.[1] ?? '');
  let doc: number | undefined;
  let run: OldUnit | undefined;
  for (let i = 0; i < old.length; i++) {
    const r = old[i];
    if (r.cont) continue; // the rest of a wrapped note
    const directive = /^\s*#\s*(\w+)/.exec(r.line)?.[1];
    if (directive !== undefined) {
      if (/^if(n?def)?$/.test(directive) && !run && doc === undefined) run = { start: i, group: 0, open: r.line.trim() };
      else if (directive === 'endif' && run && run.group > 0) {
        units.push({ ...run, endif: i });
        run = undefined;
      } else return undefined;
    } else if (r.measure !== undefined) {
      if (run) run.group ||= groupOf(r);
      else units.push({ start: doc ?? i, group: groupOf(r), name: /(\w+)(?:\[[^\]]*\])*;$/.exec(r.line)?.[1], hint: doc !== undefined ? hintOf(old[doc].line) : undefined });
      doc = undefined;
    } else if (/^\s*(\/\*|\*)/.test(r.line)) {
      if (!run) doc ??= i;
    } else return undefined;
  }
  return run ? undefined : units;
}

/**
 * The body lines of the state struct an earlier run generated: a field line as its declaration (to the
 * `;`), the width renderStruct measured it with, and its note; other lines (#if, doc comments) as they are.
 */
function priorFieldLines(own: NonNullable<TransformContext['plan']['ownStruct']>): PriorLine[] {
  const t = own.file.source.text;
  const bodyStart = t.indexOf('\n', t.indexOf('{', own.def.start)) + 1;
  const close = own.file.source.lineStart(own.def.end - 1);
  const lines = t.slice(bodyStart, close).split(/\r?\n/).slice(0, -1);
  const out: PriorLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = /^(.*?;)[ \t]+(\/\* was: .*\*\/)[ \t]*$/.exec(line);
    // The last line of a multi-line field ("    } name;") is measured with its indentation, a one-line field without the row's.
    const measure = (d: string): number => (/^\s*\}/.test(d) ? d.length : d.length - 4);
    if (m) {
      out.push({ line: m[1], measure: measure(m[1]), note: m[2] });
      continue;
    }
    // A note the file's width wrapped (renderStruct's line, styled): continued under its own start.
    const w = /^(.*?;)([ \t]+)(\/\* was: .*)$/.exec(line.trimEnd());
    const cont = w ? wrappedNoteEnd(lines, i, w[1].length + w[2].length) : undefined;
    if (w && cont !== undefined) {
      out.push({ line: w[1], measure: measure(w[1]), note: w[3], gap: w[2], was: [w[3], ...lines.slice(i + 1, cont + 1).map((l) => l.trim())].join(' ') });
      for (let k = i + 1; k <= cont; k++) out.push({ line: lines[k].trimEnd(), cont: true });
      i = cont;
      continue;
    }
    // A note too long for its column, above the declaration: the declaration's row has it as its note.
    const above = noteAbove(lines, i);
    if (above !== undefined) {
      out.push({ line: line.trimEnd(), measure: measure(line.trimEnd()), note: above, above: true });
      continue;
    }
    out.push({ line: line.trimEnd() });
  }
  return out;
}

/** A body line of an earlier run's struct (priorFieldLines). */
interface PriorLine {
  line: string;
  /** The width renderStruct measured the field with (a field's row). */
  measure?: number;
  /** Its `/* was: ... *\/` note (from the line above for `above`, the first line of a wrapped one). */
  note?: string;
  /** A wrapped note whole, on one line (its group: fieldGroup). */
  was?: string;
  /** The note is on the lines above the declaration (too long for its column). */
  above?: boolean;
  /** The note wraps onto the next lines (`cont`): its gap stays, or the continuation would be off. */
  gap?: string;
  cont?: boolean;
}

/** The last line of a note wrapped from line i, each continuation indented to column `col`; undefined if it is none. */
function wrappedNoteEnd(lines: string[], i: number, col: number): number | undefined {
  for (let k = i + 1; k < lines.length; k++) {
    const l = lines[k];
    // (wrap() continues a comment three columns in, under the text after `/* `.)
    if (l.length <= col || l.slice(0, col).trim() !== '' || !/^ {0,3}\S/.test(l.slice(col))) return undefined;
    if (/\*\/[ \t]*$/.test(l)) return k;
  }
  return undefined;
}

/**
 * The note of a declaration (one line, no note after it) whose lines above are a `/* was: ... *\/` note
 * (renderStruct's, moved above by the file's width), joined into one line; undefined otherwise.
 */
function noteAbove(lines: string[], i: number): string | undefined {
  if (!/^\s*[A-Za-z_][^;/{}#]*;\s*$/.test(lines[i]) || i === 0 || !/\*\/[ \t]*$/.test(lines[i - 1])) return undefined;
  let k = i - 1;
  while (k >= 0 && !/^\s*\/\*/.test(lines[k])) {
    if (!/^\s*\*/.test(lines[k])) return undefined;
    k--;
  }
  if (k < 0 || !/^\s*\/\* was: /.test(lines[k])) return undefined;
  return lines.slice(k, i).map((l, j) => (j === 0 ? l.trim() : l.trim().replace(/^\*(?!\/)\s?/, ''))).join(' ');
}

/** The fields and #if runs of fields (oldUnits) of a struct an earlier run generated, with where each body line starts. */
function priorUnits(own: NonNullable<TransformContext['plan']['ownStruct']>): { units: OldUnit[]; lineAt: number[] } | undefined {
  const units = oldUnits(priorFieldLines(own));
  if (!units) return undefined;
  const t = own.file.source.text;
  const lineAt: number[] = [];
  for (let at = t.indexOf('\n', t.indexOf('{', own.def.start)) + 1; at < own.def.end; at = t.indexOf('\n', at) + 1) {
    lineAt.push(at);
    if (t.indexOf('\n', at) === -1) break;
  }
  return { units, lineAt };
}

function fieldDecl(f: { name: string; ctype: string; arrayLen?: string; innerDims?: string }): string {
  const star = f.ctype.endsWith('*') ? '' : ' ';
  return `${f.ctype}${star}${f.name}${f.arrayLen !== undefined ? `[${f.arrayLen}]${f.innerDims ?? ''}` : ''};`;
}

/**
 * The order one run writes state fields in: by the transform that asks for them (registry order: globals,
 * function statics, static types, C-API tables), read from the field's note. A later run puts its new
 * fields (and their visits) after the earlier run's of the same or an earlier group, so that runs in steps
 * write the struct one run writes (fields under #if keep to their own runs: not reordered).
 */
export function fieldGroup(was: string): number {
  if (/\(the exported C-API table\)$/.test(was)) return 4;
  if (/^(?:static )?PyTypeObject \w+$/.test(was)) return 3;
  if (/ in \w+\(\)$/.test(was)) return 2;
  return 1;
}

/** Each field transform's group: its place in one run's order (registry order). */
const TRANSFORM_GROUP: Readonly<Record<string, number>> = { 'globals-to-state': 1, 'function-statics-to-state': 2, 'static-type-to-heap': 3, 'capsule-api-to-state': 4 };

/**
 * The group of a field this run requests: its transform's (a struct sequence type globals-to-state
 * moves is one run's global, though its note reads like a static type's), else its note's.
 */
export function requestGroup(f: Pick<FieldRequest, 'was' | 'from'>): number {
  return TRANSFORM_GROUP[f.from] ?? fieldGroup(f.was);
}

/** The fields of a struct an earlier run generated, by name: their group and where their lines (and doc above) start. */
export function priorFields(own: NonNullable<TransformContext['plan']['ownStruct']>): Map<string, { group: number; start: number; hint?: string }> | undefined {
  const src = own.file.source;
  const t = src.text;
  const bodyStart = t.indexOf('\n', t.indexOf('{', own.def.start)) + 1;
  const close = src.lineStart(own.def.end - 1);
  const body = t.slice(bodyStart, close);
  if (/^[ \t]*#/m.test(body)) return undefined;
  const out = new Map<string, { group: number; start: number; hint?: string }>();
  let docStart: number | undefined;
  let hint: string | undefined;
  let at = bodyStart;
  for (const r of priorFieldLines(own)) {
    const lineAt = at;
    at = t.indexOf('\n', at) + 1;
    if (r.cont || r.line.trim() === '') continue; // (the rest of a wrapped note)
    const name = r.measure !== undefined ? /(\w+)(?:\[[^\]]*\])*;$/.exec(r.line)?.[1] : undefined;
    if (name) {
      out.set(name, { group: fieldGroup(/\/\* was: (.*) \*\//.exec(r.was ?? r.note ?? '')?.[1] ?? ''), start: docStart ?? lineAt, hint });
      docStart = undefined;
      hint = undefined;
    } else if (/^\s*(\/\*|\*)/.test(r.line)) {
      if (docStart === undefined) hint = hintOf(r.line);
      docStart ??= lineAt;
    }
    else return undefined; // a field of several lines: left in place
  }
  return out;
}

/**
 * The module's own struct, defined in the def's file, taken out of it whole (with the comment
 * above it) and returned with its new fields, for the state header that every file using the state
 * includes; a refusal when it is not a declaration of its own at file scope outside any #if.
 */
export function liftOwnStruct(ctx: TransformContext, own: NonNullable<TransformContext['plan']['ownStruct']>): string {
  const file = own.file;
  const src = file.source;
  const span = ownStructSpan(file, own.def);
  const refuse = (why: string): never => {
    throw new RewriteRefusal(`the module's own state struct ${own.type} is defined in ${path.basename(file.path)} and other files need the state, but it ${why}, so it cannot move into the state header: move it into a header those files include`);
  };
  if (!span) refuse('shares its lines with other declarations');
  if (guardAt(file.parsed.lex, own.def.start, src.text) !== undefined) refuse('is defined under an #if');
  const { where, added } = ownFieldLines(ctx, own);
  const text = src.text;
  // A blank line on each side of it in the file: one of them goes with it.
  const blankAfter = /^[ \t]*\r?\n/.exec(text.slice(span!.end));
  const blankBefore = span!.start > 0 && text.slice(src.lineStart(span!.start - 1), span!.start).trim() === '';
  ctx.replace(file, span!.start, span!.end + (blankAfter && blankBefore ? blankAfter[0].length : 0), '');
  return `${text.slice(span!.start, where)}${added}${text.slice(where, span!.end)}`.replace(/\r\n/g, '\n');
}

/** The new fields' lines for the module's own struct, in its layout, and where they go (the closing brace's line). */
function ownFieldLines(ctx: TransformContext, own: NonNullable<TransformContext['plan']['ownStruct']>, gap: (decl: string) => string = () => ' '): { where: number; added: string; closeOnOwnLine: boolean; fieldLines: (f: FieldRequest) => string[] } {
  const src = own.file.source;
  const close = own.def.end - 1;
  const firstField = src.text.indexOf('\n', src.text.indexOf('{', own.def.start)) + 1;
  const indent = firstField > 0 && firstField < close ? src.indentAt(firstField) || src.indentUnit : src.indentUnit;
  const fieldLines = (f: FieldRequest): string[] => {
    const d = fieldDecl(f);
    const doc = f.doc ? f.doc.split(/\r?\n/).map((l) => `${indent}${l.trim().startsWith('*') ? ' ' + l.trim() : l.trim()}`) : [];
    return [...doc, `${indent}${d}${gap(d)}/* was: ${f.was.replace(/\*\//g, '* /')} */`];
  };
  const lines = guardedRuns(ctx.plan.fields, (f) => f.guard, fieldLines);
  const at = src.lineStart(close);
  const closeOnOwnLine = src.text.slice(at, close).trim() === '';
  const where = closeOnOwnLine ? at : close;
  return { where, added: (closeOnOwnLine ? '' : src.eol) + lines.join(src.eol) + src.eol, closeOnOwnLine, fieldLines };
}

/** New fields at the end of the module's own state struct, in its layout. */
export function addOwnFields(ctx: TransformContext, own: NonNullable<TransformContext['plan']['ownStruct']>): void {
  const src = own.file.source;
  // The struct an earlier run generated: its notes aligned with the new fields', as one run aligns them.
  const aligned = generatedStruct(own);
  const lastLine = (d: string): string => d.slice(d.lastIndexOf('\n') + 1);
  const width = aligned ? Math.max(...ctx.plan.fields.map((f) => lastLine(fieldDecl(f)).length), ...aligned.map((r) => r.measure)) + 1 : 0;
  const gap = (d: string): string => (aligned ? ' '.repeat(Math.max(1, width - lastLine(d).length)) : ' ');
  const { where, added, closeOnOwnLine, fieldLines } = ownFieldLines(ctx, own, gap);
  for (const r of aligned ?? []) {
    if (r.fixed) continue;
    const pad = ' '.repeat(Math.max(1, width - r.measure));
    if (src.text.slice(r.padStart, r.padEnd) !== pad) ctx.replace(own.file, r.padStart, r.padEnd, pad);
  }
  const move = ctx.plan.ownStructMoved;
  const prior = aligned && !move && closeOnOwnLine ? priorUnits(own) : undefined;
  if (prior) {
    // Each new field before the earlier run's first of a later group (see fieldGroup), one under an
    // #if at the end of the earlier run's fields under the same #if.
    const standalone = new Map<number, FieldRequest[]>();
    const intoRun = new Map<number, FieldRequest[]>();
    const add = (m: Map<number, FieldRequest[]>, at: number, f: FieldRequest): void => void m.set(at, [...(m.get(at) ?? []), f]);
    for (const f of ctx.plan.fields) {
      const run = f.guard ? prior.units.filter((u) => u.open === f.guard!.open.trim()).pop() : undefined;
      const later = prior.units.find((u) => u.group > requestGroup(f) || goesBefore(ctx.plan, f.name, u.hint));
      if (run) add(intoRun, prior.lineAt[run.endif!], f);
      else add(standalone, later ? prior.lineAt[later.start] : where, f);
    }
    // Where one run has each field, for a later run (a partial run writes it again, else it goes): field-order-hints.
    const present = new Set([...prior.units.flatMap((u) => (u.name ? [u.name] : [])), ...ctx.plan.fields.map((f) => f.name)]);
    const hintWidth = fileStyle(own.file).maxWidth;
    const indent = src.indentAt(prior.lineAt[0] ?? where) || src.indentUnit;
    const hinted = (f: FieldRequest): string[] => {
      const h = f.guard ? undefined : hintLine(ctx.plan, f.name, present, indent, hintWidth);
      return [...(h ? [h] : []), ...fieldLines(f)];
    };
    const hints = new Map<number, { end: number; text: string }>();
    for (const u of prior.units) {
      if (u.open !== undefined) continue;
      const at = prior.lineAt[u.start];
      const h = u.name ? hintLine(ctx.plan, u.name, present, indent, hintWidth) : undefined;
      if (u.hint !== undefined || h) hints.set(at, { end: u.hint !== undefined ? src.lineEndIncludingEol(at) : at, text: h ? h + src.eol : '' });
    }
    ctx.plan.structOrder = [...prior.units.flatMap((u) => [...(standalone.get(prior.lineAt[u.start]) ?? []).map((f) => f.name), ...(u.name ? [u.name] : [])]), ...(standalone.get(where) ?? []).map((f) => f.name)];
    for (const [at, fs] of intoRun) ctx.insert(own.file, at, fs.flatMap(fieldLines).join(src.eol) + src.eol, 0);
    for (const [at, fs] of standalone) {
      const text = guardedRuns(fs, (f) => f.guard, hinted).join(src.eol) + src.eol;
      const h = hints.get(at);
      hints.delete(at);
      if (h) ctx.replace(own.file, at, h.end, text + h.text);
      else ctx.insert(own.file, at, text, 0);
    }
    for (const [at, h] of hints) {
      if (h.end > at) ctx.replace(own.file, at, h.end, h.text);
      else ctx.insert(own.file, at, h.text, 0);
    }
    return;
  }
  // An earlier partial run's hints this run cannot place by: they go (one run writes none).
  if (aligned && !move) for (const at of hintLineStarts(own)) ctx.replace(own.file, at, src.lineEndIncludingEol(at), '');
  const noted = !aligned && !move && closeOnOwnLine ? notedFields(own) : undefined;
  if (noted && noted.length > 0) {
    // The module's own struct: the author's fields first, then the fields runs of this tool added, in
    // one run's order (fieldGroup): each new field before an earlier run's first of a later group.
    const at = new Map<number, FieldRequest[]>();
    for (const f of ctx.plan.fields) {
      const later = noted.find((n) => n.group > requestGroup(f));
      at.set(later ? later.start : where, [...(at.get(later ? later.start : where) ?? []), f]);
    }
    for (const [pos, fs] of at) ctx.insert(own.file, pos, guardedRuns(fs, (f) => f.guard, fieldLines).join(src.eol) + src.eol, 0);
    return;
  }
  if (!move) {
    ctx.insert(own.file, where, added, 0);
    return;
  }
  // Moved up whole, with its new fields, above the functions that need it.
  const text = src.text;
  ctx.replace(own.file, move.start, move.end, '');
  const unhinted = (t: string): string => (aligned ? t.split(/(?<=\n)/).filter((l) => hintOf(l) === undefined).join('') : t);
  ctx.insert(own.file, move.to, `${unhinted(text.slice(move.start, where))}${added}${text.slice(where, move.end)}${src.eol}`, 0);
}

/** Where the hint lines (field-order-hints) of a struct an earlier run generated start. */
function hintLineStarts(own: NonNullable<TransformContext['plan']['ownStruct']>): number[] {
  const src = own.file.source;
  const out: number[] = [];
  for (let at = src.lineStart(own.def.start); at < own.def.end; at = src.lineEndIncludingEol(at)) {
    if (hintOf(src.text.slice(at, src.lineEndIncludingEol(at))) !== undefined) out.push(at);
    if (src.lineEndIncludingEol(at) <= at) break;
  }
  return out;
}

/**
 * The fields an earlier run added to the module's own struct (a one-line declaration with its `/* was:
 * ... *\/` note after it), in order: their group and where their lines (a doc comment above included)
 * start; undefined when the struct has `#if` lines or a note that does not end on its line (left at
 * the end, as before).
 */
function notedFields(own: NonNullable<TransformContext['plan']['ownStruct']>): { group: number; start: number }[] | undefined {
  const src = own.file.source;
  const t = src.text;
  const bodyStart = t.indexOf('\n', t.indexOf('{', own.def.start)) + 1;
  const close = src.lineStart(own.def.end - 1);
  if (bodyStart <= 0 || bodyStart > close) return undefined;
  const out: { group: number; start: number }[] = [];
  let doc: number | undefined;
  for (let at = bodyStart; at < close; at = src.lineEndIncludingEol(at)) {
    const line = t.slice(at, src.lineEndIncludingEol(at)).trimEnd();
    if (/^\s*#/.test(line) || (/\/\* was: /.test(line) && !/\*\/$/.test(line))) return undefined;
    const note = /^\s*[^\s/*][^;]*;[ \t]+\/\* was: (.*) \*\/$/.exec(line);
    if (note) out.push({ group: fieldGroup(note[1]), start: doc ?? at });
    // A doc comment goes with the field below it.
    doc = /^\s*(\/\*|\*)/.test(line) && !note ? (doc ?? at) : undefined;
  }
  return out;
}

/**
 * The field lines of a state struct this tool generated in a .c file (the note above it says so): where the
 * padding before each `/* was: ... *\/` note is, and the width renderStruct measured the field with.
 */
export function generatedStruct(own: NonNullable<TransformContext['plan']['ownStruct']>): { padStart: number; padEnd: number; measure: number; fixed?: boolean }[] | undefined {
  const src = own.file.source;
  const start = src.lineStart(own.def.start);
  const above = src.text.slice(src.lineStart(Math.max(0, start - 1)), start).trim();
  if (above !== '/* Module state: what used to be C globals (pyext-isolate). */') return undefined;
  const out: { padStart: number; padEnd: number; measure: number; fixed?: boolean }[] = [];
  const re = /^([ \t]*)(\S[^\n]*?;)([ \t]+)\/\* was: [^\n]*\*\/[ \t]*\r?$/gm;
  const body = src.text.slice(start, own.def.end);
  for (const m of body.matchAll(re)) {
    const padStart = start + m.index! + m[1].length + m[2].length;
    // The last line of a multi-line field ("} name;") is measured with the indentation renderStruct gave it.
    out.push({ padStart, padEnd: padStart + m[3].length, measure: m[2].length + (m[2].startsWith('}') ? 4 : 0) });
  }
  // A note the file's width wrapped, or moved above its declaration: the field counts in the width, its
  // layout stays (a new padding would need the note wrapped again).
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const w = /^([ \t]*)(\S[^\n]*?;)([ \t]+)\/\* was: .*$/.exec(lines[i].trimEnd());
    if (w && !/\*\/$/.test(w[0]) && wrappedNoteEnd(lines, i, w[2].length + w[3].length + w[1].length) !== undefined) out.push({ padStart: -1, padEnd: -1, measure: w[2].length, fixed: true });
    else if (noteAbove(lines, i) !== undefined) out.push({ padStart: -1, padEnd: -1, measure: lines[i].trim().length, fixed: true });
  }
  return out;
}
