/**
 * The shared module model. Built once per file (FileModel) and linked into one ExtensionModel
 * per extension module; every transform reads it, none re-parses.
 */
import type { ParsedFile, SyntaxNode, Span } from '../core/parse';
import type { SourceFile } from '../core/source';
import type { Guard } from '../core/conditions';

export type { Span };

/** A place in one file. */
export interface Site extends Span {
  file: FileModel;
}

export interface ParamInfo {
  name: string;
  /** `PyObject *Py_UNUSED(self)`: the name is not usable until the wrapper goes. */
  unusedWrapper?: { start: number; end: number; closeAt: number };
  /** The parameter's type text, e.g. `PyObject *`. */
  type: string;
  start: number;
  end: number;
  /**
   * The parameter list is this object-like macro (`f(ARGS)` with `#define ARGS PyObject *self, ...`):
   * the parameter is read from its body, and [start, end) is the macro's name in the list.
   */
  throughMacro?: string;
}

export interface FunctionInfo {
  name: string;
  file: FileModel;
  node: SyntaxNode;
  start: number;
  end: number;
  /** Start of the declaration: storage class, export macro and return type included. */
  declStart: number;
  /** The `{` and `}` of the body. */
  bodyStart: number;
  bodyEnd: number;
  isStatic: boolean;
  returnType: string;
  params: ParamInfo[];
  /** `(` and `)` of the parameter list. */
  paramsStart: number;
  paramsEnd: number;
  /** Inside a NumPy `/**begin repeat` template block: one C function per expansion. */
  inTemplate: boolean;
  /**
   * The declarator is a project macro that expands to it (`MOD_INIT(name)` for `PyMODINIT_FUNC
   * PyInit_##name(void)`): its name and the span of the call, which is the whole header.
   */
  headerMacro?: { name: string; start: number; end: number };
  /**
   * The body of a function-defining macro (`#define BINOP(NAME, OP) static PyObject
   * *wrap_##NAME(...) {...}`, core/function-macros): one text for every function its file-scope
   * expansions define; `names` are theirs (`wrap_add`, ...), `name` is the pattern as written.
   */
  macroTemplate?: { macro: string; names: string[] };
}

export type GlobalCategory =
  | 'exception' // PyErr_NewException[WithDoc]
  | 'interned-string' // PyUnicode_InternFromString / FromString of a literal
  | 'imported-module' // PyImport_ImportModule
  | 'imported-attribute' // PyObject_GetAttrString(module, ...) and friends
  | 'cached-type' // PyTypeObject * filled from a spec or another module
  | 'constant-object' // PyLong_FromLong, Py_BuildValue, PyTuple_Pack ... of constants
  | 'module-object' // the module itself kept in a global
  | 'object' // some other Python object
  | 'py-identifier' // _Py_IDENTIFIER(x)
  | 'capsule-table' // the array/struct exported through PyCapsule_New
  | 'capsule-consumer' // a table pointer filled by PyCapsule_Import
  | 'mutable-c' // C data written after init
  | 'const-c' // immutable C data, never written
  | 'python-table' // PyMethodDef[], PyMemberDef[], PyGetSetDef[], PyType_Slot[], PyModuleDef ...
  | 'sub-struct' // PyNumberMethods & co. used by a static type
  | 'sync' // locks, thread-locals
  | 'unknown';

export type UseKind = 'read' | 'write' | 'address' | 'call' | 'member' | 'member-write' | 'decl';

export interface Use extends Span {
  file: FileModel;
  kind: UseKind;
  /** The function containing the use, if any. */
  func?: FunctionInfo;
  /** Inside a `#define` body. */
  inMacro?: boolean;
  /**
   * An expansion of a macro that pastes the name together (`INIT_STRING(__name__)` with
   * `str_##S` in its body): start..end is the macro's name at the call, `pasted` the pasted
   * name in the #define body of the same file, where the rewrite goes.
   */
  pasted?: PasteChain;
}

/** A name a macro of the file pastes together from its parameters (`str_##S`), and what each expansion forms. */
export interface PasteChain {
  macro: string;
  /** The pasted name in the `#define` body. */
  start: number;
  end: number;
  kind: UseKind;
  /** For an assignment: the value with the call's arguments substituted is read per expansion. */
  forms: { name: string; start: number; end: number; func?: FunctionInfo; value?: string }[];
  /** Some expansion could not be read (inside another macro, at file scope, arguments that are no names). */
  unread?: string;
  /** Preceded by `.` or `->`: a struct member, never a global. */
  member: boolean;
}

