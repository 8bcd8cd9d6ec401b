/**
 * Py_LIMITED_API given by the build ([tool.pyext-isolate] defines, or a -D of compile_commands.json beside
 * the sources) decides like a `#define` in the
 * source (testdata/cases/limited-api-in-config builds with it and loads once per process): below 3.12
 * the module cannot declare Py_mod_multiple_interpreters.
 */
import * as fs from 'fs';
import * as path from 'path';
import { check } from '../src/api';
import { ROOT, tempCopy } from './helpers/modules';

const CASE = path.join(ROOT, 'testdata', 'cases', 'limited-api-in-config');

describe('Py_LIMITED_API among the configured defines', () => {
  let dir = '';
  beforeEach(() => {
    dir = tempCopy(CASE, 'limited');
    for (const f of fs.readdirSync(dir)) if (f.startsWith('expected') || f === 'findings.txt') fs.rmSync(path.join(dir, f));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const limited = (defines: string[], sourceDefine?: string): string[] => {
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), `[tool.pyext-isolate]\ndefines = ${JSON.stringify(defines)}\n`);
    if (sourceDefine) {
      const p = path.join(dir, 'input.c');
      fs.writeFileSync(p, fs.readFileSync(p, 'latin1').replace('#define PY_SSIZE_T_CLEAN', `${sourceDefine}\n#define PY_SSIZE_T_CLEAN`));
    }
    return limitedFindings();
  };
  const limitedFindings = (): string[] => check([dir]).findings.filter((f) => f.rule === 'checks/limited-api').map((f) => `${f.line} ${/limited API (of [\d.]+ \(.*?\))/.exec(f.message)?.[1]}`);

  test('below 3.12: one finding at the init, as for the source define', () => {
    expect(limited(['NDEBUG', 'Py_LIMITED_API=0x03080000'])).toEqual(['36 of 3.8 (Py_LIMITED_API=0x03080000 in [tool.pyext-isolate] defines)']);
  });

  test('without a value (-DPy_LIMITED_API is 1): the 3.2 stable ABI', () => {
    expect(limited(['Py_LIMITED_API'])).toEqual(['36 of 3.2 (Py_LIMITED_API in [tool.pyext-isolate] defines)']);
  });

  test('3.12 or later, or another macro: nothing', () => {
    expect(limited(['Py_LIMITED_API=0x030C0000'])).toEqual([]);
    expect(limited(['Py_LIMITED_API_X=0x03080000'])).toEqual([]);
  });

  test('the source defines it itself: the source decides', () => {
    expect(limited(['Py_LIMITED_API=0x03080000'], '#define Py_LIMITED_API 0x030C0000')).toEqual([]);
  });

  test('both below 3.12: reported once, at the source define', () => {
    expect(limited(['Py_LIMITED_API=0x03080000'], '#define Py_LIMITED_API 0x03070000')).toEqual(['4 of 3.7 (Py_LIMITED_API 0x03070000)']);
  });

  test('a -D of compile_commands.json beside the sources counts too; a later -U takes it back', () => {
    fs.rmSync(path.join(dir, 'pyproject.toml'));
    const entry = (args: string[]) => JSON.stringify([{ directory: dir, file: 'input.c', arguments: ['cc', ...args, '-c', 'input.c'] }]);
    fs.writeFileSync(path.join(dir, 'compile_commands.json'), entry(['-DNDEBUG', '-DPy_LIMITED_API=0x03070000']));
    expect(limitedFindings()).toEqual(['36 of 3.7 (Py_LIMITED_API=0x03070000 in compile_commands.json)']);
    fs.writeFileSync(path.join(dir, 'compile_commands.json'), entry(['-D', 'Py_LIMITED_API=0x03070000', '-UPy_LIMITED_API']));
    expect(limitedFindings()).toEqual([]);
  });

  test("the build script beside pyproject.toml: setuptools' define_macros, a -D flag, meson-python's limited_api", () => {
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[build-system]\nrequires = ["setuptools"]\n');
    const setup = (ext: string): void => fs.writeFileSync(path.join(dir, 'setup.py'), `from setuptools import setup, Extension\n\nsetup(\n    ext_modules=[\n${ext}\n    ],\n)\n`);
    setup(`        Extension("tallymod", ["input.c"], py_limited_api=True,\n                  define_macros=[("Py_LIMITED_API", "0x03080000")]),`);
    expect(limitedFindings()).toEqual(['36 of 3.8 (Py_LIMITED_API=0x03080000 in setup.py:6)']);
    setup(`        Extension("tallymod", ["input.c"], extra_compile_args=["-DPy_LIMITED_API=0x03090000"]),`);
    expect(limitedFindings()).toEqual(['36 of 3.9 (Py_LIMITED_API=0x03090000 in setup.py:5)']);
    // A value the script computes is not guessed.
    setup(`        Extension("tallymod", ["input.c"], define_macros=[("Py_LIMITED_API", ABI_VERSION)]),`);
    expect(limitedFindings()).toEqual([]);
    fs.rmSync(path.join(dir, 'setup.py'));
    fs.writeFileSync(path.join(dir, 'meson.build'), "py.extension_module('tallymod', 'input.c', limited_api: '3.10', install: true)\n");
    expect(limitedFindings()).toEqual(['36 of 3.10 (Py_LIMITED_API=0x030a0000 in meson.build:1)']);
    // The config says which: the script is not read.
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.pyext-isolate]\ndefines = ["Py_LIMITED_API=0x030C0000"]\n');
    expect(limitedFindings()).toEqual([]);
  });
});
