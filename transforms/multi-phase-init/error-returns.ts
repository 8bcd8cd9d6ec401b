// The init function's error value, spelled once: `return NULL;`, `return 0;` or
// `return (PyObject *)NULL;` are what becomes the exec function's `return -1;`.

const ERROR_VALUE = String.raw`(?:NULL|0|\(\s*PyObject\s*\*\s*\)\s*NULL)`;

/** Whether one `return ...` (without its ';') returns the init's error value. */
export function returnsErrorValue(statement: string): boolean {
  return new RegExp(String.raw`^return\s+${ERROR_VALUE}$`).test(statement.trim());
}

/** Each `return <error value>` in `text`: the offset and length of the value (what `-1` replaces). */
export function errorValuesReturned(text: string): { at: number; length: number }[] {
  const rr = new RegExp(String.raw`\breturn\s+(${ERROR_VALUE})\b`, 'g');
  const found: { at: number; length: number }[] = [];
  for (let x = rr.exec(text); x !== null; x = rr.exec(text)) found.push({ at: x.index + x[0].length - x[1].length, length: x[1].length });
  return found;
}

/** `text` with each `return <error value>;` as the exec's `return -1;`. */
export function asExecErrorReturns(text: string): string {
  return text.replace(new RegExp(String.raw`\breturn\s+${ERROR_VALUE}\s*;`, 'g'), 'return -1;');
}
