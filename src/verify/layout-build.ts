/**
 * One module built in many code layouts, for the cost report. The sources are compiled once into
 * objects; a layout is a link of those objects behind a small padding object that shifts where the
 * module's code and data land (their offsets inside a page and a cache line).
 *
 * Why: where a build's hot code lands decides a few percent of a short benchmark's time (once 43 %
 * on a benchmark whose two builds ran the same instructions), and it is fixed for every process
 * that loads that build. Timing one build per side makes that luck a constant of the whole run,
 * which the test over processes then calls a real difference. A layout drawn per process, the same
 * for both builds, makes it one more random factor that the processes sample.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASE_CFLAGS, compileInputs, compilerOutput, parseDiagnostics, prepareModuleDir, resolveCompiler, runCompiler } from './build';
import type { BuildOptions, BuildResult } from './build';

/** Bytes of padding linked before the module's code (.text) and before its data (.data). */
export interface Layout {
  text: number;
  data: number;
}

/** The module's objects, compiled once, ready to be linked in any layout. */
export interface ObjectBuild extends BuildResult {
  objects: string[];
}

/**
 * A layout drawn from `rng` (uniform in [0, 1)): each offset a multiple of 16 below 4096, so
 * the module's code moves over every 16-byte-aligned offset of a page (the compiler aligns
 * functions to 16 bytes at most for speed, so what lies below 16 does not change how it runs).
 */
export function drawLayout(rng: () => number): Layout {
  const offset = (): number => 16 * Math.floor(rng() * 256);
  return { text: offset(), data: offset() };
}

/** The padding object's assembly. ELF needs the note that says the stack is not executable. */
export function padAssembly(l: Layout, platform: NodeJS.Platform = process.platform): string {
  // `.skip 0` makes the assembler warn: no directive for no padding
  const lines = ['\t.text', ...(l.text ? [`\t.skip ${l.text}`] : []), '\t.data', ...(l.data ? [`\t.skip ${l.data}`] : [])];
  if (platform !== 'darwin') lines.push('\t.section .note.GNU-stack,"",@progbits');
  return lines.join('\n') + '\n';
}

/**
 * Compiles each source into <outDir>/objects/ with the flags buildExtension uses, then links the
 * layout without padding at the place buildExtension would put the module (so the result serves
 * as the ordinary build too).
 */
export async function compileObjects(opts: BuildOptions & { outDir: string }): Promise<ObjectBuild> {
  const env = opts.env ?? process.env;
  const outDir = opts.outDir;
  const objDir = path.join(outDir, 'objects');
  fs.mkdirSync(objDir, { recursive: true });
  let cc: string[];
  try {
    cc = resolveCompiler(opts.cc, env);
  } catch (e) {
    return { ok: false, outDir, command: [], output: (e as Error).message + '\n', diagnostics: [], objects: [] };
  }
  const { sources, flags } = compileInputs(opts);
  const objects: string[] = [];
  let output = '';
  let command: string[] = [];
  for (const [i, src] of sources.entries()) {
    const obj = path.join(objDir, `${i}-${path.basename(src).replace(/\.[^.]*$/, '')}.o`);
    command = [
      ...cc,
      ...BASE_CFLAGS.filter((f) => f !== '-shared'),
      ...(opts.werror ? ['-Werror'] : []),
      ...(opts.extraCflags ?? []),
      ...flags,
      '-c',
      src,
      '-o',
      obj,
    ];
    const r = await runCompiler(command, env, opts.timeoutMs ?? 120_000);
    output += compilerOutput(r, cc[0]);
    if (r.code !== 0 || !fs.existsSync(obj)) return { ok: false, outDir, command, output, diagnostics: parseDiagnostics(output), objects };
    objects.push(obj);
  }
  const linked = await linkLayout({ ok: true, outDir, command, output, diagnostics: [], objects }, opts, { text: 0, data: 0 }, outDir);
  return { ...linked, output: output + linked.output, diagnostics: parseDiagnostics(output + linked.output), objects };
}

/**
 * Links `b`'s objects behind the padding of layout `l` into <outDir>/<module path><EXT_SUFFIX>,
 * with the same compiler and flags (a flag such as -flto matters at the link too).
 */
export async function linkLayout(b: ObjectBuild, opts: BuildOptions, l: Layout, outDir: string): Promise<BuildResult> {
  const env = opts.env ?? process.env;
  const soPath = prepareModuleDir(opts, outDir);
  const cc = resolveCompiler(opts.cc, env);
  const pad = path.join(outDir, `layout-pad.s`);
  fs.writeFileSync(pad, padAssembly(l));
  fs.rmSync(soPath, { force: true });
  const platform: string[] = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : [];
  // the padding object first: its sections come before the module's in the output sections
  const command = [...cc, ...BASE_CFLAGS, ...platform, ...(opts.extraCflags ?? []), pad, ...b.objects, '-o', soPath];
  const r = await runCompiler(command, env, opts.timeoutMs ?? 120_000);
  const output = compilerOutput(r, cc[0]);
  const ok = r.code === 0 && fs.existsSync(soPath);
  return { ok, ...(ok ? { soPath } : {}), outDir, command, output, diagnostics: parseDiagnostics(output) };
}
