import gc
import nullval

NULL = nullval.NULL
assert repr(NULL) == "NULL"
assert not NULL
assert (NULL == 1) is NULL
assert (NULL == NULL) is NULL
assert nullval.is_null(NULL)
assert not nullval.is_null(None)
assert nullval.coalesce(NULL, None, 3) is None
assert nullval.coalesce(NULL, NULL) is NULL
assert nullval.coalesce() is NULL
assert type(nullval._C_API).__name__ == "PyCapsule"
gc.collect()
print("smoke ok")
