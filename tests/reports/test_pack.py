"""The MACSE pack and case summary PDFs, read back with pypdf: furniture, sections, redaction,
handling codes, encryption, cancellation and progress."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import pypdf
import pytest
from pypdf.errors import FileNotDecryptedError

from desktop.domain.meetings import DEFAULT_MARKING, PackDocument, PackOptions
from desktop.domain.progress import Cancelled
from desktop.reports import BuildResult, build_pack
from desktop.reports.redaction import Redactor, initials_of
from desktop.reports.writer import PERSON_SECTIONS
from tests.reports.fakes import (
    CONDITIONAL_CONTEXT,
    DOB_SPELLINGS,
    full_name,
    make_pack,
    young_people_names,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
N = 4


@dataclass
class Built:
    doc: PackDocument
    path: Path
    result: BuildResult
    reader: pypdf.PdfReader
    pages: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flat(self) -> str:
        """The text with every run of whitespace (line breaks in table cells) as one space."""
        return " ".join(self.text.split())

    def outline(self) -> list[tuple[int, str, int]]:
        """(level, title, 1-based page) for every outline entry, in order."""
        out: list[tuple[int, str, int]] = []

        def walk(items: list[object], level: int) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item, level + 1)
                else:
                    page = self.reader.get_destination_page_number(item) + 1  # type: ignore[arg-type]
                    out.append((level, item.title, page))  # type: ignore[attr-defined]

        walk(self.reader.outline, 0)  # type: ignore[arg-type]
        return out


def first_line(page: str) -> str:
    """The first line of the page's content, after the header and footer furniture."""
    furniture = ("Printed by ", "MACSE meeting: North and Central, ", DEFAULT_MARKING, "Page ")
    lines = [ln.strip() for ln in page.splitlines()]
    return next(ln for ln in lines if ln and not ln.startswith(furniture))


def build(tmp: Path, doc: PackDocument, name: str = "pack.pdf") -> Built:
    path = tmp / name
    result = build_pack(doc, path)
    reader = pypdf.PdfReader(path)
    return Built(doc, path, result, reader, [p.extract_text() for p in reader.pages])


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("pack"), make_pack(N))


@pytest.fixture(scope="module")
def wider(tmp_path_factory: pytest.TempPathFactory) -> Built:
    doc = make_pack(N, options=PackOptions(wider_audience=True))
    return build(tmp_path_factory.mktemp("wider"), doc)


def test_result_reports_pages_and_size(pack: Built) -> None:
    assert pack.result.pages == len(pack.reader.pages) > N * 2
    assert pack.result.bytes == pack.path.stat().st_size


def test_every_page_has_marking_top_and_bottom_page_x_of_y_and_printed_by(pack: Built) -> None:
    total = len(pack.pages)
    for number, text in enumerate(pack.pages, 1):
        lines = text.splitlines()
        assert text.count(DEFAULT_MARKING) >= 2, f"page {number}"
        assert lines[0].strip() == DEFAULT_MARKING, f"page {number} header"
        assert f"Page {number} of {total}" in text, f"page {number}"
        assert "Printed by Helen Marsh at 23 Nov 2026 09:30" in text, f"page {number}"


def test_marking_is_configurable(tmp_path: Path) -> None:
    built = build(tmp_path, make_pack(1, options=PackOptions(marking="OFFICIAL")))
    for text in built.pages:
        assert text.count("OFFICIAL") >= 2
        assert DEFAULT_MARKING not in text


def test_meeting_sections_in_order(pack: Built) -> None:
    titles = [title for level, title, _page in pack.outline() if level == 0]
    assert titles == [
        "Cover",
        "Agenda",
        "Attendance",
        "Action tracker",
        "Cohort dashboard",
        "Young people",
        "VOLT themes",
        "Disruption summary",
        "Sign-off",
    ]
    cover = pack.pages[0]
    for expected in (
        "MACSE meeting: North and Central",
        "Town Hall, Committee Room 2",
        "Distribution",
        "DS Tom Briggs",
        "Not to be shared beyond the meeting",
    ):
        assert expected in cover  # fmt: skip
    assert "Lee Walsh" not in cover  # attended, but not on the distribution list


