# Our own smoke test: set and read back the process and thread titles, keyword use and argument errors.
import setproctitle._setproctitle as spt
before = spt.getproctitle()
assert isinstance(before, str)
spt.setproctitle('trial-title')
assert spt.getproctitle() == 'trial-title'
spt.setproctitle(title='trial-title-2')
assert spt.getproctitle() == 'trial-title-2'
spt.setthreadtitle('trial-thr')
assert spt.getthreadtitle() == 'trial-thr'
try:
    spt.setproctitle(12)
except TypeError:
    pass
else:
    raise AssertionError('no error')
spt.setproctitle(before)
