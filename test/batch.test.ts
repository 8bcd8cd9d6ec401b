/**
 * Batch runs: the parallel, grouped, cached run gives exactly the serial run's findings and
 * changes; the cache is hit on an unchanged tree and missed after an edit; a bad file does not
 * stop the batch.
 */
import * as fs from 'fs';
import * as path from 'path';
import { check, rewrite, runBatch } from '../src/api';
import { EXTENSIONS, tempCopy } from './helpers/modules';

describe('runBatch', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempCopy(EXTENSIONS, 'batch');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('check in parallel equals the serial check', async () => {
    const serial = check([dir]);
    const batch = await runBatch([dir], { mode: 'check', jobs: 2, cache: false });
    expect(batch.findings).toEqual(serial.findings);
    expect(batch.files).toEqual([...serial.files].sort());
    expect(batch.batch.groups).toBeGreaterThan(1);
  });

  test('rewrite in parallel equals the serial rewrite', async () => {
    const serial = rewrite([dir]);
    const batch = await runBatch([dir], { mode: 'rewrite', jobs: 2 });
    expect(batch.changes.map((c) => [c.path, c.after])).toEqual(serial.changes.map((c) => [c.path, c.after]).sort((a, b) => (a[0] < b[0] ? -1 : 1)));
    expect(batch.newFiles).toEqual(serial.newFiles.sort((a, b) => (a.path < b.path ? -1 : 1)));
  });

  test('the cache is used on an unchanged tree and invalidated by an edit', async () => {
    const cacheDir = path.join(dir, '.cache-test');
    const first = await runBatch([dir], { mode: 'check', jobs: 2, cacheDir });
    expect(first.batch.cached).toBe(0);
    const second = await runBatch([dir], { mode: 'check', jobs: 2, cacheDir });
    expect(second.batch.cached).toBe(second.batch.groups);
    expect(second.findings).toEqual(first.findings);
    // Removing a hazard from one file changes that group's key only.
    const f = path.join(dir, 'spamlib', 'spamlib.c');
    const text = fs.readFileSync(f, 'latin1');
    fs.writeFileSync(f, Buffer.from(text.replace('static PyObject *str_tags;', 'static const char *str_tags_unused;'), 'latin1'));
    const third = await runBatch([dir], { mode: 'check', jobs: 2, cacheDir });
    expect(third.batch.cached).toBe(third.batch.groups - 1);
    expect(third.findings).not.toEqual(first.findings);
    fs.writeFileSync(f, Buffer.from(text, 'latin1'));
  });

  test('a binary file is reported and the rest of the batch goes on', async () => {
    const bin = path.join(dir, 'zz_binary.c');
    fs.writeFileSync(bin, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
    try {
      const r = await runBatch([dir], { mode: 'check', jobs: 2, cache: false });
      expect(r.problems.find((p) => p.path === bin)?.message).toMatch(/binary/);
      expect(r.findings.length).toBeGreaterThan(10);
    } finally {
      fs.rmSync(bin);
    }
  });
});

describe('runBatch with workers', () => {
  test('an explicit --jobs 2 on several groups uses worker threads and gives the serial result', async () => {
    const dir = tempCopy(EXTENSIONS, 'batch-workers');
    try {
      const r = await runBatch([dir], { mode: 'check', jobs: 2, cache: false });
      expect(r.batch.jobs).toBe(2);
      expect(r.findings).toEqual(check([dir]).findings);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
