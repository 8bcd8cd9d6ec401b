/**
 * SARIF 2.1.0 for code-scanning UIs (GitHub code scanning and others): one run, one rule per rule
 * id with its full description and help page (text and markdown), one result per finding with the
 * message alone (the remedy is in the rule's help and the result's properties), partialFingerprints
 * that survive line moves, and paths relative to the repository root (`SRCROOT`).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Finding } from '../../core/findings';
import type { Problem } from '../../engine/discover';
import { RULE_DOCS } from '../../../transforms/rule-docs';
import { listRules, kindsOf, rulePage } from '../../engine/rule-pages';

const LEVEL: Record<Finding['severity'], 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
const HOME = 'https://github.com/pyext-isolate/pyext-isolate';

export interface SarifOptions {
  /** The repository root paths are made relative to (default: the git top level above the current directory, else it). */
  root?: string;
  /** Set when a baseline was used: results get a baselineState. */
  baseline?: boolean;
}

/** The directory holding `.git` at or above `start`, else `start` itself. */
export function repositoryRoot(start = process.cwd()): string {
  let dir = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(dir, '.git'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(start);
    dir = up;
  }
}

export function toSarif(findings: Finding[], problems: Problem[], version: string, opts: SarifOptions = {}): object {
  const root = path.resolve(opts.root ?? repositoryRoot());
  const ruleIds = [...new Set(findings.map((f) => f.rule))].sort();
  const infos = new Map(listRules().map((r) => [r.id, r]));
  const location = (p: string): { uri: string; uriBaseId?: string } => {
    const abs = path.resolve(p);
    const rel = path.relative(root, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pyext-isolate',
            version,
            semanticVersion: version,
            informationUri: HOME,
            rules: ruleIds.map((id) => {
              const info = infos.get(id);
              const page = info ? rulePage(id) : RULE_DOCS[id] ?? id;
              const kinds = info ? kindsOf(info) : undefined;
              const severity = kinds?.severity.split(' / ')[0] as Finding['severity'] | undefined;
              return {
                id,
                name: id.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase()),
                shortDescription: { text: RULE_DOCS[id] ?? id },
                fullDescription: { text: info ? info.rows.map((r) => `${r.fix}: ${r.meaning.replace(/`/g, '')}`).join(' / ') : RULE_DOCS[id] ?? id },
                help: { text: page, markdown: page },
                helpUri: `${HOME}/blob/main/transforms/${id.split('/')[0]}/README.md`,
                defaultConfiguration: { level: severity && LEVEL[severity] ? LEVEL[severity] : 'warning' },
                properties: { tags: ['isolation', 'subinterpreters', id.split('/')[0]], ...(kinds ? { fix: kinds.fix } : {}) },
              };
            }),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(root + path.sep).href, description: { text: 'The repository root.' } } },
        results: findings.map((f) => {
          const loc = location(f.file);
          return {
            ruleId: f.rule,
            ruleIndex: ruleIds.indexOf(f.rule),
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: loc,
                  region: { startLine: f.line, startColumn: f.col, ...(f.endLine ? { endLine: f.endLine, endColumn: f.endCol } : {}) },
                },
              },
            ],
            ...(f.fingerprint ? { partialFingerprints: { 'pyextIsolate/v1': crypto.createHash('sha256').update(`${loc.uri}\0${f.fingerprint}`).digest('hex').slice(0, 32) } } : {}),
            ...(f.accepted ? { suppressions: [{ kind: f.accepted.kind === 'comment' ? 'inSource' : 'external', justification: f.accepted.justification }] } : {}),
            ...(opts.baseline ? { baselineState: f.accepted?.kind === 'baseline' ? 'unchanged' : 'new' } : {}),
            properties: { fix: f.fix, ...(f.suggestion ? { remedy: f.suggestion } : {}) },
          };
        }),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: problems.map((p) => ({
              level: p.level === 'info' ? 'note' : 'warning',
              message: { text: p.message },
              locations: [{ physicalLocation: { artifactLocation: location(p.path) } }],
            })),
          },
        ],
      },
    ],
  };
}

export function formatSarif(findings: Finding[], problems: Problem[], version: string, opts: SarifOptions = {}): string {
  return JSON.stringify(toSarif(findings, problems, version, opts), null, 2) + '\n';
}
