/**
 * Parse damage that lies only in the arguments of file-scope uses of a function-defining macro
 * (systemd's `DEFINE_TRIVIAL_CLEANUP_FUNC(char**, strv_free);`, defined in another header: a type
 * is no expression). What the macro's body names is seen at its #define (a global named there is a
 * use in a macro, whose file-scope users the use checks report); what a use adds is its arguments'
 * names. When those name no global or static type of the extension, the damage cannot hide one.
 */
import { defineParts, isInert } from '../../src/core/lex';
import { depthsAt, inDirective, matchParen, skipSpace, withoutComments } from '../../src/core/macro-scan';
import type { ExtensionModel, FileModel } from '../../src/model/types';

/** The macros whose uses hold every damaged span of `file`, or undefined when some damage is elsewhere or an argument names a global. */
export function damageOnlyInTemplateUses(file: FileModel, ext: ExtensionModel): string[] | undefined {
  const damage = file.parsed.damage;
  if (damage.length === 0) return undefined;
  const templates = functionDefiningMacros(ext);
  if (templates.size === 0) return undefined;
  const text = file.source.text;
  const lx = file.parsed.lex;
  const found: { name: string; open: number; close: number }[] = [];
  const re = new RegExp(`\\b(${[...templates].map((n) => n.replace(/\W/g, '')).join('|')})\\s*\\(`, 'g');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (isInert(lx, m.index) || inDirective(lx, m.index)) continue;
    const open = skipSpace(text, m.index + m[1].length);
    const close = matchParen(text, open, lx);
    if (close !== -1) found.push({ name: m[1], open, close });
  }
  if (found.length === 0) return undefined;
  const depths = depthsAt(text, lx, found.map((u) => u.open));
  const uses = found.filter((_, k) => depths[k].brace === 0 && depths[k].paren === 0);
  const named = new Set([...ext.globals.map((g) => g.name), ...ext.types.map((t) => t.name)]);
  const hit = new Set<string>();
  for (const d of damage) {
    const u = uses.find((x) => d.start > x.open && d.end <= x.close);
    if (!u) return undefined;
    hit.add(u.name);
  }
  for (const u of uses) if ((text.slice(u.open + 1, u.close).match(/[A-Za-z_]\w*/g) ?? []).some((w) => named.has(w))) return undefined;
  return [...hit].sort();
}

/** A body that starts with a function definition: `static inline void name##p(type *p) {`. */
const FUNCTION_BODY = /^\s*(?:(?:static|inline|extern)\s+)*[A-Za-z_][\w\s*#]*\([^;{}]*\)\s*\{/;

/** Function-like macros of the extension's files whose body defines a function (each defined once). */
function functionDefiningMacros(ext: ExtensionModel): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  for (const f of [...ext.files, ...(ext.otherFiles ?? [])]) {
    for (const d of f.parsed.lex.directives) {
      const parts = d.kind === 'define' ? defineParts(d.rest) : undefined;
      if (!parts) continue;
      if (seen.has(parts.name)) out.delete(parts.name);
      else if (parts.params && FUNCTION_BODY.test(withoutComments(parts.body))) out.add(parts.name);
      seen.add(parts.name);
    }
  }
  return out;
}
