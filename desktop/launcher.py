"""Entry point: a subcommand runs the command line; otherwise the window opens.

``python main.py``             the window, on the last plan or the bundled sample
``python main.py PLAN``        the window, on PLAN (what a double-click on a .opplan runs)
``python main.py COMMAND ...`` a headless command (see ``--help``)
``python main.py --selftest``  opens the window offscreen on a copy of the sample plan,
                               runs the checks and an export, prints SELFTEST OK

The same entry point runs the frozen app (``OpPlanDesk``), which is windowed: the
streams may be missing there, so they are made safe first, then the log file and
the crash handler are set up before anything else is imported.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

SELFTEST_FLAG = "--selftest"
#: An unexpected error ended the program (as the CLI's EXIT_BUG; BSD's EX_SOFTWARE).
EXIT_CRASH = 70


def prepare() -> None:
    """Safe streams, the log file, the crash handler: before any other work."""
    from . import crash
    from .logsetup import configure_logging, describe_runtime

    crash.ensure_streams()
    log_file = configure_logging()
    crash.install(log_file)
    logging.getLogger(__name__).info("start: %s", describe_runtime())


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:  # answered before anything else is imported
        from . import APP_NAME, __version__, crash

        crash.ensure_streams()
        print(f"{APP_NAME} {__version__}")
        return 0
    prepare()
    try:
        return _dispatch(args)
    except Exception as exc:
        # Reported here rather than left to the interpreter: the frozen windowed app's
        # bootloader would show a second, raw traceback dialog of its own after ours.
        from . import crash

        crash.excepthook(type(exc), exc, exc.__traceback__)
        return EXIT_CRASH


def _dispatch(args: list[str]) -> int:
    if args[:1] == [SELFTEST_FLAG]:
        from .selftest import run_selftest

        return run_selftest()  # checks the XML guard itself and says SELFTEST FAILED
    # The window checks the XML guard once it has painted (importing openpyxl and the
    # commands first would only delay it); exports and imports check it again.
    if not _is_window(args):
        from .core.exchange.safety import xml_guard_problem

        problem = xml_guard_problem()
        if problem:
            logging.getLogger(__name__).error("%s", problem)
            if sys.stderr is not None:
                print(f"opplan: {problem}", file=sys.stderr)
            return 2
        from .cli import COMMANDS

        if args[0] in COMMANDS or args[0] in ("-h", "--help", "--version"):
            from .cli import run

            return run(args)
    from .ui.app import make_application, run_window
    from .ui.appicon import app_icon

    make_application().setWindowIcon(app_icon())  # run_window uses this application
    return run_window(args)


def _is_window(args: list[str]) -> bool:
    """No arguments, a plan file, or the window's options: the window, for certain
    (other arguments may name a command)."""
    from .core.store.records import PLAN_SUFFIX

    first = args[0] if args else ""
    return not args or first in ("--read-only", "--review") or first.endswith(PLAN_SUFFIX)


if __name__ == "__main__":
    sys.exit(main())
