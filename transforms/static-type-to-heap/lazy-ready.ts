/**
 * A type readied lazily in a function Python calls, not in the init (Sane's `_open()`:
 * `if (PyType_Ready(&T) < 0) return NULL;` before its PyObject_New): the heap type is created once,
 * at the top of exec, and that statement goes. Only this plain form: a failed readying that
 * returns at once, so removing it changes nothing but when the type is made.
 */
import { startsStatement } from '../../src/plan/text-util';
import type { Use } from '../../src/model/types';

export interface LazyReady {
  use: Use;
  /** The whole `if (PyType_Ready(&T) < 0) return NULL;` statement. */
  stmtStart: number;
  stmtEnd: number;
}

const HEAD = /\bif\s*\(\s*PyType_Ready\s*\(\s*(?:\(\s*PyTypeObject\s*\*\s*\)\s*)?&\s*$/;
const TAIL = /^\s*\)\s*(?:<\s*0|!=\s*0|==\s*-1)?\s*\)\s*(?:\{\s*)?return\b[^;{}]*;(?:\s*\})?/;

export function lazyReadyStatement(u: Use): LazyReady | undefined {
  if (!u.func || u.inMacro) return undefined;
  const text = u.file.source.text;
  const head = HEAD.exec(text.slice(Math.max(u.func.bodyStart, u.start - 60), u.start));
  const tail = TAIL.exec(text.slice(u.end, u.end + 200));
  if (!head || !tail) return undefined;
  const stmtStart = u.start - head[0].length;
  // A statement of its own: after `;`, `{` or `}` (not the body of an else or another if).
  if (!startsStatement(text, u.func.bodyStart, stmtStart)) return undefined;
  const stmtEnd = u.end + tail[0].length;
  if (/^\s*else\b/.test(text.slice(stmtEnd, stmtEnd + 10))) return undefined;
  return { use: u, stmtStart, stmtEnd };
}
