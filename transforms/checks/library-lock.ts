/**
 * A process-wide pthread mutex taken only around C code (cracklib 2.9.6's `_cracklib`:
 * `static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;`, `LOCK(); r = FascistCheck(...); UNLOCK();`).
 * It protects something of the process (a C library that is not thread-safe), so per process is
 * what it must stay, and a pthread mutex may be taken from any thread of any interpreter. With no
 * Python API and no function of the extension called while it is held, it cannot deadlock against an
 * interpreter's GIL; touching no global or static of the extension, it guards nothing that may
 * become per module: it is right as it is. Anything else (a lock held across Python or over the
 * extension's data, trylock, condition variables, a lock taken in one function and released in
 * another) stays a finding.
 */
import type { FunctionInfo, GlobalVar } from '../../src/model/types';
import type { TransformContext } from '../types';
import { macroAt, usesOf } from '../../src/model/macro-users';
import { enclosingFunction, inBody } from '../../src/model/functions';
import { inDirectiveLine } from '../../src/model/globals';
import { codeOfBody, withoutComments } from '../../src/core/macro-scan';

type Site = { func: FunctionInfo; op: 'lock' | 'unlock'; start: number; end: number };

const CALL_BEFORE = /pthread_mutex_(lock|unlock)\s*\(\s*&\s*$/;

/**
 * The functions that take the lock, when it is only ever held around C code; else undefined, or why
 * not when it is a lock taken and released as such but held over more than C code.
 */
export function lockAroundCCode(g: GlobalVar, ctx: TransformContext): FunctionInfo[] | { why: string } | undefined {
  if (g.scope !== 'file' || !/\bpthread_mutex_t\b/.test(g.ctype) || g.pointerDepth !== 0 || !g.init || !/^\s*PTHREAD_MUTEX_INITIALIZER\s*$/.test(g.init.text.replace(/^\s*=/, ''))) return undefined;
  const sites: Site[] = [];
  for (const u of g.uses) {
    const text = u.file.source.text;
    const call = CALL_BEFORE.exec(text.slice(Math.max(0, u.start - 40), u.start));
    if (!call || !/^\s*\)/.test(text.slice(u.end, u.end + 8))) return undefined;
    const op = call[1] as Site['op'];
    if (u.func) {
      sites.push({ func: u.func, op, start: u.start, end: u.end });
      continue;
    }
    // `#define LOCK() pthread_mutex_lock(&m)`: each use of LOCK in a function is a site.
    const m = u.inMacro ? macroAt(u.file, u.start) : undefined;
    if (!m || m.file) return undefined;
    const body = withoutComments(m.body).trim();
    if (!new RegExp(`^\\(?\\s*pthread_mutex_${op}\\s*\\(\\s*&\\s*${g.name}\\s*\\)\\s*\\)?\\s*;?$`).test(body)) return undefined;
    for (const f of ctx.ext.files) {
      for (const at of usesOf(f, m.name)) {
        if (inDirectiveLine(f, at)) continue;
        const fn = inBody(enclosingFunction(f, at), at);
        if (!fn) return undefined;
        sites.push({ func: fn, op, start: at, end: at + m.name.length });
      }
    }
  }
  if (sites.length === 0) return undefined;
  const byFunc = new Map<FunctionInfo, Site[]>();
  for (const s of sites) byFunc.set(s.func, [...(byFunc.get(s.func) ?? []), s]);
  for (const [func, list] of byFunc) {
    list.sort((a, b) => a.start - b.start);
    if (list.length % 2 !== 0) return undefined;
    for (let i = 0; i < list.length; i += 2) {
      const [lock, unlock] = [list[i], list[i + 1]];
      if (lock.op !== 'lock' || unlock.op !== 'unlock') return undefined;
      const why = heldOver(func, lock.end, unlock.start, ctx, g);
      if (why) return { why: `in ${func.name}() it is held ${why} (line ${func.file.source.position(lock.start).line})` };
    }
  }
  return [...byFunc.keys()];
}

/** What the code between a lock and its unlock does beyond plain C of one block level: undefined when nothing. */
function heldOver(func: FunctionInfo, from: number, to: number, ctx: TransformContext, lock: GlobalVar): string | undefined {
  const region = codeOfBody(func.file.source.text.slice(from, to));
  let depth = 0;
  for (const ch of region) {
    if (ch === '{') depth++;
    else if (ch === '}' && --depth < 0) return 'across the end of a block';
  }
  if (depth !== 0) return 'across the end of a block';
  if (/^\s*#/m.test(region)) return 'across a preprocessor directive';
  const py = /\b_?Py[A-Za-z_]\w*/.exec(region);
  if (py) return `while the Python API is used (${py[0]})`;
  const jump = /\b(?:return|goto|break|continue|longjmp)\b/.exec(region);
  if (jump) return `over a '${jump[0]}' that may leave it locked`;
  for (const m of region.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) if (ctx.ext.functionsByName.has(m[1])) return `while ${m[1]}() of the extension runs`;
  // Data of the extension under the lock may become per module (module state): the lock would then guard both.
  const names = new Set(region.match(/\b[A-Za-z_]\w*\b/g) ?? []);
  const data = ctx.ext.globals.find((x) => x !== lock && names.has(x.name) && (x.scope === 'file' || x.func === func));
  if (data) return `over '${data.name}', data of the extension`;
  return undefined;
}
