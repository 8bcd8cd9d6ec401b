import os.path

import pathjoin

assert pathjoin.join("a", "b") == os.path.join("a", "b")
assert pathjoin.sep == "/"
print("smoke ok")
