"""Entry point: `caseboard` / `python -m desktop`."""

from __future__ import annotations

import os
import sys


def main() -> int:
    # Every file Caseboard writes (database, -wal/-shm, backups, exports, screenshots, PDFs)
    # is readable by this user only; the places that create files also set 0600 themselves.
    os.umask(0o077)
    from desktop.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
