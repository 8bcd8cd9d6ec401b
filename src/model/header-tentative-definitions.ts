/**
 * Tentative definitions in headers: `long calls;` in a header of the extension, with the
 * definition `long calls = 0;` in one of its files. Code written for `-fcommon` does this, and C
 * makes the two one object; so the header's line declares the file's global, as `extern long
 * calls;` would, instead of being a global (one per includer) of its own.
 */
import { isHeaderPath } from '../core/parse';
import type { ExtensionModel, FileModel, GlobalVar } from './types';

/** A header declaration that could be a tentative definition: file scope, no storage class, no initializer. */
function tentative(g: GlobalVar): boolean {
  return g.scope === 'file' && g.storage === 'none' && !g.init && !g.declaredBy && isHeaderPath(g.file.path) && !g.uses.some((u) => u.pasted);
}

/** The definition `g` declares: a non-static file-scope global of that name in another file (one with an initializer, or in a .c file). */
function definitionOf(ext: ExtensionModel, g: GlobalVar): GlobalVar | undefined {
  return ext.globals.find((d) => d !== g && d.file !== g.file && d.name === g.name && d.scope === 'file' && d.storage === 'none' && !d.declaredBy && (!!d.init || !isHeaderPath(d.file.path)));
}

/**
 * Turns the header's tentative definitions of globals defined elsewhere in the extension into
 * extern declarations of them. A declaration that lists several names turns only when each of
 * them is defined elsewhere (else it stays a definition of the others). Headers other modules
 * share are left alone: their model is theirs too.
 */
export function declareTentativeDefinitions(ext: ExtensionModel, sharedWithOthers: (f: FileModel) => boolean): void {
  const turned = new Set<GlobalVar>();
  for (const g of ext.globals) {
    if (!tentative(g) || sharedWithOthers(g.file)) continue;
    const statement = ext.globals.filter((x) => x.file === g.file && x.declStart === g.declStart);
    if (statement.every((x) => tentative(x) && definitionOf(ext, x))) turned.add(g);
  }
  if (turned.size === 0) return;
  for (const g of turned) {
    g.file.externDecls.push({ name: g.name, declStart: g.declStart, declEnd: g.declEnd, declaratorStart: g.declaratorStart, declaratorEnd: g.declaratorEnd, siblings: g.siblings });
    // Uses the header's macros make were taken as the header global's; linking gives them to the definition.
  }
  ext.globals = ext.globals.filter((g) => !turned.has(g));
  for (const f of ext.files) f.globals = f.globals.filter((g) => !turned.has(g));
}
