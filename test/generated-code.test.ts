/**
 * The generated code reads as the file's own and adds no warning, across every converted testdata
 * module and case: compiled with -Wall -Wextra -Wdeclaration-after-statement it shows no warning
 * the original did not show (3.9 and 3.13 headers), no function of the output has a
 * declaration after a statement that its original did not have, and no macro refers to a
 * state `st` it does not receive as a parameter.
 */
import * as fs from 'fs';
import * as path from 'path';
import { execFile } from 'child_process';
import { promisify } from 'util';
import { rewrite } from '../src/api';
import { SourceFile } from '../src/core/source';
import { atLeast } from '../src/core/pyversion';
import { parseSource, SyntaxNode } from '../src/core/parse';
import { discoverInterpreters, Interpreter } from '../src/verify';
import { ROOT, listModules, convertCopy, tempCopy } from './helpers/modules';

const run = promisify(execFile);
const CASES = path.join(ROOT, 'testdata', 'cases');
const WARNING_FLAGS = ['-Wall', '-Wextra', '-Wdeclaration-after-statement'];

interface Unit {
  name: string;
  /** The original and the converted directory, and the sources to compile (relative). */
  before: string;
  after: string;
  sources: string[];
  includeDirs: string[];
  defines: string[];
  cleanup: () => void;
  /** The oldest Python the unit supports (case.json `minPython`). */
  minPython?: string;
}

function moduleUnits(): Unit[] {
  return listModules()
    .filter((m) => !m.json.consumerOf)
    .map((m) => {
      const { dir } = convertCopy(m);
      return { name: m.name, before: m.dir, after: dir, sources: m.json.sources, includeDirs: m.json.includeDirs ?? [], defines: m.json.defines ?? [], cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
    });
}

function caseUnits(): Unit[] {
  const out: Unit[] = [];
  for (const name of fs.readdirSync(CASES).sort()) {
    const dir = path.join(CASES, name);
    if (!fs.existsSync(path.join(dir, 'case.json'))) continue;
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8')) as { module?: string; minPython?: string };
    if (!json.module) continue;
    const work = tempCopy(dir, `gen-${name}`);
    // Every snapshot goes (a multi-file case's expected.<file> would be read as one more file of the extension).
    for (const f of fs.readdirSync(work)) if (f === 'findings.txt' || f === 'refused.txt' || f === 'expected' || f.startsWith('expected.')) fs.rmSync(path.join(work, f), { recursive: true, force: true });
    const r = rewrite([work], { minPython: json.minPython });
    for (const c of r.changes) fs.writeFileSync(c.path, Buffer.from(c.after, 'latin1'));
    for (const n of r.newFiles) fs.writeFileSync(n.path, Buffer.from(n.content, 'latin1'));
    out.push({ name: `case ${name}`, before: dir, after: work, sources: ['input.c'], includeDirs: [], defines: [], minPython: json.minPython, cleanup: () => fs.rmSync(work, { recursive: true, force: true }) });
  }
  return out;
}

/** Warnings of the unit's own files, without line numbers: `file: message [-Wflag]` with counts. */
async function warnings(dir: string, u: Unit, py: Interpreter): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const s of u.sources) {
    const args = ['-fsyntax-only', ...WARNING_FLAGS, `-I${py.includeDir}`, `-I${dir}`, ...u.includeDirs.map((d) => `-I${path.join(dir, d)}`), ...u.defines.map((d) => `-D${d}`), path.join(dir, s)];
    const res = await run('gcc', args).catch((e: { stderr?: string; message: string }) => {
      throw new Error(`gcc failed on ${path.join(dir, s)}: ${e.stderr ?? e.message}`);
    });
    for (const line of res.stderr.split('\n')) {
      const m = /^(.*?):\d+:\d+: warning: (.*)$/.exec(line);
      if (!m || !path.resolve(m[1]).startsWith(path.resolve(dir))) continue;
      // A positional initializer completed by the rewrite misses a later field than before: the same warning.
      const message = m[2].replace(/^missing initializer for field ‘[^’]*’/, 'missing initializer for a field');
      const key = `${path.relative(dir, path.resolve(m[1]))}: ${message}`;
      out.set(key, (out.get(key) ?? 0) + 1);
    }
  }
  return out;
}

function newWarnings(before: Map<string, number>, after: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [k, n] of after) if (n > (before.get(k) ?? 0)) out.push(`${n - (before.get(k) ?? 0)}x ${k}`);
  return out;
}

