# Our own smoke test: an eventfd counter written and read, flags, errors.
import os, gc
import eventfd_c as e
fd = e.eventfd(3, 0)
e.eventfd_write(fd, 4)
assert e.eventfd_read(fd) == 7
os.close(fd)
try:
    e.eventfd_read(-1)
except OSError:
    pass
else:
    raise AssertionError('read of -1')
gc.collect()
