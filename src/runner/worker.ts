/**
 * A batch worker: summarises files, and checks or rewrites whole groups of files (one or more
 * extensions). Everything it returns is plain data. Used through worker_threads by batch.ts, and
 * called in-process when there is nothing to parallelise.
 */
import { parentPort } from 'worker_threads';
import { analyzeFiles, FileStats } from '../library/analyze';
import { checkTree, rewriteTree } from '../library/check';
import { readSourceFile } from '../library/sources';
import type { Problem } from '../engine/discover';
import type { Finding } from '../core/findings';
import type { FileChange } from '../engine/plan-types';
import type { NewFile } from '../plan/emit';
import type { Config } from '../engine/config';
import { summarize, FileSummary } from './summary';

export type WorkerRequest =
  | { id: number; kind: 'summarize'; paths: string[] }
  | { id: number; kind: 'group'; paths: string[]; config: Config; mode: 'check' | 'rewrite'; select?: string[]; stats?: boolean };

export interface GroupResult {
  findings: Finding[];
  problems: Problem[];
  changes: FileChange[];
  newFiles: NewFile[];
  refused: { path: string; reason: string }[];
  extensions: { name?: string; files: string[] }[];
  files: string[];
  stats?: FileStats[];
}

export type WorkerResponse =
  | { id: number; kind: 'summaries'; summaries: FileSummary[]; problems: Problem[] }
  | { id: number; kind: 'group'; result: GroupResult }
  | { id: number; kind: 'error'; message: string };

export function handle(req: WorkerRequest): WorkerResponse {
  try {
    if (req.kind === 'summarize') {
      const summaries: FileSummary[] = [];
      const problems: Problem[] = [];
      for (const p of req.paths) {
        const r = readSourceFile(p);
        if ('problem' in r) problems.push({ path: p, message: r.problem });
        else summaries.push(summarize(p, r.bytes));
      }
      return { id: req.id, kind: 'summaries', summaries, problems };
    }
    const tree = analyzeFiles(req.paths, req.config, !!req.stats);
    if (req.mode === 'check') {
      const r = checkTree(tree);
      return { id: req.id, kind: 'group', result: { findings: r.findings, problems: r.problems, changes: [], newFiles: [], refused: [], extensions: r.extensions, files: r.files, stats: r.stats } };
    }
    const r = rewriteTree(tree, req.config.select);
    return { id: req.id, kind: 'group', result: { findings: r.findings, problems: r.problems, changes: r.changes, newFiles: r.newFiles, refused: r.refused, extensions: r.extensions, files: r.files, stats: r.stats } };
  } catch (err) {
    return { id: req.id, kind: 'error', message: (err as Error).stack ?? String(err) };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (req: WorkerRequest) => port.postMessage(handle(req)));
}
