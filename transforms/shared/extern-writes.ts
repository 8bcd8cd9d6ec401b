/**
 * C data that a file of the extension declares `extern` and none of its files defines (a vendored
 * library's setting: Polygon3's `extern double GPC_EPSILON;` of gpc.c), written by the extension's
 * functions: one variable per process, which every interpreter shares. Nothing else reports it, as
 * no global of the extension stands behind the name.
 */
import type { ExtensionModel, FileModel, FunctionInfo } from '../../src/model/types';
import { indexIdentifiers } from '../../src/model/identifiers';
import { enclosingFunction, inBody } from '../../src/model/functions';
import { namesDeclaredIn } from '../../src/model/declared-names';
import { useKindAt } from '../../src/model/globals';
import { inDirective } from '../../src/core/macro-scan';

export interface ExternWrite {
  name: string;
  /** The file whose `extern` declaration the finding points at, and its span. */
  file: FileModel;
  start: number;
  end: number;
  /** The first write, in a function of the extension. */
  writer: FunctionInfo;
  writeFile: FileModel;
}

export function externWrites(ext: ExtensionModel): ExternWrite[] {
  return [...externWriteSites(ext).values()].map((sites) => sites[0]);
}

/** Every write of such data, by name (the first one first): the functions that set a library's or the process's own variables. */
export function externWriters(ext: ExtensionModel): Map<string, FunctionInfo[]> {
  return new Map([...externWriteSites(ext)].map(([name, sites]) => [name, [...new Set(sites.map((s) => s.writer))]]));
}

const sitesByExtension = new WeakMap<ExtensionModel, Map<string, ExternWrite[]>>();

function externWriteSites(ext: ExtensionModel): Map<string, ExternWrite[]> {
  const known = sitesByExtension.get(ext);
  if (known) return known;
  const out = new Map<string, ExternWrite[]>();
  sitesByExtension.set(ext, out);
  const defined = new Set(ext.globals.filter((g) => g.scope !== 'function').map((g) => g.name));
  const declared = new Map<string, { file: FileModel; start: number; end: number }>();
  for (const file of ext.files) {
    for (const d of file.externDecls) if (!defined.has(d.name) && !declared.has(d.name)) declared.set(d.name, { file, start: d.declStart, end: d.declEnd });
  }
  if (declared.size === 0) return out;
  for (const file of ext.files) {
    const text = file.source.text;
    const uses = indexIdentifiers(text, file.parsed.gaps, (n) => declared.has(n));
    for (const [name, offsets] of uses) {
      for (const at of offsets) {
        const func = inBody(enclosingFunction(file, at), at);
        if (!func || inDirective(file.parsed.lex, at) || namesDeclaredIn(func).has(name)) continue;
        if (text[at - 1] === '.' || (text[at - 1] === '>' && text[at - 2] === '-')) continue; // a member of that name
        const kind = useKindAt(text, at, at + name.length);
        if (kind !== 'write' && kind !== 'member-write') continue;
        const decl = file.externDecls.find((d) => d.name === name);
        const where = out.has(name) ? out.get(name)![0] : decl ? { file, start: decl.declStart, end: decl.declEnd } : declared.get(name)!;
        const list = out.get(name) ?? [];
        list.push({ name, file: where.file, start: where.start, end: where.end, writer: func, writeFile: file });
        out.set(name, list);
      }
    }
  }
  return out;
}
