"""One policy for the standard streams and signals, set up once by `cli.main` (never by the tests' runner).

- A write to standard output or standard error that fails (a full disk, `> /dev/full`; a closed stream, `>&-`) ends
  the command with one line on standard error, when that can still be written, and exit 1; never a traceback.
- A standard stream closed when we start is held open on /dev/null the wrong way round, so that no file we open
  takes its number (a picture written to what a table is printed on), and using it fails as a closed stream does.
- Ctrl-C (SIGINT) and SIGTERM stop the command where it is: files being written are removed or left whole
  (spacefilm/write.py), nothing is printed, and the exit status is 130 or 143, as a shell reports a signal.
- A reader that closes the pipe early (`| head -1`) ends us quietly, as it ends cat or grep (SIGPIPE).
- Every line written to standard error on a terminal passes Output's neutralising (Click's own messages
  quote what was typed).
"""

from __future__ import annotations

import contextlib
import io
import os
import select
import signal
import sys
from collections.abc import Callable
from types import FrameType


class StreamFailed(BaseException):
    """A write to a standard stream failed. (A BaseException: nothing between the write and `run` may take it for a
    problem of its own, as Click takes an OSError.)"""

    def __init__(self, name: str, error: OSError) -> None:
        super().__init__(name, error)
        self.name = name
        self.error = error


class Interrupted(BaseException):
    """A signal asked us to stop: the exit status a shell gives it (128 + the signal's number)."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Writer(io.FileIO):
    """A standard stream's descriptor: a failed write raises StreamFailed; a non-blocking one is waited for."""

    def __init__(self, descriptor: int, name: str) -> None:
        super().__init__(descriptor, "w", closefd=False)
        self.label = name

    def write(self, data: object) -> int:
        view = memoryview(data)  # type: ignore[arg-type]
        try:
            while True:
                written = super().write(view)
                if written is not None:
                    return written
                select.select([], [self.fileno()], [])  # (non-blocking, and full: wait until it takes more)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise StreamFailed(self.label, error) from None


class _InertText(io.TextIOWrapper):
    """Text for a terminal's standard error: what would drive the terminal is made visible (Output's way)."""

    def write(self, text: str) -> int:
        from .render.output import terminal_text

        return super().write(terminal_text(text, styled=True))


def _reserve(descriptor: int) -> bool:
    """Hold a closed standard descriptor on /dev/null, opened the wrong way round; whether it was closed."""
    try:
        os.fstat(descriptor)
        return False
    except OSError:
        pass
    held = os.open(os.devnull, os.O_WRONLY if descriptor == 0 else os.O_RDONLY)
    if held != descriptor:
        os.dup2(held, descriptor)
        os.close(held)
    return True


def _text_stream(descriptor: int, name: str, before: object, terminal_safe: bool) -> io.TextIOWrapper:
    from .render.output import is_terminal

    encoding = getattr(before, "encoding", None) or "utf-8"
    raw = _Writer(descriptor, name)
    terminal = is_terminal(raw)
    kind = _InertText if terminal_safe and terminal else io.TextIOWrapper
    return kind(
        io.BufferedWriter(raw),
        encoding=encoding,
        # What the stream's encoding cannot carry (an ASCII or Latin-1 locale) is written as "?", never a traceback.
        errors="replace",
        line_buffering=terminal or descriptor == 2,
    )


def _stop(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(128 + signum)


def install() -> None:
    """The policy, for this process: streams, then signals."""
    for descriptor in (0, 1, 2):
        _reserve(descriptor)
    sys.stdout = _text_stream(1, "standard output", sys.stdout, terminal_safe=False)
    sys.stderr = _text_stream(2, "standard error", sys.stderr, terminal_safe=True)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, _stop)
    if hasattr(signal, "pthread_sigmask"):  # (a parent may have left them blocked: they would never arrive)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGPIPE})


def run(command: Callable[[], object]) -> int:
    """Run the command under the policy; its exit status."""
    install()
    try:
        try:
            command()
        except SystemExit as exit:
            code = exit.code
        except MemoryError:
            sys.stderr.write("Error: not enough memory to finish (the dataset may be too big for this machine)\n")
            code = 1
        else:
            code = 0
        if not isinstance(code, int):
            if code is not None:
                sys.stderr.write(f"{code}\n")
            code = 0 if code is None else 1
        sys.stdout.flush()
        sys.stderr.flush()
    except StreamFailed as failure:
        _report(failure)
        return 1
    except Interrupted as interrupted:
        return interrupted.status
    except BrokenPipeError:  # (only where SIGPIPE cannot end us: as quiet as if it had)
        return 128 + getattr(signal, "SIGPIPE", 13)
    return code


def _report(failure: StreamFailed) -> None:
    """One line on standard error, written straight to its descriptor (its buffer may hold what failed)."""
    reason = failure.error.strerror or str(failure.error)
    line = f"Error: cannot write to {failure.name}: {reason}\n"
    with contextlib.suppress(OSError):  # (standard error itself failed: the exit status says it)
        os.write(2, line.encode("utf-8", "replace"))
