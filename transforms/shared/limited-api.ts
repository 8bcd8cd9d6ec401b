/**
 * The limited API a module is built for: a `#define Py_LIMITED_API` in one of its files, else one the
 * build gives (config `defines`, compile_commands.json). The headers test `Py_LIMITED_API+0 >= X`, so
 * an empty definition in the source and `-DPy_LIMITED_API` (which is `1`) both mean the 3.2 stable ABI.
 */
import type { FileModel } from '../../src/model/types';
import type { TransformContext } from '../types';

export interface LimitedApi {
  /** The PY_VERSION_HEX it selects (0 for the bare 3.2 ABI). */
  value: number;
  /** What defines it: `Py_LIMITED_API without a version`, `Py_LIMITED_API=0x03080000 in setup.py`. */
  source: string;
  /** The `#define` line, when a file of the module has one. */
  at?: { file: FileModel; start: number; end: number };
}

/** `of 3.2`, `of 3.8`: the version a value selects. */
export function limitedApiLabel(value: number): string {
  return value < 0x03020000 ? 'of 3.2' : `of ${value >> 24}.${(value >> 16) & 0xff}`;
}

export function limitedApiDefines(file: FileModel): { rest: string; start: number; end: number }[] {
  if (!file.allIdentifiers.has('Py_LIMITED_API')) return [];
  return file.parsed.lex.directives.filter((d) => d.kind === 'define' && /^Py_LIMITED_API\b/.test(d.rest));
}

/** The value a definition's text selects; `bare` is what an empty one means. Undefined when not a number. */
export function limitedApiValue(body: string, bare: string): number | undefined {
  const text = body === '' ? bare : body;
  return text === '' ? 0 : /^(0x[0-9a-fA-F]+|\d+)[uUlL]*$/.test(text) ? Number(text.replace(/[uUlL]+$/, '')) : undefined;
}

/** The first limited API the module's files define, else the build's; undefined when it is not built for one (or it cannot be read). */
export function limitedApiOf(ctx: TransformContext): LimitedApi | undefined {
  for (const file of ctx.ext.files) {
    for (const d of limitedApiDefines(file)) {
      const body = /^Py_LIMITED_API\b\s*(\S*)/.exec(d.rest)![1].replace(/\/\*.*$/, '');
      const value = limitedApiValue(body, '');
      if (value !== undefined) return { value, source: `Py_LIMITED_API${body === '' ? ' without a version' : ` ${body}`}`, at: { file, start: d.start, end: d.end } };
    }
  }
  const given = ctx.options.defines.find((d) => /^Py_LIMITED_API(=|$)/.test(d.define));
  if (given === undefined) return undefined;
  const value = limitedApiValue(given.define.slice('Py_LIMITED_API='.length), '1');
  return value === undefined ? undefined : { value, source: `${given.define} in ${given.from}` };
}
