/**
 * Finding Python interpreters the way a user has them: `--python` requests (a path, a command name or
 * a version such as `3.12`), then `python3.X` on PATH, then pyenv (`pyenv root`/versions/<v>/bin).
 * Nothing is hard-coded: every fact (version, include dir, EXT_SUFFIX) comes from the interpreter itself.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type InterpreterSource = 'option' | 'path' | 'pyenv';

export interface Interpreter {
  /** The interpreter's own `sys.executable` (what we run; a pyenv shim is resolved to it). */
  executable: string;
  /** "3.12.1" */
  version: string;
  major: number;
  minor: number;
  /** sysconfig.get_paths()['include'] — holds Python.h */
  includeDir: string;
  /** sysconfig.get_paths()['platinclude'] when it differs from includeDir (pyconfig.h on some distros). */
  platIncludeDir?: string;
  /** sysconfig EXT_SUFFIX, e.g. ".cpython-312-x86_64-linux-gnu.so" */
  extSuffix: string;
  source: InterpreterSource;
  /** A free-threaded (Py_GIL_DISABLED) build. */
  freeThreaded?: boolean;
}

export interface DiscoveryResult {
  found: Interpreter[];
  /** Human-readable problems: requests that matched nothing (saying where we looked), broken interpreters. */
  problems: string[];
}

type Env = NodeJS.ProcessEnv;

const PROBE = [
  'import sys, sysconfig, json, os',
  'p = sysconfig.get_paths()',
  'print(json.dumps({"executable": os.path.realpath(sys.executable) if sys.executable else "",',
  ' "version": "%d.%d.%d" % sys.version_info[:3], "major": sys.version_info[0], "minor": sys.version_info[1],',
  ' "includeDir": p.get("include") or "", "platIncludeDir": p.get("platinclude") or "",',
  ' "extSuffix": sysconfig.get_config_var("EXT_SUFFIX") or "",',
  ' "freeThreaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED"))}))',
].join('\n');

const PROBE_TIMEOUT_MS = 20_000;

function run(cmd: string, args: string[], env: Env, timeout = PROBE_TIMEOUT_MS): Promise<{ code: number | null; stdout: string; stderr: string; error?: Error }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout, maxBuffer: 4 << 20, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : null) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr), error: error ?? undefined });
    });
  });
}

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function pathDirs(env: Env): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const d of (env.PATH ?? '').split(path.delimiter)) {
    if (!d || seen.has(d)) continue;
    seen.add(d);
    out.push(d);
  }
  return out;
}

