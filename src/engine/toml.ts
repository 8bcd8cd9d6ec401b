/**
 * A small TOML reader for the parts of pyproject.toml we read: tables, dotted table headers,
 * strings, numbers, booleans, arrays and inline tables. Anything else is skipped, not fatal.
 */
export type TomlValue = string | number | boolean | TomlValue[] | { [k: string]: TomlValue };
export type TomlTable = { [k: string]: TomlValue };

export function parseToml(text: string): TomlTable {
  const root: TomlTable = {};
  let current: TomlTable = root;
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = stripComment(lines[i]).trim();
    if (line === '') continue;
    const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
    if (header) {
      current = root;
      for (const key of splitKey(header[1])) {
        if (typeof current[key] !== 'object' || Array.isArray(current[key])) current[key] = {};
        current = current[key] as TomlTable;
      }
      continue;
    }
    const eq = line.indexOf('=');
    if (eq === -1) continue;
    const keys = splitKey(line.slice(0, eq).trim());
    let rest = line.slice(eq + 1).trim();
    // Multi-line arrays and strings: keep reading until brackets balance.
    while ((balance(rest) > 0 || (rest.startsWith('"""') && rest.split('"""').length < 3)) && i + 1 < lines.length) {
      i++;
      line = stripComment(lines[i]);
      rest += '\n' + line;
    }
    let target = current;
    for (const k of keys.slice(0, -1)) {
      if (typeof target[k] !== 'object' || Array.isArray(target[k])) target[k] = {};
      target = target[k] as TomlTable;
    }
    const v = parseValue(rest.trim());
    if (v !== undefined) target[keys[keys.length - 1]] = v;
  }
  return root;
}

function stripComment(line: string): string {
  let inStr: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inStr) {
      if (c === '\\' && inStr === '"') i++;
      else if (c === inStr) inStr = null;
    } else if (c === '"' || c === "'") inStr = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

function balance(s: string): number {
  let d = 0;
  let inStr: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      if (c === '\\' && inStr === '"') i++;
      else if (c === inStr) inStr = null;
    } else if (c === '"' || c === "'") inStr = c;
    else if (c === '[' || c === '{') d++;
    else if (c === ']' || c === '}') d--;
  }
  return d;
}

function splitKey(k: string): string[] {
  const out: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*\.?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(k)) !== null && m[0] !== '') {
    const part = m[1];
    out.push(part.startsWith('"') || part.startsWith("'") ? part.slice(1, -1) : part);
  }
  return out;
}

function parseValue(s: string): TomlValue | undefined {
  if (s.startsWith('"""')) return s.slice(3, s.lastIndexOf('"""')).replace(/^\n/, '');
  if (s.startsWith('"')) return JSON.parse(s.slice(0, endOfString(s) + 1)) as string;
  if (s.startsWith("'")) return s.slice(1, s.indexOf("'", 1));
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (/^[+-]?\d[\d_]*(\.\d+)?$/.test(s)) return Number(s.replace(/_/g, ''));
  if (s.startsWith('[')) return splitItems(s.slice(1, s.lastIndexOf(']'))).map(parseValue).filter((v): v is TomlValue => v !== undefined);
  if (s.startsWith('{')) {
    const t: TomlTable = {};
    for (const item of splitItems(s.slice(1, s.lastIndexOf('}')))) {
      const eq = item.indexOf('=');
      if (eq === -1) continue;
      const v = parseValue(item.slice(eq + 1).trim());
      if (v !== undefined) t[splitKey(item.slice(0, eq).trim()).join('.')] = v;
    }
    return t;
  }
  return undefined;
}

function endOfString(s: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return s.length - 1;
}

function splitItems(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inStr: string | null = null;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      cur += c;
      if (c === '\\' && inStr === '"') cur += s[++i] ?? '';
      else if (c === inStr) inStr = null;
      continue;
    }
    if (c === '"' || c === "'") inStr = c;
    if (c === '[' || c === '{') depth++;
    if (c === ']' || c === '}') depth--;
    if (c === ',' && depth === 0) {
      if (cur.trim() !== '') out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}
