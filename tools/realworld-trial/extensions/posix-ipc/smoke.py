# Our own smoke test: a semaphore, shared memory and a message queue under unique names, the module's exceptions.
import mmap, os, random
import posix_ipc
tag = '/trial-%d-%d' % (os.getpid(), random.randrange(1 << 30))
s = posix_ipc.Semaphore(tag + 's', posix_ipc.O_CREX, initial_value=1)
try:
    s.acquire()
    assert s.value == 0
    try:
        s.acquire(0)
    except posix_ipc.BusyError:
        pass
    else:
        raise AssertionError('no BusyError')
    s.release()
    with s:
        assert s.value == 0
    assert s.name == tag + 's'
    try:
        posix_ipc.Semaphore(tag + 's', posix_ipc.O_CREX)
    except posix_ipc.ExistentialError:
        pass
    else:
        raise AssertionError('no ExistentialError')
finally:
    s.unlink()
    s.close()
m = posix_ipc.SharedMemory(tag + 'm', posix_ipc.O_CREX, size=4096)
try:
    assert m.size == 4096
    mm = mmap.mmap(m.fd, m.size)
    mm[:5] = b'hello'
    m2 = posix_ipc.SharedMemory(tag + 'm')
    mm2 = mmap.mmap(m2.fd, m2.size)
    assert mm2[:5] == b'hello'
    mm2.close(); m2.close_fd(); mm.close()
finally:
    m.close_fd()
    posix_ipc.unlink_shared_memory(tag + 'm')
try:
    q = posix_ipc.MessageQueue(tag + 'q', posix_ipc.O_CREX, max_messages=4, max_message_size=64)
except (posix_ipc.Error, OSError):
    q = None   # no mqueue file system here
if q is not None:
    try:
        q.send(b'one', priority=1)
        q.send(b'two', priority=5)
        assert q.current_messages == 2
        assert q.receive() == (b'two', 5)
        assert q.receive(0)[0] == b'one'
        try:
            q.receive(0)
        except posix_ipc.BusyError:
            pass
        else:
            raise AssertionError('no BusyError')
    finally:
        q.close()
        q.unlink()
assert issubclass(posix_ipc.ExistentialError, posix_ipc.Error)
assert issubclass(posix_ipc.PermissionsError, posix_ipc.Error)
class MySem(posix_ipc.Semaphore):
    pass
t = MySem(tag + 't', posix_ipc.O_CREX)
assert isinstance(t, posix_ipc.Semaphore)
t.unlink(); t.close()
try:
    posix_ipc.unlink_semaphore(tag + 'missing')
except posix_ipc.ExistentialError:
    pass
else:
    raise AssertionError('no error')
