import gc
import tickets

t = tickets.issue(7)
assert type(t).__name__ == "Ticket" and t.number == 7
assert tickets.renew(7).number == 8
assert tickets.try_issue(5).number == 5
for bad, err in ((-1, tickets.Forged), (10000, tickets.Expired)):
    try:
        tickets.issue(bad)
    except err:
        pass
    else:
        raise AssertionError("issue(%d) did not raise" % bad)
try:
    tickets.renew(9999)
except tickets.Expired:
    pass
else:
    raise AssertionError("renew(9999) did not raise")
assert tickets.try_issue(-3) is None
assert issubclass(tickets.Forged, ValueError)
gc.collect()
print("smoke ok")
