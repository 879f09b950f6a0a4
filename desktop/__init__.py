"""OpPlan Desk: NHS operational plan submissions, prepared and checked on the desktop."""

__version__ = "0.1.0"
APP_NAME = "OpPlan Desk"
