# Our own smoke test of the C name mapper.
from Cheetah._namemapper import valueForKey, valueForName, valueFromSearchList, valueFromFrameOrSearchList, NotFound
class O:
    attr = {'k': [10, 20]}
    def meth(self):
        return 'called'
o = O()
assert valueForKey({'a': 1}, 'a') == 1
assert valueForName(o, 'attr.k') == [10, 20]
assert valueForName(o, 'meth', executeCallables=True) == 'called'
assert valueForName(o, 'meth', executeCallables=False)() == 'called'
assert valueFromSearchList([{'x': 1}, o], 'attr') == {'k': [10, 20]}
local_name = 'here'
def probe():
    local_name = 'here'
    return valueFromFrameOrSearchList([{}], 'local_name')
assert probe() == 'here'
try:
    valueForName(o, 'missing')
except NotFound:
    pass
else:
    raise AssertionError('missing name found')
assert issubclass(NotFound, LookupError)
