"""pyext-isolate cost harness: times the benchmarks of a benchmark file in ONE child process.

Standard library only; the syntax stays valid on Python 3.6+. The Node side (src/verify/cost.ts)
starts several of these processes and does the statistics; one process only measures.

    python bench_run.py calibrate --module NAME --build DIR:SO (--bench FILE | --smoke FILE)
                                  [--min-time SEC] [--clock cpu|wall]
    python bench_run.py run --module NAME --build DIR:SO --build DIR:SO (--bench FILE | --smoke FILE)
                            --loops JSON [--warmups N] [--values N] [--seed N] [--clock cpu|wall]
    python bench_run.py count --module NAME --build DIR:SO --bench FILE (--name BENCH | --marker LIB) --loops N

A benchmark file is a Python file whose plain functions (defined in the file, name not starting
with '_', no required parameter) are the benchmarks, in the order they are defined. Module-level
code is setup and is not timed. Without a benchmark file the smoke script is the one benchmark
'smoke' (run as a fresh __main__ module each time; its output is discarded).

calibrate (one build): for each benchmark, the number of calls ("loops") that takes at least
--min-time, found by growing it; the same for an empty function (the harness's own call overhead).

run (two builds, "before" and "after", in ONE process): both builds are imported, in an order drawn
from --seed, each with its own copy of the benchmark file executed while it is the module in
sys.modules (the module, its submodules and the benchmark module are swapped in before each of its
values, so code that looks the module up by name finds the build being timed). Then per benchmark:
gc.collect(), --warmups values of each build thrown away, then --values pairs of values, one of each
build, the order inside each pair drawn at random. A value is the time of `loops` calls divided by
loops (nanoseconds per call). The empty function is timed the same way.

count (one build): only calls benchmarks --loops times, untimed, for a run under an instruction
counter: bench/cost-instructions.ts runs it under callgrind with --marker, a library whose mark
dumps callgrind's counters, so each benchmark's loop (and the empty function's) is counted apart.

Why both builds in one process: on a shared machine the speed of a process changes in phases of
seconds (another job on the sibling hardware thread, frequency changes); two values taken
milliseconds apart see the same phase, two processes often do not. Drawing every order at random
makes the comparison exact when the builds perform the same: which build is first is a fair coin.

The clock: 'cpu' is the process's CPU time (time.process_time_ns): time spent waiting for a CPU
on a loaded machine is not counted. 'wall' is time.perf_counter_ns (pyperf's clock): right for
code that sleeps or waits on I/O.

Protocol on stdout: one line `MARK result <json>` (written last); everything else the benchmarks
print is captured and discarded.
"""
import argparse
import gc
import importlib
import inspect
import io
import itertools
import json
import os
import sys
import time
import traceback
import types

MARK = '@@pyext-isolate@@ '
BENCH_MODULE = '__pyext_isolate_bench__'
EMPTY = '_empty'


def emit(kind, payload):
    sys.__stdout__.write(MARK + kind + ' ' + json.dumps(payload) + '\n')
    sys.__stdout__.flush()


def one_line(e):
    msg = str(e).strip().splitlines()
    return type(e).__name__ + (': ' + msg[0] if msg else '')


def load_avg():
    try:
        return list(os.getloadavg())
    except (AttributeError, OSError):
        return None


class Build(object):
    """One build of the module with its own copy of the benchmark functions."""

    def __init__(self, label, module, spec, target):
        self.label = label
        path, so = spec.split(':', 1) if ':' in spec else (spec, '')
        forget(module)
        sys.path.insert(0, path)
        try:
            importlib.invalidate_caches()
            m = importlib.import_module(module)
        finally:
            sys.path.remove(path)
        f = getattr(m, '__file__', None)
        if so and f is not None and os.path.realpath(f) != os.path.realpath(so):
            raise ImportError('imported %s instead of the build under test %s' % (f, so))
        kind, file = target
        self.fns = bench_functions(file) if kind == 'bench' else smoke_function(file)
        self.mods = dict((k, v) for k, v in sys.modules.items() if owned(k, module))

    def activate(self):
        sys.modules.update(self.mods)


def owned(name, module):
    return name == module or name.startswith(module + '.') or name == BENCH_MODULE or \
        (module.count('.') and name == module.split('.')[0])


def forget(module):
    for k in [k for k in sys.modules if owned(k, module)]:
        del sys.modules[k]


def bench_functions(path):
    """The benchmark file's plain functions, in definition order, as (name, function)."""
    with open(path) as f:
        src = f.read()
    mod = types.ModuleType(BENCH_MODULE)
    mod.__file__ = path
    sys.modules[BENCH_MODULE] = mod  # so that classes it defines can be found by name (pickle)
    exec(compile(src, path, 'exec'), mod.__dict__)
    out = []
    for name, v in list(vars(mod).items()):
        if name.startswith('_') or not inspect.isfunction(v) or v.__module__ != BENCH_MODULE:
            continue
        try:
            params = inspect.signature(v).parameters.values()
        except (TypeError, ValueError):
            params = []
        required = [p.name for p in params if p.default is p.empty and
                    p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]
        if required:
            continue  # a helper that takes arguments, not a benchmark
        out.append((name, v))
    return out


def smoke_function(path):
    with open(path) as f:
        code = compile(f.read(), path, 'exec')

    def smoke():
        saved = sys.modules.get('__main__')
        mod = types.ModuleType('__main__')
        mod.__file__ = path
        sys.modules['__main__'] = mod
        try:
            exec(code, mod.__dict__)
        except SystemExit as e:
            if e.code not in (None, 0):
                raise
        finally:
            sys.modules['__main__'] = saved
    return [('smoke', smoke)]


def _empty():
    pass


def clock_of(name):
    return time.process_time_ns if name == 'cpu' else time.perf_counter_ns


