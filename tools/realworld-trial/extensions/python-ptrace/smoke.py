# Our own smoke test: the ptrace call on a process that does not exist (never on ourselves), its
# errors and argument checks.
import gc
import cptrace

PTRACE_PEEKDATA = 2
for kw in ({}, {'check_errno': True}):
    try:
        cptrace.ptrace(PTRACE_PEEKDATA, 0x3ffffff0, 0, 0, **kw)
    except ValueError as e:
        assert 'error #' in str(e), e
    else:
        raise AssertionError('no ValueError')
try:
    cptrace.ptrace('x', 1)
except TypeError:
    pass
else:
    raise AssertionError('no TypeError')
assert 'ptrace' in cptrace.ptrace.__doc__
gc.collect()
