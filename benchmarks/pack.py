"""MACSE pack generation: a 30-young-person pack with full histories, against reportlab alone.

The ratio compares the whole build_pack (redaction, flowables from the DTOs, layout, writing)
with reportlab laying out the very same flowables made beforehand: what our code adds on top of
reportlab's own work. Both run in the same process, alternately, on fake data (no database).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from dataclasses import dataclass, replace

from desktop.domain.meetings import PackDocument, PackOptions
from desktop.reports.pack import build_pack, make_story, render_story


def _line(name: str, value: str, goal: str = "") -> None:
    print(f"  {name:<52} {value:>14}   {goal}")


def make_document(people: int, entries: int, wider: bool = False) -> PackDocument:
    from tests.reports.fakes import make_pack

    return make_pack(people, entries=entries, options=PackOptions(wider_audience=wider))


@dataclass
class Figures:
    full_wall: float  # median seconds, whole build_pack
    layout_wall: float  # median seconds, reportlab laying out ready-made flowables
    full_cpu: float  # the same in this process's CPU time (steadier on a shared machine)
    layout_cpu: float
    pages: int
    size: int


def measure(doc: PackDocument, repeat: int) -> Figures:
    """Alternate a full build and a layout of flowables made beforehand, `repeat` times each."""
    fw, lw, fc, lc = [], [], [], []
    pages = size = 0
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = build_pack(doc, io.BytesIO())
        fw.append(time.perf_counter() - wall)
        fc.append(time.process_time() - cpu)
        pages, size = result.pages, result.bytes

        story = make_story(doc)  # made beforehand: not timed
        wall, cpu = time.perf_counter(), time.process_time()
        render_story(doc, story, io.BytesIO())
        lw.append(time.perf_counter() - wall)
        lc.append(time.process_time() - cpu)
    med = statistics.median
    return Figures(med(fw), med(lw), med(fc), med(lc), pages, size)


def run(repeat: int = 5, people: int = 30, entries: int = 120) -> None:
    print(f"MACSE pack ({people} young people, {entries} chronology entries each, fake data)")
    meeting = make_document(people, entries)
    whole = replace(meeting, people=tuple(replace(p, since=None) for p in meeting.people))
    for label, doc in (
        ("meeting pack (since the last meeting)", meeting),
        ("the same, wider audience", make_document(people, entries, wider=True)),
        ("whole histories (no 'since' cut-off)", whole),
    ):
        build_pack(doc, io.BytesIO())  # warm imports, fonts and caches once
        f = measure(doc, repeat)
        print(f" {label}")
        _line("generation time (median, wall clock)", f"{f.full_wall:.2f} s", "goal <= 5 s")
        _line("pages / file size", f"{f.pages} / {f.size / 1024:.0f} KiB")
        _line("reportlab alone, same flowables (wall clock)", f"{f.layout_wall:.2f} s")
        _line("ratio to reportlab alone (wall clock)", f"{f.full_wall / f.layout_wall:.2f}x",
              "goal <= 1.3x")  # fmt: skip
        _line("ratio to reportlab alone (CPU time)", f"{f.full_cpu / f.layout_cpu:.2f}x",
              "goal <= 1.3x")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pack", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--entries", type=int, default=120)
    args = parser.parse_args(argv)
    run(args.repeat, args.people, args.entries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
