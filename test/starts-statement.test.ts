/**
 * startsStatement() looks back past blanks and preprocessor lines: the same answer as the regex it
 * replaced on every small input, and linear where that regex backtracked exponentially (fuzz case
 * f4c7b1a802c4: a minute of CPU on 4 KB of `#define X 1  ` lines with trailing blanks).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { startsStatement } from '../src/plan/text-util';

const reference = (text: string, bodyStart: number, offset: number): boolean =>
  /[;{}]$/.test(text.slice(bodyStart, offset).replace(/(?:\n[ \t]*#[^\n]*|\s)+$/, ''));

test('agrees with the regex it replaced on every short combination of lines', () => {
  const pieces = ['{', 'x = 1;', '}', 'f(x)', '#endif', '  # if A  ', ' \t', '', 'y = 2 /* ; */', '\r'];
  let n = 0;
  for (const a of pieces) for (const b of pieces) for (const c of pieces) {
    const text = `{\n${a}\n${b}\n${c}\n`;
    for (const bodyStart of [0, 2]) {
      expect({ text, bodyStart, got: startsStatement(text, bodyStart, text.length) }).toEqual({ text, bodyStart, got: reference(text, bodyStart, text.length) });
      n++;
    }
  }
  expect(n).toBe(2000);
});

test('many directive lines with trailing blanks take no time to look past', () => {
  // In a child with a bound: the old regex would hold this process for ever (3x per line).
  const mod = path.join(__dirname, '..', 'dist', 'src', 'plan', 'text-util.js');
  const script = `const { startsStatement } = require(${JSON.stringify(mod)});
    const body = '{\\n    x = 1;\\n' + '#define X 1  \\n'.repeat(40);
    const text = body + 'y';
    process.stdout.write(String(startsStatement(text, 0, body.length)) + String(startsStatement(text, 0, text.length)));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
  expect(r.signal).toBeNull();
  expect(r.stdout).toBe('truefalse');
}, 40_000);
