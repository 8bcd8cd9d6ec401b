# Our own smoke test: ACLs from text and modes, entries and permsets (level 2), errors.
import gc
import posix1e
a = posix1e.ACL(text="u::rw,g::r,o::-")
assert a.valid()
assert "user::rw-" in str(a)
b = posix1e.ACL(mode=0o640)
assert str(b) == str(a) and a == b
assert a.equiv_mode() == 0o640
tags = sorted(e.tag_type for e in a)
assert tags == sorted([posix1e.ACL_USER_OBJ, posix1e.ACL_GROUP_OBJ, posix1e.ACL_OTHER])
e = a.append()
e.tag_type = posix1e.ACL_USER
e.qualifier = 4321
e.permset.add(posix1e.ACL_READ)
assert e.permset.test(posix1e.ACL_READ) and not e.permset.test(posix1e.ACL_WRITE)
a.calc_mask()
assert a.valid() and "user:4321:r--" in a.to_any_text().decode()
copy = posix1e.ACL(acl=a)
assert str(copy) == str(a)
state = a.__getstate__()
c = posix1e.ACL()
c.__setstate__(state)
assert str(c) == str(a)
try:
    posix1e.ACL(text="this is no acl")
except (IOError, OSError):
    pass
else:
    raise AssertionError("no error")
del a, b, e, c, copy
gc.collect()
