/**
 * The limited API a project's build script turns on: setuptools' `define_macros=[("Py_LIMITED_API",
 * "0x03080000")]`, a `-DPy_LIMITED_API=...` flag in any list of compiler arguments, meson-python's
 * `limited_api: '3.8'`. Read lexically (literal values only) from the setup.py or meson.build beside
 * the project's pyproject.toml, so that `check` does not call a module fine whose slot the limited
 * API then hides. A value the script computes is not guessed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRegularFile, MAX_CONFIG_BYTES } from './read';

/** setup.py or meson.build in the directory of pyproject.toml, if any. */
export function findBuildScript(pyproject: string | undefined): string | undefined {
  if (!pyproject) return undefined;
  for (const name of ['setup.py', 'meson.build']) {
    const p = path.join(path.dirname(pyproject), name);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

/** `Py_LIMITED_API=<value>` defines of the script, each with its line (`setup.py:12`); none without a script. */
export function limitedApiDefinesOf(script: string | undefined): { define: string; from: string }[] {
  if (!script) return [];
  const read = readRegularFile(script, MAX_CONFIG_BYTES);
  if ('problem' in read) return [];
  const text = read.bytes.toString('latin1');
  const out: { define: string; from: string }[] = [];
  const add = (value: string, at: number): void => {
    const define = `Py_LIMITED_API=${value}`;
    if (out.some((d) => d.define === define)) return;
    out.push({ define, from: `${path.basename(script)}:${text.slice(0, at).split('\n').length}` });
  };
  // ("Py_LIMITED_API", "0x03080000") / ('Py_LIMITED_API', '0x03080000') / ("Py_LIMITED_API", 0x03080000)
  for (const m of text.matchAll(/\(\s*(["'])Py_LIMITED_API\1\s*,\s*(["']?)(0[xX][0-9A-Fa-f]+|\d+)\2\s*\)/g)) add(m[3], m.index ?? 0);
  // "-DPy_LIMITED_API=0x03080000" in extra_compile_args, c_args, ...
  for (const m of text.matchAll(/["']-DPy_LIMITED_API=(0[xX][0-9A-Fa-f]+|\d+)["']/g)) add(m[1], m.index ?? 0);
  // meson-python: limited_api: '3.8'
  for (const m of text.matchAll(/\blimited_api\s*:\s*["']3\.(\d+)["']/g)) add(`0x03${Number(m[1]).toString(16).padStart(2, '0')}0000`, m.index ?? 0);
  return out;
}
