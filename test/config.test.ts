/**
 * Configuration is read strictly: pyproject.toml through a TOML 1.0 parser, every key of
 * [tool.pyext-isolate] known and of the right type, errors naming the key. Exclude globs follow
 * ruff: a bare name matches anywhere, a pattern with a slash is relative to the project root
 * (pyproject.toml's directory; the current directory for --exclude), braces and trailing slashes work.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig, ConfigError } from '../src/engine/config';
import { discoverSources } from '../src/api';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-config-'));
  for (const f of ['src/a.c', 'src/util.c', 'src/a.h', 'src/vendor/v.c', 'vendor/top.c', 'tests/t.c', 'src/gen/x_gen.c']) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), 'int x;\n');
  }
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function config(toml: string, flags = {}) {
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), toml);
  return loadConfig([path.join(dir, 'src')], flags);
}

function error(toml: string): string {
  try {
    config(toml);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('no error');
}

describe('pyproject.toml, strictly', () => {
  test('a mistyped key is an error naming it, with a suggestion', () => {
    expect(error('[tool.pyext-isolate]\nmin_python = "3.10"\n')).toMatch(/unknown key 'min_python' \(did you mean 'min-python'\?\)/);
    expect(error('[tool.pyext-isolate]\nexlude = ["x"]\n')).toMatch(/unknown key 'exlude' \(did you mean 'exclude'\?\)/);
  });

  test('min-python = 3.10 (a float) says to quote it; strings of every TOML kind are read', () => {
    expect(error('[tool.pyext-isolate]\nmin-python = 3.10\n')).toMatch(/min-python must be a quoted string: write min-python = "3\.10" \(unquoted, TOML reads 3\.10 as the number 3\.1\)/);
    expect(config("[tool.pyext-isolate]\nmin-python = '''3.10'''\n").minPython).toBe('3.10');
    expect(config("[tool.pyext-isolate]\nmin-python = '3.11'\n").minPython).toBe('3.11');
  });

  test('broken TOML is an error with its line and column', () => {
    expect(error('[tool.pyext-isolate\nmin-python = "3.10"\n')).toMatch(/pyproject\.toml:1:\d+: invalid TOML/);
  });

  test('wrong types name the key', () => {
    expect(error('[tool.pyext-isolate]\nexclude = "vendor"\n')).toMatch(/exclude must be a list of non-empty strings, not "vendor"/);
    expect(error('[tool.pyext-isolate]\nmacros = [{ name = "X", kind = "holes" }]\n')).toMatch(/macros\[0\]\.kind must be one of hole, hole-call, unwrap-call, decl-prefix, not "holes"/);
    expect(error('[tool.pyext-isolate]\nmacros = [{ name = "X", kind = "hole", pattern = "x" }]\n')).toMatch(/unknown key 'pattern' in macros\[0\]/);
    expect(error('[tool.pyext-isolate]\nexport-macros = [""]\n')).toMatch(/export-macros must be a list of non-empty strings/);
    expect(error('[tool.pyext-isolate]\nunsafe = "yes"\n')).toMatch(/unsafe must be true or false, not "yes"/);
    expect(error('[tool.pyext-isolate]\nmodules = ["a.c"]\n')).toMatch(/modules must be a table/);
    expect(error('[project]\nrequires-python = 3.9\n')).toMatch(/requires-python must be a string/);
  });

  test('a valid table is read whole', () => {
    const c = config('[project]\nrequires-python = ">=3.10"\n[tool.pyext-isolate]\nmacros = [{ name = "MY_HEAD", kind = "hole" }]\nexport-macros = ["MYLIB_API"]\n[tool.pyext-isolate.modules]\n_speed = ["src/a.c"]\n');
    expect(c.minPython).toBe('3.10');
    expect(c.macros).toEqual([{ name: 'MY_HEAD', kind: 'hole' }]);
    expect(c.exportMacros).toEqual(['MYLIB_API']);
    expect(c.modules).toEqual({ _speed: [path.join(dir, 'src', 'a.c')] });
  });
});

describe('exclude globs', () => {
  const files = (toml: string, flags: { exclude?: string[] } = {}, cwd = dir): string[] => {
    const old = process.cwd();
    process.chdir(cwd);
    try {
      const c = config(toml, flags);
      return discoverSources([path.join(dir, 'src'), path.join(dir, 'vendor'), path.join(dir, 'tests')], c).files.map((f) => path.relative(dir, f)).sort();
    } finally {
      process.chdir(old);
    }
  };
  const ALL = ['src/a.c', 'src/a.h', 'src/gen/x_gen.c', 'src/util.c', 'src/vendor/v.c', 'tests/t.c', 'vendor/top.c'];

  test('braces match (`{*.h,util.c}`)', () => {
    expect(files('[tool.pyext-isolate]\nexclude = ["{*.h,util.c}"]\n')).toEqual(ALL.filter((f) => f !== 'src/a.h' && f !== 'src/util.c'));
  });

  test('a bare name matches a directory anywhere; a trailing slash works', () => {
    expect(files('[tool.pyext-isolate]\nexclude = ["vendor/"]\n')).toEqual(['src/a.c', 'src/a.h', 'src/gen/x_gen.c', 'src/util.c', 'tests/t.c']);
    expect(files('', { exclude: ['gen/'] }, path.join(dir, 'src'))).toEqual(ALL.filter((f) => f !== 'src/gen/x_gen.c'));
  });

  test('a pattern with a slash is relative to the project root in config, to the current directory as a flag', () => {
    expect(files('[tool.pyext-isolate]\nexclude = ["src/vendor/**", "tests/"]\n')).toEqual(['src/a.c', 'src/a.h', 'src/gen/x_gen.c', 'src/util.c', 'vendor/top.c']);
    // The same pattern from another directory: config is still anchored at pyproject.toml.
    expect(files('[tool.pyext-isolate]\nexclude = ["src/vendor/**"]\n', {}, path.join(dir, 'tests'))).toEqual(ALL.filter((f) => f !== 'src/vendor/v.c'));
    // A flag is anchored at the current directory.
    expect(files('', { exclude: ['vendor/**'] }, path.join(dir, 'src'))).toEqual(ALL.filter((f) => f !== 'src/vendor/v.c'));
    expect(files('', { exclude: ['**/*_gen.c'] })).toEqual(ALL.filter((f) => f !== 'src/gen/x_gen.c'));
  });
});
