/**
 * The porting template's own `struct module_state` in the init's file of a multi-file extension
 * (testdata/cases/own-state-struct-in-multi-file-module builds and runs isolated): it moves into the
 * generated state header when it is a declaration of its own outside any #if (under one the
 * planner does not adopt it: the globals stay, with their findings); otherwise the
 * extension is refused with the reason and the manual step, and nothing is written.
 */
import * as fs from 'fs';
import { rewrite } from '../src/api';
import { caseInputCopy, editFile } from './helpers/modules';

const STRUCT = 'struct module_state {\n    PyObject *error;\n};\n';

describe("the module's own state struct in a multi-file extension", () => {
  let dir = '';
  beforeEach(() => {
    dir = caseInputCopy('own-state-struct-in-multi-file-module', 'own-struct-lift');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('moves into the state header, with the fields and spec declarations the other files need', () => {
    const r = rewrite([dir]);
    expect(r.refused).toEqual([]);
    const header = r.newFiles.find((f) => f.path.endsWith('tally_state.h'))!.content;
    expect(header).toContain('struct module_state {\n    PyObject *error;\n    PyObject *TallyOverflow; /* was: PyObject *TallyOverflow */');
    expect(header).toContain('extern PyType_Spec Counter_spec;');
    const main = r.changes.find((c) => c.path.endsWith('input.c'))!.after;
    expect(main).not.toContain('struct module_state {');
  });

  test('sharing its lines with another declaration it is refused with the manual step, nothing written', () => {
    editFile(dir, 'input.c', STRUCT, STRUCT.replace('};', '}; static int tally_spare;'));
    const r = rewrite([dir]);
    expect(r.changes.filter((c) => c.after !== c.before)).toEqual([]);
    expect(r.newFiles).toEqual([]);
    expect([...new Set(r.findings.filter((f) => f.rule === 'engine/refused').map((f) => f.message))]).toEqual([
      "the module's own state struct struct module_state is defined in input.c and other files need the state, but it shares its lines with other declarations, so it cannot move into the state header: move it into a header those files include; the extension is left untouched",
    ]);
  });
});
