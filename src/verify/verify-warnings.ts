/**
 * The warnings check of verify: the rewrite's build compiled with the warning flags against the
 * original's (a baseline), and the warnings it adds.
 */
import type { Interpreter } from './interpreters';
import type { Baseline } from './baseline';
import { compileWarnings, newWarnings, WARNING_FLAGS } from './warnings';
import { buildTimeoutMs } from './build';
import type { CompilerWarning } from './warnings';
import { Limiter } from '../core/limiter';
import type { VerifyOptions, WarningsStatus } from './verify-report';

/** Why the differential warnings check cannot run at all (no original, or the same files), if so. */
export function warningsNote(w: NonNullable<VerifyOptions['warnings']>): string | undefined {
  if ('unavailable' in w) return `warnings check n/a: ${w.unavailable}`;
  if (w.baseline.identical) return `warnings check n/a: the original (${w.baseline.description}) has the same C files: nothing to compare`;
  return undefined;
}

/**
 * The differential warnings check for one interpreter: the sources and their original, each
 * compiled with -fsyntax-only -Wall -Wextra -Wdeclaration-after-statement; undefined when not asked.
 */
export async function warningsCheck(
  interp: Interpreter,
  opts: VerifyOptions,
  limiter: Limiter,
): Promise<{ status: WarningsStatus; reason: string; added: CompilerWarning[] } | undefined> {
  const w = opts.warnings;
  if (!w) return undefined;
  // n/a for every interpreter: said once, in the report's warningsNote
  if (warningsNote(w)) return { status: 'n/a', reason: '', added: [] };
  const b = (w as { baseline: Baseline }).baseline;
  const common = {
    sources: opts.sources,
    includeDirs: opts.includeDirs,
    defines: opts.defines,
    interpreter: interp,
    compileCommands: opts.compileCommands,
    extraCflags: opts.extraCflags,
    cc: opts.cc,
    env: opts.env,
    timeoutMs: buildTimeoutMs(opts.timeoutMs),
  };
  const [before, after] = await Promise.all([
    limiter.run(() => compileWarnings({ ...common, readFrom: b })),
    limiter.run(() => compileWarnings(common)),
  ]);
  if (!before.ok) return { status: 'n/a', reason: `the original (${b.description}) does not compile: ${before.error}`, added: [] };
  if (!after.ok) return { status: 'skipped', reason: `does not compile with -fsyntax-only: ${after.error}`, added: [] };
  const added = newWarnings(before.warnings, b.dir, after.warnings, b.root);
  if (!added.length) return { status: 'ok', reason: '', added };
  return { status: 'new', reason: `${added.length} warning(s) under ${WARNING_FLAGS.join(' ')} that the original (${b.description}) does not show`, added };
}
