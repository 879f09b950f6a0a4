"""The data behind the review charts (the dashboard and the board pack paint these)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..plan import Plan


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Decimal | None]
    kind: str = "bar"  # bar | line
    colour: str = "#2F75B5"


@dataclass(frozen=True)
class Reference:
    """A horizontal line: a standard or an average."""

    name: str
    value: Decimal
    colour: str = "#C00000"


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    unit: str  # gbp000 | count | wte | pct
    categories: list[str]
    series: list[Series]
    references: list[Reference] = field(default_factory=list)
    stacked: bool = False


BLUE, GREEN, AMBER, GREY, RED = "#2F75B5", "#548235", "#E69500", "#7F7F7F", "#C00000"


class _Charts:
    def __init__(self, plan: Plan, year: str):
        self.plan = plan
        self.round = plan.round
        self.year = year
        self.months = list(self.round.year(year).months)
        self.labels = [self.round.label(m) for m in self.months]
        index = [y.code for y in self.round.years].index(year)
        self.prior = "FOT" if index == 0 else self.round.years[index - 1].code
        self.out: list[Chart] = []

    def values(self, code: str, periods: list[str] | None = None) -> list[Decimal | None]:
        if code not in self.plan.catalogue.lines:
            return [None] * len(periods or self.months)
        return [self.plan.number(code, p) for p in (periods or self.months)]

    def activity(self) -> None:
        for code, title in (
            ("E.M.10", "Elective spells"),
            ("E.M.11", "Non-elective spells"),
            ("E.M.12", "A&E attendances"),
        ):
            if code not in self.plan.catalogue.lines:
                continue
            before = self.plan.number(code, self.prior)
            months_before = 12
            references = []
            if before is not None:
                references.append(
                    Reference(
                        f"{self.round.label(self.prior)} monthly average",
                        before / months_before,
                        GREY,
                    )
                )
            self.out.append(
                Chart(
                    f"activity:{code}",
                    f"{title} by month against last year's monthly average",
                    "count",
                    self.labels,
                    [Series(title, self.values(code), "bar", BLUE)],
                    references,
                )
            )

    def performance(self, items: tuple[tuple[str, str, str], ...]) -> None:
        for code, title, standard in items:
            if code not in self.plan.catalogue.lines:
                continue
            self.out.append(
                Chart(
                    f"performance:{code}",
                    f"{title} against the standard",
                    "pct",
                    self.labels,
                    [Series(title, self.values(code), "line", BLUE)],
                    [
                        Reference(
                            f"Standard {self.round.threshold(standard)}%",
                            self.round.threshold(standard),
                            RED,
                        )
                    ],
                )
            )

    def provider(self) -> None:
        measure = self.round.thresholds.get("control_total_measure", "FIN.CT.BASIS")
        control_total = self.plan.number("FIN.PAR.CT", self.year)
        phasing: list[Decimal | None] = [None] * len(self.months)
        if control_total is not None:
            phasing = [control_total / len(self.months)] * len(self.months)
        self.out.append(
            Chart(
                "surplus",
                "Monthly surplus/(deficit) against the control-total phasing",
                "gbp000",
                self.labels,
                [
                    Series(
                        "Surplus/(deficit), control-total basis", self.values(measure), "bar", BLUE
                    ),
                    Series("Control total, phased evenly", phasing, "line", RED),
                ],
            )
        )
        self.out.append(
            Chart(
                "savings",
                "Efficiency savings by month",
                "gbp000",
                self.labels,
                [
                    Series("Recurrent", self.values("FIN.EFF.REC"), "bar", GREEN),
                    Series("Non-recurrent", self.values("FIN.EFF.NREC"), "bar", AMBER),
                ],
                stacked=True,
            )
        )
        self.activity()
        self.performance(
            (
                ("E.B.3", "RTT: % within 18 weeks", "rtt_standard_pct"),
                ("E.B.5", "A&E: % within 4 hours", "ae_standard_pct"),
                ("E.B.12", "Cancer 62-day: %", "cancer_62d_pct"),
                ("E.B.4", "Diagnostics: % waiting 6 weeks or more", "diagnostics_max_pct"),
            )
        )
        periods = ["BASE", *self.months] if self.year == "Y1" else self.months
        labels = [self.round.label(p) for p in periods]
        self.out.append(
            Chart(
                "wte",
                "WTE by staffing type",
                "wte",
                labels,
                [
                    Series("Substantive", self.values("WF.TOT.SUB", periods), "bar", BLUE),
                    Series("Bank", self.values("WF.TOT.BANK", periods), "bar", GREEN),
                    Series("Agency", self.values("WF.TOT.AGY", periods), "bar", AMBER),
                ],
                stacked=True,
            )
        )

    def commissioner(self) -> None:
        self.out.append(
            Chart(
                "qipp",
                "QIPP savings by month",
                "gbp000",
                self.labels,
                [Series("QIPP", self.values("CFIN.QIPP.TOT"), "bar", GREEN)],
            )
        )
        self.activity()
        self.performance(
            (
                ("E.B.3", "RTT: % within 18 weeks", "rtt_standard_pct"),
                ("E.A.S.1", "Dementia diagnosis rate", "dementia_diagnosis_pct"),
                ("E.A.S.2", "IAPT recovery rate", "iapt_recovery_pct"),
            )
        )


def charts(plan: Plan, year: str = "Y1") -> list[Chart]:
    """The review charts of ``plan`` for plan year ``year``, in the order they are shown."""
    builder = _Charts(plan, year)
    if plan.catalogue.org_kind == "provider":
        builder.provider()
    else:
        builder.commissioner()
    return builder.out
