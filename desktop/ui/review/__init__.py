"""Review mode: the dashboard, its charts, versions, approval, comparison and the board pack."""

from __future__ import annotations

from ..document_watch import DocumentWatch

__all__ = ["DocumentWatch"]
