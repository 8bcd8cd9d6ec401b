/** SARIF 2.1.0 for code-scanning UIs: one run, one rule per rule id, one result per finding. */
import * as path from 'path';
import type { Finding } from '../../core/findings';
import type { Problem } from '../../engine/discover';
import { RULE_DOCS } from '../../../transforms/rule-docs';

const LEVEL: Record<Finding['severity'], 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function toSarif(findings: Finding[], problems: Problem[], version: string, baseDir = process.cwd()): object {
  const ruleIds = [...new Set(findings.map((f) => f.rule))].sort();
  const uri = (p: string): string => {
    const rel = path.relative(baseDir, path.resolve(p));
    return (rel.startsWith('..') ? path.resolve(p) : rel).split(path.sep).join('/');
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
            informationUri: 'https://github.com/pyext-isolate/pyext-isolate',
            rules: ruleIds.map((id) => ({
              id,
              name: id.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase()),
              shortDescription: { text: RULE_DOCS[id] ?? id },
              helpUri: 'https://github.com/pyext-isolate/pyext-isolate/blob/main/transforms/' + id.split('/')[0] + '/README.md',
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: 'file://' + baseDir.split(path.sep).join('/') + '/' } },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIds.indexOf(f.rule),
          level: LEVEL[f.severity],
          message: { text: f.suggestion ? `${f.message} (${f.fix === 'auto' ? 'fix' : 'how'}: ${f.suggestion})` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uri(f.file), uriBaseId: 'SRCROOT' },
                region: { startLine: f.line, startColumn: f.col, ...(f.endLine ? { endLine: f.endLine, endColumn: f.endCol } : {}) },
              },
            },
          ],
          ...(f.accepted ? { suppressions: [{ kind: f.accepted.kind === 'comment' ? 'inSource' : 'external', justification: f.accepted.justification }] } : {}),
          properties: { fix: f.fix },
        })),
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: problems.map((p) => ({
              level: 'warning',
              message: { text: p.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: uri(p.path), uriBaseId: 'SRCROOT' } } }],
            })),
          },
        ],
      },
    ],
  };
}

export function formatSarif(findings: Finding[], problems: Problem[], version: string): string {
  return JSON.stringify(toSarif(findings, problems, version), null, 2) + '\n';
}
