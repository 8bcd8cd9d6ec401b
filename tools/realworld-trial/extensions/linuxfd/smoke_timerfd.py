# Our own smoke test: a monotonic timerfd armed, read back and expired.
import os, time, gc
import timerfd_c as t
fd = t.timerfd_create(t.CLOCK_MONOTONIC, 0)
old = t.timerfd_settime(fd, 0, 0.01, 0.0)
cur = t.timerfd_gettime(fd)
assert isinstance(cur, tuple) and len(cur) == 2
assert t.timerfd_read(fd) >= 1
os.close(fd)
try:
    t.timerfd_create(123456, 0)
except OSError:
    pass
else:
    raise AssertionError('bad clock')
gc.collect()