def person_pages(built: Built) -> list[str]:
    """Each young person's section text, from their bookmark to the next one."""
    entries = built.outline()
    starts = [page for level, title, page in entries if level == 1]
    after = [page for level, _t, page in entries if level == 0 and page > starts[-1]]
    ends = [*starts[1:], after[0] if after else len(built.pages) + 1]
    return ["\n".join(built.pages[s - 1 : e - 1]) for s, e in zip(starts, ends, strict=True)]


def test_every_young_person_has_every_section_and_starts_a_page(pack: Built) -> None:
    sections = person_pages(pack)
    assert len(sections) == N
    for i, text in enumerate(sections):
        lines = {line.strip() for line in text.splitlines()}
        assert first_line(text).startswith(f"{i + 1}. {full_name(i)}")
        missing = [heading for heading in PERSON_SECTIONS if heading not in lines]
        assert not missing, f"young person {i + 1} lacks {missing}"
        assert "Risk trajectory" in text and "Review due 1 Dec 2026" in text  # the chart


def test_bookmarks_name_each_young_person_on_their_first_page(pack: Built) -> None:
    people = [(title, page) for level, title, page in pack.outline() if level == 1]
    assert [t for t, _ in people] == [f"{i + 1}. {pack.doc.people[i].workspace.header.display_name}"
                                      for i in range(N)]  # fmt: skip
    for i, (_title, page) in enumerate(people):
        assert first_line(pack.pages[page - 1]).startswith(f"{i + 1}. ")


def test_action_tracker_puts_overdue_first_and_states_in_words(pack: Built) -> None:
    page = next(p for p in pack.pages if first_line(p) == "Action tracker")
    states = [s for s in ("Overdue", "Upcoming", "Open", "Done") if s in page]
    assert states == ["Overdue", "Upcoming", "Open", "Done"]
    positions = [page.index(f"\n{s}\n") for s in states]
    assert positions == sorted(positions)


def test_full_pack_shows_names_and_dates_of_birth(pack: Built) -> None:
    # The control for the wider-audience test: the unredacted pack does carry them.
    assert full_name(1) in pack.text
    assert "14 Mar 2011" in pack.text


def test_wider_audience_pack_has_no_full_name_or_date_of_birth_anywhere(wider: Built) -> None:
    meta = " ".join(str(v) for v in (wider.reader.metadata or {}).values())
    outline = " ".join(title for _level, title, _page in wider.outline())
    places = (("text", wider.text), ("flat text", wider.flat), ("metadata", meta),
              ("outline", outline))  # fmt: skip
    for where, text in places:
        for name in young_people_names(wider.doc):
            assert name not in text, f"{name!r} in the {where}"
            assert name.split()[0] not in text, f"first name of {name!r} in the {where}"
        assert "Jay" not in text.split(), f"preferred name in the {where}"
        for dob in DOB_SPELLINGS:
            assert dob not in text, f"{dob!r} in the {where}"
    assert "1. J.C." in outline
    assert "wider audience" in meta


def test_wider_audience_raw_bytes_carry_no_name(wider: Built) -> None:
    raw = wider.path.read_bytes()
    for name in young_people_names(wider.doc):
        assert name.encode() not in raw


def test_conditional_intelligence_left_out_unless_included(pack: Built, tmp_path: Path) -> None:
    assert CONDITIONAL_CONTEXT not in pack.flat
    included = build(tmp_path, make_pack(2, options=PackOptions(include_conditional=True)))
    assert CONDITIONAL_CONTEXT in included.flat
    assert "included by the chair" in included.flat


