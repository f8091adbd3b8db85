"""Small text files as Windows and other systems write them: UTF-8 with or without a BOM, UTF-16.

Qt-free: password files for the command line and the connection profiles file share it.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

_LINE_END = re.compile(r"\r\n|\r|\n")


class TextFileError(ValueError):
    """The bytes are not text in an encoding Caseboard reads; the message says so plainly."""


def decode_text(data: bytes) -> str:
    """The text of a file's bytes, without any byte-order mark.

    UTF-16 needs its BOM (as Notepad and PowerShell write it), since without one its byte
    order is a guess; UTF-8 may have one or not. Anything else is a TextFileError.
    """
    if data.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8", data[len(codecs.BOM_UTF8) :]
    elif data.startswith(codecs.BOM_UTF16_LE):
        encoding, body = "utf-16-le", data[len(codecs.BOM_UTF16_LE) :]
    elif data.startswith(codecs.BOM_UTF16_BE):
        encoding, body = "utf-16-be", data[len(codecs.BOM_UTF16_BE) :]
    else:
        encoding, body = "utf-8", data
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        raise TextFileError(
            "it is not text in UTF-8 or UTF-16 (save it as UTF-8 and try again)"
        ) from None


def read_text(path: Path) -> str:
    """A whole text file (decode_text); OSError and TextFileError as they come."""
    return decode_text(path.read_bytes())


def first_line(path: Path) -> str:
    """The first line of a text file without its line end ("" for an empty file)."""
    return _LINE_END.split(read_text(path), maxsplit=1)[0]
