import gc, sys
import trashnode
before = sys.getrefcount(trashnode.Node)
head = None
for _ in range(200000):
    head = trashnode.Node(head)
del head
gc.collect()
assert abs(sys.getrefcount(trashnode.Node) - before) <= 2, (before, sys.getrefcount(trashnode.Node))
print("smoke ok")
