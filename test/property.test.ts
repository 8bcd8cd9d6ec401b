/**
 * Invariants as property tests (fast-check, fixed seed), over every testdata module, mutated
 * variants of them and generated modules, plus the byte-level building blocks:
 *
 *  - bytes outside the reported edit spans are identical (every change is applyEdits over the
 *    accepted edits, re-derived by splicing; selectEdits never accepts overlapping edits)
 *  - a second run is a no-op
 *  - the CRLF twin of an input gives the CRLF twin of its output
 *  - output has no more parse damage (ERROR/MISSING bytes) than its input
 *  - a file with a conflict or refusal is byte-identical afterwards
 *  - no exception escapes the library API (check, rewrite, applyRewrite, analyzeSource)
 *
 *  - generated modules (which compile) rewrite to code that compiles with the oldest supported
 *    and the newest CPython headers found (the compile gate's check, run by runCase)
 *
 * The pipeline properties run through test-support/fuzz/run.ts's runCase, which checks all of
 * them on every case (see the invariant list there).
 */
import * as fc from 'fast-check';
import * as editsModule from '../src/core/edits';
import { applyEdits, selectEdits, Edit } from '../src/core/edits';
import { SourceFile, looksBinary } from '../src/core/source';
import { lex } from '../src/core/lex';
import { parseSource } from '../src/core/parse';
import { analyzeSource } from '../src/api';
import { runCase, loadCorpus, spliceEdits, failures, FuzzCase, CaseReport } from '../test-support/fuzz/run';
import { mutate } from '../test-support/fuzz/mutate';
import { generateModule } from '../test-support/fuzz/generate';
import { Rng } from '../test-support/fuzz/rng';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { prepareGate, GateSetup } from '../src/runner/gate-setup';
import { gateExtension } from '../src/runner/compile-gate';
import { ensureBuilt } from '../test-support/fuzz/build';
import { loadConfig } from '../src/engine/config';
import { rewrite } from '../src/api';

const SEED = 20240611;

// The compiler and headers for the `compiles` invariant (Python.h precompiled into a temp cache).
let compile: GateSetup;
let gateCache: string;
beforeAll(async () => {
  ensureBuilt(); // the runner's compiles invariant runs the gate of dist/ in a child process
  gateCache = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-property-gate-'));
  const g = await prepareGate({ paths: [gateCache], config: loadConfig([], {}), cacheDir: gateCache });
  if (!g.setup) throw new Error(`the compiles invariant needs a C compiler and CPython headers: ${g.why}`);
  compile = g.setup;
}, 120_000);
afterAll(() => fs.rmSync(gateCache, { recursive: true, force: true }));
const corpus = loadCorpus();
const donors = corpus.flatMap((m) => m.files.map((f) => f.content));

function expectClean(r: CaseReport, c: FuzzCase): void {
  if (failures(r).length > 0) {
    const msg = failures(r).map((v) => `${v.invariant}: ${v.path ?? ''}: ${v.message}`).join('\n');
    throw new Error(`case ${c.id} (${c.origin}; ${c.ops.join('; ')}):\n${msg}`);
  }
}

/** C-flavoured text: tokens that matter to the lexer and the parser, glued at random. */
const cSoup = fc
  .array(
    fc.oneof(
      fc.constantFrom('{', '}', '(', ')', '[', ']', ';', ',', '=', '*', '&', '#', '"', "'", '\\', '/', '/*', '*/', '//', '\n', '\r\n', '\r', ' ', '\t', '\0', '\xff', '@'),
      fc.constantFrom('static', 'PyObject', 'int', 'struct', 'return', 'NULL', 'PyObject_HEAD', 'PyVarObject_HEAD_INIT(NULL, 0)', 'Py_UNUSED(x)', 'PyMODINIT_FUNC', 'PyInit_m', 'PyModule_Create(&d)'),
      fc.constantFrom('#if 0\n', '#else\n', '#endif\n', '#define X(a) a\n', '#include <Python.h>\n', '#ifdef Y\n', '#elif 1\n', '#define A \\\n 1\n'),
      fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 120 },
  )
  .map((xs) => xs.join(' '));

