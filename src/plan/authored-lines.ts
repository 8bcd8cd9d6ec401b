/**
 * A line as its author wrote it, for measuring the file's width: the state references an earlier run
 * of this tool wrote in place of a global or static type (`st->FooError` for `FooError`, `st->Counter_Type`
 * for `&Counter_Type`, the type creator call for `PyType_Ready(&Counter_Type)`) read as the text they
 * replaced. Those edits lengthen lines, past the file's width at times; measured as they are, they would
 * widen the file for the next run, which would wrap what it writes otherwise than one run
 * (multiphase-extend-state: static-type-to-heap alone first).
 */

/** A field an earlier run moved into the state: the name it had, and whether it was a static type (`&T`). */
interface MovedField {
  was: string;
  type: boolean;
}

/** Reads each line back as its author wrote it; the identity when no earlier run moved anything. */
export function authoredLineReader(text: string): (line: string) => string {
  const lines = text.split(/\r?\n/);
  const fields = new Map<string, MovedField>();
  const structs = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const same = /^\s*([^\s/*][^;]*);[ \t]+\/\* was: (.*?)(?:\*\/\s*)?$/.exec(lines[i]);
    // A note too long for its line goes above the field (a C-API table's).
    const above = !same && /^\s*\/\* was: (.*?)(?:\*\/\s*)?$/.exec(lines[i]);
    const decl = same ? same[1] : above && i + 1 < lines.length ? /^\s*([^\s/*#][^;]*);\s*$/.exec(lines[i + 1])?.[1] : undefined;
    const note = same ? same[2] : above ? above[1] : undefined;
    if (decl === undefined || note === undefined) continue;
    const field = lastName(decl.replace(/(\[[^\]]*\])+\s*$/, ''));
    const was = lastName(note.replace(/\s+in\s+\w+\(\).*$/, '').replace(/\s+\(.*$/, '').replace(/\s*=.*$/, '').replace(/(\[[^\]]*\])+\s*$/, ''));
    if (!field || !was) continue;
    fields.set(field, { was, type: /^(?:static\s+)?PyTypeObject\s+\w+\s*$/.test(note.replace(/\s*\*\/\s*$/, '')) });
    const close = lines.slice(i + 1).find((l) => /^\s*}/.test(l));
    const name = close && /^\s*}\s*([A-Za-z_]\w*)\s*;/.exec(close)?.[1];
    if (name) structs.add(name);
    const open = lines.slice(0, i).reverse().find((l) => /^\s*(?:typedef\s+)?struct\b/.test(l));
    const tagName = open && /^\s*(?:typedef\s+)?struct\s+([A-Za-z_]\w*)\s*\{?\s*$/.exec(open)?.[1];
    if (tagName) structs.add(tagName);
  }
  if (fields.size === 0 || structs.size === 0) return (l) => l;
  // The variables that point to the state: only their fields are the state's.
  const vars = new Set<string>();
  const declRe = new RegExp(`\\b(?:${[...structs].join('|')})\\s*\\*\\s*(?:const\\s+)?([A-Za-z_]\\w*)`, 'g');
  for (const m of text.matchAll(declRe)) vars.add(m[1]);
  if (vars.size === 0) return (l) => l;
  const v = [...vars].join('|');
  const creator = new RegExp(`\\b[A-Za-z_]\\w*_create_type\\((?:[^()]|\\([^()]*\\))*?&\\s*(?:${v})->(\\w+)\\s*(?:,\\s*\\d+\\s*)?\\)`, 'g');
  const member = new RegExp(`\\b(?:${v})->(\\w+)(\\s*->)?`, 'g');
  return (line) => {
    if (!line.includes('->')) return line;
    return line
      .replace(creator, (all, f: string) => {
        const m = fields.get(f);
        return m?.type ? `PyType_Ready(&${m.was})` : all;
      })
      .replace(member, (all, f: string, arrow: string | undefined) => {
        const m = fields.get(f);
        if (!m) return all;
        if (!m.type) return `${m.was}${arrow ?? ''}`;
        return arrow ? `${m.was}.` : `&${m.was}`;
      });
  };
}

function lastName(s: string): string | undefined {
  return /([A-Za-z_]\w*)\s*$/.exec(s.trim())?.[1];
}
