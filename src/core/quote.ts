/**
 * File names and messages as git prints them: a name with a control character, a quote, a
 * backslash or a non-ASCII byte is written in double quotes with C escapes (git's quote_c_style,
 * with core.quotePath on), so a newline in a name cannot fake a line of the report or of a
 * patch, and an escape sequence never reaches the terminal raw.
 */

const NAMED: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };

function needsQuoting(bytes: Buffer): boolean {
  for (const b of bytes) if (b < 0x20 || b === 0x22 || b === 0x5c || b >= 0x7f) return true;
  return false;
}

/** `name` as git quotes a path (its UTF-8 bytes); unchanged when nothing needs quoting. */
export function quotePath(name: string): string {
  const bytes = Buffer.from(name, 'utf8');
  if (!needsQuoting(bytes)) return name;
  let out = '"';
  for (const b of bytes) {
    if (NAMED[b] !== undefined) out += NAMED[b];
    else if (b < 0x20 || b >= 0x7f) out += '\\' + b.toString(8).padStart(3, '0');
    else out += String.fromCharCode(b);
  }
  return out + '"';
}

/** A diff header path with its `a/` or `b/` prefix, quoted as a whole as git does. */
export function quotePrefixed(prefix: string, name: string): string {
  return quotePath(prefix + name);
}

/** Control characters in free text (a message naming a file) as visible escapes; the rest as is. */
export function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (c) => NAMED[c.charCodeAt(0)] ?? '\\' + c.charCodeAt(0).toString(8).padStart(3, '0'));
}
