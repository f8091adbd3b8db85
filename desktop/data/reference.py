"""Reference data shipped with Caseboard: the postcode centroid table for distances and areas."""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path

from desktop.domain.postcodes import PostcodeDirectory
from desktop.paths import resource_path

#: A council's full ONS Postcode Directory extract (CSV) may be named here; otherwise the
#: small open sample bundled in resources/postcodes is used.
POSTCODE_ENV = "CASEBOARD_POSTCODE_DIRECTORY"


def sample_postcodes_path() -> Path:
    return resource_path("postcodes", "postcode_centroids_sample.csv")


@lru_cache(maxsize=4)
def load_postcodes(path: Path | None = None) -> PostcodeDirectory | None:
    """The directory in use, or None when no table can be found (distances then 'not known')."""
    chosen = path or (Path(os.environ[POSTCODE_ENV]) if os.environ.get(POSTCODE_ENV) else None)
    chosen = chosen or sample_postcodes_path()
    if not chosen.is_file():
        return None
    table = LazyPostcodeDirectory(chosen)  # read now; the same fingerprint as a lazy one's
    len(table)
    return table


class LazyPostcodeDirectory(PostcodeDirectory):
    """The table at ``path``, read on its first lookup rather than at start-up.

    A warm caseload needs no postcode at all (its flags come from stored summaries), and a
    council's full ONS extract takes seconds to read. Its fingerprint (file name, size and
    modification time) tells the summaries when the table changed without reading it.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        stat = path.stat()
        self._path = path
        self._fingerprint = f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}"
        self._lock = threading.Lock()
        self._loaded = False

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    def _load(self) -> None:
        with self._lock:
            if self._loaded:
                return
            table = PostcodeDirectory.from_csv(self._path)
            self._index, self._east = table._index, table._east
            self._north, self._laua = table._north, table._laua
            self._loaded = True

    def __len__(self) -> int:
        if not self._loaded:
            self._load()
        return super().__len__()

    def _row(self, postcode: str | None) -> int | None:
        if not self._loaded:
            self._load()
        return super()._row(postcode)


def lazy_postcodes(path: Path | None = None) -> PostcodeDirectory | None:
    """Like ``load_postcodes`` but reading the table only when a postcode is first looked up."""
    chosen = path or (Path(os.environ[POSTCODE_ENV]) if os.environ.get(POSTCODE_ENV) else None)
    chosen = chosen or sample_postcodes_path()
    if not chosen.is_file():
        return None
    return LazyPostcodeDirectory(chosen)
