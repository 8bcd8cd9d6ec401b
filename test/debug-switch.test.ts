/**
 * A debug switch that a project header turns off unconditionally (`#undef TRACE_LOG` with a
 * "define to log" comment, coverage's ctracer): code under `#if TRACE_LOG` after that header is
 * never compiled, so its statics and callbacks are no hazards. Where the name may still be
 * defined (a file of the run defines it, or the `#if` comes before the header) it stays one.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check } from '../src/api';

const HEADER = `#ifndef TRACER_UTIL_H
#define TRACER_UTIL_H

#undef TRACE_LOG        /* Define to log our bookkeeping. */

#endif
`;

const MODULE = (beforeInclude: string, afterInclude: string): string => `#define PY_SSIZE_T_CLEAN
#include <Python.h>
${beforeInclude}
#include "util.h"
${afterInclude}

static PyObject *
tick_run(PyObject *self, PyObject *unused)
{
#if TRACE_LOG
    log_depth++;
#endif
    Py_RETURN_NONE;
}

static PyMethodDef tick_methods[] = {
    {"run", tick_run, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef tick_module = {PyModuleDef_HEAD_INIT, "tick", NULL, 0, tick_methods};

PyMODINIT_FUNC
PyInit_tick(void)
{
    return PyModuleDef_Init(&tick_module);
}
`;

const TRACE_STATIC = '#if TRACE_LOG\nstatic int log_depth = 0;\n#endif\n';

function findings(files: Record<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-debug-switch-'));
  try {
    for (const [n, t] of Object.entries(files)) fs.writeFileSync(path.join(dir, n), t);
    return check([dir])
      .findings.filter((f) => f.severity !== 'note')
      .map((f) => `${f.rule} ${/'(\w+)'/.exec(f.message)?.[1] ?? ''}`.trim());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('a debug switch a project header turns off', () => {
  test('code under #if of a name the header #undefs is never compiled: no hazard', () => {
    expect(findings({ 'util.h': HEADER, 'tick.c': MODULE('', TRACE_STATIC) }).filter((f) => f.includes('log_depth'))).toEqual([]);
  });

  test('a file of the run that defines the name keeps it a hazard', () => {
    const out = findings({ 'util.h': HEADER, 'tick.c': MODULE('', TRACE_STATIC), 'other.c': '#define TRACE_LOG 1\n' });
    expect(out.filter((f) => f.includes('log_depth')).length).toBeGreaterThan(0);
  });

  test('an #if before the header is included may see a -D: its code is read', () => {
    // A process-wide lock is reported by its declaration alone; under #if TRACE_LOG after the header it is not.
    const lock = '#if TRACE_LOG\nstatic PyThread_type_lock log_lock;\n#endif\n';
    expect(findings({ 'util.h': HEADER, 'tick.c': MODULE(lock, '') })).toContain('checks/lock-or-thread-local log_lock');
    expect(findings({ 'util.h': HEADER, 'tick.c': MODULE('', lock) })).not.toContain('checks/lock-or-thread-local log_lock');
  });

  test('an #undef under a condition proves nothing: a hazard', () => {
    const header = HEADER.replace('#undef TRACE_LOG', '#ifndef KEEP_TRACE\n#undef TRACE_LOG\n#endif');
    const out = findings({ 'util.h': header, 'tick.c': MODULE('', TRACE_STATIC) });
    expect(out.filter((f) => f.includes('log_depth')).length).toBeGreaterThan(0);
  });
});
