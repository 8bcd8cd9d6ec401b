/**
 * What a change to the parse must leave alone, as text two builds can `diff`: for every file of
 * each tree given, the hash of its final parse view and its damage, then every finding of
 * `check()` on the tree. A change that leaves every view identical cannot change a finding; one
 * that does not shows here which files and findings it moved. How many tree-sitter parses the
 * files took (which a change may well move) goes to stderr, per file with `--parses`.
 *
 *   node dist/bench/parse-snapshot.js [--tree-per-dir] [--parses] [--config FILE] DIR... > before.txt
 *
 * `--tree-per-dir` checks each directory holding C sources as a tree of its own (the testdata
 * layout: one module per case directory).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { check, discoverSources, readSourceFile } from '../src/api';
import { loadConfig } from '../src/engine/config';
import { parseSource } from '../src/core/parse';
import { SourceFile } from '../src/core/source';
import { buildMacroTable } from '../src/core/macros';

const SOURCE = /\.(c|h|inc)(\.src)?$/;

function dirsWithSources(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    const entries = fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    if (entries.some((e) => e.isFile() && SOURCE.test(e.name))) out.push(d);
    for (const e of entries) if (e.isDirectory()) walk(path.join(d, e.name));
  };
  walk(root);
  return out;
}

/** Files by the number of parses they took: index 1 = parsed once. */
const byParses: number[] = [];

function snapshotTree(root: string, configFile: string | undefined, perFileParses: boolean, print: (s: string) => void): void {
  const opts = configFile ? { config: configFile } : {};
  const config = loadConfig([root], opts);
  const macros = buildMacroTable(config.macros, config.exportMacros, true, Number(config.minPython.split('.')[1]));
  const rel = (p: string): string => path.relative(process.cwd(), p);
  print(`== ${rel(root)}`);
  for (const f of discoverSources([root], config).files) {
    const r = readSourceFile(f);
    if ('problem' in r) continue;
    const p = parseSource(new SourceFile(f, r.bytes), macros);
    const view = crypto.createHash('sha1').update(p.parseText, 'latin1').digest('hex').slice(0, 12);
    print(`view ${rel(f)} ${view} damage=${p.damageBytes}`);
    byParses[p.parses] = (byParses[p.parses] ?? 0) + 1;
    if (perFileParses) process.stderr.write(`parses ${rel(f)} ${p.parses}\n`);
  }
  for (const x of check([root], opts).findings) {
    print(`finding ${rel(x.file)}:${x.line}:${x.col} ${x.rule} ${x.fix} ${x.severity} ${x.message}`);
  }
}

function main(argv: string[]): void {
  let perDir = false;
  let perFileParses = false;
  let configFile: string | undefined;
  const roots: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tree-per-dir') perDir = true;
    else if (argv[i] === '--parses') perFileParses = true;
    else if (argv[i] === '--config') configFile = argv[++i];
    else roots.push(argv[i]);
  }
  const lines: string[] = [];
  for (const root of roots) {
    for (const tree of perDir ? dirsWithSources(path.resolve(root)) : [path.resolve(root)]) snapshotTree(tree, configFile, perFileParses, (s) => lines.push(s));
  }
  process.stdout.write(lines.join('\n') + '\n');
  const counts = byParses.map((n, k) => (n ? `${n} file(s) parsed ${k}x` : '')).filter(Boolean);
  process.stderr.write(`parses: ${counts.join(', ')}\n`);
}

main(process.argv.slice(2));
