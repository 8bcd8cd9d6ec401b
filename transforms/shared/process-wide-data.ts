/**
 * C data that is one per process by nature, and the data written with it. A module state field
 * would make such data per interpreter while what it describes stays shared: the process's
 * environment and argv (the process title), a C library's started state, a setting the kernel keeps
 * per process, a registration of the whole process. These stay manual, with the reason: a person
 * keeps them per process (behind a lock, or with the module loaded once) and records the decision
 * with a suppression comment.
 */
import type { ExtensionModel, FileModel, FunctionInfo, GlobalVar } from '../../src/model/types';
import type { TransformContext } from '../types';
import { externWriters } from './extern-writes';
import { LIBRARY_LIFECYCLE, libraryOwnObject } from './library-calls';

export interface ProcessWide {
  reason: string;
  steps: string;
  at?: number;
  file?: FileModel;
}

type Use = GlobalVar['uses'][number];

const KEEP = 'keep it per process (behind a lock or an atomic), and accept the finding with a suppression comment';

/** Why `g` is one per process by nature or by company, or undefined. */
export function processWideProblem(g: GlobalVar, ctx: TransformContext): ProcessWide | undefined {
  return ownProcessWide(g, ctx.ext) ?? companionOfProcessWide(g, ctx);
}

/** Data that is process-wide by itself: a library's or the kernel's state mirrored, a once-per-process registration's flag. */
function ownProcessWide(g: GlobalVar, ext: ExtensionModel): ProcessWide | undefined {
  const mirror = libraryStateMirror(g, ext);
  if (mirror) return { reason: `it mirrors the state of a C library, which is one per process: ${mirror.use.func!.name}() sets it right after calling ${mirror.call}(), which no file of the extension defines; per interpreter it would say another interpreter's ${mirror.call}() never ran`, steps: 'keep it per process (behind a lock or an atomic, counting the interpreters that initialized the library), and accept the finding with a suppression comment', at: mirror.use.start, file: mirror.use.file };
  const setting = processSettingMirror(g, ext);
  if (setting) return { reason: `it is kept by code that changes a setting of the process: ${setting.use.func!.name}() sets it after calling ${setting.call}(), which changes what the kernel or the C library keeps once per process (or thread), not per interpreter; per interpreter, one interpreter's copy would not show what another one set`, steps: KEEP, at: setting.use.start, file: setting.use.file };
  const argv = processArgv(g);
  if (argv) return { reason: `it points into the process's own argv: ${argv.use.func!.name}() fills it with ${argv.call}(), and what is written through it (the process title) is one per process, whichever interpreter writes it`, steps: KEEP, at: argv.use.start, file: argv.use.file };
  const guard = processWideGuard(g);
  if (guard) return { reason: `it guards a process-wide registration (${guard.api}() in ${guard.use.func!.name}()), which must stay once per process`, steps: KEEP, at: guard.use.start, file: guard.use.file };
  return undefined;
}

/**
 * `ps_buffer = argv[0];` in the function that also moves `environ`, or `static int rv` that keeps
 * `spt_setup()` (which calls that function) to one run: data written together with process-wide
 * data describes it. A function counts when it writes such data itself or calls one that does;
 * the module's init and exec functions never count (they write everything once).
 */
function companionOfProcessWide(g: GlobalVar, ctx: TransformContext): ProcessWide | undefined {
  const joined = processWideData(ctx).joined.get(g);
  if (!joined) return undefined;
  const { use: u, touch } = joined;
  const via = touch.via ? `calls ${touch.via.name}(), which writes ${touch.what}` : `writes ${touch.what} too`;
  return {
    reason: `it goes with data that is one per process: ${u.func!.name}() writes it and ${via}; as a field of the module state it would be per interpreter while that data stays shared`,
    steps: `keep it per process together with ${touch.what}: every use under one lock, or the module loaded once per process, and accept the finding with a suppression comment`,
    at: u.start,
    file: u.file,
  };
}

interface Touch {
  /** What it writes that is one per process, as the message names it. */
  what: string;
  /** Set when it does so through a call of this function. */
  via?: FunctionInfo;
}

interface ProcessWideData {
  /** The functions that write process-wide data, and what. */
  writers: Map<FunctionInfo, Touch>;
  /** Data that joined it: the write in such a function that made it join. */
  joined: Map<GlobalVar, { use: Use; touch: Touch }>;
}

const dataByExtension = new WeakMap<ExtensionModel, ProcessWideData>();

/**
 * The functions that write process-wide data, directly or through one call: the library's or the
 * process's own variables the extension declares extern (`environ`), the data process-wide by
 * itself; and, to a fixpoint, the functions that write the data those functions write.
 */
