/**
 * A baseline file: the findings a project already knows, so that CI gates only on new ones (as
 * ruff's and clang-tidy's users keep one). Entries pair a path relative to the baseline's own
 * directory with a rule and a fingerprint (fingerprints.ts), so the file works from any checkout
 * and survives lines moving. The line and message are there for the reader only.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from '../core/findings';
import { ConfigError } from './config';

export interface BaselineEntry {
  file: string;
  rule: string;
  fingerprint: string;
  line: number;
  message: string;
}

export interface BaselineFile {
  tool: 'pyext-isolate';
  version: 1;
  findings: BaselineEntry[];
}

const rel = (baselineFile: string, file: string): string => path.relative(path.dirname(path.resolve(baselineFile)), path.resolve(file)).split(path.sep).join('/');

/** The baseline of these findings (those a comment accepts are recorded in the source already). */
export function makeBaseline(findings: Finding[], baselineFile: string): BaselineFile {
  const entries = findings
    .filter((f) => f.accepted?.kind !== 'comment')
    .map((f) => ({ file: rel(baselineFile, f.file), rule: f.rule, fingerprint: f.fingerprint ?? '', line: f.line, message: f.message }));
  entries.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return { tool: 'pyext-isolate', version: 1, findings: entries };
}

export function writeBaseline(findings: Finding[], baselineFile: string): number {
  const b = makeBaseline(findings, baselineFile);
  const tmp = `${baselineFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(b, null, 2) + '\n');
  fs.renameSync(tmp, baselineFile);
  return b.findings.length;
}

export function readBaseline(baselineFile: string): BaselineFile {
  let doc: unknown;
  try {
    doc = JSON.parse(fs.readFileSync(baselineFile, 'utf8'));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new ConfigError(`baseline ${baselineFile}: ${e.code === 'ENOENT' ? 'no such file (write one with check --write-baseline FILE)' : `cannot be read: ${e.message}`}`);
  }
  const d = doc as Partial<BaselineFile>;
  const ok = d && d.tool === 'pyext-isolate' && d.version === 1 && Array.isArray(d.findings) && d.findings.every((e) => e && typeof e.file === 'string' && typeof e.rule === 'string' && typeof e.fingerprint === 'string');
  if (!ok) throw new ConfigError(`baseline ${baselineFile}: not a pyext-isolate baseline (version 1); write it again with check --write-baseline`);
  return d as BaselineFile;
}

/**
 * Marks the findings the baseline knows as accepted (each entry accepts one finding) and returns
 * how many entries matched nothing (fixed hazards: the baseline can be written again, smaller).
 */
export function applyBaseline(findings: Finding[], baseline: BaselineFile, baselineFile: string): { stale: number } {
  const left = new Map<string, number>();
  const key = (file: string, rule: string, fp: string): string => `${file}\0${rule}\0${fp}`;
  for (const e of baseline.findings) left.set(key(e.file, e.rule, e.fingerprint), (left.get(key(e.file, e.rule, e.fingerprint)) ?? 0) + 1);
  let matched = 0;
  for (const f of findings) {
    if (f.accepted || !f.fingerprint) continue;
    const k = key(rel(baselineFile, f.file), f.rule, f.fingerprint);
    const n = left.get(k) ?? 0;
    if (n === 0) continue;
    left.set(k, n - 1);
    matched++;
    f.accepted = { kind: 'baseline', justification: `known in the baseline ${baselineFile}`, by: baselineFile };
  }
  return { stale: baseline.findings.length - matched };
}
