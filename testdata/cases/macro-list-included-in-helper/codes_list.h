/*
 * Generated with:
 *   python make_codes.py > codes_list.h
 * Change make_codes.py, then generate this file again.
 */
add_err(0, "BusyError");
add_err(1, "TimeoutError");
add_err(2, "DeniedError");
add_err(3, "GoneError");
