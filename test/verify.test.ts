/**
 * verify: discovery, build, the load checks and the CLI, on the fixtures in testdata/verify/.
 * Interpreters are discovered (never hard-coded); a version that is absent here is skipped with a
 * console.warn, everything else must hold.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  buildExtension,
  discoverInterpreters,
  formatVerifyReport,
  inferModuleNames,
  collectSources,
  NoCompilerError,
  resolveCompiler,
  verify,
} from '../src/verify';
import type { Interpreter, VerifyReport } from '../src/verify';
import { commandModules, exitStatus } from '../src/cli/commands';
import { main as cliMain } from '../src/cli/main';
import { verifyCommand } from '../src/cli/commands/verify';
import { interpretersFor, verifyOnAllPythons, expectVerified } from './helpers/verify-helper';
import { buildTimeoutMs } from '../src/verify/build';

const FIX = path.join(__dirname, '..', 'testdata', 'verify');
const fx = (c: string, f: string): string => path.join(FIX, c, f);
const ALL = ['3.9', '3.10', '3.11', '3.12', '3.13'];

let all: Interpreter[] = [];
let own: Interpreter[] = []; // 3.12+ (own GIL)
let legacy: Interpreter[] = []; // below 3.12

beforeAll(async () => {
  const r = await interpretersFor(ALL);
  all = r.interpreters;
  own = all.filter((i) => i.minor >= 12);
  legacy = all.filter((i) => i.minor < 12);
});

/** Runs fn only when interpreters exist; otherwise says so (visibly) and passes. */
function need(list: () => Interpreter[], what: string, fn: (l: Interpreter[]) => Promise<void>): () => Promise<void> {
  return async () => {
    const l = list();
    if (!l.length) {
      console.warn(`skipped: no interpreter ${what} found (looked in PATH and pyenv)`);
      return;
    }
    await fn(l);
  };
}

const at = (report: VerifyReport, minor: number) => report.results.find((r) => r.interpreter.minor === minor);

