/**
 * Fingerprints that survive line moves: a finding is known by its rule, the text of its line
 * (whitespace collapsed, so re-indenting does not matter either) and which occurrence of that
 * pair it is in its file. Adding or removing lines elsewhere changes no fingerprint; editing the
 * line itself does (that is a new decision to make). The file path is not part of it: baselines
 * and SARIF pair it with a path relative to their own root.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import type { Finding } from '../core/findings';

export function lineText(text: string, line: number): string {
  let start = 0;
  for (let i = 1; i < line && start !== -1; i++) {
    start = text.indexOf('\n', start);
    if (start !== -1) start++;
  }
  if (start === -1) return '';
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? undefined : end).replace(/\s+/g, ' ').trim();
}

/** Sets `fingerprint` on every finding; `read` gives a file's text (latin1), or undefined. */
export function addFingerprints(findings: Finding[], read: (file: string) => string | undefined = readLatin1): void {
  const texts = new Map<string, string | undefined>();
  const seen = new Map<string, number>();
  const ordered = findings.slice().sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  for (const f of ordered) {
    if (!texts.has(f.file)) texts.set(f.file, read(f.file));
    const text = texts.get(f.file);
    // Without the file (vanished, unreadable), the message stands in for the line.
    const anchor = text === undefined ? `message:${f.message}` : lineText(text, f.line);
    const key = `${f.file}\0${f.rule}\0${anchor}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    f.fingerprint = crypto.createHash('sha256').update(`${f.rule}\0${anchor}\0${n}`).digest('hex').slice(0, 32);
  }
}

function readLatin1(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch {
    return undefined;
  }
}
