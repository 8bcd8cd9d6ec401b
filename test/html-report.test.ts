/**
 * The HTML effort report (`check --format html -o report.html`), read as a browser would, with a DOM
 * parser: one self-contained page (no script, no external asset or link), totals equal to
 * `check --format json`, bars whose counts add up, the plan's files and lines from the real rewrite,
 * findings that need a human grouped by remedy, each linked to its source lines with context.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { JSDOM } from 'jsdom';
import { rewrite } from '../src/api';
import { changedLines } from '../src/runner/effort';
import { EXTENSIONS, ROOT } from './helpers/modules';

const BIN = path.join(ROOT, 'bin', 'pyext-isolate.js');
let dir: string;
let doc: Document;
let json: { summary: { total: number; automatic: number; manual: number; notes: number }; findings: { file: string; line: number; rule: string; severity: string; fix: string }[] };

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-html-'));
  for (const m of ['spamlib', 'shapes', 'legacyio', 'geomkit']) fs.cpSync(path.join(EXTENSIONS, m), path.join(dir, m), { recursive: true });
  const r = spawnSync(process.execPath, [BIN, 'check', '.', '--no-cache', '-q', '--format', 'html', '-o', 'report.html'], { cwd: dir, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  doc = new JSDOM(fs.readFileSync(path.join(dir, 'report.html'), 'utf8')).window.document;
  json = JSON.parse(spawnSync(process.execPath, [BIN, 'check', '.', '--no-cache', '-q', '--format', 'json'], { cwd: dir, encoding: 'utf8' }).stdout);
}, 300_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const num = (id: string): number => Number(doc.querySelector(`#${id} b`)!.textContent!.trim().split(/\s/)[0]);

test('self-contained: no script, no external asset, no link off the page', () => {
  expect(doc.querySelectorAll('script, link, img, iframe, object, embed').length).toBe(0);
  for (const a of Array.from(doc.querySelectorAll('a'))) expect(a.getAttribute('href')).toMatch(/^#/);
  for (const el of Array.from(doc.querySelectorAll('[src]'))) throw new Error(`external source: ${el.outerHTML}`);
  const css = Array.from(doc.querySelectorAll('style')).map((s) => s.textContent).join('\n');
  expect(css).not.toMatch(/@import|url\(/);
});

test('the totals are check --format json totals', () => {
  expect(json.summary.total).toBeGreaterThan(10);
  expect(num('total')).toBe(json.summary.total);
  expect(num('automatic')).toBe(json.summary.automatic);
  expect(num('manual')).toBe(json.summary.manual);
  expect(num('notes')).toBe(json.summary.notes);
});

test('bars by directory, file and rule add up to the total; each rule row matches JSON', () => {
  for (const id of ['by-directory', 'by-file', 'by-rule']) {
    const rows = Array.from(doc.querySelectorAll(`#${id} table.bars tr`));
    expect(rows.length).toBeGreaterThan(0);
    const sum = rows.reduce((n, tr) => n + Number(tr.querySelectorAll('td.n')[0].textContent), 0);
    expect(sum).toBe(json.summary.total);
  }
  for (const tr of Array.from(doc.querySelectorAll('#by-rule table.bars tr'))) {
    const rule = tr.querySelector('td.name')!.textContent!;
    const n = json.findings.filter((f) => f.rule === rule && f.severity === 'error').length;
    expect(Number(tr.querySelectorAll('td.n')[0].textContent)).toBe(n);
  }
});

test("the automatic part is the real plan: the rewrite's files and line counts", () => {
  const r = rewrite([dir]);
  const rows = Array.from(doc.querySelectorAll('#automatic table.plan tr')).slice(1);
  expect(rows.length).toBe(r.changes.length + r.newFiles.length);
  for (const c of r.changes) {
    const name = path.relative(dir, c.path);
    const row = rows.find((tr) => tr.querySelector('td')!.textContent === name)!;
    const { added, removed } = changedLines(c.before, c.after);
    expect(row.querySelector('.add')!.textContent).toBe(`+${added}`);
    expect(row.querySelector('.del')!.textContent).toBe(`−${removed}`);
  }
});

test('what needs a human is grouped by remedy, and every finding links to its source line with context', () => {
  const groups = Array.from(doc.querySelectorAll('#human .group'));
  const items = groups.flatMap((g) => Array.from(g.querySelectorAll('li')));
  expect(items.length).toBe(json.summary.manual);
  expect(groups.length).toBeLessThan(items.length); // some share a remedy
  for (const g of groups) expect(g.querySelector('.remedy')!.textContent!.length).toBeGreaterThan(10);
  for (const li of items) {
    const a = li.querySelector('a')!;
    const [, file, line] = /^(.*):(\d+):\d+$/.exec(a.textContent!)!;
    const target = doc.getElementById(a.getAttribute('href')!.slice(1))!;
    expect(target.textContent).toBe(`${file}:${line}`);
    const pre = target.parentElement!.querySelector('pre.src')!;
    const hit = pre.querySelector('span.hit')!;
    expect(hit.querySelector('em')!.textContent).toBe(line);
    expect(pre.querySelectorAll('span').length).toBeGreaterThan(1);
    const source = fs.readFileSync(path.join(dir, file), 'utf8').split('\n')[Number(line) - 1];
    expect(hit.textContent!.trimEnd()).toBe(line + source.trimEnd());
  }
});
