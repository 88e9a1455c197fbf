"""Reading a dataset's bytes: a file or standard input, checked for garbage as it is read, whole or a slice at a
time (Text, File); what a bulk read needs."""

from __future__ import annotations

import errno
import gc
import os
import re
import select
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

CHUNK = 2**20
# Bytes no JSON text holds anywhere, not even in a string: control characters other than tab, line feed and carriage
# return, and bytes that no UTF-8 text has.
NEVER_IN_JSON = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\xc0\xc1\xf5-\xff]")


class DataError(Exception):
    """A dataset that cannot be used: one line per problem, each naming the file and where."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def builtin_path() -> str:
    """The built-in dataset: inside the installed package, or in the source checkout (editable install)."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # (the package: this is in spacefilm/load/)
    packaged = os.path.join(here, "data", "events.json")
    if os.path.isfile(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(here)), "data", "events.json")


# What this process read stays referenced until it exits (cli.main ends it with os._exit): freeing a million events,
# or the keys of a million ids, object by object as the call stack unwinds would cost seconds for nothing.
_KEPT: list[object] = []


def keep_until_exit(value: object) -> None:
    _KEPT.append(value)


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


def read_data(path: str, origin: str | None = None, early: Callable[[bytes], None] | None = None) -> bytes:
    """The bytes of a file (or of standard input, path "-"), named `origin` in problems; or DataError.

    Read a chunk at a time and searched for a byte that can never be in a JSON text (a control character, or a
    byte no UTF-8 text has): garbage is reported at its first bad byte, as jq does, having read no more than a chunk
    past it. Every chunk of a pipe or a device (/dev/zero never ends); the first of a regular file (a binary file is
    garbage from its start; a bad byte further in is the decoder's to report, and the file has an end). Never
    mapped: a file that shrinks while it is read is read shorter, never a bus error.

    `early` is given the first EARLY bytes from the first that is not white space, when there are more: it raises
    DataError to refuse the text there (decode.refuse_garbage: an endless stream of `[` is never read to its end).
    White space before them is not kept (a gibibyte of spaces is not held), only its line breaks.
    """
    origin = origin or path
    try:
        if path == "-":
            return _checked(_standard_input(), origin, early=early)
        with open(path, "rb") as file:
            return _checked(file, origin, not stat.S_ISREG(os.fstat(file.fileno()).st_mode), early)
    except FileNotFoundError:
        raise DataError([f"{origin}: no such file"]) from None
    except IsADirectoryError:
        raise DataError([f"{origin}: is a directory, not a dataset file"]) from None
    except PermissionError:
        raise DataError([f"{origin}: permission denied"]) from None
    except OSError as error:
        if path == "-" and error.errno == errno.EBADF:
            raise DataError([f"{origin}: standard input is closed"]) from None
        raise DataError([f"{origin}: cannot be read ({error.strerror or error})"]) from None


class _Readable(Protocol):
    def read(self, size: int, /) -> bytes | None: ...


class _Descriptor:
    """Standard input read to its real end: a descriptor a parent left non-blocking is waited on (an empty read
    there means "nothing yet", not "the end")."""

    def __init__(self, descriptor: int) -> None:
        self.descriptor = descriptor

    def read(self, size: int) -> bytes:
        while True:
            try:
                return os.read(self.descriptor, size)
            except BlockingIOError:
                select.select([self.descriptor], [], [])


def _standard_input() -> _Readable:
    stdin = sys.stdin
    if stdin is None:  # (closed when Python started)
        return _Descriptor(0)
    try:
        return _Descriptor(stdin.fileno())
    except (AttributeError, OSError, ValueError):
        return stdin.buffer  # (a stand-in with no descriptor: a test's)


def first_chunk(chunk: bytes, origin: str) -> bytes:
    """A text's first chunk, checked (DataError for UTF-16 or UTF-32, or a byte no JSON text holds), without a
    byte-order mark."""
    if chunk[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):  # (before UTF-16's: its mark starts the same)
        raise DataError([f"{origin}: is UTF-32; save it as UTF-8"])
    if chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise DataError([f"{origin}: is UTF-16; save it as UTF-8"])
    chunk = chunk.removeprefix(b"\xef\xbb\xbf")
    _refuse_bad_byte(chunk, origin, 1, 0)
    return chunk


def _refuse_bad_byte(chunk: bytes, origin: str, lines: int, line_start: int) -> None:
    """DataError at the first byte of the chunk that no JSON text holds (after `lines` lines; the current line
    starting at `line_start`, counted from the chunk's start)."""
    bad = NEVER_IN_JSON.search(chunk)
    if bad is not None:
        offset = bad.start()
        line = lines + chunk.count(b"\n", 0, offset)
        newline = chunk.rfind(b"\n", 0, offset)
        column = offset - (newline + 1 if newline >= 0 else line_start) + 1
        raise DataError([f"{origin}:{line}:{column}: not JSON text (byte 0x{chunk[offset]:02x})"])


EARLY = 2**18
_SPACE = b" \t\n\r"


