/*
 * Generated from the library's list of result codes: one add_err() line per code.
 * Included in the middle of errtable_add_errors(), which defines add_err() first.
 */

add_err(BUSY, 1);
add_err(TIMEOUT, 2);
add_err(DENIED, 3);
add_err(CORRUPT, 4);
