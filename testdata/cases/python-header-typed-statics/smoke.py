import os
import forkstamp

assert forkstamp.import_pid() == os.getpid()
assert forkstamp.same_process() is True
o = forkstamp.blank()
assert type(o) is object
print("smoke ok")
