# Our own smoke test: widths, UTF-8 decoding, the module-wide byte encoding switched and back, errors.
import gc
from urwid import str_util as s
assert s.get_byte_encoding() == 'utf8'
assert s.get_width(ord('a')) == 1 and s.get_width(0x4e00) == 2 and s.get_width(0x0301) == 0
t = 'a\u4e00b'.encode('utf-8')
assert s.decode_one(t, 0) == (ord('a'), 1)
assert s.decode_one(t, 1) == (0x4e00, 4)
assert s.decode_one_right(t, 3)[0] == 0x4e00
assert s.calc_width(t, 0, len(t)) == 4
assert s.calc_width('ab\u4e00', 0, 3) == 4
assert s.is_wide_char(t, 1) and not s.is_wide_char(t, 0)
assert s.move_next_char(t, 1, len(t)) == 4 and s.move_prev_char(t, 0, 4) == 1
s.set_byte_encoding('narrow')
assert s.get_byte_encoding() == 'narrow'
assert not s.is_wide_char(t, 1)
s.set_byte_encoding('wide')
assert s.get_byte_encoding() == 'wide'
s.set_byte_encoding('utf8')
try:
    s.set_byte_encoding('klingon')
except Exception as e:
    assert e.args
else:
    raise AssertionError('bad encoding')
try:
    s.get_width('x')
except TypeError:
    pass
else:
    raise AssertionError('str width')
gc.collect()
