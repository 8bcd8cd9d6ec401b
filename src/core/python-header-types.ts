/**
 * Type names without a `Py` prefix that every file including Python.h can use, on every platform and
 * every CPython from 3.9 to 3.13: the slot function typedefs of object.h and descrobject.h (`newfunc`,
 * `destructor`, `getter`...), and the C and POSIX types Python.h brings in itself (`FILE` from
 * <stdio.h>, `wchar_t` from <stddef.h>, `pid_t` from <unistd.h> or PC/pyconfig.h on Windows).
 * A C static of such a type needs no other header, wherever the state struct goes below Python.h.
 */
const TYPES: ReadonlySet<string> = new Set([
  'unaryfunc', 'binaryfunc', 'ternaryfunc', 'inquiry', 'lenfunc', 'ssizeargfunc', 'ssizessizeargfunc',
  'ssizeobjargproc', 'ssizessizeobjargproc', 'objobjargproc', 'objobjproc', 'visitproc', 'traverseproc',
  'freefunc', 'destructor', 'getattrfunc', 'getattrofunc', 'setattrfunc', 'setattrofunc', 'reprfunc',
  'hashfunc', 'richcmpfunc', 'getiterfunc', 'iternextfunc', 'descrgetfunc', 'descrsetfunc', 'initproc',
  'newfunc', 'allocfunc', 'getbufferproc', 'releasebufferproc', 'vectorcallfunc', 'getter', 'setter',
  'FILE', 'wchar_t', 'pid_t',
]);

export function isPythonHeaderType(name: string): boolean {
  return TYPES.has(name);
}
