import platmod
assert platmod.stats() == (0, None), platmod.stats()
assert platmod.platform() == 'posix'
assert platmod.platform() == 'posix'
calls, last = platmod.stats()
assert calls == 2 and last == 'posix', (calls, last)
print("smoke ok")
