import fast
assert fast.implementation() == "cpython"
call_len = fast.Caller(len)
assert call_len([1, 2, 3]) == 3 and call_len(()) == 0
assert fast.Caller.__flags__ & (1 << 9)  # a heap type of this module
try:
    fast.Caller()
except TypeError:
    pass
else:
    raise AssertionError("Caller() without a callable")
