/**
 * The fuzzer inside `npm test`: a short seeded run (the same cases as `npm run fuzz -- --seed
 * npm-test`), every adversarial shape once through the library, the biggest and deepest ones
 * through the real CLI with a generous outer timeout (a hang fails the test instead of the
 * suite), a replay of every saved regression in testdata/fuzz-regressions/, and tests of the
 * fuzzer's own machinery (shrinking, saving, hang and crash detection in child processes).
 *
 * FUZZ_TEST_CASES=N changes the length of the seeded run (default 40).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureBuilt } from '../test-support/fuzz/build';
import {
  CaseReport,
  ChildRunner,
  FuzzCase,
  TEMP_FILE_RE,
  caseFromText,
  failures,
  loadCorpus,
  loadRegressions,
  makeCase,
  readTree,
  repoRoot,
  runCase,
  runCaseCli,
  runCli,
  saveRegression,
  shrinkCase,
  writeTree,
} from '../test-support/fuzz/run';
import { ADVERSARIAL_KINDS, AdversarialKind, generateAdversarial, generateModule } from '../test-support/fuzz/generate';
import { MUTATORS, mutate, mutateWith, tokenize } from '../test-support/fuzz/mutate';
import { Rng } from '../test-support/fuzz/rng';
import { processCpuMs } from '../test-support/fuzz/cpu-bound';
import { rewrite } from '../src/api';

const ROOT = repoRoot();
const SEED = 'npm-test';
const CASES = Math.max(1, Number(process.env.FUZZ_TEST_CASES ?? 40));
const corpus = loadCorpus();
const donors = corpus.flatMap((m) => m.files.map((f) => f.content));

function describeFailures(reports: { c: FuzzCase; r: CaseReport }[]): string[] {
  return reports.flatMap(({ c, r }) =>
    failures(r).map((v) => `${c.id} ${c.origin} [${c.ops.join('; ').slice(0, 160)}] ${v.invariant}: ${v.path ?? ''} ${v.message.slice(0, 300)} (replay: npm run fuzz -- --seed ${SEED} --start ${c.id.split(':')[1]} --iterations 1)`),
  );
}

test(`a short seeded run: ${CASES} cases, no violation`, () => {
  const reports: { c: FuzzCase; r: CaseReport }[] = [];
  for (let i = 0; i < CASES; i++) {
    const c = makeCase(SEED, i, corpus);
    reports.push({ c, r: runCase(c) });
  }
  expect(describeFailures(reports)).toEqual([]);
  // The run must exercise all outcomes, not just trivial ones.
  expect(reports.filter(({ r }) => r.stats.changes > 0).length).toBeGreaterThan(CASES / 4);
}, 120_000);

describe('adversarial shapes through the library', () => {
  const quick = ADVERSARIAL_KINDS.filter((k) => !/1mb|200000|one-line|5000/.test(k));
  test.each(quick.map((k) => [k]))('%s', (kind) => {
    const g = generateAdversarial(kind as AdversarialKind, new Rng('fuzz-test', kind));
    // The twin doubles the time of the deep ones; the fuzz runs check it on them.
    const c: FuzzCase = { id: kind, origin: `adversarial:${kind}`, files: g.files, target: g.files[0].rel, ops: [kind], twin: !kind.startsWith('deep-') };
    expect(describeFailures([{ c, r: runCase(c) }])).toEqual([]);
  }, 60_000);
});

describe('the biggest and deepest shapes through the CLI (hang detection: outer timeout)', () => {
  const kinds: AdversarialKind[] = ['long-line-1mb', 'deep-braces-10000', 'deep-if-unclosed-10000', 'deep-parens-unclosed-10000'];
  let base: string;
  let tree: string;
  const before = new Map<string, string>();

  beforeAll(() => {
    ensureBuilt(ROOT);
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-fuzz-cli-'));
    tree = path.join(base, 'tree');
    for (const k of kinds) {
      const g = generateAdversarial(k, new Rng('fuzz-test-cli', k));
      writeTree(path.join(tree, k), g.files);
    }
    for (const [rel, content] of readTree(tree)) before.set(rel, content);
  }, 300_000);

  afterAll(() => {
    fs.rmSync(base, { recursive: true, force: true });
  });

  test('check finishes in time, without an internal error, and writes nothing', async () => {
    const r = await runCli(['check', '--no-cache', '--quiet', tree], { timeoutMs: 150_000 });
    expect({ timedOut: r.timedOut, signal: r.signal }).toEqual({ timedOut: false, signal: null });
    expect([0, 1]).toContain(r.code);
    expect(r.stdout + r.stderr).not.toMatch(/internal error|timed out/i);
    expect(readTree(tree)).toEqual(before);
  }, 200_000);

  test('apply finishes in time and writes exactly what the library says, never a refused file', async () => {
    const expected = rewrite([tree]);
    const r = await runCli(['apply', '--quiet', '--no-compile-check', tree], { timeoutMs: 150_000 });
    expect({ timedOut: r.timedOut, signal: r.signal }).toEqual({ timedOut: false, signal: null });
    expect([0, 1]).toContain(r.code);
    expect(r.stdout + r.stderr).not.toMatch(/internal error|timed out/i);
    const now = readTree(tree);
    const want = new Map(before);
    for (const c of expected.changes) want.set(path.relative(tree, c.path), c.after);
    for (const n of expected.newFiles) want.set(path.relative(tree, n.path), n.content);
    for (const x of expected.refused) expect(now.get(path.relative(tree, x.path))).toBe(before.get(path.relative(tree, x.path)));
    expect([...now.keys()].filter((k) => TEMP_FILE_RE.test(k))).toEqual([]);
    expect([...now.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [rel, content] of want) expect({ rel, same: now.get(rel) === content }).toEqual({ rel, same: true });
  }, 200_000);
});

describe('saved regressions (testdata/fuzz-regressions)', () => {
  const regressions = loadRegressions();
  test('the directory exists and every case has its note', () => {
    const dir = path.join(ROOT, 'testdata', 'fuzz-regressions');
    expect(fs.existsSync(dir)).toBe(true);
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.c'))) expect(fs.existsSync(path.join(dir, f.replace(/\.c$/, '.json')))).toBe(true);
  });
  for (const { hash, note, case: c } of regressions) {
    // An open regression is a known bug in a file this suite does not own: replayed as an
    // expected failure, so that the fix is noticed (the test then fails: mark it fixed).
    const t = note.status === 'open' ? test.failing : test;
    t(`${hash} (${note.status}, ${note.invariant}): ${note.message.slice(0, 80)}`, async () => {
      // (a limitation must still be reported as its note, and nothing else may fail)
      let r: CaseReport;
      if (note.timeoutMs) {
        ensureBuilt(ROOT);
        const runner = new ChildRunner({ timeoutMs: note.timeoutMs, slowMs: note.slowMs });
        try {
          r = await runner.run(c);
        } finally {
          runner.close();
        }
      } else r = runCase(c, { slowMs: note.slowMs, force: note.invariant === 'steps' || note.invariant === 'unwritable' ? [note.invariant] : [] });
      expect(failures(r).map((v) => `${v.invariant}: ${v.path ?? ''}: ${v.message}`)).toEqual([]);
      if (note.status === 'limitation') expect(r.violations.map((v) => v.invariant)).toContain(note.invariant);
    }, 120_000);
  }
});

describe('the fuzzer itself', () => {
  test('cases are a pure function of (seed, iteration)', () => {
    for (let i = 0; i < 20; i++) expect(makeCase('same', i, corpus)).toEqual(makeCase('same', i, corpus));
    expect(makeCase('a', 1, corpus)).not.toEqual(makeCase('b', 1, corpus));
  });

  test('every mutator is deterministic and copes with empty, tiny and odd inputs', () => {
    const inputs = ['', '\n', '{', 'x', '"', '/*', '#if\n', '\r\n\r\n', '\0\xff', donors[0]];
    for (const [, name] of MUTATORS) {
      for (const text of inputs) {
        for (const huge of [false, true]) {
          const a = mutateWith(name, text, new Rng('mutator', name, text.length), { donors, huge });
          const b = mutateWith(name, text, new Rng('mutator', name, text.length), { donors, huge });
          expect(a).toEqual(b);
          if (a) expect(typeof a.text).toBe('string');
        }
      }
    }
    const t = donors[0];
    expect(mutate(t, new Rng(1), { donors, huge: false }).text).toBe(mutate(t, new Rng(1), { donors, huge: false }).text);
  });

  test('tokenize covers the text exactly and sees every kind of token', () => {
    const text = donors.slice(0, 6).join('\n');
    const toks = tokenize(text);
    let pos = 0;
    for (const t of toks) {
      expect(t.start).toBe(pos);
      pos = t.end;
    }
    expect(pos).toBe(text.length);
    const kinds = new Set(toks.map((t) => t.kind));
    for (const k of ['block-comment', 'line-comment', 'string', 'char', 'directive', 'keyword', 'identifier', 'number', 'space', 'punct']) expect(kinds.has(k as never)).toBe(true);
  });

  test('generated modules are valid enough to be converted', () => {
    for (let i = 0; i < 3; i++) {
      const g = generateModule(new Rng('fuzz-test-gen', i));
      const c: FuzzCase = { id: `gen${i}`, origin: 'generated', files: g.files, ops: [], twin: true };
      const r = runCase(c);
      expect(r.violations).toEqual([]);
      expect(r.stats.changes).toBeGreaterThan(0);
    }
  });

  test('the shrinker keeps the failure and drops the rest', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => `int filler_${i} = ${i};\n`);
    lines[123] = 'int NEEDLE;\n';
    lines[321] = 'int HAY;\n';
    const c: FuzzCase = { ...caseFromText('shrink', 'big.c', lines.join('')), files: [{ rel: 'big.c', content: lines.join('') }, { rel: 'other.h', content: 'int unrelated;\n' }] };
    // A stand-in runner: "fails" when both markers are in big.c.
    const runner = (k: FuzzCase): CaseReport => {
      const t = k.files.find((f) => f.rel === 'big.c')?.content ?? '';
      const bad = t.includes('NEEDLE') && t.includes('HAY');
      return { id: k.id, ms: 0, violations: bad ? [{ invariant: 'edits', message: 'synthetic' }] : [], stats: { files: 0, bytes: 0, changes: 0, newFiles: 0, refused: 0, problems: 0, findings: 0, slowestCallMs: 0 } };
    };
    const s = await shrinkCase(c, { invariant: 'edits', message: 'synthetic' }, runner, { maxRuns: 5000, maxMs: 30_000 });
    expect(s.case.files.map((f) => f.rel)).toEqual(['big.c']);
    const text = s.case.files[0].content;
    expect(text).toContain('NEEDLE');
    expect(text).toContain('HAY');
    expect(text.length).toBeLessThanOrEqual('NEEDLEHAY'.length + 2);
  });

  test('a saved regression loads back as the same case', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-fuzz-reg-'));
    try {
      const c: FuzzCase = { id: 'x', origin: 'testdata:spamlib', files: [{ rel: 'a.c', content: 'int \xe9;\r\n\0' }, { rel: 'a.h', content: 'int b;\n' }], target: 'a.c', ops: ['op'], twin: true };
      const hash = saveRegression(dir, c, { invariant: 'damage', message: 'm' }, { seed: 3, iteration: 4 });
      expect(fs.readFileSync(path.join(dir, `${hash}.c`)).equals(Buffer.from('int \xe9;\r\n\0', 'latin1'))).toBe(true);
      const [back] = loadRegressions(dir);
      expect(back.hash).toBe(hash);
      expect(back.note).toMatchObject({ name: 'a.c', invariant: 'damage', status: 'open', seed: 3, iteration: 4 });
      expect(back.case.files).toEqual(c.files);
      // Same input, same name.
      expect(saveRegression(dir, c, { invariant: 'damage', message: 'm' }, {})).toBe(hash);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('the child-process runner', () => {
    let dir: string;
    beforeAll(() => {
      ensureBuilt(ROOT);
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-fuzz-child-test-'));
    }, 300_000);
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('runs a real case and reports it like runCase', async () => {
      const runner = new ChildRunner({ timeoutMs: 60_000 });
      try {
        const c = makeCase(SEED, 0, corpus);
        const r = await runner.run(c);
        expect(r.violations).toEqual(runCase(c).violations);
      } finally {
        runner.close();
      }
    }, 120_000);

    test('a case that never finishes is a hang, reported once it used its CPU time, and the next case still runs', async () => {
      const script = path.join(dir, 'hang.js');
      fs.writeFileSync(script, "process.on('message', (m) => { if (m.case.id === 'hang') for (;;) {} process.send({ id: m.case.id, ms: 0, violations: [], stats: {} }); });\n");
      const runner = new ChildRunner({ timeoutMs: 1500, script });
      try {
        const r = await runner.run(caseFromText('hang', 'a.c', 'int a;\n'));
        expect(r.violations.map((v) => v.invariant)).toEqual(['hang']);
        expect(r.violations[0].message).toMatch(/s of CPU \(bound 1\.5 s\) without a result: killed/);
        const next = await runner.run(caseFromText('fine', 'a.c', 'int a;\n'));
        expect(next.violations).toEqual([]);
      } finally {
        runner.close();
      }
    }, 120_000);

    test('waiting is no hang: a case slower on the wall clock than its CPU bound passes (a loaded machine)', async () => {
      const script = path.join(dir, 'slow.js');
      fs.writeFileSync(script, "process.on('message', (m) => setTimeout(() => process.send({ id: m.case.id, ms: 0, violations: [], stats: {} }), 3000));\n");
      const runner = new ChildRunner({ timeoutMs: 1000, wallMs: 120_000, script });
      try {
        const r = await runner.run(caseFromText('slow', 'a.c', 'int a;\n'));
        expect(r.violations).toEqual([]);
      } finally {
        runner.close();
      }
    }, 180_000);

    test('a case blocked without using CPU is a hang after the wall-clock backstop', async () => {
      const script = path.join(dir, 'blocked.js');
      fs.writeFileSync(script, "process.on('message', () => undefined);\n");
      const runner = new ChildRunner({ timeoutMs: 60_000, wallMs: 1500, script });
      try {
        const r = await runner.run(caseFromText('blocked', 'a.c', 'int a;\n'));
        expect(r.violations.map((v) => v.invariant)).toEqual(['hang']);
        expect(r.violations[0].message).toMatch(/no result after .* of wall time/);
      } finally {
        runner.close();
      }
    }, 60_000);

    test("a CLI case is judged on this runner's bounds, not the CLI's wall-clock one: a loaded machine fails no converge", async () => {
      // A wall-clock group bound of 1 ms stands for one that fires under load: the CLI then skips
      // the group and writes nothing, and the apply after a kill "gives another tree".
      const saved = process.env.PYEXT_ISOLATE_TIMEOUT;
      process.env.PYEXT_ISOLATE_TIMEOUT = '0.001';
      try {
        const user = corpus.find((m) => m.name === 'tagapi_user')!;
        const c: FuzzCase = { id: 'loaded', origin: 'testdata:tagapi_user', files: user.files, target: user.files[0].rel, ops: [] };
        const r = await runCaseCli(c, { timeoutMs: 60_000, baseDir: dir });
        expect(r.violations).toEqual([]);
        expect(r.stats.changes).toBe(1);
      } finally {
        if (saved === undefined) delete process.env.PYEXT_ISOLATE_TIMEOUT;
        else process.env.PYEXT_ISOLATE_TIMEOUT = saved;
      }
    }, 200_000);

    test('processCpuMs counts the CPU a process burns', () => {
      const before = processCpuMs(process.pid)!;
      expect(before).toBeGreaterThan(0);
      const t = process.cpuUsage();
      while ((process.cpuUsage(t).user + process.cpuUsage(t).system) / 1000 < 300) Math.sqrt(Math.random());
      expect(processCpuMs(process.pid)! - before).toBeGreaterThanOrEqual(250);
    });

    test('a process that dies is a crash, with its last words', async () => {
      const script = path.join(dir, 'crash.js');
      fs.writeFileSync(script, "process.on('message', () => { process.stderr.write('boom: out of cheese\\n'); process.exit(7); });\n");
      const runner = new ChildRunner({ timeoutMs: 30_000, script });
      try {
        const r = await runner.run(caseFromText('crash', 'a.c', 'int a;\n'));
        expect(r.violations).toHaveLength(1);
        expect(r.violations[0].invariant).toBe('crash');
        expect(r.violations[0].message).toMatch(/status 7/);
      } finally {
        runner.close();
      }
    }, 60_000);
  });
});
