# Our own smoke test: conversions with and without fallbacks, the predicates, the drop-in
# replacements of int/float, and the module constants.
import gc
import fastnumbers as fn

assert fn.fast_real('56') == 56 and fn.fast_real('56.0') == 56
assert fn.fast_real('56.5') == 56.5 and fn.fast_real('56.0', coerce=False) == 56.0
assert fn.fast_float('1e3') == 1000.0 and fn.fast_float('x', default=-1.0) == -1.0
assert fn.fast_int('0x1F', base=16) == 31 and fn.fast_int('12.5') == '12.5'
assert fn.fast_int('nope', on_fail=len) == 4
assert fn.fast_forceint('12.9') == 12
assert fn.fast_float('٣') == 3.0
try:
    fn.fast_float('abc', raise_on_invalid=True)
except ValueError:
    pass
else:
    raise AssertionError('invalid float accepted')
assert fn.isreal('1.5') and not fn.isreal('x') and fn.isreal(3)
assert fn.isfloat('1.5') and fn.isfloat('1') and not fn.isfloat('x')
assert fn.isint('10') and not fn.isint('10.5') and fn.isintlike('10.0')
assert fn.query_type('5') is int and fn.query_type('5.5') is float
assert fn.query_type('x') is str
assert fn.int('42') == 42 and fn.float('4.5') == 4.5 and fn.real('4.0') == 4
try:
    fn.int('forty')
except ValueError:
    pass
else:
    raise AssertionError('int of a word')
assert isinstance(fn.__version__, str)
assert fn.max_int_len > 0 and fn.dig > 0
gc.collect()
