/** A file the run could not read or check as asked, said in one line (not a finding about its code). */
export interface Problem {
  path: string;
  message: string;
  /** info: nothing was lost (a generated file skipped); warning: a file could not be read. */
  level?: 'warning' | 'info';
}
