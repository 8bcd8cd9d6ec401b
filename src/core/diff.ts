/**
 * Unified diffs of latin1 text (one char per byte), so the diff carries the file's own bytes:
 * write it out with Buffer.from(diff, 'latin1').
 */
import { createTwoFilesPatch } from 'diff';

export function unifiedDiff(path: string, before: string | null, after: string, context = 3): string {
  const oldName = before === null ? '/dev/null' : `a/${path}`;
  const patch = createTwoFilesPatch(oldName, `b/${path}`, before ?? '', after, undefined, undefined, { context });
  // Drop the "Index:"/"====" preamble the diff package writes; keep git-style headers.
  const lines = patch.split('\n');
  const start = lines.findIndex((l) => l.startsWith('--- '));
  const body = lines.slice(start).join('\n');
  const header = before === null ? `diff --git a/${path} b/${path}\nnew file mode 100644\n` : `diff --git a/${path} b/${path}\n`;
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
