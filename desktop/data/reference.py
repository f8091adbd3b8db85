"""Reference data shipped with Caseboard: the postcode centroid table for distances and areas."""

from __future__ import annotations

import os
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
    return PostcodeDirectory.from_csv(chosen)
