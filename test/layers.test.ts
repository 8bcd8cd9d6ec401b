/**
 * Dependencies point one way: core -> model -> plan -> transforms -> engine -> library -> verify
 * -> runner -> api -> cli (a layer imports only layers before it), and no file imports itself
 * back through others. Read from the import lines of src/ and transforms/, so a bad import fails
 * here before anyone has to notice it in a review.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/** Lowest first: each may import only itself and those before it. */
const LAYERS = ['core', 'model', 'plan', 'transforms', 'engine', 'library', 'verify', 'runner', 'api', 'cli'];

/** The documented exception: plan names the transform context's type (a type, nothing at run time). */
const TYPE_ONLY_EXCEPTIONS = [{ from: 'plan', to: 'transforms/types.ts' }];

/**
 * Cycles that were there when this check came (issue 16), each broken since by moving what both
 * sides needed into a module of its own (or, for a type, an interface on the lower side). None is
 * left: a new cycle fails the check.
 */
const KNOWN_CYCLES: string[][] = [];

interface Import {
  target: string; // repository-relative path of the imported .ts file
  typeOnly: boolean;
  line: number;
}

function layerOf(file: string): string | undefined {
  if (file.startsWith('transforms/')) return 'transforms';
  if (file === 'src/api.ts') return 'api';
  const m = /^src\/([^/]+)\//.exec(file);
  return m ? m[1] : undefined;
}

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...tsFiles(rel));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined; // a package, not ours
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`]) {
    if (fs.existsSync(path.join(ROOT, candidate))) return candidate;
  }
  return undefined;
}

/** Static imports and re-exports, `import type`, and type positions `import('...')`. */
export function importsOf(file: string, text: string): Import[] {
  const out: Import[] = [];
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  const statement = /^\s*(import|export)\s+(type\s+)?([^;]*?)\s+from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm;
  for (let m = statement.exec(text); m; m = statement.exec(text)) {
    const spec = m[4] ?? m[5];
    const target = resolve(file, spec);
    if (!target) continue;
    // `import { type A, type B }` is type-only too
    const names = m[3] ?? '';
    const allTypeNames = /^\{[^}]*\}$/.test(names.trim()) && names.replace(/[{}\s]/g, '').split(',').filter(Boolean).every((n) => n.startsWith('type'));
    out.push({ target, typeOnly: !!m[2] || allTypeNames, line: lineAt(m.index) });
  }
  const typeImport = /\bimport\('([^']+)'\)/g;
  for (let m = typeImport.exec(text); m; m = typeImport.exec(text)) {
    const target = resolve(file, m[1]);
    if (target) out.push({ target, typeOnly: true, line: lineAt(m.index) });
  }
  return out;
}

/** `from -> to` imports against the layer order, less the documented exceptions. */
export function layerViolations(graph: Map<string, Import[]>): string[] {
  const bad: string[] = [];
  for (const [file, imports] of graph) {
    const from = layerOf(file);
    if (!from) continue;
    for (const imp of imports) {
      const to = layerOf(imp.target);
      if (!to || LAYERS.indexOf(to) <= LAYERS.indexOf(from)) continue;
      if (imp.typeOnly && TYPE_ONLY_EXCEPTIONS.some((e) => e.from === from && e.to === imp.target)) continue;
      bad.push(`${file}:${imp.line} (${from}) imports ${imp.target} (${to})`);
    }
  }
  return bad.sort();
}

/** Each cycle once, as the path of files around it (Tarjan's strongly connected components). */
export function importCycles(graph: Map<string, Import[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const { target: w } of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (graph.get(v) ?? []).some((i) => i.target === v);
      if (component.length > 1 || selfLoop) cycles.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

function repositoryGraph(): Map<string, Import[]> {
  const graph = new Map<string, Import[]>();
  for (const file of [...tsFiles('src'), ...tsFiles('transforms')]) {
    graph.set(file, importsOf(file, fs.readFileSync(path.join(ROOT, file), 'utf8')));
  }
  return graph;
}

describe('layers', () => {
  const graph = repositoryGraph();

  test('the checker sees the imports of the repository', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('src/plan/state-plan.ts')!.some((i) => i.target.startsWith('src/model/'))).toBe(true);
  });

  test('no layer imports a layer above it', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  test('no import cycle between files but the known ones, which shrink only', () => {
    expect(importCycles(graph)).toEqual(KNOWN_CYCLES);
  });

  test('a deliberately bad import is caught: upward and in a cycle', () => {
    const bad = new Map(graph);
    bad.set('src/core/lex.ts', [...graph.get('src/core/lex.ts')!, { target: 'src/engine/config.ts', typeOnly: false, line: 1 }]);
    bad.set('src/engine/config.ts', [...graph.get('src/engine/config.ts')!, { target: 'src/core/lex.ts', typeOnly: false, line: 1 }]);
    expect(layerViolations(bad)).toEqual(['src/core/lex.ts:1 (core) imports src/engine/config.ts (engine)']);
    const cycles = importCycles(bad);
    expect(cycles.length).toBe(KNOWN_CYCLES.length + 1);
    expect(cycles.some((c) => c.includes('src/core/lex.ts') && c.includes('src/engine/config.ts'))).toBe(true);
  });

  test('import lines are read in their forms: type-only, re-export, type position', () => {
    const text = [
      "import type { A } from './edits';",
      "import { type B, type C } from './edits';",
      "export { D } from './lex';",
      'let x: import(\'./parse\').SyntaxNode;',
      "import * as fs from 'fs';",
    ].join('\n');
    expect(importsOf('src/core/x.ts', text)).toEqual([
      { target: 'src/core/edits.ts', typeOnly: true, line: 1 },
      { target: 'src/core/edits.ts', typeOnly: true, line: 2 },
      { target: 'src/core/lex.ts', typeOnly: false, line: 3 },
      { target: 'src/core/parse.ts', typeOnly: true, line: 4 },
    ]);
  });
});