describe('discovery', () => {
  test('finds interpreters with headers, sorted, one per executable', async () => {
    const { found } = await discoverInterpreters(undefined);
    expect(found.length).toBeGreaterThan(0);
    for (const i of found) {
      expect(fs.existsSync(path.join(i.includeDir, 'Python.h'))).toBe(true);
      expect(i.extSuffix).toMatch(/\.(so|pyd)$/);
      expect(i.version).toBe(`${i.major}.${i.minor}.${i.version.split('.')[2]}`);
    }
    expect(new Set(found.map((i) => i.executable)).size).toBe(found.length);
    const keys = found.map((i) => i.version.split('.').map(Number));
    for (let k = 1; k < keys.length; k++) {
      const [a, b] = [keys[k - 1], keys[k]];
      expect(a[0] * 1e6 + a[1] * 1e3 + a[2]).toBeLessThanOrEqual(b[0] * 1e6 + b[1] * 1e3 + b[2]);
    }
  });

  test('a version request yields one interpreter of that version; a missing one says where it looked', async () => {
    const { found, problems } = await discoverInterpreters([...(all[0] ? [`${all[0].major}.${all[0].minor}`] : []), '3.99']);
    if (all[0]) expect(found.map((i) => i.minor)).toEqual([all[0].minor]);
    expect(problems.join('\n')).toMatch(/no Python 3\.99 found: looked for python3\.99 in PATH .* and in pyenv/);
  });

  test('nothing on PATH and no pyenv: a message naming both', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-'));
    try {
      const env = { PATH: empty, HOME: empty, PYENV_ROOT: '' };
      const { found, problems } = await discoverInterpreters(undefined, env);
      expect(found).toEqual([]);
      expect(problems.join('\n')).toMatch(/no Python 3 interpreter found: looked for python3 and python3\.X in PATH \(.+\) and in pyenv/);
      expect(() => resolveCompiler(undefined, env)).toThrow(NoCompilerError);
      expect(() => resolveCompiler(undefined, env)).toThrow(/none of cc, gcc, clang is in PATH/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('test helper', () => {
  test('an absent version is skipped with a message naming where it looked', async () => {
    const r = await interpretersFor(['3.99'], false);
    expect(r.interpreters).toEqual([]);
    expect(r.skipped).toEqual(['3.99']);
    expect(r.skipMessages[0]).toMatch(/^skipped: no interpreter 3\.99 found \(looked in PATH and pyenv\)/);
  });
});

describe('sources', () => {
  test('a directory gives its .c files; the module name comes from PyInit_', () => {
    const { sources } = collectSources([path.join(FIX, 'isolated')]);
    expect(sources.map((s) => path.basename(s))).toEqual(['viso.c']);
    expect(inferModuleNames(sources)).toEqual(['viso']);
  });
});

describe('build', () => {
  test(
    'a compile error: build fails with the compiler output verbatim and file:line diagnostics',
    need(() => all.slice(-1), '3.9-3.13', async ([interp]) => {
      const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-'));
      try {
        const r = await buildExtension({ module: 'vbroken', sources: [fx('compile-error', 'vbroken.c')], interpreter: interp, outDir });
        expect(r.ok).toBe(false);
        expect(r.soPath).toBeUndefined();
        expect(r.command).toEqual(expect.arrayContaining(['-shared', '-fPIC', '-Wall', `-I${interp.includeDir}`]));
        expect(r.output).toContain('undeclared_answer');
        const err = r.diagnostics.find((d) => d.severity === 'error');
        expect(err).toMatchObject({ line: 8, severity: 'error' });
        expect(err!.file.endsWith('vbroken.c')).toBe(true);
        expect(err!.message).toContain('undeclared_answer');
      } finally {
        fs.rmSync(outDir, { recursive: true, force: true });
      }
    }),
  );
});

describe('build flags', () => {
  test(
    'defines and include dirs from compile_commands.json (a Python.h include dir there is dropped)',
    need(() => all.slice(-1), '3.9-3.13', async ([interp]) => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-'));
      try {
        const src = fx('flags', 'vflags.c');
        const cc = path.join(tmp, 'compile_commands.json');
        const foreignPython = path.join(tmp, 'python3.0');
        fs.mkdirSync(foreignPython);
        fs.writeFileSync(path.join(foreignPython, 'Python.h'), '#error "wrong Python.h"\n');
        const command = `cc -I${foreignPython} -I${path.join(FIX, 'flags', 'inc')} -DVFLAGS_SCALE=2 -DVFLAGS_ON -O2 -c ${src} -o vflags.o`;
        fs.writeFileSync(cc, JSON.stringify([{ directory: tmp, file: src, command }]));
        const r = await buildExtension({ module: 'vflags', sources: [src], interpreter: interp, outDir: path.join(tmp, 'out'), compileCommands: cc });
        expect(r.output).toBe('');
        expect(r.ok).toBe(true);
        expect(r.command).toEqual(expect.arrayContaining(['-DVFLAGS_SCALE=2', '-DVFLAGS_ON']));
        expect(r.command.join(' ')).not.toContain(foreignPython);
        expect(path.basename(r.soPath!)).toBe(`vflags${interp.extSuffix}`);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    }),
  );
});

describe('load checks', () => {
  test('a correctly isolated module passes everywhere (3.9-3.13), ok in own-GIL subinterpreters on 3.12+', async () => {
    const res = await verifyOnAllPythons({ module: 'viso', dir: path.join(FIX, 'isolated'), minPython: '3.9' });
    expectVerified(res);
    for (const v of ['3.12', '3.13']) {
      const r = res.forVersion(v);
      if (!r) continue; // reported by the helper's console.warn
      expect(r).toMatchObject({ build: 'ok', main: 'ok', subinterp: 'ok', twoInstances: 'ok', smoke: 'ok', teardown: 'ok', ok: true });
    }
    for (const r of res.report.results.filter((x) => x.interpreter.minor < 12)) expect(r.subinterp).toBe('n/a');
  });

  test(
    'an unconverted single-phase module is refused by isolated subinterpreters',
    need(() => own, '3.12+', async (interps) => {
      const res = await verifyOnAllPythons({ module: 'vlegacy', dir: path.join(FIX, 'single-phase'), minPython: '3.12', expectIsolated: false, warnSkipped: false });
      expectVerified(res);
      for (const i of interps) {
        const r = at(res.report, i.minor)!;
        expect(r.subinterp).toBe('refused');
        expect(r.reasons.join('\n')).toMatch(/does not support loading in subinterpreters/);
        expect(r.ok).toBe(false);
      }
    }),
  );

  test(
    'a deliberately load-once module: the refused second import is "expected: load-once guard", not a failure',
    need(() => [...own.slice(0, 1), ...legacy.slice(0, 1)], '3.9-3.13', async (interps) => {
      const report = await verify({ module: 'vonce', sources: [fx('load-once', 'vonce.c')], interpreters: interps });
      for (const r of report.results) {
        expect(r).toMatchObject({ build: 'ok', main: 'ok', twoInstances: 'load-once', loadOnce: true, ok: true });
        expect(r.subinterp).toBe(r.interpreter.minor >= 12 ? 'refused' : 'n/a');
        expect(r.reasons.join('\n')).toMatch(/two-instances: expected: load-once guard \(main interpreter: ImportError: vonce cannot be loaded more than once per process\)/);
      }
      expect(report.ok).toBe(true);
      const text = formatVerifyReport(report);
      expect(text).toMatch(/ load-once +ok +PASS \(load-once\) /);
      expect(text).not.toMatch(/FAIL|traceback/);
      expect(text).toMatch(/all passed as a load-once module \(not isolated/);
    }),
  );

  test(
    'a multi-phase module that claims own-GIL support but keeps a static type and a static exception: shared',
    need(() => [...own, ...legacy.slice(0, 1)], '3.9-3.13', async (interps) => {
      const report = await verify({ module: 'vshared', sources: [fx('shared-static', 'vshared.c')], interpreters: interps });
      expect(report.ok).toBe(false);
      for (const r of report.results) {
        expect(r).toMatchObject({ build: 'ok', main: 'ok', twoInstances: 'shared' });
        const s = r.shared.join('\n');
        expect(s).toMatch(/^Point \(type vshared\.Point\) is the same object in main#1, main#2/m);
        expect(s).toMatch(/^error \(type vshared\.error\) is the same object/m);
        if (r.interpreter.minor >= 12) {
          expect(r.subinterp).toBe('ok'); // the module claims support, so it loads...
          expect(s).toMatch(/isolated subinterpreter #1, isolated subinterpreter #2/); // ...and shares across interpreters
        }
      }
    }),
  );

  test(
    'shared state visible only through the smoke script\'s state_probe()',
    need(() => own, '3.12+', async (interps) => {
      const report = await verify({
        module: 'vhidden',
        sources: [fx('hidden-global', 'vhidden.c')],
        interpreters: interps,
        smoke: fx('hidden-global', 'smoke.py'),
      });
      for (const r of report.results) {
        expect(r).toMatchObject({ subinterp: 'ok', twoInstances: 'shared', smoke: 'ok' });
        expect(r.shared.join('\n')).toMatch(/state_probe\(\)\[0\] \(builtins\.dict object\) is the same object/);
      }
    }),
  );

  test(
    'a segfault on import is a crash with its signal, and the run goes on to the next interpreter',
    need(() => all.slice(-2), '3.9-3.13', async (interps) => {
      const report = await verify({ module: 'vcrash', sources: [fx('crash-on-import', 'vcrash.c')], interpreters: interps });
      expect(report.results).toHaveLength(interps.length);
      for (const r of report.results) {
        expect(r.build).toBe('ok');
        expect(r.main).toBe('crash');
        expect(r.subinterp).toBe(r.interpreter.minor >= 12 ? 'crash' : 'n/a');
        expect(r.reasons.join('\n')).toMatch(/main=crash: crash \(SIGSEGV\) while: import vcrash in the main interpreter/);
      }
      expect(formatVerifyReport(report)).toMatch(/crash \(SIGSEGV\)/);
    }),
  );
});

describe('CLI: pyext-isolate verify', () => {
  beforeAll(() => {
    if (!commandModules.includes(verifyCommand)) commandModules.push(verifyCommand);
  });

  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const so = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
    const se = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
    try {
      exitStatus.code = 0;
      const code = await cliMain(args);
      return { code, out, err };
    } finally {
      so.mockRestore();
      se.mockRestore();
    }
  }

  test(
    'compile error: exit 1, the compiler output with file:line',
    need(() => all.slice(-1), '3.9-3.13', async ([i]) => {
      const r = await cli(['verify', path.join(FIX, 'compile-error'), '--python', i.executable]);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/vbroken\.c:8:\d+: error: .*undeclared_answer/);
      expect(r.out).toMatch(/^\S+\s+option\s+fail\s+skipped/m);
    }),
  );

  test(
    'single-phase module, --python 3.12,3.13 --format json: refused, exit 1',
    need(() => own, '3.12+', async (interps) => {
      const r = await cli(['verify', fx('single-phase', 'vlegacy.c'), '--module', 'vlegacy', '--python', interps.map((i) => `${i.major}.${i.minor}`).join(','), '--format', 'json']);
      expect(r.code).toBe(1);
      const rep = JSON.parse(r.out) as VerifyReport;
      expect(rep.results.map((x) => x.subinterp)).toEqual(interps.map(() => 'refused'));
    }),
  );

  test(
    '-DNAME=V and -Idir written glued, as C users do',
    need(() => all.slice(-1), '3.9-3.13', async ([i]) => {
      const r = await cli(['verify', fx('flags', 'vflags.c'), `-I${path.join(FIX, 'flags', 'inc')}`, '-DVFLAGS_SCALE=3', '-DVFLAGS_ON', '--python', i.executable]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/verify: 1 interpreter\(s\), all passed/);
    }),
  );

  test('usage errors and missing interpreters: exit 2 with a clear message', async () => {
    let r = await cli(['verify', path.join(FIX, 'no-such-dir')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no such file or directory/);
    r = await cli(['verify', path.join(FIX, 'isolated'), '--bogus-option']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown argument: --bogus-option/);
    r = await cli(['verify', path.join(FIX, 'isolated'), '--python', '3.99']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no Python 3\.99 found: looked for python3\.99 in PATH .* and in pyenv/);
  });
});

describe('build timeout', () => {
  test("a build gets two minutes at least, and verify's longer --timeout when it asks for more", () => {
    expect(buildTimeoutMs()).toBe(120_000);
    expect(buildTimeoutMs(60_000)).toBe(120_000);
    expect(buildTimeoutMs(600_000)).toBe(600_000);
  });
});
