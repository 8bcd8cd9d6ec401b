/**
 * Rule documentation: `pyext-isolate rules` (every rule with its severity and fix kinds) and
 * `pyext-isolate rule <id>` (one rule's page). Each transform's README is the source: its Rules
 * table gives the rule's rows (severity, fix, meaning), its sections the why, the example and when
 * it refuses. A page is assembled from those, so the README stays the one place to edit.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RULE_DOCS, RULE_IDS } from '../../transforms/rule-docs';
import { closest } from '../core/suppressions';

export interface RuleRow {
  severity: string;
  fix: string;
  meaning: string;
}

export interface RuleInfo {
  id: string;
  /** The transform (or `engine`) whose README documents it. */
  owner: string;
  summary: string;
  rows: RuleRow[];
}

export class UnknownRuleIdError extends Error {}

/** The README of a transform (or of `engine`), from the source tree or the installed package. */
export function readmePath(owner: string): string | undefined {
  for (const up of [['..', '..', '..'], ['..', '..']]) {
    const p = path.join(__dirname, ...up, 'transforms', owner, 'README.md');
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

function readme(owner: string): string {
  const p = readmePath(owner);
  if (!p) throw new UnknownRuleIdError(`no documentation found for '${owner}' (is the package complete?)`);
  return fs.readFileSync(p, 'utf8');
}

/** The body of a `## <title>` section. */
export function section(text: string, title: string): string {
  const start = text.indexOf(`\n## ${title}\n`);
  if (start === -1) return '';
  const body = text.slice(start + title.length + 5);
  const end = body.search(/\n## /);
  return (end === -1 ? body : body.slice(0, end)).trim();
}

/** Rows of the Rules table per rule id (a row with an empty id continues the rule above). */
export function ruleRows(text: string): Map<string, RuleRow[]> {
  const rows = new Map<string, RuleRow[]>();
  let current = '';
  for (const line of section(text, 'Rules').split('\n')) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells.length < 4 || cells[0] === 'rule id' || /^-+$/.test(cells[0])) continue;
    const id = /^`([^`]+)`$/.exec(cells[0])?.[1];
    if (id) current = id;
    if (!current) continue;
    if (!rows.has(current)) rows.set(current, []);
    rows.get(current)!.push({ severity: cells[1], fix: cells[2], meaning: cells.slice(3).join(' | ') });
  }
  return rows;
}

export function ruleOwners(): string[] {
  return [...new Set([...RULE_IDS].map((r) => r.split('/')[0]))];
}

export function listRules(): RuleInfo[] {
  const out: RuleInfo[] = [];
  for (const owner of ruleOwners()) {
    const rows = ruleRows(readme(owner));
    for (const id of [...RULE_IDS].filter((r) => r.startsWith(`${owner}/`))) out.push({ id, owner, summary: RULE_DOCS[id], rows: rows.get(id) ?? [] });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Severity and fix kinds of a rule in one short string, e.g. `error, auto / manual`. */
export function kindsOf(info: RuleInfo): { severity: string; fix: string } {
  const uniq = (xs: string[]): string => [...new Set(xs.flatMap((x) => x.split('/').map((s) => s.trim())))].join(' / ');
  return { severity: uniq(info.rows.map((r) => r.severity)), fix: uniq(info.rows.map((r) => r.fix)) };
}

export function formatRuleList(): string {
  const rules = listRules();
  const w = Math.max(...rules.map((r) => r.id.length));
  const lines = rules.map((r) => {
    const k = kindsOf(r);
    return `${r.id.padEnd(w)}  ${k.severity.padEnd(15)}  ${k.fix.padEnd(20)}  ${r.summary}`;
  });
  return [`${'rule id'.padEnd(w)}  ${'severity'.padEnd(15)}  ${'fix'.padEnd(20)}  what`, ...lines, '', 'pyext-isolate rule <id> prints a rule\'s page; a transform id prints the transform\'s whole README.', ''].join('\n');
}

/**
 * One rule's page (markdown): what, why, example, fix, when it refuses. A transform id (or
 * `engine`) gives its whole README. An unknown id throws UnknownRuleIdError with a suggestion.
 */
export function rulePage(id: string): string {
  const owners = ruleOwners();
  if (owners.includes(id)) return readme(id);
  if (!RULE_IDS.has(id)) {
    const near = closest(id, [...RULE_IDS, ...owners]);
    throw new UnknownRuleIdError(`unknown rule or transform '${id}'${near ? ` (did you mean '${near}'?)` : ''}; \`pyext-isolate rules\` lists them`);
  }
  const owner = id.split('/')[0];
  const text = readme(owner);
  const info = listRules().find((r) => r.id === id)!;
  const k = kindsOf(info);
  const fixLine = (r: RuleRow): string =>
    r.fix === 'auto'
      ? `- **auto**: \`pyext-isolate apply\` (or \`diff\`, \`branch\`) rewrites it: ${r.meaning}.`
      : r.fix === 'none'
        ? `- **none** (information): ${r.meaning}.`
        : `- **${r.fix}**: ${r.meaning}.`;
  return [
    `# ${id}`,
    '',
    info.summary,
    '',
    `Severity: ${k.severity}. Fix: ${k.fix}. Reported by \`${owner}\` (\`pyext-isolate rule ${owner}\` prints its whole README).`,
    '',
    '## What',
    '',
    ...info.rows.map((r) => `- ${r.severity}, ${r.fix}: ${r.meaning}`),
    '',
    '## Why',
    '',
    section(text, 'Why'),
    '',
    '## Example',
    '',
    section(text, 'Before–After'),
    '',
    '## Fix',
    '',
    ...info.rows.map(fixLine),
    `- To accept it after review: \`/* pyext-isolate: allow(${id}): <reason> */\` on the line or above the declaration, or a baseline file (\`check --write-baseline\`).`,
    '',
    '## When it refuses',
    '',
    section(text, 'Refuses when'),
    '',
  ].join('\n');
}
