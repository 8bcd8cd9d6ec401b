/**
 * The compile gate's probes of the compiler and the interpreters, kept in the result cache between
 * runs (runner/gate-probes.ts): a second run asks nothing while the executables are unchanged, and
 * asks again when one changed, when the compiler's own program behind it changed, or when an
 * interpreter's headers went away. Fake executables (shell scripts that log each call), no compiler.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compilerFacts, interpreterFacts } from '../src/runner/gate-probes';
import { ResultCache } from '../src/runner/cache';

let base: string;
beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-gate-probes-'));
});
afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const p = path.join(base, name);
  fs.writeFileSync(p, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return p;
}

function calls(log: string): number {
  return fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0;
}

/** Moves a file's mtime: what an upgrade in place does. */
function touch(p: string, secondsAgo: number): void {
  const t = new Date(Date.now() - secondsAgo * 1000);
  fs.utimesSync(p, t, t);
}

/** A compiler that logs each call and names `program` as the compiler proper in its -v output. */
function fakeCompiler(program: string): { cc: string; log: string } {
  const log = path.join(base, 'cc.log');
  const cc = script(
    'fakecc',
    `echo "$*" >> ${log}
case "$*" in
  *--version*) echo "fakecc 1.0" ;;
  *-v*) printf ' ${program} -E -quiet -v /dev/null\\n#include <...> search starts here:\\n /usr/include\\nEnd of search list.\\n' >&2 ;;
esac`,
  );
  return { cc, log };
}

describe('compiler probes', () => {
  test('a second run with the same compiler asks it nothing and gets the same answers', async () => {
    const program = script('cc1', 'exit 0');
    const { cc, log } = fakeCompiler(program);
    const cache = new ResultCache(path.join(base, 'cache'));
    const first = await compilerFacts([cc], process.env, cache);
    expect(first).toEqual({ version: 'fakecc 1.0', systemIncludeDirs: ['/usr/include'] });
    expect(calls(log)).toBe(2);
    expect(await compilerFacts([cc], process.env, cache)).toEqual(first);
    expect(calls(log)).toBe(2);
  });

  test('it is asked again when its executable or the program behind it changed, and always without a cache', async () => {
    const program = script('cc1', 'exit 0');
    const { cc, log } = fakeCompiler(program);
    const cache = new ResultCache(path.join(base, 'cache'));
    await compilerFacts([cc], process.env, cache);
    touch(cc, 100);
    await compilerFacts([cc], process.env, cache);
    expect(calls(log)).toBe(4);
    touch(program, 100); // the wrapper is the same, the compiler behind it was upgraded
    await compilerFacts([cc], process.env, cache);
    expect(calls(log)).toBe(6);
    await compilerFacts([cc], process.env, cache);
    expect(calls(log)).toBe(6);
    await compilerFacts([cc], process.env, undefined);
    expect(calls(log)).toBe(8);
  });

  test('a compiler that does not run is not kept', async () => {
    const log = path.join(base, 'cc.log');
    const cc = script('brokencc', `echo "$*" >> ${log}; exit 1`);
    const cache = new ResultCache(path.join(base, 'cache'));
    expect((await compilerFacts([cc], process.env, cache)).version).toBeUndefined();
    expect((await compilerFacts([cc], process.env, cache)).version).toBeUndefined();
    expect(calls(log)).toBe(4);
  });
});

describe('interpreter probes', () => {
  /** A python3.12 that logs each call and answers verify's probe with an include dir of our own. */
  function fakePython(tag: string): { exe: string; log: string; include: string } {
    const include = path.join(base, tag, 'include');
    fs.mkdirSync(include, { recursive: true });
    fs.writeFileSync(path.join(include, 'Python.h'), '/* headers */\n');
    const log = path.join(base, `${tag}.log`);
    fs.mkdirSync(path.join(base, tag, 'bin'));
    const exe = path.join(base, tag, 'bin', 'python3.12');
    const answer = JSON.stringify({ executable: exe, version: '3.12.1', major: 3, minor: 12, includeDir: include, platIncludeDir: '', extSuffix: '.cpython-312-x86_64-linux-gnu.so', freeThreaded: false });
    fs.writeFileSync(exe, `#!/bin/sh\necho probe >> ${log}\necho '${answer}'\n`, { mode: 0o755 });
    return { exe, log, include };
  }

  /** verify keeps one answer per executable and PATH for the life of the process: another PATH is another run. */
  const run = (n: number): NodeJS.ProcessEnv => ({ ...process.env, PATH: `${process.env.PATH}:/nonexistent-run-${n}` });

  test('a second run asks an unchanged interpreter nothing; a changed one is asked again', async () => {
    const { exe, log, include } = fakePython('py-a');
    const cache = new ResultCache(path.join(base, 'cache'));
    const first = await interpreterFacts(exe, run(1), cache);
    expect(first.found).toMatchObject({ executable: exe, minor: 12, includeDir: include });
    expect(calls(log)).toBe(1);
    expect((await interpreterFacts(exe, run(2), cache)).found).toEqual(first.found);
    expect(calls(log)).toBe(1);
    touch(exe, 100); // reinstalled in place
    expect((await interpreterFacts(exe, run(3), cache)).found).toEqual(first.found);
    expect(calls(log)).toBe(2);
    await interpreterFacts(exe, run(4), undefined);
    expect(calls(log)).toBe(3);
  });

  test('an interpreter whose headers went away is not taken from the cache', async () => {
    const { exe, include } = fakePython('py-d');
    const cache = new ResultCache(path.join(base, 'cache'));
    expect((await interpreterFacts(exe, process.env, cache)).found).toBeDefined();
    fs.rmSync(path.join(include, 'Python.h'));
    const r = await interpreterFacts(exe, process.env, cache);
    expect(r.found).toBeUndefined();
    expect(r.problems.join('\n')).toMatch(/no Python\.h/);
  });
});
