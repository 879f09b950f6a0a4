"""OpPlan Desk. ``python main.py --help`` lists the commands; no command opens the window."""

import sys

from desktop.launcher import main

if __name__ == "__main__":
    sys.exit(main())