def timed(f, loops, clock):
    it = itertools.repeat(None, loops)
    t0 = clock()
    for _ in it:
        f()
    return clock() - t0


def calibrate(f, clock, min_ns):
    loops = 1
    while True:
        dt = timed(f, loops, clock)
        if dt >= min_ns or loops >= 1 << 30:
            return loops
        # jump close to the target instead of doubling from 1 every time (a fast function needs
        # 2**20 calls): at most 10x, at least 2x
        grow = 2 if dt <= 0 else max(2, min(10, int(min_ns * 1.2 / dt) + 1))
        loops *= grow


def record_error(res, label, name, e):
    if isinstance(e, KeyboardInterrupt):
        raise e
    res['errors'].setdefault(name, {'error': one_line(e), 'traceback': traceback.format_exc(), 'build': label})


def do_calibrate(args, res, build, clock):
    loops = {}
    build.activate()
    for name, f in build.fns + [(EMPTY, _empty)]:
        try:
            gc.collect()
            loops[name] = calibrate(f, clock, int(args.min_time * 1e9))
        except BaseException as e:
            record_error(res, build.label, name, e)
    res['loops'] = loops


def do_run(args, res, builds, clock, rng):
    loops = json.loads(args.loops)
    values = dict((b.label, {}) for b in builds)
    fns = [dict(b.fns + [(EMPTY, _empty)]) for b in builds]
    for name in [n for n, _ in builds[0].fns] + [EMPTY]:
        n = loops.get(name)
        if not n or any(name not in f for f in fns):
            continue
        current = builds[0].label
        try:
            gc.collect()
            for _ in range(args.warmups):
                for b, f in zip(builds, fns):
                    b.activate()
                    current = b.label
                    timed(f[name], n, clock)
            got = dict((b.label, []) for b in builds)
            for _ in range(args.values):
                pair = list(zip(builds, fns))
                rng.shuffle(pair)
                for b, f in pair:
                    b.activate()
                    current = b.label
                    got[b.label].append(timed(f[name], n, clock) / float(n))
        except BaseException as e:
            record_error(res, current, name, e)
            continue
        for label, v in got.items():
            values[label][name] = v
    res['values'] = values


def do_count(args, res, build):
    """Calls benchmarks --loops times each, untimed. With --marker (a library whose mark(name) is a
    callgrind client request that dumps the counters and resets them), every benchmark and the
    empty function are called in turn, each loop between two marks, so one process under callgrind
    counts them all; without it, only --name."""
    fns = dict(build.fns)
    names = [n for n, _ in build.fns] + [EMPTY] if args.marker else [args.name]
    for name in names:
        if name != EMPTY and name not in fns:
            raise LookupError('no benchmark %r in %s' % (name, args.bench))
    mark = None
    if args.marker:
        import ctypes
        mark = ctypes.CDLL(args.marker).pyext_isolate_mark
        mark.argtypes = [ctypes.c_char_p]
    build.activate()
    loops = int(args.loops)
    for name in names:
        f = fns.get(name, _empty)
        gc.collect()
        if mark:
            mark(b'-')  # counters start here
        for _ in range(loops):
            f()
        if mark:
            mark(('bench:' + name).encode('utf-8'))


def main(argv):
    p = argparse.ArgumentParser(prog='bench_run.py')
    p.add_argument('mode', choices=('calibrate', 'run', 'count'))
    p.add_argument('--name', help='the benchmark to call (count without --marker)')
    p.add_argument('--marker', help='library with pyext_isolate_mark(const char *) (count: all benchmarks, marked)')
    p.add_argument('--module', required=True)
    p.add_argument('--build', action='append', required=True,
                   help='DIR:SO, the build directory put first on sys.path and the extension it must import')
    p.add_argument('--label', action='append', help='a name per --build (default before, after)')
    p.add_argument('--bench')
    p.add_argument('--smoke')
    p.add_argument('--clock', choices=('cpu', 'wall'), default='cpu')
    p.add_argument('--min-time', type=float, default=0.01, help='seconds per value (calibrate)')
    p.add_argument('--loops', help='JSON {name: loops} from calibrate (run)')
    p.add_argument('--warmups', type=int, default=1)
    p.add_argument('--values', type=int, default=5)
    p.add_argument('--seed', type=int, default=0)
    args = p.parse_args(argv)
    import random
    rng = random.Random(args.seed)
    labels = args.label or ['before', 'after'][:len(args.build)]
    res = {'python': '%d.%d.%d' % sys.version_info[:3], 'pid': os.getpid(), 'load': load_avg(),
           'clock': args.clock, 'errors': {}}
    target = ('bench', args.bench) if args.bench else ('smoke', args.smoke)
    real_stdout = sys.stdout
    sys.stdout = io.StringIO()  # what benchmarks print is not ours to show (and costs the same in both builds)
    try:
        specs = list(zip(labels, args.build))
        if args.mode == 'run':
            rng.shuffle(specs)  # which build is imported first
        res['importOrder'] = [label for label, _ in specs]
        builds = [Build(label, args.module, spec, target) for label, spec in specs]
        builds.sort(key=lambda b: labels.index(b.label))
        res['names'] = [n for n, _ in builds[0].fns]
        clock = clock_of(args.clock)
        if args.mode == 'calibrate':
            do_calibrate(args, res, builds[0], clock)
        elif args.mode == 'count':
            do_count(args, res, builds[0])
        else:
            do_run(args, res, builds, clock, rng)
        res['status'] = 'ok'
    except BaseException as e:
        res['status'] = 'fail'
        res['reason'] = one_line(e)
        res['traceback'] = traceback.format_exc()
    finally:
        sys.stdout = real_stdout
    res['loadEnd'] = load_avg()
    emit('result', res)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
