import slack

# the initial value of the remembered slack must survive the conversion
assert slack.get() == 50000, slack.get()
slack.set(1000)
assert slack.get() == 1000, slack.get()
try:
    slack.set(0)
except slack.SlackError:
    pass
else:
    raise AssertionError('set(0) should raise SlackError')
print('smoke ok')
