import stmtcall

n = stmtcall.Node()
c = n.child()
assert n.count() == 1 and c.count() == 0
n.child()
assert n.count() == 2
n.kill()
for call in (n.child, n.count):
    try:
        call()
    except stmtcall.DeadNode:
        pass
    else:
        raise AssertionError("a dead node answered")
assert type(n).__module__ == "stmtcall" and type(n).__qualname__ == "Node"
print("smoke ok")