/** Resolves a command name on PATH (first hit), like `command -v`. */
export function whichSync(name: string, env: Env = process.env): string | undefined {
  if (name.includes('/')) return isExecutable(name) ? name : undefined;
  for (const d of pathDirs(env)) {
    const p = path.join(d, name);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

const PY_NAME = /^python3(?:\.(\d+))?$/;

/**
 * `python3.X` (and `python3`) on PATH, in PATH order. pyenv's shims directory is left out when the pyenv
 * root is known: a shim only dispatches to <root>/versions, which is scanned directly (and running a
 * shim costs a pyenv start-up each, and fails for versions that are installed but not selected).
 */
function pathCandidates(env: Env, minor?: number, pyenvRootDir?: string): string[] {
  const out: string[] = [];
  for (const d of pathDirs(env)) {
    if (pyenvRootDir && path.resolve(d) === path.join(path.resolve(pyenvRootDir), 'shims')) continue;
    let names: string[];
    try {
      names = fs.readdirSync(d);
    } catch {
      continue;
    }
    const hits = names
      .filter((n) => {
        const m = PY_NAME.exec(n);
        if (!m) return false;
        return minor === undefined ? true : m[1] !== undefined && Number(m[1]) === minor;
      })
      .sort(compareNamesDesc);
    for (const n of hits) {
      const p = path.join(d, n);
      if (isExecutable(p)) out.push(p);
    }
  }
  return out;
}

function compareNamesDesc(a: string, b: string): number {
  const va = Number(PY_NAME.exec(a)?.[1] ?? -1);
  const vb = Number(PY_NAME.exec(b)?.[1] ?? -1);
  return vb - va;
}

/** The pyenv root: `$PYENV_ROOT`, else `pyenv root` when pyenv is on PATH, else ~/.pyenv when it exists. */
async function pyenvRoot(env: Env): Promise<{ root?: string; lookedAt: string }> {
  if (env.PYENV_ROOT && fs.existsSync(env.PYENV_ROOT)) return { root: env.PYENV_ROOT, lookedAt: `$PYENV_ROOT=${env.PYENV_ROOT}` };
  const pyenv = whichSync('pyenv', env);
  if (pyenv) {
    const r = await run(pyenv, ['root'], env, 10_000);
    const root = r.stdout.trim();
    if (r.code === 0 && root && fs.existsSync(root)) return { root, lookedAt: `\`pyenv root\` (${root})` };
  }
  const home = env.HOME || os.homedir();
  const guess = home ? path.join(home, '.pyenv') : '';
  if (guess && fs.existsSync(path.join(guess, 'versions'))) return { root: guess, lookedAt: guess };
  return { lookedAt: pyenv ? '`pyenv root` (failed)' : `pyenv (not on PATH${guess ? `, no ${guess}` : ''})` };
}

function parseVersion(v: string): number[] {
  return v.split(/[^0-9]+/).filter(Boolean).map(Number);
}

function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/** Interpreters under <pyenv root>/versions (highest version first), optionally one minor only. */
function pyenvCandidates(root: string, minor?: number): string[] {
  const vdir = path.join(root, 'versions');
  let entries: string[];
  try {
    entries = fs.readdirSync(vdir);
  } catch {
    return [];
  }
  entries.sort((a, b) => compareVersions(b, a));
  const out: string[] = [];
  for (const e of entries) {
    const bin = path.join(vdir, e, 'bin');
    let names: string[];
    try {
      names = fs.readdirSync(bin);
    } catch {
      continue;
    }
    const hits = names
      .filter((n) => {
        const m = PY_NAME.exec(n);
        return !!m && m[1] !== undefined && (minor === undefined || Number(m[1]) === minor);
      })
      .sort(compareNamesDesc);
    for (const n of hits) {
      const p = path.join(bin, n);
      if (isExecutable(p)) out.push(p);
    }
  }
  return out;
}

interface ProbeOk {
  ok: true;
  interp: Interpreter;
}
interface ProbeFail {
  ok: false;
  problem: string;
}

const probeCache = new Map<string, Promise<ProbeOk | ProbeFail>>();

/** Asks an interpreter about itself (memoized per executable+PATH for the life of the process). */
function probe(executable: string, source: InterpreterSource, env: Env): Promise<ProbeOk | ProbeFail> {
  const key = `${executable}\0${env.PATH ?? ''}\0${env.PYENV_VERSION ?? ''}`;
  let p = probeCache.get(key);
  if (!p) {
    p = (async (): Promise<ProbeOk | ProbeFail> => {
      const r = await run(executable, ['-I', '-c', PROBE], env);
      if (r.code !== 0) {
        const msg = (r.stderr || r.error?.message || '').trim().split('\n')[0];
        return { ok: false, problem: `${executable}: does not run (${msg || `exit ${r.code}`})` };
      }
      let data: Omit<Interpreter, 'source'>;
      try {
        const line = r.stdout.trim().split('\n').pop() ?? '';
        data = JSON.parse(line) as Omit<Interpreter, 'source'>;
      } catch {
        return { ok: false, problem: `${executable}: unexpected probe output ${JSON.stringify(r.stdout.slice(0, 200))}` };
      }
      if (!data.executable) data.executable = executable;
      return { ok: true, interp: { ...data, platIncludeDir: data.platIncludeDir && data.platIncludeDir !== data.includeDir ? data.platIncludeDir : undefined, source } };
    })();
    probeCache.set(key, p);
  }
  return p.then((res) => (res.ok ? { ok: true as const, interp: { ...res.interp, source } } : res));
}

/** Checks what a build needs: Python 3 with headers and an EXT_SUFFIX. Returns a problem or undefined. */
function buildProblem(i: Interpreter): string | undefined {
  if (i.major !== 3) return `${i.executable} is Python ${i.version}, not Python 3`;
  if (!i.extSuffix) return `${i.executable} (${i.version}) reports no EXT_SUFFIX`;
  if (!i.includeDir || !fs.existsSync(path.join(i.includeDir, 'Python.h')))
    return `${i.executable} (${i.version}) has no headers: no Python.h in ${i.includeDir || '(no include dir)'} (install the -dev/-devel package)`;
  return undefined;
}

function isShim(p: string, pyenvRootDir: string | undefined): boolean {
  if (pyenvRootDir && path.dirname(p) === path.join(pyenvRootDir, 'shims')) return true;
  return path.basename(path.dirname(p)) === 'shims' && p.includes('pyenv');
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(workers);
  return out;
}

const VERSION_REQ = /^(?:python)?(\d+)\.(\d+)(?:\.(\d+))?$/;

/** Splits `--python` values given as "3.12,3.13" or repeated. */
export function splitRequests(values: string | string[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const list = (Array.isArray(values) ? values : [values]).flatMap((v) => String(v).split(',')).map((s) => s.trim()).filter(Boolean);
  return list.length ? list : undefined;
}

/**
 * Discovers interpreters. With `requests`, each request yields at most one interpreter (the first
 * that works, in order: PATH, then pyenv). Without, every distinct Python 3 on PATH and in pyenv.
 * Deduplicated by the real path of sys.executable; sorted by version (ties: option, path, pyenv).
 */
export async function discoverInterpreters(requests: string[] | undefined, env: Env = process.env): Promise<DiscoveryResult> {
  const problems: string[] = [];
  const found: Interpreter[] = [];
  const pr = await pyenvRoot(env);
  const add = (i: Interpreter): void => {
    if (!found.some((f) => f.executable === i.executable)) found.push(i);
  };

  if (requests && requests.length) {
    const results = await Promise.all(
      requests.map(async (req): Promise<{ interp?: Interpreter; problems: string[] }> => {
        const m = VERSION_REQ.exec(req);
        if (m) {
          const [, maj, min, micro] = m;
          if (Number(maj) !== 3) return { problems: [`--python ${req}: only Python 3 is supported`] };
          const minor = Number(min);
          const cands: { exe: string; source: InterpreterSource }[] = [
            ...pathCandidates(env, minor, pr.root).map((exe) => ({ exe, source: 'path' as const })),
            ...(pr.root ? pyenvCandidates(pr.root, minor).map((exe) => ({ exe, source: 'pyenv' as const })) : []),
          ];
          const local: string[] = [];
          for (const c of cands) {
            const r = await probe(c.exe, c.source, env);
            if (!r.ok) {
              if (!isShim(c.exe, pr.root)) local.push(r.problem);
              continue;
            }
            const i = r.interp;
            if (i.major !== 3 || i.minor !== minor || (micro !== undefined && i.version !== `${maj}.${min}.${micro}`)) continue;
            const bp = buildProblem(i);
            if (bp) {
              local.push(bp);
              continue;
            }
            return { interp: i, problems: [] };
          }
          const where = `looked for python3.${minor} in PATH (${pathDirs(env).length} dirs) and in pyenv (${pr.root ? path.join(pr.root, 'versions', `*/bin/python3.${minor}`) : pr.lookedAt})`;
          return { problems: [`no Python ${req} found: ${where}${local.length ? '; ' + local.join('; ') : ''}`] };
        }
        // a path, or a command name on PATH
        const exe = req.includes('/') || req.includes(path.sep) ? path.resolve(req) : whichSync(req, env);
        if (!exe || !isExecutable(exe)) {
          return { problems: [`--python ${req}: ${req.includes('/') ? `no executable at ${path.resolve(req)}` : `not found in PATH`}`] };
        }
        const r = await probe(exe, 'option', env);
        if (!r.ok) return { problems: [`--python ${req}: ${r.problem}`] };
        const bp = buildProblem(r.interp);
        if (bp) return { problems: [`--python ${req}: ${bp}`] };
        return { interp: r.interp, problems: [] };
      }),
    );
    for (const r of results) {
      problems.push(...r.problems);
      if (r.interp) add(r.interp);
    }
  } else {
    const cands: { exe: string; source: InterpreterSource }[] = [
      ...pathCandidates(env, undefined, pr.root).map((exe) => ({ exe, source: 'path' as const })),
      ...(pr.root ? pyenvCandidates(pr.root).map((exe) => ({ exe, source: 'pyenv' as const })) : []),
    ];
    const probed = await mapLimit(cands, Math.max(2, Math.min(8, os.cpus().length * 2)), (c) => probe(c.exe, c.source, env).then((r) => ({ c, r })));
    for (const { c, r } of probed) {
      if (!r.ok) {
        if (!isShim(c.exe, pr.root)) problems.push(r.problem);
        continue;
      }
      if (r.interp.major !== 3) continue;
      const bp = buildProblem(r.interp);
      if (bp) {
        if (!found.some((f) => f.executable === r.interp.executable)) problems.push(bp);
        continue;
      }
      add(r.interp);
    }
    if (!found.length) {
      problems.push(`no Python 3 interpreter found: looked for python3 and python3.X in PATH (${pathDirs(env).join(path.delimiter) || 'empty'}) and in pyenv (${pr.root ? path.join(pr.root, 'versions') : pr.lookedAt})`);
    }
  }
  const order: Record<InterpreterSource, number> = { option: 0, path: 1, pyenv: 2 };
  found.sort((a, b) => compareVersions(a.version, b.version) || order[a.source] - order[b.source]);
  return { found, problems: [...new Set(problems)] };
}

/** One interpreter per minor version (the first by source preference: option, path, pyenv). */
export function onePerMinor(list: Interpreter[]): Interpreter[] {
  const order: Record<InterpreterSource, number> = { option: 0, path: 1, pyenv: 2 };
  const best = new Map<string, Interpreter>();
  for (const i of list) {
    const k = `${i.major}.${i.minor}`;
    const cur = best.get(k);
    if (!cur || order[i.source] < order[cur.source]) best.set(k, i);
  }
  return [...best.values()].sort((a, b) => compareVersions(a.version, b.version));
}

/** "3.9" -> [3, 9]; throws on anything else. */
export function parseMinor(v: string): [number, number] {
  const m = /^(\d+)\.(\d+)$/.exec(v.trim());
  if (!m) throw new Error(`not a major.minor version: ${JSON.stringify(v)}`);
  return [Number(m[1]), Number(m[2])];
}

export { compareVersions };

/**
 * Python 3 executables installed (python3.X in PATH and in pyenv, shim directories left out: a shim
 * costs a pyenv start-up), with their minor version from the name, without running any: enough to
 * pick which ones to ask about. Sorted by minor version, PATH before pyenv.
 */
export async function installedPythons(env: Env = process.env): Promise<{ minor: number; executable: string }[]> {
  const pr = await pyenvRoot(env);
  const out: { minor: number; executable: string }[] = [];
  for (const exe of [...pathCandidates(env, undefined, pr.root), ...(pr.root ? pyenvCandidates(pr.root) : [])]) {
    const m = PY_NAME.exec(path.basename(exe));
    if (m && m[1] !== undefined && path.basename(path.dirname(exe)) !== 'shims') out.push({ minor: Number(m[1]), executable: exe });
  }
  return out.sort((a, b) => a.minor - b.minor);
}
