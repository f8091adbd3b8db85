"""MACSE meetings and packs: `caseboard meetings`, `pack` and `summary`."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop.cli_connect import open_from_args, postcodes, signed_in_actor
from desktop.cli_support import EXIT_OK, RECORD_ID, CommonOptions, fail, secret_from_file


def add_meetings_parsers(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common_options: CommonOptions
) -> None:
    meetings = sub.add_parser("meetings", help="list MACSE meetings the user may see")
    meetings.add_argument(
        "--list", action="store_true", required=True, help="print id, date, title, cohort size"
    )
    common_options(meetings)
    pack = sub.add_parser(
        "pack", help="write a MACSE meeting pack as PDF (audited with its young people)"
    )
    pack.add_argument("--meeting", type=RECORD_ID, required=True, metavar="ID", help="meeting id")
    summary = sub.add_parser(
        "summary", help="write one young person's case summary as PDF (audited)"
    )
    summary.add_argument(
        "--young-person", type=RECORD_ID, required=True, metavar="ID", help="young person id"
    )
    _break_glass_option(summary)
    for p in (pack, summary):
        p.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="output file")
        p.add_argument(
            "--wider-audience",
            action="store_true",
            help="initials instead of names and no dates of birth anywhere in the document",
        )
        p.add_argument(
            "--include-conditional",
            action="store_true",
            help="include intelligence with handling code C (left out by default)",
        )
        p.add_argument(
            "--pdf-password-file",
            type=Path,
            metavar="FILE",
            help="protect the PDF with the password on the first line of FILE",
        )
        common_options(p)


def _break_glass_option(parser: argparse.ArgumentParser) -> None:
    """For a command about one young person: open a restricted record as the app does."""
    parser.add_argument(
        "--break-glass-reason",
        metavar="TEXT",
        help="why you need a restricted record you may otherwise see only by initials: "
        "break-glass access for this command, audited, and your team manager is alerted",
    )


def _with_break_glass(access, actor, args: argparse.Namespace, young_person_id: int):  # type: ignore[no-untyped-def]
    """The actor, after break-glass for this young person when --break-glass-reason is given."""
    if args.break_glass_reason is None:
        return actor
    return access.break_glass(actor, young_person_id, args.break_glass_reason)


def _restricted() -> int:
    return fail(
        "This young person's record is restricted: give --break-glass-reason TEXT to open it "
        "(audited; your team manager is alerted)"
    )


def _pdf_password(args: argparse.Namespace) -> str | None:
    from desktop.domain.errors import ValidationFailed

    if args.pdf_password_file is None:
        return None
    password = secret_from_file(args.pdf_password_file, "PDF password")
    if not password:
        raise ValidationFailed("The PDF password file is empty")
    return password


def run_meetings_command(args: argparse.Namespace) -> int:
    from desktop.domain.errors import RestrictedRecord
    from desktop.domain.meetings import PackOptions
    from desktop.services.lazy import compose_services

    options = None
    if args.command != "meetings":
        options = PackOptions(
            wider_audience=args.wider_audience,
            include_conditional=args.include_conditional,
            password=_pdf_password(args),
        )
    db = open_from_args(args)
    try:
        services = compose_services(db, postcodes())
        actor = signed_in_actor(services.auth, args)
        service = services.meetings
        if options is None:
            rows = service.list_meetings(actor)
        elif args.command == "pack":
            pages = service.write_pack(actor, args.meeting, options, args.out)
        else:
            actor = _with_break_glass(services.access, actor, args, args.young_person)
            pages = service.write_summary(actor, args.young_person, options, args.out)
    except RestrictedRecord:
        return _restricted()
    finally:
        db.dispose()
    if options is None:
        print("ID\tDate\tTitle\tCohort")
        for m in rows:
            print(f"{m.id}\t{m.held_on.isoformat()}\t{m.title}\t{m.cohort_size}")
        return EXIT_OK
    print(f"Wrote {args.out} ({pages} pages)")
    return EXIT_OK
