/*
 * Generated with:
 *   python make_codes.py > codes_list.h
 * Change make_codes.py, then generate this file again.
 */
add_err(st, 0, "BusyError");
add_err(st, 1, "TimeoutError");
add_err(st, 2, "DeniedError");
add_err(st, 3, "GoneError");
