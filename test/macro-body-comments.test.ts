/** Comments in macro bodies: blanked as the preprocessor drops them, never inside a literal. */
import { codeOfBody, withoutComments } from '../src/core/macro-scan';

test('block and line comments are blanked, literals kept', () => {
  expect(withoutComments('PyObject_HEAD_INIT(NULL) /* head */ 0 // size')).toBe('PyObject_HEAD_INIT(NULL)   0  ');
  expect(withoutComments('"http://example.org/*x*/" // where')).toBe('"http://example.org/*x*/"  ');
  expect(withoutComments("'/' /* slash */")).toBe("'/'  ");
  expect(withoutComments('static PyObject *x')).toBe('static PyObject *x');
});

test('codeOfBody blanks the literals too', () => {
  expect(codeOfBody('f("a, b // c", \'/\') // tail')).toBe('f("", \'\')  ');
});
