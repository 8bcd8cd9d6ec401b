/**
 * The modules table read from build scripts: setup.py (setuptools' Extension and numpy.distutils'
 * add_extension, lists built from join(), names, +, extend/append, both sides of an if) and
 * meson.build (extension_module with files() and list variables); what cannot be read is said.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSources } from '../src/engine/build-sources';
import { ROOT } from './helpers/modules';

const SETUP = `from os.path import join
from setuptools import setup, Extension

def generate_header(ext, build_dir):
    return join(build_dir, "gen.h")

common_src = [join('src', 'common', 'util.c'),
              # join('src', 'common', 'old.c'),
              join('src', 'common', 'util.h')]
if HAVE_BLAS:
    common_src.extend([join('src', 'common', 'blas.c')])
else:
    common_src.append(join('src', 'common', 'noblas.c'))
core_src = ['src/core/core.c', "src/core/loops.c.src"] + common_src

def configuration(parent_package='', top_path=None):
    config.add_extension('_core',
                         sources=core_src + [join('src', 'core', 'sort.cpp'),
                                             generate_header,
                                             join('*.py')],
                         depends=[join('src', 'core', 'core.h')])
    config.add_extension('_tests', sources=[join('src', 'tests', 'tests.c')])

setup(ext_modules=[Extension("pkg.fast", ["src/fast.c", 'src/fast_impl.inc.src']),
                   Extension(name_from_elsewhere, sources=["src/x.c"])])
`;

const MESON = `py = import('python').find_installation()
inc = include_directories('include')
common = files('common/util.c', 'common/util.h')
core_sources = [
  'core/core.c',
  'core/loops.c.src',  # a template
] + common
py.extension_module('_core',
  core_sources,
  gen_header,
  include_directories: inc,
  install: true,
)
py.extension_module('_tests', sources: ['tests/tests.c'], install: true)
foreach name: ['_a', '_b']
  py.extension_module(name, name + '.c')
endforeach
`;

describe('the modules table from a build script', () => {
  test('setup.py: source lists through names, join(), +, extend/append and both sides of an if', () => {
    const r = buildSources('setup.py', SETUP);
    expect(r.modules).toEqual({
      _core: ['src/core/core.c', 'src/core/loops.c.src', 'src/common/util.c', 'src/common/util.h', 'src/common/blas.c', 'src/common/noblas.c', 'src/core/sort.cpp'],
      _tests: ['src/tests/tests.c'],
      fast: ['src/fast.c', 'src/fast_impl.inc.src'],
    });
    expect(r.notes).toEqual([
      'line 17: _core: 1 source entry could not be read (a computed value); check the list',
      'line 25: Extension() without a literal module name: not listed',
    ]);
  });

  test('meson.build: extension_module with files() and list variables', () => {
    const r = buildSources('meson.build', MESON);
    expect(r.modules).toEqual({
      _core: ['core/core.c', 'core/loops.c.src', 'common/util.c', 'common/util.h'],
      _tests: ['tests/tests.c'],
    });
    expect(r.notes).toEqual([
      'line 8: _core: 1 source entry could not be read (a computed value); check the list',
      'line 16: extension_module() without a literal module name: not listed',
    ]);
  });

  test('pyext-isolate modules prints the table relative to the directory given', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-modules-'));
    try {
      fs.mkdirSync(path.join(dir, 'pkg'));
      fs.writeFileSync(path.join(dir, 'pkg', 'meson.build'), MESON);
      const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'pyext-isolate.js'), 'modules', path.join(dir, 'pkg', 'meson.build'), '--relative-to', dir], { encoding: 'utf8' });
      expect(r.stdout).toBe('[tool.pyext-isolate.modules]\n_core = [\n    "pkg/core/core.c",\n    "pkg/core/loops.c.src",\n    "pkg/common/util.c",\n    "pkg/common/util.h",\n]\n_tests = [\n    "pkg/tests/tests.c",\n]\n');
      expect(r.stderr).toMatch(/line 8: _core: 1 source entry could not be read/);
      expect(r.status).toBe(1);
      const missing = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'pyext-isolate.js'), 'modules', path.join(dir, 'nope.py')], { encoding: 'utf8' });
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/^pyext-isolate: cannot read .*nope\.py/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
