"""The one way a file we create is written (`chart --svg`, `chart --html`, anything later): as `>` would write it.

- Never over the dataset being read, whatever names it (a symlink, a hard link, /dev/stdin): refused before any
  work, as `cp a a` refuses (`refuse_clashes`, a usage error); nor is standard output when it is the dataset's
  file (state.py, before any dataset is read).
- Through a symlink, to the file it points at; the link stays a link.
- A FIFO, a terminal or another device is written in place, never replaced by a regular file.
- A name of a descriptor this process has open (/dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N) is written
  to that descriptor, where it stands: `--svg /dev/stdout >> log` adds to the log, as the rest of the output does.
- A new file gets the mode the umask gives (0666 less the umask, as `>` gives it), and the folder's default ACL.
- An existing file keeps its mode; one with other hard links, or someone else's, is written in place (so every
  name still sees the same file, with its owner), its room reserved first and signals held off while it is
  written; any other is written beside it and renamed over it, so it is never seen half-written.
- Several files are all written or none: each is made in full beside its place before any is put there.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import signal
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass


class Clash(ValueError):
    """Two names for one file where that would lose data: the dataset read, or two outputs (a usage error)."""


def _stat(path: str | int) -> os.stat_result | None:
    """What a path (`-`: standard input) or an open descriptor is, or None when it names no file (yet)."""
    try:
        return os.fstat(path) if isinstance(path, int) else os.stat(path) if path != "-" else os.fstat(0)
    except (OSError, ValueError):
        return None


def _identity(path: str | int) -> tuple[int, int] | None:
    """The device and inode a path names (through symlinks), or None when it names no file yet."""
    found = _stat(path)
    return None if found is None else (found.st_dev, found.st_ino)


def _device(path: str) -> bool:
    """Whether a path (`-`: standard input) is a terminal or another character device."""
    found = _stat(path)
    return found is not None and stat.S_ISCHR(found.st_mode)


def is_standard_output(path: str) -> bool:
    """Whether writing to a path writes where standard output goes (`-`, /dev/stdout, or the file it is open on)."""
    if _descriptor(path) == 1:
        return True
    here = _identity(path)
    return here is not None and here == _identity(1)


def refuse_clashes(outputs: Sequence[tuple[str, str]], dataset: str) -> None:
    """Raise Clash when an output (option, path) is the dataset read (`-`: standard input), or two outputs name
    the same file. Checked before anything is read or drawn."""
    read = None if _device(dataset) else _identity(dataset)  # (a terminal read and written is no file lost)
    seen: dict[object, str] = {}
    for option, path in outputs:
        target = _identity(path)
        if target is not None and target == read:
            raise Clash(f"{option} would write over the dataset being read ({dataset}): name another file")
        # A file that does not exist yet is told apart by where its name leads.
        key: object = target if target is not None else os.path.realpath(path)
        if key in seen:
            raise Clash(f"{seen[key]} and {option} name the same file: give each its own")
        seen[key] = option


@dataclass
class _Planned:
    path: str  # as given (named in errors)
    target: str  # the file it leads to, through symlinks
    data: bytes
    temporary: str | None = None  # made in full beside the target, then renamed over it; None: written in place
    descriptor: int | None = None  # the open descriptor the path names (/dev/stdout): written to where it stands


# The names of a descriptor already open; /dev/stdin too (refused as an output only when it is the dataset).
_DESCRIPTORS = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_FD_FOLDERS = ("/dev/fd/", "/proc/self/fd/")


def _descriptor(path: str) -> int | None:
    """The descriptor a path names, when it is one this process has open (else None): itself, or through symlinks
    (`ln -s /dev/stdout picture.svg`)."""
    for _ in range(40):  # (as many links as the kernel follows)
        number = _named_descriptor(path)
        if number is not None or not os.path.islink(path):
            return number
        path = os.path.join(os.path.dirname(path), os.readlink(path))
    return None


def _named_descriptor(path: str) -> int | None:
    number = _DESCRIPTORS.get(path)
    if number is None:
        folder = next((f for f in _FD_FOLDERS if path.startswith(f)), None)
        digits = path[len(folder) :] if folder is not None else ""
        number = int(digits) if digits.isascii() and digits.isdigit() else None
    if number is None:
        return None
    try:
        os.fstat(number)
    except OSError:
        return None
    return number


def write_files(files: Sequence[tuple[str, str]]) -> None:
    """Write each text (UTF-8) to its path, all or none. Raises OSError whose filename is the path as given."""
    planned = [
        _Planned(path, os.path.realpath(path), text.encode("utf-8"), descriptor=_descriptor(path))
        for path, text in files
    ]
    try:
        for plan in planned:
            _prepare(plan)
        # What is written in place first: if one of those fails, no file made beside its place has replaced one.
        for plan in sorted(planned, key=lambda plan: plan.temporary is not None):
            _commit(plan)
    finally:
        for plan in planned:
            if plan.temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(plan.temporary)


def _named(plan: _Planned, error: OSError) -> OSError:
    return OSError(error.errno, error.strerror, plan.path)


def _prepare(plan: _Planned) -> None:
    """Write the text beside a regular file (new, or ours with one name); leave anything else to be written in
    place."""
    if plan.descriptor is not None:
        return
    try:
        existing = os.stat(plan.target)
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise _named(plan, error) from None
    if existing is not None:
        if stat.S_ISDIR(existing.st_mode):
            raise OSError(21, "is a folder", plan.path)
        if not stat.S_ISREG(existing.st_mode) or existing.st_nlink > 1 or existing.st_uid != os.geteuid():
            return
        if not os.access(plan.target, os.W_OK):  # (a file we may not write: `>` refuses it, and so do we)
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), plan.path)
    folder, name = os.path.split(plan.target)
    temporary = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.part")
    try:
        # 0666: the kernel takes the umask off (and applies the folder's default ACL), as it does for `>`.
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        plan.temporary = temporary
        with os.fdopen(descriptor, "wb") as file:
            if existing is not None:
                os.fchmod(file.fileno(), stat.S_IMODE(existing.st_mode))
            file.write(plan.data)
            file.flush()
            os.fsync(file.fileno())
    except OSError as error:
        raise _named(plan, error) from None


def _commit(plan: _Planned) -> None:
    try:
        if plan.temporary is not None:
            os.replace(plan.temporary, plan.target)
            plan.temporary = None
        elif plan.descriptor is not None:
            _write_all(plan.descriptor, plan.data)
        else:
            _write_in_place(plan.target, plan.data)
    except OSError as error:
        raise _named(plan, error) from None


def _write_in_place(target: str, data: bytes) -> None:
    """A FIFO or device as `>` writes it; a regular file (hard-linked, or someone else's) with its room reserved
    first, so that running out of space fails before a byte of it changes."""
    flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(target, flags)
    try:
        regular = stat.S_ISREG(os.fstat(descriptor).st_mode)
        if regular and hasattr(os, "posix_fallocate") and data:
            with contextlib.suppress(OSError):  # (a file system that cannot reserve room still takes the write)
                os.posix_fallocate(descriptor, 0, len(data))
        with _signals_held():
            _write_all(descriptor, data)
            if regular:
                os.ftruncate(descriptor, len(data))
    finally:
        os.close(descriptor)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C or a TERM while a file is written in place takes effect once it is whole."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