function processWideData(ctx: TransformContext): ProcessWideData {
  const ext = ctx.ext;
  const known = dataByExtension.get(ext);
  if (known) return known;
  const direct = new Map<FunctionInfo, string>();
  const setup = (f: FunctionInfo): boolean => f === ext.init?.func || f === ext.init?.entry || /^PyInit_/.test(f.name);
  const mark = (f: FunctionInfo | undefined, what: string): void => {
    if (f && !setup(f) && !direct.has(f)) direct.set(f, what);
  };
  for (const [name, writers] of externWriters(ext)) for (const f of writers) mark(f, `'${name}' (declared extern and defined by no file of the extension: the process's or a library's own)`);
  const data = ext.globals.filter((g) => g.category === 'mutable-c' && !g.isPythonObject);
  const marked = new Set<GlobalVar>();
  for (const g of data) {
    if (!ownProcessWide(g, ext)) continue;
    marked.add(g);
    for (const u of g.uses) if (u.kind === 'write' || u.kind === 'member-write' || u.kind === 'address') mark(u.func, `'${g.name}'`);
  }
  // The functions that write the seeds, and their callers (`spt_setup()` around the one that moves
  // `environ`); then, to a fixpoint, the functions that write what those write: no more callers, so that
  // a Python-level function's own counter does not join through a helper it calls.
  const out = new Map<FunctionInfo, Touch>();
  for (const [f, what] of direct) {
    out.set(f, { what });
    for (const caller of ctx.access.callSites(f).callers) if (!setup(caller) && !direct.has(caller) && !out.has(caller)) out.set(caller, { what, via: f });
  }
  const joined = new Map<GlobalVar, { use: Use; touch: Touch }>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of data) {
      const first = marked.has(g) ? undefined : writes(g).find((u) => out.has(u.func!));
      if (!first) continue;
      marked.add(g);
      joined.set(g, { use: first, touch: out.get(first.func!)! });
      for (const u of writes(g)) {
        if (!u.func || setup(u.func) || out.has(u.func)) continue;
        out.set(u.func, { what: `'${g.name}'` });
        changed = true;
      }
    }
  }
  const result = { writers: out, joined };
  dataByExtension.set(ext, result);
  return result;
}

function writes(g: GlobalVar): Use[] {
  return g.uses.filter((u) => !!u.func && (u.kind === 'write' || u.kind === 'member-write'));
}

/** Calls that register something for the whole process: a flag written next to one guards it. */
const PROCESS_WIDE = /\b(Py_AtExit|atexit|at_quick_exit|signal|sigaction|pthread_atfork|pthread_once|PyOS_setsig|\w+_global_init)\s*\(/;

function processWideGuard(g: GlobalVar): { api: string; use: Use } | undefined {
  for (const u of g.uses) {
    if (!u.func || (u.kind !== 'write' && u.kind !== 'member-write')) continue;
    const m = PROCESS_WIDE.exec(u.func.file.source.text.slice(u.func.bodyStart, u.func.bodyEnd));
    if (m) return { api: m[1], use: u };
  }
  return undefined;
}

/**
 * `st = sane_init(&version, NULL); ... g_initialized = 1;`: a flag set to a constant after, in the same
 * function, a call of a library's init or exit that the extension does not define (Sane's
 * `g_sane_initialized`). The library's state is the process's, so the flag must stay one per process.
 */
function libraryStateMirror(g: GlobalVar, ext: ExtensionModel): { call: string; use: Use } | undefined {
  for (const u of g.uses) {
    if (!u.func || u.kind !== 'write') continue;
    const text = u.func.file.source.text;
    if (!/^\s*=\s*(?:0|1|true|false|TRUE|FALSE)\s*;/.test(text.slice(u.end, u.end + 20))) continue;
    for (const m of text.slice(u.func.bodyStart, u.start).matchAll(LIBRARY_LIFECYCLE)) {
      if (libraryOwnObject(m[1])) continue;
      if (!ext.functionsByName.has(m[1])) return { call: m[1], use: u };
    }
  }
  return undefined;
}

/** System calls that change a setting of the whole process (or of its threads), which no interpreter owns. */
const PROCESS_SETTING = /\b(prctl|setrlimit|setpriority|umask|setlocale|personality|sched_setaffinity|sched_setscheduler|setpgid|setsid)\s*\(/g;

/**
 * `result = prctl(option, arg, 0, 0, 0); ... __cached_ptracer = arg;`: a value kept after, in the same
 * function, a call that sets something of the process (python-prctl's ptracer, for which the kernel
 * has no getter). Another interpreter's call changes the same setting, so the copy must be one too.
 */
function processSettingMirror(g: GlobalVar, ext: ExtensionModel): { call: string; use: Use } | undefined {
  for (const u of g.uses) {
    if (!u.func || u.kind !== 'write') continue;
    const text = u.func.file.source.text;
    for (const m of text.slice(u.func.bodyStart, u.start).matchAll(PROCESS_SETTING)) {
      if (!ext.functionsByName.has(m[1])) return { call: m[1], use: u };
    }
  }
  return undefined;
}

/** `_Py_GetArgcArgv(&argc, &argv)`: the address of `g` handed to the call that gives the process's argv. */
function processArgv(g: GlobalVar): { call: string; use: Use } | undefined {
  for (const u of g.uses) {
    if (!u.func || u.kind !== 'address') continue;
    const text = u.func.file.source.text;
    const statement = text.slice(Math.max(u.func.bodyStart, text.lastIndexOf(';', u.start) + 1, text.lastIndexOf('{', u.start) + 1), u.start);
    const m = /\b(_?Py_GetArgcArgv)\s*\([^;]*$/.exec(statement);
    if (m) return { call: m[1], use: u };
  }
  return undefined;
}
