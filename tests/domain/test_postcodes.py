"""Postcodes: normalising, reading centroid CSVs (sample and ONS extracts), distances."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from desktop.domain.postcodes import (
    Centroid,
    PostcodeDirectory,
    distance_miles,
    normalise_postcode,
)

_REPO = Path(__file__).resolve().parents[2]
_NAME = "postcode_centroids_sample.csv"


def sample_path() -> Path:
    """The bundled copy in resources/ when there is one, else the shared original."""
    bundled = sorted((_REPO / "resources").rglob(_NAME))
    path = bundled[0] if bundled else _REPO.parent / "shared" / "data" / _NAME
    if not path.exists():
        pytest.skip(f"{_NAME} not found in resources/ or ../shared/data/")
    return path


@pytest.fixture(scope="module")
def sample() -> PostcodeDirectory:
    return PostcodeDirectory.from_csv(sample_path())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("bd1 2ae", "BD1 2AE", id="lower"),
        pytest.param("BD12AE", "BD1 2AE", id="no-space"),
        pytest.param("  bd11   1be ", "BD11 1BE", id="extra-spaces"),
        pytest.param("BD111BE", "BD11 1BE", id="ons-pcd-7-char"),
        pytest.param("SW1A1AA", "SW1A 1AA", id="sub-district-letter"),
        pytest.param("W1A 0AX", "W1A 0AX", id="area-letter-digit-letter"),
        pytest.param("M1 1AE", "M1 1AE", id="shortest"),
        pytest.param("GIR 0AA", "GIR 0AA", id="girobank"),
        pytest.param("", None, id="empty"),
        pytest.param(None, None, id="none"),
        pytest.param("BD1", None, id="outward-only"),
        pytest.param("BD1 2A", None, id="short-inward"),
        pytest.param("BD1-2AE", None, id="hyphen"),
        pytest.param("12345", None, id="digits"),
        pytest.param("1D1 2AE", None, id="starts-with-digit"),
    ],
)
def test_normalise_postcode(raw: str | None, expected: str | None) -> None:
    assert normalise_postcode(raw) == expected


def test_sample_loads(sample: PostcodeDirectory) -> None:
    assert len(sample) == 902
    assert sample.lookup("bd1 2ae") == Centroid("E08000032", 415884.0, 433300.0)
    assert sample.laua("BD111BE") == "E08000035"


@pytest.mark.parametrize(
    ("a", "b", "miles"),
    [
        # BD1 2AE (415884, 433300) to BD11 1BE (421866, 428673): dE 5982, dN -4627,
        # sqrt(35784324 + 21409129) = 7562.6 m; / 1000 / 1.6093 = 4.699 -> 4.7.
        pytest.param("BD1 2AE", "BD11 1BE", 4.7, id="bradford-to-leeds-by-hand"),
        pytest.param("BD1 2AE", "BD1 2AE", 0.0, id="same-postcode-is-zero"),
        pytest.param("BD1 2AE", "ZZ9 9ZZ", None, id="unknown-is-none-not-zero"),
        pytest.param(None, "BD1 2AE", None, id="missing-home"),
        pytest.param("BD1 2AE", "not a postcode", None, id="invalid"),
    ],
)
def test_sample_distances(
    sample: PostcodeDirectory, a: str | None, b: str | None, miles: float | None
) -> None:
    assert sample.distance_miles(a, b) == miles


@pytest.mark.parametrize(
    ("metres", "miles"),
    [
        pytest.param(32186.0, 20.0, id="20.0"),
        pytest.param(32250.0, 20.0, id="20.04-rounds-to-20.0"),
        pytest.param(32350.0, 20.1, id="20.1"),
        pytest.param(0.0, 0.0, id="zero"),
    ],
)
def test_distance_formula(metres: float, miles: float) -> None:
    assert (
        distance_miles(
            Centroid("E1", 400000.0, 300000.0), Centroid("E1", 400000.0 + metres, 300000.0)
        )
        == miles
    )
    assert distance_miles(Centroid("E1", 0.0, 0.0), None) is None


ONS_EXTRACT = (
    "\ufeffpcd,pcd2,pcds,dointr,doterm,oscty,laua,ward,usertype,oseast1m,osnrth1m,osgrdind\n"
    "BD1 2AE,BD1  2AE,BD1 2AE,198001,,E99999999,E08000032,E05001,0,415884,433300,1\n"
    "BD111BE,BD11 1BE,BD11 1BE,198001,,E99999999,E08000035,E05002,0,421866,428673,1\n"
    "BD1 9ZZ,BD1  9ZZ,BD1 9ZZ,198001,,E99999999,E08000032,E05001,1,,,9\n"
    "JE2 3AB,JE2  3AB,JE2 3AB,198001,,L99999999,L99999999,L99999999,0,,,9\n"
)


def test_ons_extract_other_columns_and_order() -> None:
    directory = PostcodeDirectory.from_csv(io.StringIO(ONS_EXTRACT))
    assert len(directory) == 4
    assert directory.lookup("BD11 1BE") == Centroid("E08000035", 421866.0, 428673.0)
    assert directory.distance_miles("BD1 2AE", "BD11 1BE") == 4.7


def test_blank_coordinates_are_unknown_but_keep_district() -> None:
    directory = PostcodeDirectory.from_csv(io.StringIO(ONS_EXTRACT))
    assert directory.lookup("BD1 9ZZ") is None
    assert directory.distance_miles("BD1 2AE", "BD1 9ZZ") is None
    assert directory.laua("BD1 9ZZ") == "E08000032"
    assert directory.laua("JE2 3AB") is None  # pseudo code: no district


@pytest.mark.parametrize(
    ("header", "row"),
    [
        pytest.param("pcd,laua,oseast1m,osnrth1m", "BD1 2AE,E08000032,415884,433300", id="pcd"),
        pytest.param(
            "PCDS,LAUA,OSEAST1M,OSNRTH1M", "BD1 2AE,E08000032,415884,433300", id="upper-case"
        ),
        pytest.param(
            "osnrth1m,oseast1m,laua,postcode", "433300,415884,E08000032,bd12ae", id="reordered"
        ),
    ],
)
def test_header_variants(header: str, row: str) -> None:
    directory = PostcodeDirectory.from_csv(io.StringIO(f"{header}\n{row}\n"))
    assert directory.lookup("BD1 2AE") == Centroid("E08000032", 415884.0, 433300.0)


def test_missing_columns_are_an_error() -> None:
    with pytest.raises(ValueError, match="lacks columns"):
        PostcodeDirectory.from_csv(io.StringIO("pcds,laua\nBD1 2AE,E08000032\n"))


def test_only_keeps_named_postcodes(tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    path.write_text(ONS_EXTRACT, encoding="utf-8")
    directory = PostcodeDirectory.from_csv(path, only=["bd11 1be"])
    assert len(directory) == 1
    assert directory.lookup("BD1 2AE") is None
    assert directory.lookup("BD11 1BE") is not None
