/**
 * compile_commands.json: where it is (beside the paths given, or in build/ under them), the flags it
 * gives a source, and the macros it defines for an extension's files. The build, the compile gate and
 * the analysis (Py_LIMITED_API) read the same flags.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** compile_commands.json beside (or in build/ under) the directory of the given paths, if any. */
export function findCompileCommands(paths: string[]): string | undefined {
  for (const p of paths) {
    let dir: string;
    try {
      dir = fs.statSync(p).isDirectory() ? p : path.dirname(p);
    } catch {
      continue;
    }
    for (const c of [path.join(dir, 'compile_commands.json'), path.join(dir, 'build', 'compile_commands.json')]) {
      if (fs.existsSync(c)) return path.resolve(c);
    }
  }
  return undefined;
}

/** Splits a command string on whitespace, honouring simple single/double quotes. */
export function splitCommand(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has || cur) out.push(cur);
  return out;
}

interface CompileCommand {
  directory: string;
  file: string;
  arguments?: string[];
  command?: string;
}

function readEntries(ccPath: string): CompileCommand[] | undefined {
  try {
    const entries = JSON.parse(fs.readFileSync(ccPath, 'utf8')) as CompileCommand[];
    return Array.isArray(entries) ? entries : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Flags from compile_commands.json for `source`: -I/-isystem/-iquote (made absolute), -D, -U, -include,
 * -std. Include dirs that hold a Python.h are dropped: they belong to the Python the project was
 * configured with, and the interpreter under test supplies its own.
 */
export function flagsFromCompileCommands(ccPath: string, source: string, entries = readEntries(ccPath)): string[] | undefined {
  if (!entries) return undefined;
  const want = path.resolve(source);
  const base = path.dirname(path.resolve(ccPath));
  const dirOf = (e: CompileCommand): string => path.resolve(base, e.directory ?? '.');
  const entry = entries.find((e) => e && typeof e.file === 'string' && path.resolve(dirOf(e), e.file) === want);
  if (!entry) return undefined;
  const dir = dirOf(entry);
  const argv = entry.arguments ?? splitCommand(entry.command ?? '');
  const out: string[] = [];
  const withValue = ['-I', '-isystem', '-iquote', '-D', '-U', '-include'];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    let flag: string | undefined;
    let val: string | undefined;
    for (const f of withValue) {
      if (a === f) {
        flag = f;
        val = argv[++i];
        break;
      }
      if (a.startsWith(f) && f.length <= 2) {
        flag = f;
        val = a.slice(f.length);
        break;
      }
    }
    if (flag && val !== undefined) {
      if (flag === '-I' || flag === '-isystem' || flag === '-iquote' || flag === '-include') {
        const abs = path.resolve(dir, val);
        if (flag !== '-include' && fs.existsSync(path.join(abs, 'Python.h'))) continue;
        out.push(flag, abs);
      } else out.push(`${flag}${val}`);
    } else if (a.startsWith('-std=')) out.push(a);
  }
  return out;
}

/**
 * The -D flags compile_commands.json gives any of `sources` (`NAME` or `NAME=VALUE`, in order, each once),
 * minus those a later -U undefines.
 */
export function definesFromCompileCommands(ccPath: string, sources: readonly string[]): string[] {
  const out: string[] = [];
  const entries = readEntries(ccPath);
  for (const s of sources) {
    const flags = flagsFromCompileCommands(ccPath, s, entries) ?? [];
    for (const f of flags) {
      if (f.startsWith('-D') && !out.includes(f.slice(2))) out.push(f.slice(2));
      else if (f.startsWith('-U')) {
        const name = f.slice(2);
        for (let k = out.length - 1; k >= 0; k--) if (out[k] === name || out[k].startsWith(`${name}=`)) out.splice(k, 1);
      }
    }
  }
  return out;
}