/** A fill: an assignment to the variable, with its value. */
export interface Fill extends Use {
  /** The whole assignment expression (or declaration initializer). */
  exprStart: number;
  exprEnd: number;
  /** The assigned value's text and the API it calls, if any (`PyErr_NewException`). */
  value: string;
  api?: string;
}

export interface GlobalVar {
  name: string;
  file: FileModel;
  scope: 'file' | 'function';
  /** For function-level statics. */
  func?: FunctionInfo;
  storage: 'static' | 'extern' | 'none';
  isConst: boolean;
  /** Type text without the declarator name, e.g. `PyObject *`, `PyObject *[4]`, `long`. */
  ctype: string;
  /** Base type name: `PyObject`, `PyTypeObject`, `long`, ... */
  baseType: string;
  pointerDepth: number;
  arrayLen?: string;
  isPythonObject: boolean;
  /** The declaration statement. */
  declStart: number;
  declEnd: number;
  /** Declarators in the same declaration (`static PyObject *a, *b;`). */
  siblings: number;
  declaratorStart: number;
  declaratorEnd: number;
  init?: { start: number; end: number; text: string };
  category: GlobalCategory;
  uses: Use[];
  fills: Fill[];
  /** For C data: the first use in a function that may change it (see `mutatingUse`); none when it is only read. */
  mutatedBy?: { use: Use; how: 'write' | 'address' | 'passed' };
  /** An `&name` that leaves the file's own statements (passed to a function, stored). */
  addressEscapes: Use[];
  inTemplate: boolean;
  /** Inside a `#if` branch. */
  conditional: boolean;
  /** The condition of those branches (platform, feature), to mirror where the variable moves. */
  guard?: Guard;
  /** A pointer to a `Py...` type declared outside these files: probably a Python object, not known. */
  objectGuess?: boolean;
  /** For PyNumberMethods & co.: the decoded member initializers. */
  subStruct?: Map<string, FieldInit>;
  /** Declared by a file-scope use of this macro (`DECLARE_STRING(__name__)`); declStart..declEnd is that use. */
  declaredBy?: string;
}

export interface FieldInit {
  /** `tp_name`, `tp_as_number`, ... (for positional initializers, inferred from the position). */
  field: string;
  value: string;
  valueStart: number;
  valueEnd: number;
  /** The element including a designator, if any. */
  elemStart: number;
  elemEnd: number;
  designated: boolean;
  /** Inside an `#if` branch whose positions or presence differ from the others. */
  conditional: boolean;
  /** The preprocessor condition under which the element is compiled, when conditional. */
  guard?: string;
  /** Supplied by this object-like macro (an element of the initializer); the offsets are in its `#define`. */
  fromMacro?: string;
}

export interface RuntimeField {
  field: string;
  value: string;
  stmtStart: number;
  stmtEnd: number;
  func?: FunctionInfo;
  link?: { start: number; end: number; links: number };
}

export interface StaticType {
  name: string;
  file: FileModel;
  storage: 'static' | 'extern' | 'none';
  /** An export macro before the definition (NPY_NO_EXPORT, FOO_API). */
  exportMacro?: string;
  declStart: number;
  declEnd: number;
  initStart: number;
  initEnd: number;
  style: 'designated' | 'positional' | 'mixed';
  head?: { macro: string; start: number; end: number; metaclass: string; legacyObSize: boolean };
  fields: Map<string, FieldInit>;
  /**
   * Assignments `X.tp_field = value;` at run time (before PyType_Ready, typically in init). In a chained store
   * (`A.tp_base = B.tp_base = &Base;`) each type's value is the chain's last one, the statement is the whole
   * chain, and `link` is the type's own `X.tp_field = ` in it, with the number of links of the chain.
   */
  runtimeFields: RuntimeField[];
  /**
   * Statements that store the default metatype, `Py_SET_TYPE(&X, &PyType_Type);`,
   * `Py_TYPE(&X) = &PyType_Type;`, `X.ob_type = &PyType_Type;`: what PyType_Ready sets anyway.
   */
  metatypeStores: { stmtStart: number; stmtEnd: number; func: FunctionInfo }[];
  tpName?: string;
  /** Problems that stop an automatic rewrite. */
  problems: string[];
  uses: Use[];
  inTemplate: boolean;
  conditional: boolean;
  /** The condition of the `#if` branches around the definition (platform, feature), to mirror. */
  guard?: Guard;
}

