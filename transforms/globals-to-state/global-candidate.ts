/**
 * A global as the transform sees it, and how its kind is named in findings and rules.
 */
import type { GlobalVar } from '../../src/model/types';
import type { StructSequenceFill } from './struct-sequence';
import type { StaticObject } from '../shared/static-objects';

export const KIND_TEXT: Record<string, string> = {
  exception: 'exception object',
  'interned-string': 'interned string',
  'imported-module': 'imported module',
  'imported-attribute': 'imported attribute',
  'cached-type': 'type object pointer',
  'constant-object': 'constant object',
  object: 'Python object',
  'py-identifier': '_Py_IDENTIFIER string',
  'module-object': 'module object',
};

export function ruleFor(g: GlobalVar): string {
  if (g.category === 'exception') return 'exception';
  if (g.category === 'cached-type') return 'type-pointer';
  if (g.category === 'py-identifier') return 'py-identifier';
  if (g.category === 'module-object') return 'module-in-global';
  return 'object-global';
}

export interface Candidate {
  g: GlobalVar;
  field?: string;
  owns?: 'strong' | 'none';
  /** A struct sequence type filled by PyStructSequence_InitType: it becomes a NewType in the state. */
  seq?: StructSequenceFill | { problem: string };
  /** Its once-per-process guard flag, which goes with it. */
  moves?: GlobalVar;
  /** A static object of one of the module's types: allocated per module in exec (static-object.ts). */
  obj?: StaticObject;
}
