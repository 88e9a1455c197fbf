"""The `spacefilm` command's entry point (and `python -m spacefilm`'s): the cyclic garbage collector is off before
Click or anything else is imported.

A command runs for a moment and ends with os._exit (cli.main). Importing Click, msgspec and our modules makes tens of
thousands of objects that live until then; the collector would scan them again and again for garbage there is none
of (about a tenth of `timeline --json`'s start-up on the built-in dataset). What a command makes is freed by
reference counting (the events are structs the collector does not track, and loading a big file already pauses it:
load/read.collector_paused). `browse`, which runs for as long as a person explores, turns it back on.
"""

import gc


def main() -> None:
    gc.disable()
    from .cli import main as run

    run()
