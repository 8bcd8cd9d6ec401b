/**
 * A dealloc that returns before freeing (pysqlite3's cache: its constructor failed) keeps the
 * object, and with it the type reference: it converts. A return after freeing, in a loop, behind a
 * goto or after a resurrecting finalizer still needs a human: the type reference would be dropped
 * on the wrong path, or the finalizer would see an object untracking took from the GC.
 */
import * as fs from 'fs';
import * as path from 'path';
import { check } from '../src/api';
import { caseInputCopy } from './helpers/modules';

const EARLY = `    if (!self->factory) {
        /* the constructor failed: nothing to release */
        return;
    }
`;

function typeFinding(change: (text: string) => string): { fix: string; message: string } | undefined {
  const dir = caseInputCopy('dealloc-returns-before-freeing');
  try {
    const file = path.join(dir, 'input.c');
    const text = fs.readFileSync(file, 'latin1');
    expect(text).toContain(EARLY);
    fs.writeFileSync(file, change(text), 'latin1');
    return check([dir]).findings.find((f) => f.rule === 'static-type-to-heap/static-type');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a return before anything frees the object converts', () => {
  expect(typeFinding((t) => t)?.fix).toBe('auto');
});

test('a return after the object was freed stays manual', () => {
  const f = typeFinding((t) => t.replace(EARLY, '').replace('    Py_TYPE(self)->tp_free((PyObject *)self);\n', '    Py_TYPE(self)->tp_free((PyObject *)self);\n    if (self == NULL)\n        return;\n    (void)0;\n'));
  expect(f?.fix).toBe('manual');
  expect(f?.message).toMatch(/returns early \(line \d+, after freeing the object\)/);
});

test('a resurrecting finalizer, a goto or a loop around the return stays manual', () => {
  const finalizer = typeFinding((t) => t.replace(EARLY, `${EARLY}    if (PyObject_CallFinalizerFromDealloc((PyObject *)self) < 0)\n        return;\n`));
  expect(finalizer?.message).toMatch(/returns early \(resurrection\)/);
  const jump = typeFinding((t) => t.replace(EARLY, `${EARLY}    goto release;\nrelease:\n`));
  expect(jump?.message).toMatch(/returns early \(with a goto in the body\)/);
  const loop = typeFinding((t) => t.replace(EARLY, `    while (!self->factory) {\n        return;\n    }\n`));
  expect(loop?.message).toMatch(/returns early \(line \d+, inside a loop\)/);
});
