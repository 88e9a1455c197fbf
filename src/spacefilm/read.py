"""Reading a dataset's bytes: a file mapped or read, its encoding checked; and what a bulk read needs of the process."""

from __future__ import annotations

import gc
import mmap
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress

# Files this big are mapped into memory rather than copied into it: the decoder reads the page cache directly.
MAP_FROM = 64 * 2**20
Buffer = bytes | mmap.mmap


class DataError(Exception):
    """A dataset that cannot be used: one line per problem, each naming the file and where."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def builtin_path() -> str:
    """The built-in dataset: inside the installed package, or in the source checkout (editable install)."""
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "data", "events.json")
    if os.path.isfile(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(here)), "data", "events.json")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Bulk loads create millions of objects that live until exit: the collector would only re-scan them."""
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if gc_was_enabled:
            gc.freeze()
            gc.enable()


def read_data(origin: str, access: int = mmap.ACCESS_READ, map_from: int | None = None) -> Buffer:
    """The file's bytes; a regular file of `map_from` bytes (default MAP_FROM) or more mapped, not copied (it must
    not shrink while it is being read).

    `access=mmap.ACCESS_COPY` maps it so that writes change only this process's view, never the file.
    """
    try:
        with open(origin, "rb") as file:
            status = os.fstat(file.fileno())
            # (An empty file cannot be mapped: it is read, and found empty.)
            data: Buffer | None = None
            if stat.S_ISREG(status.st_mode) and status.st_size >= max(1, MAP_FROM if map_from is None else map_from):
                with suppress(OSError):  # a file system that cannot map files (some network or virtual ones)
                    data = mmap.mmap(file.fileno(), 0, access=access)
            if data is None:
                data = file.read()
    except FileNotFoundError:
        raise DataError([f"{origin}: no such file"]) from None
    except IsADirectoryError:
        raise DataError([f"{origin}: is a directory, not a dataset file"]) from None
    except PermissionError:
        raise DataError([f"{origin}: permission denied"]) from None
    except OSError as error:
        raise DataError([f"{origin}: cannot be read ({error.strerror or error})"]) from None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise DataError([f"{origin}: is UTF-16; save it as UTF-8"])
    return data[3:] if data[:3] == b"\xef\xbb\xbf" else data
