"""Entry point: a subcommand runs the command line; otherwise the window opens.

``python main.py``            the window, on the last plan or the bundled sample
``python main.py PLAN``       the window, on PLAN
``python main.py COMMAND ...`` a headless command (see ``--help``)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from .logsetup import configure_logging

    configure_logging()
    from .cli import COMMANDS

    if args and (args[0] in COMMANDS or args[0] in ("-h", "--help", "--version")):
        from .cli import run

        return run(args)
    from .ui.app import run_window

    return run_window(args)


if __name__ == "__main__":
    sys.exit(main())
