"""The plan's story at a glance: headline figures, each with a status from the checks.

One source for the dashboard, the board pack and their tests: every figure is
read from the calculator, every status from the standing findings (red when an
error of the related checks stands, amber for a warning, green otherwise, grey
when the figures are not all entered).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..catalogue import Round
from ..checks import Finding
from ..checks.text import count, money, pct, points, wte
from ..plan import Plan

STATUSES = ("green", "amber", "red", "grey")


@dataclass(frozen=True)
class Headline:
    key: str
    section: str  # Finance, Activity, Performance, Workforce
    title: str
    value: str  # the figure as shown
    detail: str  # what it is compared with
    status: str  # green | amber | red | grey
    rules: tuple[str, ...]
    figures: dict[str, Decimal] = field(default_factory=dict, compare=False)


def _against_control_total(figure: Decimal, target: Decimal) -> str:
    gap = figure - target
    if gap == 0:
        return f"Control total {money(target)}: exactly on it"
    return f"Control total {money(target)}: {money(abs(gap))} {'better' if gap > 0 else 'worse'}"


def _in_year(round_: Round, period: str | None, year: str) -> bool:
    """Whether a finding on ``period`` concerns plan year ``year``."""
    if period is None or period == year:
        return True
    kind = round_.periods[period].kind if period in round_.periods else ""
    if kind == "month":
        return period in round_.year(year).months
    if kind == "baseline":
        return year == round_.years[0].code
    return False  # another plan year


def _status(
    round_: Round,
    findings: Iterable[Finding],
    rules: tuple[str, ...],
    year: str,
    lines: tuple[str, ...] = (),
) -> str:
    related = [
        f
        for f in findings
        if f.rule in rules and _in_year(round_, f.period, year) and (not lines or f.line in lines)
    ]
    if any(f.severity == "error" for f in related):
        return "red"
    if any(f.severity == "warning" for f in related):
        return "amber"
    return "green"


class _Builder:
    def __init__(self, plan: Plan, findings: list[Finding], year: str):
        self.plan = plan
        self.findings = findings
        self.year = year
        self.round = plan.round
        self.year_label = self.round.year(year).label
        self.months = self.round.year(year).months
        index = [y.code for y in self.round.years].index(year)
        self.prior = "FOT" if index == 0 else self.round.years[index - 1].code
        self.prior_base = "BASE" if index == 0 else self.round.years[index - 1].last_month
        self.out: list[Headline] = []

    def num(self, code: str, period: str) -> Decimal | None:
        if code not in self.plan.catalogue.lines:
            return None
        return self.plan.number(code, period)

    def add(
        self,
        key: str,
        section: str,
        title: str,
        value: str,
        detail: str,
        rules: tuple[str, ...],
        lines: tuple[str, ...] = (),
        **figures: Decimal | None,
    ) -> None:
        if any(v is None for v in figures.values()):
            self.out.append(
                Headline(
                    key,
                    section,
                    title,
                    "not entered",
                    "the figures are not all entered",
                    "grey",
                    rules,
                )
            )
            return
        status = _status(self.round, self.findings, rules, self.year, lines)
        clean = {k: v for k, v in figures.items() if v is not None}
        self.out.append(Headline(key, section, title, value, detail, status, rules, clean))

    def second_half_share(self, code: str) -> Decimal | None:
        """The share (%) of the year's total that falls in its second half, or None."""
        total = self.num(code, self.year)
        monthly = [self.num(code, m) for m in self.months]
        if not total or any(v is None for v in monthly):
            return None
        half = len(self.months) // 2
        return sum((v for v in monthly[half:] if v is not None), Decimal(0)) * 100 / total

    def growth(self, code: str) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        now, before = self.num(code, self.year), self.num(code, self.prior)
        if now is None or before is None or before == 0:
            return now, before, None
        return now, before, (now / before - 1) * 100

    # -- provider ----------------------------------------------------------------------

    def provider(self) -> None:
        measure_line = self.round.thresholds.get("control_total_measure", "FIN.CT.BASIS")
        measure = self.num(measure_line, self.year)
        target = self.num("FIN.PAR.CT", self.year)
        if measure is not None and target is not None:
            detail = _against_control_total(measure, target)
        else:
            detail = ""
        self.add(
            "control_total",
            "Finance",
            "Surplus/(deficit) against the control total",
            money(measure) if measure is not None else "",
            detail,
            ("F01", "F02", "F09"),
            measure=measure,
            control_total=target,
        )

        savings = self.num("FIN.EFF.TOT", self.year)
        opex = None
        pay, npy = self.num("FIN.PAY.TOT", self.year), self.num("FIN.NPY.TOT", self.year)
        if pay is not None and npy is not None:
            opex = pay + npy
        share = None
        if savings is not None and opex:
            share = savings * 100 / opex
        second_half = self.second_half_share("FIN.EFF.TOT")
        detail = (
            f"{pct(share)} of operating expenditure; {pct(second_half)} in the second half"
            if share is not None and second_half is not None
            else ""
        )
        self.add(
            "efficiency",
            "Finance",
            "Efficiency savings (CIP)",
            money(savings) if savings is not None else "",
            detail,
            ("F04", "F05", "F06", "F07", "F08"),
            savings=savings,
            share=share,
            second_half=second_half,
        )

        agency = self.num("FIN.PAY.03", self.year)
        ceiling = self.num("FIN.PAR.AGCEIL", self.year)
        detail = ""
        if agency is not None and ceiling:
            detail = f"Ceiling {money(ceiling)}: {pct(agency * 100 / ceiling)} of it"
        self.add(
            "agency",
            "Finance",
            "Agency spend against the ceiling",
            money(agency) if agency is not None else "",
            detail,
            ("F03",),
            agency=agency,
            ceiling=ceiling,
        )
        self.activity(("A01", "A02", "A03", "A04"))
        self.performance()
        self.workforce()

    def activity(self, rules: tuple[str, ...]) -> None:
        for code, title in (
            ("E.M.7", "GP and other referrals"),
            ("E.M.8", "Outpatient first attendances"),
            ("E.M.9", "Outpatient follow-ups"),
            ("E.M.10", "Elective spells"),
            ("E.M.11", "Non-elective spells"),
            ("E.M.12", "A&E attendances"),
        ):
            if code not in self.plan.catalogue.lines:
                continue
            now, before, change = self.growth(code)
            value = pct(change) if change is not None else ""
            if change is not None and change > 0:
                value = "+" + value
            detail = (
                f"{count(now)} in {self.year_label} against {count(before)} in "
                f"{self.round.label(self.prior)}"
                if now is not None and before is not None
                else ""
            )
            self.add(
                f"activity:{code}",
                "Activity",
                f"{title} growth",
                value,
                detail,
                rules,
                lines=(code,),
                now=now,
                before=before,
                growth=change,
            )

    def performance(self) -> None:
        last = self.months[-1]
        waiting, before = self.num("E.B.3a", last), self.num("E.B.3a", self.prior_base)
        detail = ""
        if waiting is not None and before is not None:
            change = waiting - before
            direction = "up" if change > 0 else "down" if change < 0 else "unchanged"
            detail = (
                f"{self.round.label(self.prior_base)}: {count(before)} "
                f"({direction}{' ' + count(abs(change)) if change else ''})"
            )
        self.add(
            "rtt_waiting_list",
            "Performance",
            f"RTT waiting list at {self.round.label(last)}",
            count(waiting) if waiting is not None else "",
            detail,
            ("P01", "P02", "P03"),
            waiting=waiting,
            before=before,
        )
        for key, code, title, standard_name, rules, period in (
            ("ae_4h", "E.B.5", "A&E within 4 hours", "ae_standard_pct", ("P04",), last),
            ("cancer_62d", "E.B.12", "Cancer 62-day", "cancer_62d_pct", ("P06",), self.year),
            (
                "diagnostics",
                "E.B.4",
                "Diagnostics waiting 6 weeks or more",
                "diagnostics_max_pct",
                ("P05",),
                last,
            ),
        ):
            value = self.num(code, period)
            standard = self.round.threshold(standard_name)
            where = self.round.label(period)
            self.add(
                key,
                "Performance",
                title,
                pct(value) if value is not None else "",
                f"Standard {pct(standard)}; {where}",
                rules,
                lines=(code,),
                rate=value,
                standard=standard,
            )

    def workforce(self) -> None:
        last = self.months[-1]
        parts = []
        parts_figures: dict[str, Decimal | None] = {}
        for code, name in (
            ("WF.TOT.SUB", "substantive"),
            ("WF.TOT.BANK", "bank"),
            ("WF.TOT.AGY", "agency"),
        ):
            now, before = self.num(code, last), self.num(code, self.prior_base)
            parts_figures[name] = None if now is None or before is None else now - before
            if now is not None and before is not None:
                step = now - before
                parts.append(f"{name} {'+' if step > 0 else ''}{wte(step)}")
        total_now, total_before = self.num("WF.TOT", last), self.num("WF.TOT", self.prior_base)
        change = None if total_now is None or total_before is None else total_now - total_before
        value = f"{'+' if change and change > 0 else ''}{wte(change)}" if change is not None else ""
        self.add(
            "wte_change",
            "Workforce",
            f"WTE change, {self.round.label(self.prior_base)} to {self.round.label(last)}",
            value,
            "; ".join(parts),
            ("T01", "T02", "T03", "T05"),
            total=total_now,
            change=change,
            substantive=parts_figures["substantive"],
            bank=parts_figures["bank"],
            agency=parts_figures["agency"],
        )

    # -- commissioner ------------------------------------------------------------------

    def commissioner(self) -> None:
        position = self.num("CFIN.SURPLUS", self.year)
        target = self.num("CFIN.PAR.CT", self.year)
        detail = ""
        if position is not None and target is not None:
            detail = _against_control_total(position, target)
        self.add(
            "control_total",
            "Finance",
            "In-year surplus/(deficit) against the control total",
            money(position) if position is not None else "",
            detail,
            ("C01",),
            position=position,
            control_total=target,
        )

        _, _, mh_growth = self.growth("CFIN.MH.TOT")
        _, _, alloc_growth = self.growth("CFIN.ALL.01")
        uplift = self.num("CFIN.PAR.MHUP", self.year)
        required = None if alloc_growth is None or uplift is None else alloc_growth + uplift
        detail = (
            f"Required {pct(required)} (allocation growth plus {points(uplift)})"
            if required is not None and uplift is not None
            else ""
        )
        self.add(
            "mhis",
            "Finance",
            "Mental Health Investment Standard growth",
            pct(mh_growth) if mh_growth is not None else "",
            detail,
            ("C02",),
            growth=mh_growth,
            required=required,
        )

        qipp = self.num("CFIN.QIPP.TOT", self.year)
        second_half = self.second_half_share("CFIN.QIPP.TOT")
        self.add(
            "qipp",
            "Finance",
            "QIPP savings",
            money(qipp) if qipp is not None else "",
            f"{pct(second_half)} in the second half" if second_half is not None else "",
            ("C06", "C07"),
            qipp=qipp,
            second_half=second_half,
        )

        running = self.num("CFIN.EXP.11", self.year)
        allowance = self.num("CFIN.ALL.03", self.year)
        self.add(
            "running_costs",
            "Finance",
            "Running costs against the allowance",
            money(running) if running is not None else "",
            f"Allowance {money(allowance)}" if allowance is not None else "",
            ("C03",),
            running=running,
            allowance=allowance,
        )
        self.activity(("C09",))


def headlines(plan: Plan, findings: list[Finding], year: str = "Y1") -> list[Headline]:
    """The headline figures of ``plan`` for plan year ``year``."""
    builder = _Builder(plan, findings, year)
    if plan.catalogue.org_kind == "provider":
        builder.provider()
    else:
        builder.commissioner()
    return builder.out
