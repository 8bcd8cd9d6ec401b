/**
 * The markdown table both cost tools print (docs/cost.md): one row per extension and benchmark, a
 * "before | after | ratio" group of columns per interpreter version; the cells are the tool's.
 */
export interface VersionRow {
  extension: string;
  benchmark: string;
  version: string;
}

/** The versions in first-seen order, and the table's lines (header, separator, rows). */
export function versionTable<R extends VersionRow>(rows: R[], cell: (r: R) => string): { versions: string[]; lines: string[] } {
  const versions = [...new Set(rows.map((r) => r.version))];
  const lines = [`| extension | benchmark | ${versions.map((v) => `${v} before | after | ratio`).join(' | ')} |`, `|---|---|${versions.map(() => '---:|---:|---:').join('|')}|`];
  for (const k of new Set(rows.map((r) => `${r.extension}\0${r.benchmark}`))) {
    const [ext, bench] = k.split('\0');
    const cells = versions.map((v) => {
      const r = rows.find((x) => x.extension === ext && x.benchmark === bench && x.version === v);
      return r ? cell(r) : '- | - | -';
    });
    lines.push(`| ${ext} | ${bench} | ${cells.join(' | ')} |`);
  }
  return { versions, lines };
}
