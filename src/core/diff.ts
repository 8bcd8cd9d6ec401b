/**
 * Unified diffs of latin1 text (one char per byte), so the diff carries the file's own bytes:
 * write it out with Buffer.from(diff, 'latin1').
 */
import { createTwoFilesPatch } from 'diff';
import { quotePrefixed } from './quote';

export function unifiedDiff(path: string, before: string | null, after: string, context = 3): string {
  const patch = createTwoFilesPatch('a', 'b', before ?? '', after, undefined, undefined, { context });
  // Only the hunks of the diff package's output: the headers are git's, with git's quoting (a
  // newline or escape in a name would otherwise break the patch and the terminal).
  const lines = patch.split('\n');
  const first = lines.findIndex((l) => l.startsWith('@@'));
  const body = first === -1 ? '' : lines.slice(first).join('\n');
  const a = quotePrefixed('a/', path);
  const b = quotePrefixed('b/', path);
  const header = before === null ? `diff --git ${a} ${b}\nnew file mode 100644\n--- /dev/null\n+++ ${b}\n` : `diff --git ${a} ${b}\n--- ${a}\n+++ ${b}\n`;
  return header + body;
}

const RED = '\x1b[31m', GREEN = '\x1b[32m', CYAN = '\x1b[36m', BOLD = '\x1b[1m', RESET = '\x1b[0m';

/** Colours a unified diff for a terminal. */
export function colorizeDiff(diff: string): string {
  return diff
    .split('\n')
    .map((l) => {
      if (l.startsWith('diff --git') || l.startsWith('--- ') || l.startsWith('+++ ') || l.startsWith('new file')) return BOLD + l + RESET;
      if (l.startsWith('@@')) return CYAN + l + RESET;
      if (l.startsWith('+')) return GREEN + l + RESET;
      if (l.startsWith('-')) return RED + l + RESET;
      return l;
    })
    .join('\n');
}
