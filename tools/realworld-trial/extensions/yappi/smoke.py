# Our own smoke test: profile some calls with the wall and cpu clocks, read function and thread stats.
import gc
import yappi


def leaf(n):
    return sum(range(n))


def branch():
    return [leaf(200) for _ in range(20)]


for clock in ('cpu', 'wall'):
    yappi.clear_stats()
    yappi.set_clock_type(clock)
    assert yappi.get_clock_type() == clock
    yappi.start()
    branch()
    yappi.stop()
    assert not yappi.is_running()
    stats = yappi.get_func_stats()
    found = [s for s in stats if s.name == 'leaf']
    assert found and found[0].ncall == 20, [(s.name, s.ncall) for s in stats]
    assert any(s.name == 'branch' for s in stats)
    threads = yappi.get_thread_stats()
    assert len(threads) >= 1
yappi.clear_stats()
assert yappi.get_func_stats().empty()
try:
    yappi.set_clock_type('no such clock')
except yappi.YappiError:
    pass
else:
    raise AssertionError("no YappiError")
gc.collect()
