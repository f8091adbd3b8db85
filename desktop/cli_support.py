"""Command-line edges shared by the commands: number arguments, secret files, crash reports."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, Protocol

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class CommonOptions(Protocol):
    """Adds --database/--profile (and, with ``user``, --user/--password-file) to a parser."""

    def __call__(self, parser: argparse.ArgumentParser, *, user: bool = True) -> None: ...


def fail(message: str, code: int = EXIT_FAILED) -> int:
    """One line on standard error; the exit code."""
    print(f"caseboard: {message}", file=sys.stderr)
    return code


#: The largest id a database column holds (64-bit signed), and so the largest worth asking for.
MAX_ID = 2**63 - 1


def whole_number(low: int, high: int = MAX_ID) -> Callable[[str], int]:
    """An argparse ``type``: a whole number from ``low`` to ``high``, else a usage error.

    Without it a number beyond 64 bits reached the database driver as an OverflowError.
    """

    def parse(text: str) -> int:
        try:
            value = int(text.strip(), 10)
        except ValueError:  # also a number of more than 4,300 digits
            raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{text[:40]} is out of range: give a whole number from {low} to {high}"
            )
        return value

    parse.__name__ = "whole number"  # what argparse calls the type in its messages
    return parse


def secret_from_file(path: Path, what: str) -> str:
    """The first line of a password file as any editor writes it (UTF-8 with or without a
    BOM, UTF-16 with a BOM), without the line end; ValidationFailed when it cannot be read."""
    from desktop.domain.errors import ValidationFailed
    from desktop.textfiles import TextFileError, first_line

    try:
        return first_line(path)
    except OSError as exc:
        raise ValidationFailed(f"Cannot read the {what} file: {exc.strerror or exc}") from None
    except TextFileError as exc:
        raise ValidationFailed(f"Cannot read the {what} file {path}: {exc}") from None


def crash_message(error: BaseException) -> str:
    """Write a crash report for an unexpected error; the one line that says where it is.

    The line names only the kind of error: its message may quote OFFICIAL-SENSITIVE values,
    which belong in the private report, not on a terminal or in a job log.
    """
    from desktop.crash import write_crash_log

    path = write_crash_log(error)
    where = f"a report was written to {path}" if path else "no report could be written"
    return f"unexpected error ({type(error).__name__}); {where}"


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (and exit 2), naming --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


#: Argument types: a record id, a random seed, and a demo count (0 reaches the service's message).
RECORD_ID = whole_number(1)
SEED = whole_number(0)
DEMO_COUNT = whole_number(0, 1_000_000)
