/**
 * Names the invariant checks treat specially: the compatibility shims (with the version whose
 * Python.h has them) and the names of the state variable.
 */
import { PyVersion } from '../core/pyversion';

/** Names a compatibility header provides, with the version whose Python.h has them. */
export const VERSIONED: Record<string, PyVersion> = {
  Py_TPFLAGS_IMMUTABLETYPE: '3.10',
  Py_TPFLAGS_DISALLOW_INSTANTIATION: '3.10',
  Py_NewRef: '3.10',
  Py_XNewRef: '3.10',
  PyModule_AddObjectRef: '3.10',
  PyType_GetModuleByDef: '3.11',
};

export const COMPAT_HEADERS = /^"(?:[^"]*\/)?(?:pyext_isolate_compat|pythoncapi_compat)\.h"/;

/** The names the state variable gets (StatePlan.stateVar): `st`, or one of the others where a function has an `st` of its own. */
export const STATE_VARS = new Set(['st', 'mod_st', 'module_st']);