def test_password_protected_pack_needs_the_password(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    build_pack(make_pack(1, options=PackOptions(password="correct horse")), path)
    locked = pypdf.PdfReader(path)
    assert locked.is_encrypted
    with pytest.raises(FileNotDecryptedError):
        locked.pages[0].extract_text()
    assert not pypdf.PdfReader(path).decrypt("wrong password")
    opened = pypdf.PdfReader(path, password="correct horse")
    assert DEFAULT_MARKING in opened.pages[0].extract_text()
    assert b"Jade" not in path.read_bytes()  # the content is encrypted, not just flagged


def test_cancel_leaves_no_file_and_keeps_an_existing_one(tmp_path: Path) -> None:
    path = tmp_path / "pack.pdf"
    path.write_bytes(b"previous pack")
    seen: list[tuple[int, int, str]] = []

    def cancelled() -> bool:
        return len(seen) >= 3  # cancel while laying out the second young person

    with pytest.raises(Cancelled):
        build_pack(make_pack(3), path, progress=lambda *a: seen.append(a), cancelled=cancelled)
    assert path.read_bytes() == b"previous pack"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.pdf"]  # no partial file

    path.unlink()
    with pytest.raises(Cancelled):
        build_pack(make_pack(3), path, cancelled=lambda: True)
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []

    stream = io.BytesIO()
    with pytest.raises(Cancelled):
        build_pack(make_pack(3), stream, progress=lambda *a: seen.append(a), cancelled=cancelled)
    assert stream.getvalue() == b""


def test_progress_raising_cancelled_leaves_no_file(tmp_path: Path) -> None:
    """desktop.domain.progress.Progress.report may raise Cancelled itself."""

    def report(done: int, total: int, message: str = "") -> None:
        if done == 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        build_pack(make_pack(3), tmp_path / "pack.pdf", progress=report)
    assert list(tmp_path.iterdir()) == []


def test_progress_per_young_person(tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    build_pack(make_pack(3), tmp_path / "p.pdf", progress=lambda *a: seen.append(a))
    per_person = [s for s in seen if s[2].startswith("Young person")]
    assert per_person == [(i, 3, f"Young person {i} of 3") for i in (1, 2, 3)]
    assert seen[0][0] == 0 and seen[-1][:2] == (3, 3)


def test_stream_output(tmp_path: Path) -> None:
    stream = io.BytesIO()
    result = build_pack(make_pack(1), stream)
    assert result.bytes == len(stream.getvalue()) > 1000
    assert stream.getvalue().startswith(b"%PDF")


def test_case_summary_uses_the_person_sections(tmp_path: Path) -> None:
    built = build(tmp_path, make_pack(meeting=False))
    entries = built.outline()
    assert [t for level, t, _p in entries] == ["Cover", "Jade Carter (Jay)"]
    first_page = built.pages[0]
    assert "Case summary" in first_page and "Agenda" not in built.text
    body = "\n".join(built.pages[1:])
    lines = {line.strip() for line in body.splitlines()}
    assert [h for h in PERSON_SECTIONS if h not in lines] == []
    for number, text in enumerate(built.pages, 1):
        assert f"Page {number} of {len(built.pages)}" in text


def test_case_summary_for_a_wider_audience(tmp_path: Path) -> None:
    doc = make_pack(meeting=False, options=PackOptions(wider_audience=True))
    built = build(tmp_path, doc)
    meta = " ".join(str(v) for v in (built.reader.metadata or {}).values())
    for text in (built.text, built.flat, meta):
        assert "Jade" not in text and "Carter" not in text
        assert not any(d in text for d in DOB_SPELLINGS)
    assert built.outline()[1][1] == "J.C."


def test_service_redacted_documents_stay_as_they_are(tmp_path: Path) -> None:
    """Initials from the service (J.C.) are kept, not turned into something else."""
    doc = make_pack(2, options=PackOptions(wider_audience=True))
    people = tuple(
        replace(p, workspace=replace(p.workspace, header=replace(
            p.workspace.header, display_name=initials_of(p.workspace.header.display_name),
            preferred_name=None, date_of_birth=None)))
        for p in doc.people
    )  # fmt: skip
    built = build(tmp_path, replace(doc, people=people))
    assert [t for lv, t, _p in built.outline() if lv == 1] == ["1. J.C.", "2. A.H."]


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Jade Carter (Jay)", "J.C."), ("J.C.", "J.C."), ("Mary Ann Smith", "M.S."),
     ("Siobhán O'Neill", "S.O."), ("", "?")],
)  # fmt: skip
def test_initials(name: str, expected: str) -> None:
    assert initials_of(name) == expected


