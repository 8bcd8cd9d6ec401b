/**
 * An array of type addresses among the init's declarations (`PyTypeObject *types[] = {&A_Type, &B_Type,
 * NULL};`, readied in a loop) is filled after the heap types are created (case
 * type-array-in-init-declaration); where a later fill would change what the init reads, the types keep
 * their finding.
 */
import * as fs from 'fs';
import { check } from '../src/api';
import { caseInputCopy, editFile } from './helpers/modules';

function typeFixes(edit: (dir: string) => void): string[] {
  const dir = caseInputCopy('type-array-in-init-declaration');
  try {
    edit(dir);
    return check([dir]).findings.filter((f) => f.rule === 'static-type-to-heap/static-type').map((f) => `${f.fix}: ${f.message.replace(/^.*?: /, '')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const DECL = 'PyTypeObject *types[] = {&A_Type, &B_Type, NULL};';

test('the array as written is filled after the creations', () => {
  expect(typeFixes(() => undefined).map((f) => f.slice(0, 4))).toEqual(['auto', 'auto']);
});

test('a later declaration that reads the array keeps the types manual', () => {
  const fixes = typeFixes((dir) => editFile(dir, 'input.c', DECL, `${DECL}\n    PyTypeObject *first = types[0];`));
  expect(fixes).toEqual([expect.stringMatching(/^manual: A_Type is used in the declarations of PyInit_loop\(\)/), expect.stringMatching(/^manual: B_Type is used in the declarations/)]);
});

test('a static array only read in the loop is filled the same way (a static table of the init)', () => {
  const fixes = typeFixes((dir) => editFile(dir, 'input.c', DECL, `static ${DECL}`));
  expect(fixes.map((f) => f.slice(0, 4))).toEqual(['auto', 'auto']);
});

test('a static array written in the init keeps the types manual', () => {
  const fixes = typeFixes((dir) => editFile(dir, 'input.c', DECL, `static ${DECL}\n    types[1] = &B_Type;`));
  expect(fixes.length).toBe(2);
  expect(fixes.every((f) => f.startsWith('manual: '))).toBe(true);
});

test('an element readied by name elsewhere (created later) keeps the others manual', () => {
  const fixes = typeFixes((dir) => editFile(dir, 'input.c', '    for (i = 0;', '    if (PyType_Ready(&A_Type) < 0)\n        return NULL;\n    for (i = 0;'));
  expect(fixes).toEqual([expect.stringMatching(/^manual: A_Type is used in PyInit_loop\(\) before PyType_Ready/), expect.stringMatching(/^manual: B_Type is used in the declarations/)]);
});