describe('byte-level building blocks', () => {
  test('SourceFile keeps every byte: raw is latin1, one char per byte, round trip exact; text differs only where a lone CR reads as a line end', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const buf = Buffer.from(bytes);
        const sf = new SourceFile('x.c', buf);
        expect(Buffer.from(sf.raw, 'latin1').equals(buf)).toBe(true);
        expect(sf.text.length).toBe(buf.length);
        for (let i = 0; i < buf.length; i++) {
          const loneCr = buf[i] === 13 && buf[i + 1] !== 10;
          expect(sf.text.charCodeAt(i)).toBe(loneCr ? 10 : buf[i]);
        }
        // positions are inside the text
        for (const off of [0, Math.floor(buf.length / 2), buf.length]) {
          const p = sf.position(off);
          expect(p.line).toBeGreaterThanOrEqual(1);
          expect(p.col).toBeGreaterThanOrEqual(1);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test('selectEdits accepts disjoint edits only, whole producers at a time, and applyEdits equals splicing them', () => {
    const producers = ['a', 'b', 'c', 'd'];
    const edit = (len: number): fc.Arbitrary<Edit> =>
      fc
        .record({
          start: fc.integer({ min: 0, max: len }),
          size: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6 })),
          text: fc.oneof(fc.constant(''), fc.string({ maxLength: 5 }), fc.constantFrom('\n', '\r\n', '{\n}', '/* x */')),
          by: fc.constantFrom(...producers),
          order: fc.integer({ min: 0, max: 5 }),
        })
        .map((r) => ({ start: r.start, end: Math.min(len, r.start + r.size), text: r.text, by: r.by, order: r.order }));
    const arb = fc.string({ maxLength: 60 }).chain((text) => fc.tuple(fc.constant(text), fc.array(edit(text.length), { maxLength: 12 })));
    fc.assert(
      fc.property(arb, ([text, edits]) => {
        const sel = selectEdits(edits, producers);
        const acceptedBy = new Set(sel.accepted.map((e) => e.by));
        const rejected = new Set(sel.conflicts.map((c) => c.by));
        // A producer is accepted whole or rejected whole.
        for (const p of producers) {
          const mine = edits.filter((e) => e.by === p);
          if (mine.length === 0) continue;
          expect(acceptedBy.has(p) !== rejected.has(p)).toBe(true);
          if (rejected.has(p)) expect(sel.accepted.some((e) => e.by === p)).toBe(false);
        }
        // What applyEdits makes of the accepted edits is exactly splicing them in order, so every
        // byte outside the edit spans is the original byte.
        const spliced = spliceEdits(text, sel.accepted);
        if ('error' in spliced) throw new Error(spliced.error);
        expect(applyEdits(text, sel.accepted)).toBe(spliced.out);
      }),
      { seed: SEED, numRuns: 1500 },
    );
  });

  test('lex never throws; its spans are sorted, disjoint and inside the text', () => {
    fc.assert(
      fc.property(cSoup, (text) => {
        const lx = lex(text);
        let prev = -1;
        for (let i = 0; i < lx.inertStarts.length; i++) {
          expect(lx.inertStarts[i]).toBeGreaterThanOrEqual(prev);
          expect(lx.inertEnds[i]).toBeGreaterThan(lx.inertStarts[i]);
          expect(lx.inertEnds[i]).toBeLessThanOrEqual(text.length);
          prev = lx.inertEnds[i];
        }
        for (const d of lx.directives) {
          expect(d.start).toBeGreaterThanOrEqual(0);
          expect(d.end).toBeLessThanOrEqual(text.length);
          expect(d.start).toBeLessThanOrEqual(d.end);
        }
      }),
      { seed: SEED, numRuns: 800 },
    );
  });

  test('parseSource never throws; the parse view keeps length and line breaks; damage is inside the text', () => {
    fc.assert(
      fc.property(cSoup, fc.boolean(), (text, template) => {
        const p = parseSource(SourceFile.fromText(template ? 'x.c.src' : 'x.c', text));
        expect(p.parseText.length).toBe(text.length);
        for (let i = 0; i < text.length; i++) if (text[i] === '\n') expect(p.parseText[i]).toBe('\n');
        for (const d of p.damage) {
          expect(d.start).toBeGreaterThanOrEqual(0);
          expect(d.end).toBeLessThanOrEqual(text.length);
        }
        for (const h of p.holes) {
          expect(h.start).toBeGreaterThanOrEqual(0);
          expect(h.end).toBeLessThanOrEqual(text.length);
        }
        expect(p.damageBytes).toBeLessThanOrEqual(text.length + p.damage.length);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  test('a text and its CRLF twin measure the same parse damage when tree-sitter sees the same errors', () => {
    // The "would parse worse" refusal compares damage counts: CR bytes must not tip it one way
    // in a CRLF file and the other way in its LF twin (fuzz regression dd718e3b4358).
    const lfSpans = (text: string, spans: { start: number; end: number }[]): string => {
      const before = (o: number): number => o - (text.slice(0, o).match(/\r\n/g) ?? []).length;
      return spans.map((d) => `${before(d.start)}-${before(d.end)}`).join(',');
    };
    fc.assert(
      fc.property(cSoup, (soup) => {
        const lf = soup.replace(/\r/g, '');
        const crlf = lf.replace(/\n/g, '\r\n');
        const a = parseSource(SourceFile.fromText('x.c', lf));
        const b = parseSource(SourceFile.fromText('x.c', crlf));
        if (lfSpans(lf, a.damage) !== lfSpans(crlf, b.damage)) return; // tree-sitter recovered differently
        expect(b.damageBytes).toBe(a.damageBytes);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  test('a file and its CRLF twin are judged binary alike (fuzz regression 54b37003667d)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', ' ', '\n', ';'), { minLength: 7000, maxLength: 9000 }), fc.nat(), (chars, at) => {
        const lf = chars.join('');
        const pos = at % (lf.length + 1);
        const withNul = lf.slice(0, pos) + '\0' + lf.slice(pos);
        const crlf = withNul.replace(/\n/g, '\r\n');
        expect(looksBinary(Buffer.from(crlf, 'latin1'))).toBe(looksBinary(Buffer.from(withNul, 'latin1')));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  test('analyzeSource never throws, on C soup and on mutated real files', () => {
    fc.assert(
      fc.property(fc.oneof(cSoup, fc.integer().map((s) => mutate(donors[Math.abs(s) % donors.length], new Rng('analyze', s), { donors, huge: false }, 4).text)), (text) => {
        analyzeSource('x.c', Buffer.from(text, 'latin1'));
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

describe('the pipeline: check + rewrite + apply on a temp copy', () => {
  test.each(corpus.map((m) => [m.name, m] as const))('testdata module %s, as it is and as its CRLF twin', (_name, mod) => {
    const c: FuzzCase = { id: `module:${mod.name}`, origin: `testdata:${mod.name}`, files: mod.files, ops: [], twin: true };
    expectClean(runCase(c), c);
  });

  test('mutated testdata modules', () => {
    fc.assert(
      fc.property(fc.nat(corpus.length - 1), fc.nat(), fc.integer({ min: 1, max: 4 }), fc.boolean(), (mi, seed, maxOps, twin) => {
        const mod = corpus[mi];
        const rng = new Rng('property-mutant', seed);
        const files = mod.files.map((f) => ({ ...f }));
        const target = rng.pick(files);
        const m = mutate(target.content, rng, { donors, huge: false }, maxOps);
        target.content = m.text;
        const c: FuzzCase = { id: `mutant:${mod.name}:${seed}`, origin: `testdata:${mod.name}`, files, target: target.rel, ops: m.ops, twin };
        expectClean(runCase(c), c);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  test('generated modules (every style, some with a header and a second file) are converted, and keep every invariant', () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const g = generateModule(new Rng('property-generated', seed));
        const c: FuzzCase = { id: `generated:${seed}`, origin: 'generated', files: g.files, ops: [], twin: true };
        const r = runCase(c, { compile });
        expectClean(r, c);
        // They are meant to exercise the rewrite path: converted, not refused.
        expect(r.stats.refused).toBe(0);
        expect(r.stats.changes).toBeGreaterThan(0);
      }),
      { seed: SEED, numRuns: 12 },
    );
  });

  test('the compiles invariant is not vacuous: a generated module compiles before and after', async () => {
    const g = generateModule(new Rng('property-generated', 0));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-property-compiles-'));
    try {
      for (const f of g.files) fs.writeFileSync(path.join(dir, f.rel), Buffer.from(f.content, 'latin1'));
      const r = rewrite([dir]);
      expect(r.changes.length).toBeGreaterThan(0);
      const ext = r.extensions[0];
      expect(await gateExtension(compile, ext.files, r.changes, r.newFiles)).toEqual({ kind: 'ok' });
      // and a rewrite that breaks it is caught
      const broken = r.changes.map((c) => ({ ...c, after: c.after.replace(/\bst->/, 'st_undeclared->') }));
      expect(await gateExtension(compile, ext.files, broken, r.newFiles)).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/st_undeclared/) });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  test('mutated generated modules', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (gseed, mseed) => {
        const g = generateModule(new Rng('property-generated', gseed));
        const rng = new Rng('property-generated-mutant', mseed);
        const target = rng.pick(g.files);
        const m = mutate(target.content, rng, { donors, huge: false }, 3);
        const files = g.files.map((f) => (f === target ? { rel: f.rel, content: m.text } : f));
        const c: FuzzCase = { id: `generated-mutant:${gseed}:${mseed}`, origin: 'generated', files, target: target.rel, ops: m.ops, twin: true };
        expectClean(runCase(c), c);
      }),
      { seed: SEED, numRuns: 12 },
    );
  });

  test('an extension whose edits conflict is refused whole and left byte-identical', () => {
    // A conflict is forced into the edit selection (as if two transforms had touched the same
    // bytes); the engine must refuse the whole extension and write none of its files.
    const mod = editsModule as unknown as { selectEdits: typeof selectEdits };
    const original = mod.selectEdits;
    fc.assert(
      fc.property(fc.nat(corpus.length - 1), (mi) => {
        const m = corpus[mi];
        mod.selectEdits = (edits, order) => {
          const sel = original(edits, order);
          const victim = sel.accepted[0];
          if (!victim) return sel;
          return { accepted: sel.accepted.filter((e) => e.by !== victim.by), conflicts: [...sel.conflicts, { by: victim.by, with: 'property-test', at: victim.start, reason: `forced conflict for ${victim.by}` }] };
        };
        try {
          const c: FuzzCase = { id: `conflict:${m.name}`, origin: `testdata:${m.name}`, files: m.files, ops: ['forced-conflict'], twin: false };
          const r = runCase(c);
          expectClean(r, c);
          // Every module that would change is refused instead, and nothing is written.
          if (r.stats.changes + r.stats.newFiles > 0) throw new Error(`${m.name}: changed despite a conflict`);
        } finally {
          mod.selectEdits = original;
        }
      }),
      { seed: SEED, numRuns: 10 },
    );
  });

  test('an extension whose output would parse worse is refused whole and left byte-identical', () => {
    // 10 000 unclosed braces in a function body: the rewrite cannot keep the damage from growing.
    const g = generateModule(new Rng('property-refusal', 1), 'refuseme');
    const text = g.files[0].content.replace(/\)\s*\{\r?\n/, (m) => m + '{'.repeat(2000) + '\n');
    const c: FuzzCase = { id: 'refusal', origin: 'generated', files: [{ rel: g.files[0].rel, content: text }, ...g.files.slice(1)], ops: ['unclosed-braces'], twin: true };
    const r = runCase(c);
    expectClean(r, c);
    expect(r.stats.refused).toBeGreaterThan(0);
    expect(r.stats.changes).toBe(0);
  });
});
