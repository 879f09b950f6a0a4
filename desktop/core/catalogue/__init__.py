"""The template catalogue: rounds, periods, templates, sheets and lines, read from data."""

from .loader import available_rounds, load_round
from .model import ORG_KINDS, REGIONS, Catalogue, Line, Period, Round, Sheet, Template, Year

__all__ = [
    "ORG_KINDS",
    "REGIONS",
    "Catalogue",
    "Line",
    "Period",
    "Round",
    "Sheet",
    "Template",
    "Year",
    "available_rounds",
    "load_round",
]
