import vhidden

assert isinstance(vhidden.registry(), dict)


def state_probe():
    return [vhidden.registry()]
