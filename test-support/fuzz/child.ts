/**
 * The process ChildRunner forks: runs each case it is sent in-process and sends the report
 * back. The parent kills it when a case exceeds the time bound (a hang).
 */
import { runCase, FuzzCase } from './run';

const baseDir = process.argv[2];

process.on('message', (msg: { case: FuzzCase; slowMs?: number }) => {
  const report = runCase(msg.case, { baseDir, slowMs: msg.slowMs });
  process.send!(report);
});
process.on('disconnect', () => process.exit(0));
