/**
 * The effort report: one self-contained HTML page (inline CSS, no script, no network) that answers
 * "how much work would that be?" for a team: the summary, hazards by directory, file and rule as
 * bars, what the rewrite does by itself (files and lines, from the real plan), and what needs a
 * human, grouped by remedy, each finding linked to its source lines with context. The totals are
 * the ones `check --format json` prints (the same summarize()).
 */
import * as path from 'path';
import type { Finding } from '../core/findings';
import { groupByRemedy } from '../core/findings';
import { summarize } from '../core/summary';
import type { EffortData } from './effort';
import { commonDir } from '../core/paths';

export interface HtmlOptions {
  version: string;
  /** Paths are shown relative to this directory. */
  baseDir?: string;
  /** A file's text (latin1), for the source excerpts; undefined when it cannot be read. */
  read: (file: string) => string | undefined;
  /** Lines of context around a finding. */
  context?: number;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #d8dce3;padding-bottom:4px}
h3{font-size:15px;margin:20px 0 6px}.sub{color:#5b6473}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.card{background:#fff;border:1px solid #d8dce3;border-radius:6px;padding:10px 14px;min-width:130px}
.card b{display:block;font-size:24px}.card span{color:#5b6473;font-size:12px}
table.bars{border-collapse:collapse;width:100%;background:#fff;border:1px solid #d8dce3}
table.bars td{padding:3px 8px;border-top:1px solid #eef0f3;vertical-align:middle}
table.bars td.n{text-align:right;white-space:nowrap;width:1%;color:#5b6473}
td.name{white-space:nowrap;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;max-width:420px;overflow:hidden;text-overflow:ellipsis}
.bar{display:flex;height:12px;min-width:2px}.bar i{display:block;height:100%}
.auto{background:#3b8f5a}.manual{background:#c4513b}
.legend i{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
.group{background:#fff;border:1px solid #d8dce3;border-radius:6px;margin:12px 0;padding:8px 12px}
.remedy{font-weight:600}.count{color:#5b6473;font-weight:normal}
ul.findings{margin:6px 0;padding-left:18px}ul.findings li{margin:2px 0}
code,.loc{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.rule{color:#5b6473}
pre.src{background:#fff;border:1px solid #d8dce3;border-radius:4px;padding:6px 0;overflow-x:auto;margin:6px 0 14px}
pre.src span{display:block;padding:0 10px;white-space:pre}pre.src span.hit{background:#fdecea}
pre.src em{display:inline-block;width:48px;color:#98a0ad;font-style:normal;text-align:right;margin-right:12px;user-select:none}
.excerpt h4{margin:14px 0 2px;font-size:13px;font-family:ui-monospace,Menlo,Consolas,monospace}
table.plan{border-collapse:collapse;background:#fff;border:1px solid #d8dce3;width:100%}
table.plan td,table.plan th{padding:3px 8px;border-top:1px solid #eef0f3;text-align:left;font-size:13px}
.add{color:#3b8f5a}.del{color:#c4513b}
`;

interface Counted {
  name: string;
  automatic: number;
  manual: number;
}

function bars(rows: Counted[], limit = 30): string {
  if (rows.length === 0) return '<p class="sub">None.</p>';
  const max = Math.max(...rows.map((r) => r.automatic + r.manual));
  const shown = rows.slice(0, limit);
  const body = shown
    .map((r) => {
      const total = r.automatic + r.manual;
      const w = (n: number): string => `${((100 * n) / max).toFixed(2)}%`;
      return `<tr><td class="name" title="${esc(r.name)}">${esc(r.name)}</td><td class="n">${total}</td><td class="n">${r.automatic} auto · ${r.manual} manual</td><td style="width:45%"><div class="bar" role="img" aria-label="${r.automatic} automatic, ${r.manual} manual"><i class="auto" style="width:${w(r.automatic)}"></i><i class="manual" style="width:${w(r.manual)}"></i></div></td></tr>`;
    })
    .join('\n');
  const more = rows.length > limit ? `<p class="sub">… and ${rows.length - limit} more (${rows.slice(limit).reduce((n, r) => n + r.automatic + r.manual, 0)} hazards).</p>` : '';
  return `<table class="bars">\n${body}\n</table>${more}`;
}

function countBy(findings: Finding[], key: (f: Finding) => string): Counted[] {
  const m = new Map<string, Counted>();
  for (const f of findings) {
    const k = key(f);
    const c = m.get(k) ?? { name: k, automatic: 0, manual: 0 };
    if (f.fix === 'auto') c.automatic++;
    else c.manual++;
    m.set(k, c);
  }
  return [...m.values()].sort((a, b) => b.automatic + b.manual - (a.automatic + a.manual) || (a.name < b.name ? -1 : 1));
}

export function formatHtml(data: EffortData, opts: HtmlOptions): string {
  const base = opts.baseDir ?? commonDir(data.files);
  const rel = (p: string): string => {
    const r = path.relative(base, path.resolve(p));
    return (r === '' || r.startsWith('..') || path.isAbsolute(r) ? p : r).split(path.sep).join('/');
  };
  const context = opts.context ?? 3;
  const s = summarize(data.findings);
  // Hazards: errors nobody accepted (what the summary counts).
  const hazards = data.findings.filter((f) => f.severity === 'error' && !f.accepted);
  const manual = hazards.filter((f) => f.fix !== 'auto');
  const pct = s.total === 0 ? 100 : Math.round((100 * s.automatic) / s.total);
  const added = data.plan.changed.reduce((n, c) => n + c.added, 0);
  const removed = data.plan.changed.reduce((n, c) => n + c.removed, 0);
  const generatedLines = data.plan.generated.reduce((n, g) => n + g.lines, 0);

  // One excerpt per (file, line) a finding needing a human points at; ids are stable in the page.
  const anchors = new Map<string, string>();
  const anchorOf = (f: Finding): string => {
    const k = `${f.file}\0${f.line}`;
    if (!anchors.has(k)) anchors.set(k, `src-${anchors.size + 1}`);
    return anchors.get(k)!;
  };
  const findingItem = (f: Finding): string =>
    `<li><a class="loc" href="#${anchorOf(f)}">${esc(rel(f.file))}:${f.line}:${f.col}</a> <span class="rule">${esc(f.rule)}</span> ${esc(f.message)}</li>`;

  // What needs a human, grouped by remedy across the whole tree (most findings first).
  const groups = groupByRemedy(manual).sort((a, b) => b.length - a.length);
  const humanHtml = groups
    .map((g) => {
      const remedy = g[0].suggestion ? esc(g[0].suggestion) : 'No remedy given: see the rule’s page (pyext-isolate rule &lt;id&gt;).';
      const rules = [...new Set(g.map((f) => f.rule))].map((r) => `<code>${esc(r)}</code>`).join(', ');
      return `<div class="group"><div class="remedy">${remedy} <span class="count">(${g.length} finding${g.length === 1 ? '' : 's'}: ${rules})</span></div><ul class="findings">\n${g.map(findingItem).join('\n')}\n</ul></div>`;
    })
    .join('\n');

  const texts = new Map<string, string[] | undefined>();
  const linesOf = (file: string): string[] | undefined => {
    if (!texts.has(file)) texts.set(file, opts.read(file)?.split('\n'));
    return texts.get(file);
  };
  const excerpts = [...anchors.entries()]
    .map(([k, id]) => {
      const [file, lineText] = k.split('\0');
      const line = Number(lineText);
      const lines = linesOf(file);
      const head = `<h4 id="${id}">${esc(rel(file))}:${line}</h4>`;
      if (!lines) return `<div class="excerpt">${head}<p class="sub">(the file could not be read)</p></div>`;
      const from = Math.max(1, line - context);
      const to = Math.min(lines.length, line + context);
      const body: string[] = [];
      for (let n = from; n <= to; n++) body.push(`<span${n === line ? ' class="hit"' : ''}><em>${n}</em>${esc(lines[n - 1].replace(/\r$/, ''))}</span>`);
      return `<div class="excerpt">${head}<pre class="src">${body.join('')}</pre></div>`;
    })
    .join('\n');

  const planRows = data.plan.changed
    .slice()
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((c) => `<tr><td class="loc">${esc(rel(c.path))}</td><td class="add">+${c.added}</td><td class="del">−${c.removed}</td><td>${c.by.map((b) => `<code>${esc(b)}</code>`).join(' ')}</td></tr>`)
    .join('\n');
  const genRows = data.plan.generated.map((g) => `<tr><td class="loc">${esc(rel(g.path))}</td><td class="add">+${g.lines}</td><td></td><td>generated file</td></tr>`).join('\n');
  const refusedRows = data.plan.refused.map((r) => `<li><span class="loc">${esc(rel(r.path))}</span>: ${esc(r.reason)}</li>`).join('\n');

  const dirOf = (f: Finding): string => {
    const d = path.posix.dirname(rel(f.file));
    return d === '.' ? '(top level)' : d;
  };
  const card = (n: number | string, label: string, id?: string): string => `<div class="card"${id ? ` id="${id}"` : ''}><b>${n}</b><span>${label}</span></div>`;

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="pyext-isolate ${esc(opts.version)}">
<title>Isolation effort report</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>Isolation effort report</h1>
<p class="sub">pyext-isolate ${esc(opts.version)} · <code>${esc(base)}</code> · ${data.files.length} file${data.files.length === 1 ? '' : 's'} checked in ${data.extensions.length} extension${data.extensions.length === 1 ? '' : 's'} · what it takes to make these modules load in isolated subinterpreters (PEP 684)</p>

<section id="summary">
<h2>Summary</h2>
<div class="cards">
${card(s.total, 'isolation hazards', 'total')}
${card(`${s.automatic} <small>(${pct}%)</small>`, 'rewritten automatically', 'automatic')}
${card(s.manual, 'need a human', 'manual')}
${card(data.plan.changed.length + data.plan.generated.length, `files the rewrite changes or adds (+${added + generatedLines} −${removed} lines)`, 'plan-files')}
${card(s.notes, 'warnings and notes', 'notes')}
${s.accepted ? card(s.accepted, 'accepted by suppression comments', 'accepted') : ''}
${s.baseline ? card(s.baseline, 'known from the baseline', 'baseline') : ''}
</div>
<p class="legend sub">Bars: <i class="auto"></i>automatic <i class="manual"></i>needs a human</p>
</section>

<section id="by-directory"><h2>Hazards by directory</h2>
${bars(countBy(hazards, dirOf))}
</section>
<section id="by-file"><h2>Hazards by file</h2>
${bars(countBy(hazards, (f) => rel(f.file)))}
</section>
<section id="by-rule"><h2>Hazards by rule</h2>
${bars(countBy(hazards, (f) => f.rule), 100)}
</section>

<section id="automatic"><h2>What the rewrite does by itself</h2>
<p>From the plan <code>pyext-isolate apply</code> would write: ${data.plan.changed.length} file${data.plan.changed.length === 1 ? '' : 's'} changed (+${added} −${removed} lines)${data.plan.generated.length ? `, ${data.plan.generated.length} generated (${generatedLines} lines)` : ''}. Review it with <code>pyext-isolate diff</code>, or as one commit per transform with <code>pyext-isolate branch</code>.</p>
${planRows || genRows ? `<table class="plan"><tr><th>file</th><th>added</th><th>removed</th><th>by</th></tr>\n${planRows}\n${genRows}\n</table>` : '<p class="sub">Nothing to rewrite.</p>'}
${refusedRows ? `<h3>Left untouched</h3><ul>${refusedRows}</ul>` : ''}
</section>

<section id="human"><h2>What needs a human, by remedy</h2>
${groups.length ? `<p>${manual.length} finding${manual.length === 1 ? '' : 's'} in ${groups.length} group${groups.length === 1 ? '' : 's'} that share a remedy; each links to its source lines below.</p>\n${humanHtml}` : '<p class="sub">Nothing: every hazard is rewritten automatically.</p>'}
</section>

<section id="sources"><h2>Source lines</h2>
${excerpts || '<p class="sub">No findings to show.</p>'}
</section>
</main>
</body>
</html>
`;
}
