/** A one-line progress bar on a terminal's stderr; silent when piped or with --quiet. */
import type { Progress } from '../runner/batch';

export function progressBar(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): { update: (p: Progress) => void; done: () => void } {
  if (!enabled || !stream.isTTY) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let shown = false;
  const width = (): number => Math.max(20, Math.min(100, (stream.columns || 80) - 1));
  const update = (p: Progress): void => {
    const now = Date.now();
    if (now - last < 80 && p.phase !== 'done') return;
    last = now;
    const label = p.phase === 'read' ? 'reading ' : 'checking';
    const frac = p.filesTotal === 0 ? 1 : p.filesDone / p.filesTotal;
    const barLen = 24;
    const filled = Math.round(frac * barLen);
    const head = `${label} [${'#'.repeat(filled)}${'.'.repeat(barLen - filled)}] ${p.filesDone}/${p.filesTotal} files `;
    const tail = p.current ?? '';
    const room = width() - head.length;
    const cur = room > 4 ? (tail.length > room ? '...' + tail.slice(tail.length - room + 3) : tail) : '';
    stream.write(`\r${head}${cur}`.padEnd(width()) + '\r');
    shown = true;
  };
  const done = (): void => {
    if (shown) stream.write(' '.repeat(width()) + '\r');
  };
  return { update, done };
}
