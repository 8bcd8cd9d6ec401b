import gc
import prefs

assert prefs.get_host() is None and prefs.get_port() is None
prefs.set_host("db.example")
assert prefs.get_host() == "db.example"
host = "h" * 3
prefs.set_host(host)
assert prefs.get_host() is host
assert prefs.length([1, 2, 3]) == 3
gc.collect()
print("smoke ok")
