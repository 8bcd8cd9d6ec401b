# Our own smoke test: the C tracer records the lines of a small function through sys.settrace.
import sys
from coverage.tracer import CTracer, CFileDisposition

def work(n):
    total = 0
    for i in range(n):
        total += i
    return total

code = work.__code__
disp = CFileDisposition()
disp.original_filename = code.co_filename
disp.canonical_filename = code.co_filename
disp.source_filename = code.co_filename
disp.trace = True
disp.reason = ''
disp.file_tracer = None
disp.has_dynamic_filename = False

def should_trace(filename, frame):
    if filename == code.co_filename:
        return disp
    d = CFileDisposition()
    d.trace = False
    d.reason = 'not ours'
    d.file_tracer = None
    d.has_dynamic_filename = False
    d.original_filename = d.canonical_filename = d.source_filename = filename
    return d

t = CTracer()
data = {}
t.data = data
t.should_trace = should_trace
t.should_trace_cache = {}
t.should_start_context = None
t.switch_context = None
t.lock_data = lambda: None
t.unlock_data = lambda: None
t.warn = lambda *a, **k: None
t.trace_arcs = False
t.file_tracers = {}
t.disable_plugin = None
t.check_include = None
t.concur_id_func = None
fn = t.start()
sys.settrace(fn)
assert work(5) == 10
sys.settrace(None)
t.stop()
lines = data.get(code.co_filename)
assert lines, data
first = code.co_firstlineno
assert first + 2 in lines and first + 3 in lines, lines
assert isinstance(t.get_stats(), (dict, type(None)))
t.reset_activity()
class Sub(CTracer):
    pass
assert isinstance(Sub(), CTracer)
