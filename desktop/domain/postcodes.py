"""UK postcodes: normalising, the ONS centroid directory, straight-line distance in miles."""

from __future__ import annotations

import csv
import io
import math
import re
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# Outward code (area, district, optional sub-district letter) then the 3-character inward code.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?|GIR)([0-9][A-Z]{2})$")
_METRES_PER_MILE = 1000 * 1.6093  # the rule's constant, not the exact 1609.344
# ONS pseudo codes (e.g. E99999999) mean "no district": treated as unknown.
_PSEUDO_LAUA = re.compile(r"^[A-Z]9{8}$")
_POSTCODE_COLUMNS = ("pcds", "pcd", "pcd2", "postcode")


def normalise_postcode(s: str | None) -> str | None:
    """'bd1  2ae' -> 'BD1 2AE': upper case, one space before the inward code; invalid -> None."""
    if not s:
        return None
    compact = "".join(s.split()).upper()
    if not _POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


@dataclass(frozen=True, slots=True)
class Centroid:
    laua: str | None  # local authority district code; None when ONS gives none
    easting: float  # OS grid metres
    northing: float


def distance_miles(a: Centroid | None, b: Centroid | None) -> float | None:
    """sqrt(dE^2 + dN^2) / 1000 / 1.6093 rounded to 0.1; None (never 0) when either is unknown."""
    if a is None or b is None:
        return None
    metres = math.hypot(a.easting - b.easting, a.northing - b.northing)
    return round(metres / _METRES_PER_MILE, 1)


class PostcodeDirectory:
    """Postcode -> centroid and district, held in flat arrays so a full ONS extract fits in memory.

    Rows with blank coordinates have no centroid (distance not known) but keep their district,
    so out-of-area can still be decided.
    """

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self._east = array("d")
        self._north = array("d")
        self._laua: list[str | None] = []

    def __len__(self) -> int:
        return len(self._index)

    @property
    def fingerprint(self) -> str:
        """What stored caseload summaries depend on in this table (here: its size)."""
        return str(len(self))

    def add(
        self, postcode: str, laua: str | None, easting: float | None, northing: float | None
    ) -> None:
        """Add or replace one postcode; NaN coordinates mean unknown."""
        key = normalise_postcode(postcode)
        if key is None:
            return
        laua = (laua or "").strip().upper() or None
        if laua is not None:
            laua = None if _PSEUDO_LAUA.match(laua) else sys.intern(laua)
        east = math.nan if easting is None else easting
        north = math.nan if northing is None else northing
        row = self._index.get(key)
        if row is None:
            self._index[key] = len(self._laua)
            self._east.append(east)
            self._north.append(north)
            self._laua.append(laua)
        else:
            self._east[row], self._north[row], self._laua[row] = east, north, laua

    @classmethod
    def from_csv(
        cls, path_or_file: str | Path | IO[str], *, only: Iterable[str] | None = None
    ) -> PostcodeDirectory:
        """Read postcode (or ONS pcds/pcd), laua, oseast1m, osnrth1m; other columns ignored.

        `only` keeps just the postcodes given (the app's own), to spare memory with a full
        directory of ~2.7 million rows.
        """
        if isinstance(path_or_file, (str, Path)):
            with open(path_or_file, newline="", encoding="utf-8-sig") as f:
                return cls._read(f, only)
        return cls._read(path_or_file, only)

    @classmethod
    def _read(cls, f: IO[str], only: Iterable[str] | None) -> PostcodeDirectory:
        reader = csv.reader(f)
        header = [h.strip().lower().lstrip("\ufeff") for h in next(reader, [])]
        pc_col = next((header.index(c) for c in _POSTCODE_COLUMNS if c in header), None)
        missing = [c for c in ("laua", "oseast1m", "osnrth1m") if c not in header]
        if pc_col is None or missing:
            raise ValueError(f"postcode CSV lacks columns: {missing or ['pcds/pcd/postcode']}")
        la_col, e_col, n_col = (header.index(c) for c in ("laua", "oseast1m", "osnrth1m"))
        wanted = None if only is None else {p for p in map(normalise_postcode, only) if p}
        directory = cls()
        for row in reader:
            if len(row) <= max(pc_col, la_col, e_col, n_col):
                continue
            if wanted is not None and normalise_postcode(row[pc_col]) not in wanted:
                continue
            directory.add(row[pc_col], row[la_col], _number(row[e_col]), _number(row[n_col]))
        return directory

    @classmethod
    def from_text(cls, text: str) -> PostcodeDirectory:
        return cls._read(io.StringIO(text), None)

    def _row(self, postcode: str | None) -> int | None:
        if postcode is None:
            return None
        row = self._index.get(postcode)  # stored postcodes are usually normalised already
        if row is not None:
            return row
        key = normalise_postcode(postcode)
        return None if key is None else self._index.get(key)

    def lookup(self, postcode: str | None) -> Centroid | None:
        """The centroid, or None when the postcode is invalid, absent or has no coordinates."""
        row = self._row(postcode)
        if row is None or math.isnan(self._east[row]) or math.isnan(self._north[row]):
            return None
        return Centroid(self._laua[row], self._east[row], self._north[row])

    def laua(self, postcode: str | None) -> str | None:
        """The local authority district code, even where the centroid is unknown."""
        row = self._row(postcode)
        return None if row is None else self._laua[row]

    def distance_miles(self, a: str | None, b: str | None) -> float | None:
        """Miles between two postcodes' centroids; None when either is not known."""
        return distance_miles(self.lookup(a), self.lookup(b))


def _number(text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return None if math.isnan(value) else value
