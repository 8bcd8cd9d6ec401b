/**
 * Mutable C data in the shapes real extensions write (testdata/cases/table-of-tables-filled-in-init
 * and initialized-c-data-from-template build and run isolated): where the state cannot take them,
 * the finding names the exact use that stops it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { check } from '../src/api';
import { ROOT, tempCopy, editFile } from './helpers/modules';

const TABLES = path.join(ROOT, 'testdata', 'cases', 'table-of-tables-filled-in-init');
const TEMPLATE = path.join(ROOT, 'testdata', 'cases', 'initialized-c-data-from-template');
const DISPATCH = path.join(ROOT, 'testdata', 'cases', 'cpu-dispatch-through-pointer');

function about(dir: string, name: string): string[] {
  return check([dir])
    .findings.filter((f) => f.message.includes(`'${name}'`))
    .map((f) => `${f.rule} ${f.fix}: ${f.message.replace(/^[^]*?it cannot move into the module state: /, '')}`);
}

describe('mutable C data shapes', () => {
  let dir = '';
  const copy = (from: string): void => {
    dir = tempCopy(from, 'c-data-shapes');
    for (const f of fs.readdirSync(dir)) if (f.startsWith('expected') || f === 'findings.txt') fs.rmSync(path.join(dir, f));
  };
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const edit = (from: string, to: string): void => editFile(dir, 'input.c', from, to);

  test('a table of tables moves; a macro that pastes its name keeps it, naming the macro', () => {
    copy(TABLES);
    expect(about(dir, 'count_bits')).toEqual(['globals-to-state/mutable-c-data auto: mutable C global \'count_bits\' is shared by every interpreter (a data race with a per-interpreter GIL)']);
    edit('COUNT_DOC(distance, "differ (or agree)");', 'COUNT_DOC(distance, "differ (or agree)");\n#define TABLE(op) count_ ## op\nstatic int first(void) { return TABLE(bits)[0][0]; }');
    expect(about(dir, 'count_bits')).toEqual(['checks/mutable-c-static manual: macro TABLE() builds identifiers by token pasting and may use it where no rewrite can see']);
  });

  test('a function reached through a pointer init stores: the finding names the pointer', () => {
    copy(TABLES);
    edit('static int tables_built;', 'static int tables_built;\nstatic uint32_t (*update_fn)(uint32_t, const unsigned char *, Py_ssize_t);');
    edit('    value = crc32c_update(', '    value = update_fn(');
    edit('    build_tables();', '    build_tables();\n    update_fn = crc32c_update;');
    expect(about(dir, 'slice_table')[0]).toMatch(/crc32c_update\(\) uses 'slice_table' but cannot reach the module state: its address is stored in the function pointer 'update_fn' \(in PyInit_crcslice\(\)\), and the calls through that pointer pass no module or state/);
  });

  test('CPU dispatch: the implementations take the state; a use of the pointer other than a call or a store keeps them out, naming the pointer', () => {
    copy(DISPATCH);
    expect(about(dir, 'slice8')).toEqual(["globals-to-state/mutable-c-data auto: mutable C global 'slice8' is shared by every interpreter (a data race with a per-interpreter GIL)"]);
    edit('    return PyUnicode_FromString(impl_name);', '    if (crc_fn == NULL)\n        Py_RETURN_NONE;\n    return PyUnicode_FromString(impl_name);');
    expect(about(dir, 'slice8')[0]).toMatch(/^checks\/mutable-c-static manual: crc32c_sw_slicing_by_8\(\) uses 'slice8' but cannot reach the module state: its address is stored in the function pointer 'crc_fn' \(in crcdispatch_use_slicing\(\)\)/);
  });

  test('CPU dispatch: a use of the pointer in a branch the parse did not see keeps them out', () => {
    copy(DISPATCH);
    // The #elif branch that starts with `else` is blanked for the parse: its use is not in the model.
    edit('    crc_fn = crc32c_bytewise;\n    impl_name = "bytewise";\n    Py_RETURN_NONE;', '    if (is_big_endian) {\n        crc_fn = crc32c_bytewise;\n    }\n#if defined(__x86_64__)\n    else if (1) {\n        crc_fn = crc32c_bytewise;\n    }\n#elif defined(__aarch64__)\n    else if (1) {\n        crc_fn = NULL;\n    }\n#endif\n    else {\n        crc_fn = crc32c_bytewise;\n    }\n    impl_name = "bytewise";\n    Py_RETURN_NONE;');
    expect(about(dir, 'slice8')[0]).toMatch(/^checks\/mutable-c-static manual: crc32c_sw_slicing_by_8\(\) uses 'slice8' but cannot reach/);
  });

  test('CPU dispatch: a typedef that something else uses too keeps them out', () => {
    copy(DISPATCH);
    edit('static int is_big_endian;', 'static int is_big_endian;\nstatic crc_function fallback_fn;');
    expect(about(dir, 'is_big_endian')[0]).toMatch(/^checks\/mutable-c-static manual: crc32c_sw_slicing_by_8\(\) uses 'is_big_endian' but cannot reach/);
  });

  test('an aggregate initializer moves as a template; one that refers to itself stays, saying so', () => {
    copy(TEMPLATE);
    expect(about(dir, 'allocator')[0]).toMatch(/^globals-to-state\/mutable-c-data auto/);
    edit('    size_t live;    /* blocks handed out and not yet released */', '    size_t live;    /* blocks handed out and not yet released */\n    struct ByteAlloc *self;');
    edit('static ByteAlloc allocator = { ba_alloc, ba_release, 0 };', 'static ByteAlloc allocator = { ba_alloc, ba_release, 0, &allocator };');
    expect(about(dir, 'allocator')).toEqual(["checks/mutable-c-static manual: it starts as '{ ba_alloc, ba_release, 0, &allocator }', which refers to itself"]);
  });

  test('its own name inside a string literal with escaped quotes is no reference to itself', () => {
    copy(TEMPLATE);
    edit('    size_t live;    /* blocks handed out and not yet released */', '    size_t live;    /* blocks handed out and not yet released */\n    const char *label;');
    edit('static ByteAlloc allocator = { ba_alloc, ba_release, 0 };', 'static ByteAlloc allocator = { ba_alloc, ba_release, 0, "the \\"allocator\\" of rlepack" };');
    expect(about(dir, 'allocator')[0]).toMatch(/^globals-to-state\/mutable-c-data auto/);
  });

  test('an aggregate initializer of a struct without a name stays: a template would be another type', () => {
    copy(TEMPLATE);
    edit('static unsigned int max_run[4] = { 255, 127, 63, 15 };', 'static unsigned int max_run[4] = { 255, 127, 63, 15 };\n\nstatic struct { int calls; int errors; } tally = { 0, 1 };');
    edit('    max_run[level] = n;', '    max_run[level] = n;\n    tally.calls++;');
    expect(about(dir, 'tally')).toEqual(["checks/mutable-c-static manual: it starts as '{ 0, 1 }', which has a type without a name, so a template of it would be another type"]);
  });

  test("an aggregate initializer defined below the module's init, declared above it too, stays, saying why", () => {
    copy(TEMPLATE);
    edit('/* The longest run per level; set_max_run() tunes them. */\nstatic unsigned int max_run[4] = { 255, 127, 63, 15 };\n', '');
    edit('PyMODINIT_FUNC\nPyInit_rlepack(void)\n{\n    return PyModule_Create(&rlepack_module);\n}\n', 'PyMODINIT_FUNC\nPyInit_rlepack(void)\n{\n    return PyModule_Create(&rlepack_module);\n}\n\nstatic unsigned int max_run[4] = { 255, 127, 63, 15 };\n');
    edit('static PyObject *\nrlepack_pack(', 'static unsigned int max_run[4];\n\nstatic PyObject *\nrlepack_pack(');
    // (Its tentative declaration above is a second declaration: that reason comes first.)
    expect(about(dir, 'max_run').map((x) => x.replace(/line \d+/, 'line N'))).toContain('checks/mutable-c-static manual: it is declared more than once (again at line N), and moving a repeated declaration is not automated');
  });
});
