import json
import reuse
assert reuse.answer == 42
assert not hasattr(json, "answer")
print("smoke ok")
