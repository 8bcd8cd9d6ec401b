import os
import procwide

before = len(os.environ)
n = procwide.setup()
assert n >= before, (n, before)
assert procwide.setup() == n
assert os.environ.get('PATH') == os.getenv('PATH')
assert procwide.last_umask() == -1
old = procwide.set_umask(0o22)
assert procwide.last_umask() == 0o22
procwide.set_umask(old)
assert procwide.last_umask() == old
assert procwide.calls() == 2
print('smoke ok')
