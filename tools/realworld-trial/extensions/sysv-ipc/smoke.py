# Our own smoke test: a private semaphore, shared memory segment and message queue, and the errors.
import gc
import sysv_ipc as s
sem = s.Semaphore(s.IPC_PRIVATE, s.IPC_CREX, initial_value=1)
sem.acquire()
assert sem.value == 0
try:
    sem.acquire(0)
except s.BusyError:
    pass
else:
    raise AssertionError("no BusyError")
sem.release()
assert sem.value == 1
sem.remove()
mem = s.SharedMemory(s.IPC_PRIVATE, s.IPC_CREX, size=4096)
mem.write(b'trial')
assert mem.read(5) == b'trial' and mem.size >= 4096
mem.detach()
try:
    mem.read(1)
except s.NotAttachedError:
    pass
else:
    raise AssertionError("no NotAttachedError")
mem.remove()
mq = s.MessageQueue(s.IPC_PRIVATE, s.IPC_CREX)
mq.send(b'one', type=3)
mq.send('two')
assert mq.current_messages == 2
assert mq.receive(type=3) == (b'one', 3)
assert mq.receive()[0] == b'two'
mq.remove()
try:
    s.Semaphore(0x7ffe1234)
except s.ExistentialError:
    pass
else:
    raise AssertionError("no ExistentialError")
assert issubclass(s.BusyError, s.Error)
del sem, mem, mq
gc.collect()
