# Our own smoke test: history, completer settings and the hooks kept in the module's state (no
# terminal: nothing here reads a line).
import gc
import gnureadline as rl

rl.clear_history()
rl.add_history('first')
rl.add_history('second')
assert rl.get_current_history_length() == 2
assert rl.get_history_item(1) == 'first'
rl.replace_history_item(0, 'zero')
assert rl.get_history_item(1) == 'zero'
rl.remove_history_item(0)
assert rl.get_current_history_length() == 1
rl.clear_history()
assert rl.get_current_history_length() == 0


def completer(text, state):
    return None


rl.set_completer(completer)
assert rl.get_completer() is completer
rl.set_completer()
assert rl.get_completer() is None
rl.set_completer_delims(' \t')
assert rl.get_completer_delims() == ' \t'
rl.set_startup_hook(lambda: None)
rl.set_startup_hook()
rl.set_pre_input_hook(lambda: None)
rl.set_pre_input_hook()
rl.set_completion_display_matches_hook(lambda *a: None)
rl.set_completion_display_matches_hook()
rl.parse_and_bind('set bell-style none')
assert isinstance(rl.get_line_buffer(), str)
assert rl.get_begidx() >= 0 and rl.get_endidx() >= 0
try:
    rl.set_completer(42)
except TypeError:
    pass
else:
    raise AssertionError('non-callable completer accepted')
assert rl._READLINE_VERSION > 0
gc.collect()