def _checked(
    file: _Readable, origin: str, every_chunk: bool = True, early: Callable[[bytes], None] | None = None
) -> bytes:
    chunks: list[bytes] = []
    lines = 1  # lines before this chunk
    line_start = 0  # where the current line starts, counted from this chunk's start (negative: in an earlier one)
    first = True
    began = False  # a byte other than white space was read
    held = 0  # bytes read from the first that is not white space (while `early` waits for EARLY of them)
    while chunk := file.read(CHUNK):
        if first:
            chunk, first = first_chunk(chunk, origin), False
        elif every_chunk:
            _refuse_bad_byte(chunk, origin, lines, line_start)
        newlines = chunk.count(b"\n")
        if newlines:
            lines += newlines
            line_start = chunk.rfind(b"\n") + 1 - len(chunk)
        else:
            line_start -= len(chunk)
        if not began:
            content = len(chunk.lstrip(_SPACE))
            if not content:
                # White space only: kept as its line breaks and the white space after the last (so that what
                # follows keeps its line and column), never whole (a gibibyte of spaces is not held).
                chunks.append(b"\n" * newlines + chunk[chunk.rfind(b"\n") + 1 :] if newlines else b"")
                continue
            began, held = True, content - len(chunk)
        chunks.append(chunk)
        if early is not None and held <= EARLY:
            held += len(chunk)
            if held > EARLY:  # (more than the beginning: the text goes on)
                text = b"".join(chunks)
                chunks = [text]
                early(text[len(text) - held :][:EARLY])
    return b"".join(chunks)


# The most of a file searched at once, and how far each window reaches back into the last (a match longer than that,
# a cut with a long run of white space in it, is not found: the slice is longer).
_WINDOW = 2**24
_OVERLAP = 2**12


class Changed(Exception):
    """The file got shorter while it was being read."""


class Text:
    """A dataset's text, a slice at a time: in this process's memory (a pipe, a small file)."""

    def __init__(self, data: bytes, path: str) -> None:
        self.data = data
        self.size = len(data)
        self.path = path
        self.buffer = bytearray()

    def close(self) -> None:
        pass

    def whole(self, origin: str) -> bytes:
        """The whole text, for decode.diagnose."""
        return self.data

    def read(self, start: int, end: int) -> bytes:
        return self.data[start:end]

    def view(self, start: int, end: int) -> bytes | memoryview:
        """text[start:end], not copied where it is in memory."""
        return memoryview(self.data)[start:end]

    def search(self, pattern: re.Pattern[bytes], at: int, limit: int) -> tuple[int, ...] | None:
        """Where the first match of `pattern` within [at, at + limit) starts, and each of its groups."""
        found = pattern.search(self.data, at, min(self.size, at + limit))
        return None if found is None else tuple(found.start(group) for group in range(pattern.groups + 1))

    def slice(
        self, start: int, end: int, opening: bytes = b"", closing: bytes = b""
    ) -> tuple[memoryview, bytes | bytearray, int]:
        """text[start:end] with `opening` written over its first bytes and `closing` over its last (in a buffer
        reused from slice to slice, never in the file); and the bytes the view is of, and where it begins in them
        (to count its quotes)."""
        if not opening and not closing:
            return memoryview(self.data)[start:end], self.data, start
        view = self._buffer(end - start)
        view[:] = memoryview(self.data)[start:end]
        return self._bracketed(view, opening, closing), self.buffer, 0

    def _buffer(self, size: int) -> memoryview:
        if len(self.buffer) < size:
            self.buffer = bytearray(size)
        return memoryview(self.buffer)[:size]

    @staticmethod
    def _bracketed(view: memoryview, opening: bytes, closing: bytes) -> memoryview:
        view[: len(opening)] = opening
        view[len(view) - len(closing) :] = closing
        return view


class File(Text):
    """A big regular file read with pread, never mapped: one that shrinks while it is read is an error, not a bus
    error."""

    def __init__(self, fd: int, size: int, path: str) -> None:
        super().__init__(b"", path)
        self.fd = fd
        self.size = size

    def close(self) -> None:
        os.close(self.fd)

    def whole(self, origin: str) -> bytes:
        return read_data(self.path, origin)

    def view(self, start: int, end: int) -> bytes | memoryview:
        return self.read(start, end)

    def read(self, start: int, end: int) -> bytes:
        data = os.pread(self.fd, end - start, start)
        if len(data) != end - start:
            raise Changed
        return data

    def search(self, pattern: re.Pattern[bytes], at: int, limit: int) -> tuple[int, ...] | None:
        end_of_search = min(self.size, at + limit)
        window = 2**12  # (a cut is most often an event or two on: a bigger first read costs more than it saves)
        while True:
            end = min(at + window, end_of_search)
            found = pattern.search(self.read(at, end))
            if found is not None:
                return tuple(at + found.start(group) for group in range(pattern.groups + 1))
            if end >= end_of_search:
                return None
            if window < _WINDOW:
                window *= 4
            else:  # (a gibibyte of spaces is read a window at a time, never held)
                at = end - _OVERLAP

    def slice(
        self, start: int, end: int, opening: bytes = b"", closing: bytes = b""
    ) -> tuple[memoryview, bytes | bytearray, int]:
        view = self._buffer(end - start)
        if os.preadv(self.fd, [view], start) != len(view):
            view.release()
            raise Changed
        return self._bracketed(view, opening, closing), self.buffer, 0


def open_text(path: str, origin: str, big: int, early: Callable[[bytes], None]) -> Text:
    """The text of a path: a regular file of `big` bytes or more read where it lies (File); anything else read
    whole, a chunk at a time (read_data), its first bytes given to `early` before the rest is read (an endless stream
    of `[` is refused)."""
    if path != "-":
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            pass  # read_data says what is wrong with the path
        else:
            status = os.fstat(fd)
            if stat.S_ISREG(status.st_mode) and status.st_size >= big:
                return File(fd, status.st_size, path)
            os.close(fd)
    return Text(read_data(path, origin, early), path)