def test_redactor_scrubs_free_text() -> None:
    r = Redactor(make_pack(2, options=PackOptions(wider_audience=True)))
    said = r.text("Jade Carter (DOB 14 March 2011) told JADE CARTER's carer; Jay and Amelia left.")
    assert said == ("J.C. (DOB [date of birth withheld]) told J.C.'s carer; J.C. and A.H. left.")
    assert r.text("jaded and carters") == "jaded and carters"  # whole words only


def test_render_sample_pages_for_people_to_look_at(pack: Built) -> None:
    """Leaves the PDF and PNGs of the cover, dashboard and a person page in artifacts/reports."""
    folder = REPO_ROOT / "artifacts" / "reports"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(pack.path, folder / "sample-pack.pdf")
    except OSError:
        pytest.skip("artifacts/ is not writable")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    for page in (1, 4, 5):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
             str(pack.path), str(folder / f"sample-pack-p{page}")],
            check=True,
        )  # fmt: skip
        assert (folder / f"sample-pack-p{page}.png").stat().st_size > 5000


def test_text_longer_than_a_page_is_split_not_lost(tmp_path: Path) -> None:
    doc = make_pack(1)
    p = doc.people[0]
    ws = p.workspace
    long_entry = replace(ws.chronology[0], description="Long account. " * 600)
    header = replace(ws.header, plan="Plan step. " * 900)
    voice = replace(ws.assessments[0], young_person_words="I said this. " * 700)
    member = replace(p.member, decision="Decided. " * 800) if p.member else None
    ws = replace(ws, chronology=(long_entry, *ws.chronology[1:]), header=header,
                 assessments=(voice, *ws.assessments[1:]))  # fmt: skip
    built = build(tmp_path, replace(doc, people=(replace(p, workspace=ws, member=member),)))
    # Counted by the phrase's last word: a page break may fall inside a phrase.
    for word, times in (("account.", 600), ("step.", 900), ("this.", 700), ("Decided.", 800)):
        assert built.flat.count(word) == times, word


def test_empty_records_and_an_empty_cohort(tmp_path: Path) -> None:
    doc = make_pack(1)
    p = doc.people[0]
    series = replace(p.workspace.series, points=(), missing_starts=(), placement_moves=(),
                     contacts_per_week=(), review_due=None)  # fmt: skip
    bare = replace(
        p.workspace,
        chronology=(), assessments=(), series=series, contacts=(), placements=(),
        placement_flags=(), missing=(), missing_flags=(), associates=(), contexts=(),
        disruption=(),
        header=replace(p.workspace.header, risk_category=None, risk_score=None, trend=None,
                       review_due=None, flags=(), plan="", involvement=None),
    )  # fmt: skip
    built = build(tmp_path, replace(doc, people=(replace(p, workspace=bare, actions=()),)))
    for expected in (
        "No confirmed risk assessment yet",
        "No significant events in this period.",
        "No placement episodes recorded",
        "No associates recorded.",
        "No plan recorded.",
        "No actions for this young person.",
    ):
        assert expected in built.flat  # fmt: skip

    empty = replace(doc, people=(), meeting=replace(doc.meeting, cohort=(), actions=()))  # type: ignore[arg-type]
    built = build(tmp_path, empty, "empty.pdf")
    assert "Sign-off" in built.text and "No actions." in built.text


def test_typed_quotation_marks_are_not_doubled() -> None:
    from desktop.reports.person import unquote

    assert unquote('"I want to go home."') == "I want to go home."
    assert unquote("“It's fine”") == "It's fine"
    assert unquote("It's fine") == "It's fine"
    assert unquote('"') == '"'
