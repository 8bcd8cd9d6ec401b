/**
 * Calls of a C library's own start and stop functions, by their names (`sane_init`, `mysql_library_init`,
 * `curl_global_cleanup`): the library's state is the process's, not an interpreter's.
 */

/** A library's own start or stop call (`sane_init(&v, NULL)`, `sane_exit()`). */
export const LIBRARY_LIFECYCLE = /\b([A-Za-z]\w*_(?:init|initialize|exit|shutdown|cleanup|terminate|finalize))\s*\(/g;

/** A library's own start call (`mysql_library_init(0, NULL, NULL)`, `curl_global_init(CURL_GLOBAL_ALL)`). */
export const LIBRARY_INIT_CALL = /\b([A-Za-z]\w*_(?:init|initialize))\s*\(/g;

/** pthread_mutex_init & co. start an object of the caller's, not a library; Python's own calls are not a library's. */
export function libraryOwnObject(name: string): boolean {
  return /^(?:(?:pthread|sem|mtx|cnd|PyThread)_|_?Py[A-Z_])/.test(name);
}
