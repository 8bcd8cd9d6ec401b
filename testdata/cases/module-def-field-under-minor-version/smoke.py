import pinger

assert pinger.ping(1) == "pong"
assert pinger.__doc__ == "Answers pings."
try:
    pinger.ping(None)
except pinger.PingError as e:
    assert str(e) == "nothing to ping"
else:
    raise AssertionError("no PingError")
print("smoke ok")
