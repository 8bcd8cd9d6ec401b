/**
 * SARIF as code scanning wants it: valid against the 2.1.0 schema; every rule with a full
 * description and a help page in text and markdown; results whose message is the message alone
 * (the remedy is in properties and the rule's help); paths relative to the repository root through
 * `SRCROOT`; partialFingerprints that do not change when lines move; suppressed and baseline results marked.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync, execFileSync } from 'child_process';
import Ajv from 'ajv-draft-04';
import { EXTENSIONS, ROOT } from './helpers/modules';

const BIN = path.join(ROOT, 'bin', 'pyext-isolate.js');
const schema = JSON.parse(fs.readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, logger: false }).compile(schema);

interface Result { ruleId: string; message: { text: string }; partialFingerprints: Record<string, string>; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[]; suppressions?: unknown[]; baselineState?: string; properties: { remedy?: string } }

function sarif(cwd: string, args: string[] = []): { runs: { results: Result[]; originalUriBaseIds: { SRCROOT: { uri: string } }; tool: { driver: { rules: { id: string; fullDescription: { text: string }; help: { text: string; markdown: string } }[] } } }[] } {
  const r = spawnSync(process.execPath, [BIN, 'check', 'pkg/shapes', '--no-cache', '--format', 'sarif', ...args], { cwd, encoding: 'utf8' });
  const log = JSON.parse(r.stdout);
  const ok = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
  return log;
}

let repo: string;
beforeEach(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-sarif-'));
  execFileSync('git', ['init', '-q'], { cwd: repo });
  fs.mkdirSync(path.join(repo, 'pkg'));
  fs.cpSync(path.join(EXTENSIONS, 'shapes'), path.join(repo, 'pkg', 'shapes'), { recursive: true });
});
afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

test('rules carry descriptions and help; results are repo-relative with the bare message', () => {
  // Run from a subdirectory: paths are still relative to the repository root.
  fs.cpSync(path.join(repo, 'pkg', 'shapes'), path.join(repo, 'pkg', 'pkg', 'shapes'), { recursive: true });
  const log = sarif(path.join(repo, 'pkg'));
  const run = log.runs[0];
  expect(run.originalUriBaseIds.SRCROOT.uri).toBe(`file://${repo}/`);
  for (const rule of run.tool.driver.rules) {
    expect(rule.fullDescription.text.length).toBeGreaterThan(10);
    expect(rule.help.markdown).toMatch(new RegExp(`^# ${rule.id}\\n`));
    expect(rule.help.markdown).toMatch(/\n## Fix\n/);
    expect(rule.help.text.length).toBeGreaterThan(100);
  }
  expect(run.results.length).toBeGreaterThan(3);
  for (const r of run.results) {
    const loc = r.locations[0].physicalLocation.artifactLocation;
    expect(loc).toEqual({ uri: 'pkg/pkg/shapes/shapes.c', uriBaseId: 'SRCROOT' });
    expect(r.message.text).not.toMatch(/\((how|fix): /);
    expect(Object.keys(r.partialFingerprints)).toEqual(['pyextIsolate/v1']);
  }
  expect(run.results.some((r) => (r.properties.remedy ?? '').length > 0)).toBe(true);
});

test('partialFingerprints survive lines moving; a suppression comment and a baseline are marked', () => {
  const before = sarif(repo).runs[0].results;
  const file = path.join(repo, 'pkg', 'shapes', 'shapes.c');
  const text = fs.readFileSync(file, 'latin1');
  fs.writeFileSync(file, '/* License header\n * added later */\n\n' + text, 'latin1');
  const after = sarif(repo).runs[0].results;
  expect(after.map((r) => r.locations[0].physicalLocation.region.startLine)).toEqual(before.map((r) => r.locations[0].physicalLocation.region.startLine + 3));
  expect(after.map((r) => r.partialFingerprints)).toEqual(before.map((r) => r.partialFingerprints));

  const first = after.find((r) => r.ruleId === 'static-type-to-heap/static-type')!;
  const line = first.locations[0].physicalLocation.region.startLine;
  const lines = fs.readFileSync(file, 'latin1').split('\n');
  lines[line - 1] += ' /* pyext-isolate: allow(static-type-to-heap/static-type): exported to consumers by address */';
  fs.writeFileSync(file, lines.join('\n'), 'latin1');
  const marked = sarif(repo).runs[0].results.find((r) => r.ruleId === first.ruleId && r.locations[0].physicalLocation.region.startLine === line)!;
  expect(marked.suppressions).toEqual([{ kind: 'inSource', justification: 'exported to consumers by address' }]);

  expect(spawnSync(process.execPath, [BIN, 'check', 'pkg/shapes', '--no-cache', '--write-baseline', 'b.json'], { cwd: repo }).status).toBe(0);
  const withBaseline = sarif(repo, ['--baseline', 'b.json']).runs[0].results;
  expect(withBaseline.filter((r) => !r.suppressions).length).toBe(0);
  expect(new Set(withBaseline.map((r) => r.baselineState))).toEqual(new Set(['unchanged', 'new']));
});
