/**
 * Keyword lists given to the argument parser as `&kw[0]` (also cast to `char **`) are read like the
 * plain `kw` (testdata/cases/kwlist-address-of-first builds and runs isolated); the same address given
 * where the parser writes (an output argument) still keeps the list a mutable-c-static finding.
 */
import * as fs from 'fs';
import * as path from 'path';
import { check } from '../src/api';
import { caseInputCopy, editFile } from './helpers/modules';

const CASE = 'kwlist-address-of-first';

function staticFindings(dir: string): string[] {
  return check([dir])
    .findings.filter((f) => f.rule.startsWith('checks/'))
    .map((f) => `${f.rule} ${f.line}`);
}

describe('keyword lists passed as &kw[0]', () => {
  let dir = '';
  beforeEach(() => {
    dir = caseInputCopy(CASE, 'kwlist');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const edit = (from: string, to: string): void => editFile(dir, 'input.c', from, to);

  test('as the keyword list, plain, by address of the first entry or cast: read only', () => {
    expect(staticFindings(dir)).toEqual([]);
  });

  test('the address of an entry given as an output of the parser: the list stays manual', () => {
    edit('"nn:span_length", &span_keywords[0], &start, &stop)', '"nn|s:span_length", &span_keywords[0], &start, &stop, &span_keywords[1])');
    expect(staticFindings(dir)).toEqual(['checks/mutable-c-static 7']);
  });
});
