/*
 * Generated from the library's list of result codes: one add_err() line per code.
 * Included in the middle of errtable_add_errors(), which defines add_err() first.
 */

add_err(st, BUSY, 1);
add_err(st, TIMEOUT, 2);
add_err(st, DENIED, 3);
add_err(st, CORRUPT, 4);