export interface ModuleDefInfo {
  name: string;
  file: FileModel;
  storage: 'static' | 'extern' | 'none';
  declStart: number;
  declEnd: number;
  initStart: number;
  initEnd: number;
  style: 'designated' | 'positional' | 'mixed';
  fields: Map<string, FieldInit>;
  /** m_name string literal, unquoted. */
  moduleName?: string;
  /**
   * Declared inside a macro the init function calls (`MOD_DEF(m, name, doc, methods)` holding
   * `static struct PyModuleDef moduledef = {...}`), or that a file-scope line uses: no text of its
   * own to edit; the conversion writes it at file scope. The offsets of its fields are the call's.
   */
  fromMacro?: {
    macro: string;
    callStart: number;
    callEnd: number;
    /** A use at file scope (`MODULE_DEF("name", doc, methods);`, its `;` in the span): the def is written in its place. */
    atFileScope?: boolean;
  };
  /**
   * A function-level static of the init function or its helper (python-ldap's `static struct
   * PyModuleDef d = {...};` inside init_ldap_module): the conversion moves it to file scope, above
   * that function (declStart is the function's start; the statement's own span is here).
   */
  inFunction?: { start: number; end: number };
}

export interface InitInfo {
  /** The name after PyInit_. */
  name: string;
  /** The function whose body creates the module: PyInit_<name>, or the helper it returns the result of. */
  func: FunctionInfo;
  /** PyInit_<name> itself when the body is a helper (`return make_module();`). */
  entry?: FunctionInfo;
  phase: 'single' | 'multi' | 'unknown';
  /** PyModule_Create / PyModule_Create2 call. */
  createCall?: { start: number; end: number; defName?: string; stmtStart: number; stmtEnd: number; moduleVar?: string; viaMacro?: string };
  /** PyModuleDef_Init(&def) call. */
  defInitCall?: { start: number; end: number; defName?: string };
}

export interface TableEntry {
  /** The first field (method name, member name). */
  pyName?: string;
  /** Function identifier (casts stripped), if any. */
  func?: string;
  /** Second function (setter) for getset tables. */
  func2?: string;
  flags?: string;
  /** Offsets of the entry, or of the object-like macro use that writes it. */
  start: number;
  end: number;
  /** The object-like macro whose body is this entry (`FUNC_DEF_PARSE`, `M_PARSE_METHODDEF`): edits of the entry go there. */
  viaMacro?: string;
}

/** PyMethodDef[], PyGetSetDef[], PyMemberDef[], PyType_Slot[] arrays. */
export interface PyTable {
  name: string;
  kind: 'methods' | 'getset' | 'members' | 'type-slots' | 'module-slots';
  file: FileModel;
  start: number;
  end: number;
  entries: TableEntry[];
}

export interface CapsuleExport {
  file: FileModel;
  func?: FunctionInfo;
  callStart: number;
  callEnd: number;
  /** The pointer argument, e.g. `(void *)PySpam_API`. */
  pointerExpr: string;
  /** The table variable it points at (array or struct), when recognisable. */
  table?: string;
  /**
   * The pointer is a field of a struct pointer (`(void *)st->api_table`, `&st->capi`): a table an
   * earlier run moved into the module state, when `base` is the exec's state variable.
   */
  tableField?: { base: string; field: string };
  capsuleName: string;
  /** The project macro the capsule is made through (`PyCObject_FromVoidPtr(&data, NULL)`), if any. */
  viaMacro?: string;
}

export interface CapsuleImport {
  file: FileModel;
  func?: FunctionInfo;
  start: number;
  end: number;
  capsuleName: string;
  /** The C global that receives the table, when there is one. */
  target?: string;
  /** True when written in a macro body (import_xxx() in a public header). */
  inMacro: boolean;
}

/** See model/header-statics.ts. */
export type { HeaderStatic } from './header-statics';
import type { HeaderStatic } from './header-statics';

