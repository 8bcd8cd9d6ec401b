/**
 * What the library reads: the C sources under the paths given (discovery, minus files generated
 * from templates and vendored compatibility headers), each read defensively.
 */
import * as fs from 'fs';
import * as path from 'path';
import { looksBinary } from '../core/source';
import { discover, isSourcePath, Problem } from '../engine/discover';
import { readRegularFile, MAX_SOURCE_BYTES } from '../engine/read';
import { journalProblems } from '../engine/journal';
import type { Config } from '../engine/config';

/** Reads a source file; a problem instead when it cannot be read as C. */
export function readSourceFile(filePath: string): { bytes: Buffer } | { problem: string } {
  const r = readRegularFile(filePath, MAX_SOURCE_BYTES);
  if ('problem' in r) return { problem: r.problem };
  if (looksBinary(r.bytes)) return { problem: 'binary file (NUL bytes): skipped' };
  return { bytes: r.bytes };
}

const VENDORED = new Set(['pythoncapi_compat.h', 'pyext_isolate_compat.h']);

/** `X.c` next to `X.c.src` is generated from the template: only the template is read. */
function generatedFromTemplate(files: string[]): Set<string> {
  const set = new Set(files);
  return new Set(files.filter((f) => set.has(f + '.src')));
}

/**
 * Discovery plus the files it found, split into those to read and the generated ones to skip.
 * Journals of interrupted applies are reported, or finished first by `finishInterrupted` (the
 * runner's, which writes; then the tree is discovered again, as it now is).
 */
export function discoverSources(paths: string[], config: Config, finishInterrupted?: (journals: string[]) => Problem[]): { files: string[]; problems: Problem[]; missing: string[]; empty: string[] } {
  let found = discover(paths, config.exclude);
  const journals = finishInterrupted ? finishInterrupted(found.journals) : journalProblems(found.journals);
  if (finishInterrupted && found.journals.length > 0) found = discover(paths, config.exclude);
  const problems: Problem[] = [...found.problems, ...journals];
  const generated = generatedFromTemplate(found.files);
  for (const f of generated) problems.push({ path: f, message: `generated from ${path.basename(f)}.src: the template is checked instead`, level: 'info' });
  // Vendored compatibility headers are other people's code: their inline shims are not the project's state.
  const vendored = new Set(found.files.filter((f) => VENDORED.has(path.basename(f))));
  for (const f of vendored) problems.push({ path: f, message: 'vendored compatibility header: not checked', level: 'info' });
  const files = found.files.filter((f) => !generated.has(f) && !vendored.has(f));
  problems.push(...unreadModuleFiles(config, files, problems));
  return { files, problems, missing: found.missing, empty: found.empty };
}

/**
 * Every file named in `[tool.pyext-isolate] modules` is read or reported: a listed file that
 * discovery did not return (missing, outside the paths walked, excluded) says why it is left out.
 */
function unreadModuleFiles(config: Config, files: string[], problems: Problem[]): Problem[] {
  const read = new Set(files.map((f) => path.resolve(f)));
  const reported = new Set(problems.map((p) => path.resolve(p.path)));
  const out: Problem[] = [];
  for (const [name, listed] of Object.entries(config.modules ?? {})) {
    for (const f of listed) {
      const abs = path.resolve(f);
      if (read.has(abs) || reported.has(abs)) continue;
      const why = !fs.existsSync(abs)
        ? 'it does not exist'
        : !isSourcePath(abs)
          ? 'it is not a C source pyext-isolate reads (.c, .h, .c.src, .h.src, .inc, .inc.src)'
          : 'it is not under the paths given, or an exclude pattern matches it';
      out.push({ path: f, message: `listed in [tool.pyext-isolate] modules.${name} but not read: ${why}` });
      reported.add(abs);
    }
  }
  return out;
}

