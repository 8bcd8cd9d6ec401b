import events


class Recorder(events.Emitter):
    def __init__(self):
        self.log = []

    def on_start(self):
        self.log.append('start')

    def on_stop(self):
        self.log.append('stop')

    def on_data(self, value):
        self.log.append(('data', value))
        return value != 'veto'


r = Recorder()
r.start()
assert r.last_seq >= 1
r.data(1)
r.start()
start_seq = r.last_seq
r.stop()
# Each macro expansion has its own handler name and its own call counter.
assert r.log == ['start', ('data', 1), 'start', 'stop'], r.log
assert r.last_seq < start_seq, (r.last_seq, start_seq)
try:
    r.data('veto')
except events.EventError as e:
    assert 'on_data' in str(e)
else:
    raise AssertionError('veto ignored')
try:
    events.Emitter().stop()
except AttributeError as e:
    assert 'on_stop' in str(e)
else:
    raise AssertionError('no handler, no error')
print("smoke ok")
