import sigpoll

sigpoll.install()
sigpoll.poll()
assert sigpoll.poll() is False
sigpoll.fire()
assert sigpoll.poll() is True
assert sigpoll.poll() is False
print("smoke ok")