export interface MacroDef {
  name: string;
  params?: string[];
  body: string;
  start: number;
  end: number;
  /** The header that defines it, when that is not the file at hand (offsets are the header's). */
  file?: string;
}

export interface ApiCall {
  api: string;
  start: number;
  end: number;
  func?: FunctionInfo;
}

export interface StructDef {
  name: string;
  start: number;
  end: number;
  /** Has PyObject_HEAD / PyObject_VAR_HEAD, or a first field of another object struct. */
  isPyObject: boolean;
  fields: { name: string; type: string }[];
}

export interface FileModel {
  path: string;
  source: SourceFile;
  parsed: ParsedFile;
  functions: FunctionInfo[];
  functionsByName: Map<string, FunctionInfo>;
  /** Prototypes without bodies (name -> isStatic). */
  prototypes: Map<string, { isStatic: boolean; start: number; end: number }>;
  globals: GlobalVar[];
  types: StaticType[];
  moduleDefs: ModuleDefInfo[];
  inits: InitInfo[];
  tables: PyTable[];
  capsuleExports: CapsuleExport[];
  capsuleImports: CapsuleImport[];
  macros: Map<string, MacroDef>;
  structs: Map<string, StructDef>;
  /** Calls of interesting C-API functions (PyState_FindModule, PyGILState_Ensure, ...). */
  apiCalls: ApiCall[];
  /** `#include "x.h"` targets (local includes only). */
  localIncludes: string[];
  /** Local headers it includes that were not among the files given: the names each mentions (library/outside-headers.ts). */
  /** `returningMacros`: the macros the header defines whose body has a `return` (undefined: defined more than once). */
  outsideHeaders?: { path: string; names: ReadonlySet<string>; statics: readonly HeaderStatic[]; returningMacros?: ReadonlyMap<string, import('../core/lex').DefineParts | undefined> }[];
  /** Identifiers used in the file, with the offsets of their uses (only names of interest). */
  identifierUses: Map<string, number[]>;
  /** Non-static symbols defined here. */
  exportedSymbols: Set<string>;
  /** Share of bytes inside ERROR nodes, 0..1. */
  damageShare: number;
  /** Template regions (`/**begin repeat` ... `/**end repeat**` ) in .src files. */
  templateRegions: Span[];
  /** `static PyTypeObject X;` / `extern PyTypeObject X;` declarations without initializer. */
  forwardTypeDecls: { name: string; start: number; end: number }[];
  /** `extern T name;` declarations of variables (defined in another file). */
  externDecls: { name: string; declStart: number; declEnd: number; declaratorStart: number; declaratorEnd: number; siblings: number }[];
  /** Every identifier of the file, for linking files into extensions. */
  allIdentifiers: Set<string>;
  /** Names the file's own function-like macros paste together from their parameters. */
  pasteChains: PasteChain[];
}

export interface ExtensionModel {
  /** The module's import name (from PyInit_<name>), or undefined for a group without one. */
  name?: string;
  files: FileModel[];
  init?: InitInfo;
  moduleDef?: ModuleDefInfo;
  /** Every static type of the extension. */
  types: StaticType[];
  typesByName: Map<string, StaticType>;
  globals: GlobalVar[];
  tables: PyTable[];
  functionsByName: Map<string, FunctionInfo>;
  capsuleExports: CapsuleExport[];
  capsuleImports: CapsuleImport[];
  /** Several PyInit functions share these files. */
  ambiguous?: string[];
  /** Helper files also linked into other modules (file -> those modules): never edited. */
  sharedFiles?: Map<FileModel, string[]>;
  /** The other files of the tree (analyzed alongside, not linked into this extension): they may still name its symbols. */
  otherFiles?: FileModel[];
  /** Headers other extensions compile too (public API headers): their macros cannot use `st`. */
  publicHeaders?: Set<FileModel>;
  /**
   * Headers that the files of other modules include too (header -> those modules, by name): each
   * module compiles its own copy of their `static` variables (this extension's `globals` hold its
   * own copies, with only its own uses), but their text is one for all, so a function they define
   * cannot take one module's state.
   */
  sharedHeaders?: Map<FileModel, string[]>;
  /** Header sections this extension compiles out (`#ifndef PROVIDER_MODULE` when it defines it). */
  configuredOut?: Map<FileModel, { start: number; end: number }[]>;
}