/** Functions whose body has a declaration after a statement, by name. */
function mixedFunctions(file: string): Set<string> {
  const src = new SourceFile(file, fs.readFileSync(file));
  const parsed = parseSource(src);
  const out = new Set<string>();
  const visit = (n: SyntaxNode, fn: string | undefined): void => {
    let name = fn;
    if (n.type === 'function_definition') {
      const d = n.childForFieldName('declarator');
      const id = d ? /([A-Za-z_]\w*)\s*\(/.exec(src.text.slice(d.startIndex, d.endIndex)) : null;
      name = id?.[1];
    }
    if (n.type === 'compound_statement' && name) {
      let statement = false;
      for (const c of n.namedChildren) {
        if (c.type === 'comment' || c.type.startsWith('preproc')) continue;
        if (c.type === 'declaration') {
          if (statement) out.add(name);
        } else statement = true;
      }
    }
    for (const c of n.namedChildren) visit(c, name);
  };
  visit(parsed.tree.rootNode, undefined);
  return out;
}

async function inParallel<T>(jobs: (() => Promise<T>)[], width: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return out;
}

let units: Unit[] = [];
let pythons: Interpreter[] = [];

beforeAll(async () => {
  units = [...moduleUnits(), ...caseUnits()];
  const found = await discoverInterpreters(['3.9', '3.13']);
  pythons = found.found;
}, 120_000);

afterAll(() => {
  for (const u of units) u.cleanup();
});

test('no converted module or case shows a compiler warning its original did not (-Wall -Wextra -Wdeclaration-after-statement)', async () => {
  expect(pythons.length).toBeGreaterThan(0);
  const supported = (u: Unit, py: Interpreter): boolean => !u.minPython || atLeast(py.version, u.minPython);
  const jobs = pythons.flatMap((py) => units.filter((u) => supported(u, py)).map((u) => async (): Promise<string | undefined> => {
    const [before, after] = await Promise.all([warnings(u.before, u, py), warnings(u.after, u, py)]);
    const added = newWarnings(before, after);
    return added.length > 0 ? `${u.name} (${py.version}):\n  ${added.join('\n  ')}` : undefined;
  }));
  const problems = (await inParallel(jobs, 2)).filter((p): p is string => p !== undefined);
  expect(problems).toEqual([]);
}, 600_000);

test('no generated statement precedes a declaration: every function that mixes them did so before', () => {
  const problems: string[] = [];
  for (const u of units) {
    for (const rel of fs.readdirSync(u.after).filter((f) => /\.(c|h)$/.test(f))) {
      const before = path.join(u.before, rel);
      const had = fs.existsSync(before) ? mixedFunctions(before) : new Set<string>();
      for (const f of mixedFunctions(path.join(u.after, rel))) if (!had.has(f)) problems.push(`${u.name}: ${rel}: ${f}()`);
    }
  }
  expect(problems).toEqual([]);
});

test('no macro refers to a state it does not receive: every #define whose body uses st takes st', () => {
  const problems: string[] = [];
  for (const u of units) {
    for (const rel of fs.readdirSync(u.after).filter((f) => /\.(c|h)$/.test(f))) {
      const text = fs.readFileSync(path.join(u.after, rel), 'latin1').replace(/\\\r?\n/g, ' ');
      for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(\(([^)]*)\))?(.*)$/gm)) {
        const params = (m[3] ?? '').split(',').map((p) => p.trim());
        const body = m[4].replace(/\/\*.*?\*\//g, '');
        // A macro that defines a whole function declares its own `st` (or receives it as a parameter there).
        const declaresSt = /\b\w+_state\s*\*\s*st\s*[=;,)]/.test(body);
        // An X-macro callback (its name passed to another macro, `MAP(GEN)`) is called by that macro with
        // its own arguments: its `st` is the one where the expansion is written (the compile checks that).
        const passedByName = m[2] !== undefined && text.split('\n').some((line) => !/^[ \t]*#[ \t]*(?:define|undef)\b/.test(line) && new RegExp(`\\b${m[1]}\\b(?!\\s*\\()`).test(line));
        if (/(?<![.>])\bst\b/.test(body) && !params.includes('st') && !declaresSt && !passedByName) problems.push(`${u.name}: ${rel}: ${m[1]}`);
      }
    }
  }
  expect(problems).toEqual([]);
});
