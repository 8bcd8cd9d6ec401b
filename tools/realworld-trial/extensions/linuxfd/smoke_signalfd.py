# Our own smoke test: a signalfd created for a blocked signal set, then closed.
import os, signal, gc
import signalfd_c as s
fd = s.signalfd(-1, (int(signal.SIGUSR1),), 0)
assert fd >= 0
os.close(fd)
try:
    s.signalfd(-5, (int(signal.SIGUSR1),), 0)
except OSError:
    pass
else:
    raise AssertionError('bad fd')
gc.collect()
