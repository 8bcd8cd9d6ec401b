# Our own smoke test, through _cffi_backend alone (cffi's cdef needs pycparser, absent here):
# new/cast/buffers with the C type parser, libc functions loaded by type, a Python callback called
# from C (qsort), errors, gc.
import gc
import _cffi_backend as B

ffi = B.FFI()
lib = B.load_library(None)
c_abs = lib.load_function(ffi.typeof('int(*)(int)'), 'abs')
assert c_abs(-7) == 7
c_strlen = lib.load_function(ffi.typeof('size_t(*)(const char *)'), 'strlen')
assert c_strlen(b'hello') == 5
qsort = lib.load_function(
    ffi.typeof('void(*)(void *, size_t, size_t, int(*)(const void *, const void *))'), 'qsort')

def cmp(a, b):
    x = ffi.cast('int *', a)[0]
    y = ffi.cast('int *', b)[0]
    return (x > y) - (x < y)

cb = ffi.callback('int(*)(const void *, const void *)', cmp)
arr = ffi.new('int[]', [5, 1, 4, 2, 3])
assert len(arr) == 5 and ffi.sizeof(arr) == 5 * ffi.sizeof('int')
qsort(arr, 5, ffi.sizeof('int'), cb)
assert list(arr) == [1, 2, 3, 4, 5]
assert ffi.string(ffi.new('char[]', b'abc')) == b'abc'
assert bytes(ffi.buffer(ffi.new('char[]', b'xy'), 2)) == b'xy'
assert int(ffi.cast('unsigned char', 300)) == 44
assert ffi.typeof('long long').kind == 'primitive'
p = ffi.new('double *', 1.5)
assert p[0] == 1.5
try:
    ffi.new('int[2]', [1, 2, 3])
except IndexError:
    pass
else:
    raise AssertionError('too many initializers accepted')
try:
    ffi.typeof('int(')
except (ffi.error, ValueError, TypeError) as e:
    assert e.args
else:
    raise AssertionError('bad type accepted')
del p, arr, cb
gc.collect()
