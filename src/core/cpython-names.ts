/**
 * Whether a name is CPython's (a function or macro of Python.h and the headers it includes) by its
 * spelling: `Py_X`, `_PyX`, `PY_X`, or `Py<Word>_X` with a word of CPython's headers. A project's
 * own `PyExtensionClass_Export` looks like one but is not: ExtensionClass is no word of CPython's.
 * The words are those of the 3.9-3.13 headers: every `Py<Word>_` that `grep -ohE '\bPy[A-Z][A-Za-z0-9]*_'`
 * finds in include/python3.x and its cpython directory.
 */
const WORDS: ReadonlySet<string> = new Set([
  'AIter', 'AST', 'AnySet', 'Arena', 'Arg', 'AsyncGenASend', 'AsyncGen', 'BUF', 'BaseObject', 'Bool', 'Buffer',
  'ByteArrayIter', 'ByteArray', 'BytesIter', 'Bytes', 'CF', 'CFunction', 'CMethod', 'CallIter', 'Callable',
  'Capsule', 'Cell', 'ClassMethodDescr', 'ClassMethod', 'Code', 'Codec', 'Compile', 'Complex', 'Config',
  'ContextToken', 'ContextVar', 'Context', 'Coro', 'CriticalSection2', 'CriticalSection', 'CursesWindow', 'Curses',
  'DTrace', 'DateTime', 'Date', 'Delta', 'Descr', 'DictItems', 'DictIterItem', 'DictIterKey', 'DictIterValue',
  'DictKeys', 'DictProxy', 'DictRevIterItem', 'DictRevIterKey', 'DictRevIterValue', 'DictValues', 'DictViewSet',
  'Dict', 'Doc', 'Ellipsis', 'Enum', 'Err', 'Eval', 'Exc', 'ExceptionClass', 'ExceptionInstance', 'Exception',
  'Expat', 'FPE', 'File', 'Filter', 'Float', 'FrameLocalsProxy', 'Frame', 'FrozenSet', 'Function', 'Future', 'GC',
  'GILState', 'Gen', 'GetSetDescr', 'Grammar', 'HASH', 'Hash', 'HeapType', 'Id', 'Import', 'Index',
  'InstanceMethod', 'InterpreterConfig', 'InterpreterState', 'Iter', 'LineTable', 'ListIter', 'ListRevIter', 'List',
  'LongRangeIter', 'Long', 'Map', 'Mapping', 'Marshal', 'Mem', 'MemberDescr', 'Member', 'MemoryView', 'MethodDescr',
  'Method', 'ModuleDef', 'Module', 'Monitoring', 'Mutex', 'Node', 'Number', 'ODictItems', 'ODictIter', 'ODictKeys',
  'ODictValues', 'ODict', 'OS', 'Object', 'PARSE', 'Parser', 'PickleBuffer', 'PreConfig', 'Property', 'RangeIter',
  'Range', 'RefTracer', 'Reversed', 'Run', 'STEntry', 'ST', 'SeqIter', 'Sequence', 'SetIter', 'Set', 'Signal',
  'Slice', 'State', 'StaticMethod', 'Status', 'StdPrinter', 'StructSequence', 'Super', 'Symtable', 'Sys', 'TZInfo',
  'ThreadState', 'Thread', 'TimeZone', 'Time', 'Token', 'TraceBack', 'TraceMalloc', 'Trace', 'Trash', 'TupleIter',
  'Tuple', 'Type', 'UnicodeData', 'UnicodeDecodeError', 'UnicodeEncodeError', 'UnicodeIter',
  'UnicodeTranslateError', 'Unicode', 'Unstable', 'VarObject', 'Vectorcall', 'Weakref', 'WideStringList',
  'WrapperDescr', 'WrapperFlag', 'Wrapper', 'Zip'
]);

export function isCPythonName(name: string): boolean {
  if (/^(?:_Py|Py_|PY_|_PY)/.test(name)) return true;
  const m = /^Py([A-Z][A-Za-z0-9]*)_/.exec(name);
  return !!m && WORDS.has(m[1]);
}
