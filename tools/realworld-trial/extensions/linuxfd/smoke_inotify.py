# Our own smoke test: an inotify watch on a temporary directory, an event read back, the watch removed.
import os, tempfile, gc
import inotify_c as n
fd = n.inotify_init(0)
d = tempfile.mkdtemp()
wd = n.inotify_add_watch(fd, d, 0x100)  # IN_CREATE
open(os.path.join(d, 'f'), 'w').close()
ev = n.inotify_read(fd, 4096)
assert ev, ev
n.inotify_rm_watch(fd, wd)
os.close(fd)
os.remove(os.path.join(d, 'f')); os.rmdir(d)
try:
    n.inotify_add_watch(fd, d, 0x100)
except OSError:
    pass
else:
    raise AssertionError('closed fd')
gc.collect()
