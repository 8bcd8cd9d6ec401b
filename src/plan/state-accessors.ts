/**
 * The state accessors one run writes: the module's getter, the lookups by type and by operands
 * (PyType_GetModuleByDef), by the defining type, in teardown, and the accessors of objects that
 * keep the state themselves; in a file (static) or in the state header (static inline).
 */
import type { TransformContext } from '../../transforms/types';
import type { FunctionInfo, ModuleDefInfo } from '../model/types';
import type { InstanceState } from './instance-state';

export type AccessorNeed = { byType: boolean; byTypes: boolean; byTypes3?: boolean; ofType: boolean; inTeardown: boolean };

export function renderAccessors(ctx: TransformContext, need: AccessorNeed, where: 'file' | 'header', def: ModuleDefInfo, getter = true): string {
  return accessorPieces(ctx, need, where, def, getter).map((p) => p.lines.join('\n')).join('\n');
}

/** The accessors one run writes, in its order, each with the function it defines (none: the def's declaration). */
export function accessorPieces(ctx: TransformContext, need: AccessorNeed, where: 'file' | 'header', def: ModuleDefInfo, getter = true): { name?: string; lines: string[] }[] {
  const { byType, byTypes, byTypes3, ofType, inTeardown } = need;
  const n = ctx.plan.names;
  const out: { name?: string; lines: string[] }[] = [];
  const add = (name: string | undefined, ...lines: string[]): void => void out.push({ name, lines });
  if (byType || inTeardown) add(undefined, where === 'header' || def.storage !== 'static' ? `extern struct PyModuleDef ${def.name};` : `static struct PyModuleDef ${def.name};`, '');
  if (getter) add(n.getState,
    `static inline ${n.struct} *`,
    `${n.getState}(PyObject *module)`,
    `{`,
    `    void *state = PyModule_GetState(module);`,
    `    assert(state != NULL);`,
    `    return (${n.struct} *)state;`,
    `}`,
    ``,
  );
  // The found module's local: not the def's own name (a def called `module` would be hidden by it).
  const local = def.name === 'module' ? 'owner' : 'module';
  if (byType) {
    add(n.byType,
      `/* The state of the module that defined \`type\` or one of its bases; NULL with an exception if none did. */`,
      `static inline ${n.struct} *`,
      `${n.byType}(PyTypeObject *type)`,
      `{`,
      `    PyObject *${local} = PyType_GetModuleByDef(type, &${def.name});`,
      `    return ${local} == NULL ? NULL : ${n.getState}(${local});`,
      `}`,
      ``,
    );
  }
  if (byTypes) {
    add(n.byTypes,
      `/* For binary number slots: the state of whichever operand is of this module's types (either may be;`,
      ` * a static type such as int never is, so it is not searched). */`,
      `static inline ${n.struct} *`,
      `${n.byTypes}(PyTypeObject *left, PyTypeObject *right)`,
      `{`,
      `    PyObject *${local} = NULL;`,
      `    if (PyType_HasFeature(left, Py_TPFLAGS_HEAPTYPE)) {`,
      `        ${local} = PyType_GetModuleByDef(left, &${def.name});`,
      `        if (${local} == NULL) {`,
      `            PyErr_Clear();`,
      `        }`,
      `    }`,
      `    if (${local} == NULL) {`,
      `        ${local} = PyType_GetModuleByDef(right, &${def.name});`,
      `        if (${local} == NULL) {`,
      `            return NULL;`,
      `        }`,
      `    }`,
      `    return ${n.getState}(${local});`,
      `}`,
      ``,
    );
  }
  if (byTypes3) {
    add(n.byTypes3,
      `/* For nb_power: pow(a, b, m) calls m's slot when only the modulus is of this module's types. */`,
      `static inline ${n.struct} *`,
      `${n.byTypes3}(PyTypeObject *left, PyTypeObject *right, PyTypeObject *modulus)`,
      `{`,
      `    ${n.struct} *st = ${n.byTypes}(left, right);`,
      `    if (st == NULL && modulus != Py_TYPE(Py_None)) {`,
      `        PyErr_Clear();`,
      `        st = ${n.byTypes}(modulus, modulus);`,
      `    }`,
      `    return st;`,
      `}`,
      ``,
    );
  }
  if (inTeardown) {
    // ht_module and tp_base, not PyType_GetModuleByDef: type_clear empties tp_mro as well (plan/teardown.ts).
    add(n.inTeardown,
      `/* In a teardown slot: the state of the module that defined \`type\` or one of its bases, or NULL once`,
      ` * that module is gone (the GC clears a type's module before the objects that die with it). */`,
      `static inline ${n.struct} *`,
      `${n.inTeardown}(PyTypeObject *type)`,
      `{`,
      `    PyTypeObject *base;`,
      `    for (base = type; base != NULL; base = base->tp_base) {`,
      `        PyObject *${local} = PyType_HasFeature(base, Py_TPFLAGS_HEAPTYPE) ? ((PyHeapTypeObject *)base)->ht_module : NULL;`,
      `        if (${local} != NULL && PyModule_GetDef(${local}) == &${def.name}) {`,
      `            return ${n.getState}(${local});`,
      `        }`,
      `    }`,
      `    return NULL;`,
      `}`,
      ``,
    );
  }
  if (ofType) {
    add(n.ofType,
      `/* The state of the module that made \`type\`, one of its types that cannot be subclassed. */`,
      `static inline ${n.struct} *`,
      `${n.ofType}(PyTypeObject *type)`,
      `{`,
      `    void *state = PyType_GetModuleState(type);`,
      `    assert(state != NULL);`,
      `    return (${n.struct} *)state;`,
      `}`,
      ``,
    );
  }
  return out;
}

