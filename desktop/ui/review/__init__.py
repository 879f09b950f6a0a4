"""Review mode: the dashboard, its charts, versions, approval, comparison and the board pack."""

from __future__ import annotations

from ..session_watch import SessionWatch

__all__ = ["SessionWatch"]
