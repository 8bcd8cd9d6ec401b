/**
 * A static instance of a struct whose typedef comes late in the file (pybcj's `static _bcj_state
 * static_state;`): the state struct goes below the typedef when no code above it can need the
 * state (testdata/cases/static-state-struct-instance builds and runs isolated). When a function
 * above the typedef uses something that moves into the state, the state struct would have to come
 * first: the global stays a finding that says so, and nothing else of the extension is refused.
 */
import * as fs from 'fs';
import * as path from 'path';
import { check } from '../src/api';
import { caseInputCopy } from './helpers/modules';

const CASE = 'static-state-struct-instance';

describe('a static instance of a struct typedef that comes late', () => {
  let dir = '';
  beforeEach(() => {
    dir = caseInputCopy(CASE, 'late-typedef');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const instanceFinding = () => check([dir]).findings.find((f) => /'static_state'/.test(f.message))!;

  test('no code above the typedef needs the state: the instance moves into the state', () => {
    expect(`${instanceFinding().rule} ${instanceFinding().fix}`).toBe('globals-to-state/mutable-c-data auto');
  });

  test('a method above the typedef uses a global that moves: the instance stays manual, saying why', () => {
    const p = path.join(dir, 'input.c');
    const text = fs.readFileSync(p, 'latin1');
    const from = 'static PyObject *\nCounter_add(CounterObject *self, PyObject *arg)\n{\n';
    expect(text).toContain(from);
    fs.writeFileSync(p, text.replace(from, 'static long calls;\n\n' + from + '    calls++;\n'));
    const f = instanceFinding();
    expect(`${f.rule} ${f.fix}`).toBe('checks/mutable-c-static manual');
    expect(f.message).toMatch(/its type keepmod_state is defined in input\.c after the place the state struct may go/);
    // The counter itself still moves: one late typedef does not stop the rest.
    const calls = check([dir]).findings.find((x) => /'calls'/.test(x.message))!;
    expect(`${calls.rule} ${calls.fix}`).toBe('globals-to-state/mutable-c-data auto');
  });
});