/**
 * The state of an object that keeps it (instance-state.ts): looked up through its type's MRO the
 * first time, then read from the object; and, for binary operators, which operand is one.
 */
export function renderInstanceAccessors(ctx: TransformContext, is: InstanceState, withOperands: boolean): string {
  const n = ctx.plan.names;
  const S = is.struct;
  // What an earlier run wrote for the struct stays as it is.
  const has = (name: string): boolean => !!is.existing && ctx.ext.functionsByName.has(name);
  const out = has(`${n.mod}_get_state_of_${S}`) ? [] : [
    `/* The state of \`self\`, a ${S} of this module's types or of a subclass: kept in the object once looked up. */`,
    `static inline ${n.struct} *`,
    `${n.mod}_get_state_of_${S}(${S} *self)`,
    `{`,
    `    if (self->${is.field} == NULL) {`,
    `        self->${is.field} = ${n.byType}(Py_TYPE(self));`,
    `    }`,
    `    return (${n.struct} *)self->${is.field};`,
    `}`,
    ``,
  ];
  if (withOperands && is.dealloc && !has(`${n.mod}_get_state_of_${S}_operands`)) {
    const d = ctx.ext.functionsByName.get(is.dealloc)!;
    const params = d.file.source.text.slice(d.paramsStart + 1, d.paramsEnd).replace(/\s*\n\s*/g, ' ').trim();
    out.push(
      `${d.isStatic ? 'static ' : ''}${d.returnType}${d.returnType.endsWith('*') ? '' : ' '}${d.name}(${params});`,
      ``,
      `/* For binary number slots: the state kept in whichever operand is a ${S} (its type's dealloc tells),`,
      ` * else that of the operand whose type is a subclass defined in Python. */`,
      `static inline ${n.struct} *`,
      `${n.mod}_get_state_of_${S}_operands(PyObject *left, PyObject *right)`,
      `{`,
      `    if (Py_TYPE(left)->tp_dealloc == (destructor)${d.name}) {`,
      `        return ${n.mod}_get_state_of_${S}((${S} *)left);`,
      `    }`,
      `    if (Py_TYPE(right)->tp_dealloc == (destructor)${d.name}) {`,
      `        return ${n.mod}_get_state_of_${S}((${S} *)right);`,
      `    }`,
      `    return ${n.byTypes}(Py_TYPE(left), Py_TYPE(right));`,
      `}`,
      ``,
    );
  }
  return out.join('\n');
}

/**
 * The module parameter as the getter's `PyObject *` argument: cast when the function declares it
 * as another type (a module function listed with a `(PyCFunction)` cast whose first parameter is
 * written `pysqlite_Cursor *self`: the module all the same).
 */
export function moduleArgument(f: FunctionInfo | undefined, paramIndex: number, param: string): string {
  // (An init becoming the exec function gets its parameter from the conversion: PyObject *.)
  const p = f?.params[paramIndex];
  const type = p?.name === param ? p.type.replace(/\s+/g, ' ').trim() : undefined;
  return type === undefined || /^(?:const )?PyObject ?\*$/.test(type) ? param : `(PyObject *)${param}`;
}
