"""Regenerate the bundled sample plans (round 2019/20) and samples.toml.

    .venv/bin/python resources/samples/make_samples.py

Writes sample-trust-2019-20.csv (provider), sample-ccg-2019-20.csv (commissioner)
and samples.toml next to this script. The organisations are fictitious; the
figures are derived deterministically from the annual assumptions below, phased
by seasonal profiles (working days, winter pressure, heating, savings ramps).

The plans are meant to pass the regional review with no error and a handful of
realistic warnings. ``review`` below is a simplified, stand-alone re-implementation
of shared/domain/checks.md (not the app's checks) used to confirm that; the
script stops if a plan has an error or an unexpected set of warnings.
"""

from __future__ import annotations

import sys
from calendar import monthrange
from datetime import date
from decimal import ROUND_HALF_UP, Decimal as D
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from desktop.core.catalogue import load_round  # noqa: E402
from desktop.core.plan import Plan  # noqa: E402

ROUND = load_round("2019-20")
MONTHS = ROUND.months                      # M01 (Apr-19) ... M12 (Mar-20)
ONE, TENTH, CENT = D("1"), D("0.1"), D("0.01")
EXPECTED = {"provider": {"A06", "F07", "P03", "P04"}, "commissioner": {"C07", "C08", "C09"}}

# ---------------------------------------------------------------------------------
# Seasonal profiles: 12 monthly weights (April ... March), normalised where used.

BANK_HOLIDAYS = {date(2019, 4, 19), date(2019, 4, 22), date(2019, 5, 6), date(2019, 5, 27),
                 date(2019, 8, 26), date(2019, 12, 25), date(2019, 12, 26), date(2020, 1, 1)}


def _working_days(i: int) -> int:
    year, month = (2019, 4 + i) if i < 9 else (2020, i - 8)
    days = (date(year, month, d) for d in range(1, monthrange(year, month)[1] + 1))
    return sum(1 for d in days if d.weekday() < 5 and d not in BANK_HOLIDAYS)


def ws(text: str) -> list[D]:
    """Twelve (or thirteen) decimals from a space-separated string."""
    return [D(x) for x in text.split()]


def shaped(base: list[D], factors: str) -> list[D]:
    return [b * f for b, f in zip(base, ws(factors))]


def one_month(code: str) -> list[D]:
    return [ONE if m == code else D(0) for m in MONTHS]


DAYS = [D(ROUND.periods[m].days) for m in MONTHS]
WORKDAYS = [D(_working_days(i)) for i in range(12)]
FLAT = [ONE] * 12
# planned care follows working days, less summer leave, the Christmas shutdown and
# January cancellations under winter pressure
ELECTIVE = shaped(WORKDAYS, "1 1 1 1 .94 1 1 1 .88 .96 1 1")
# emergency admissions per day peak December-February
NEL = shaped(DAYS, ".97 .97 .96 .97 .95 .98 1 1.03 1.07 1.08 1.06 1.02")
# A&E attendances per day: busy late spring and summer, a December surge, quieter Jan/Feb
AE = shaped(DAYS, "1 1.03 1.03 1.04 .99 .99 1 .99 1.02 .98 .98 1")
HEATING = shaped(DAYS, ".95 .92 .9 .9 .9 .95 1.02 1.08 1.12 1.14 1.12 1.05")
# patient care income: part fixed (block and contract elements), part planned, part emergency
INCOME = [3 * d / sum(DAYS) + 4 * e / sum(ELECTIVE) + 3 * n / sum(NEL)
          for d, e, n in zip(DAYS, ELECTIVE, NEL)]
RAMP = ws("6 7 7 8 8 8 9 9 9 9 10 10")             # savings schemes building up
RAMP_LATE = ws("4 5 6 7 8 8 9 10 10 11 11 11")     # schemes still to be identified
CAPEX = ws("3 4 6 7 7 8 9 9 8 10 12 17")
PSF = ws("2 2 2 2 2 2 3 3 3 3 3 3")                # quarterly, Q1-Q2 20%, Q3-Q4 30%
H2_STEP = ws("1 1 1 1 1 1 1.06 1.06 1.06 1.06 1.06 1.06")   # new assets in use from October
BANK_SEASON = ws("1 .98 .97 .98 1.02 .99 1 1.03 1.06 1.08 1.07 1.03")
AGY_SEASON = ws("1 .98 .97 .98 1.03 .99 1 1.02 1.04 1.06 1.05 1")


def spread(total, weights: list[D], q: D = ONE) -> list[D]:
    """Split ``total`` over the months in proportion to ``weights``, rounded to ``q``,
    the rounding difference going to the heaviest month so the months add up exactly."""
    total, s = D(total), sum(weights)
    parts = [(total * w / s).quantize(q, ROUND_HALF_UP) for w in weights]
    heaviest = max(range(12), key=lambda i: weights[i])
    parts[heaviest] += total - sum(parts)
    return parts


def path(base, end, weights: list[D], q: D = ONE) -> list[D]:
    """A stock moving from ``base`` to ``end`` by March, in steps proportional to ``weights``."""
    base, end, s, done, out = D(base), D(end), sum(weights), D(0), []
    for w in weights:
        done += w
        out.append((base + (end - base) * done / s).quantize(q, ROUND_HALF_UP))
    return out


def rate(dens: list[D], pcts: list[D]) -> list[D]:
    return [(d * p / 100).quantize(ONE, ROUND_HALF_UP) for d, p in zip(dens, pcts)]


class Values(dict):
    """Entered cells {(line, period): value} with helpers for the usual column layouts."""

    def months(self, code: str, monthly: list, first: tuple[str, object] | None = None):
        if first is not None:
            self[code, first[0]] = D(first[1])
        for m, v in zip(MONTHS, monthly):
            self[code, m] = v

    def flow(self, code: str, fot, y1, weights: list[D], q: D = TENTH):
        self.months(code, spread(y1, weights, q), ("FOT", fot))

    def annual(self, code: str, *values, periods=("FOT", "Y1")):
        for p, v in zip(periods, values):
            self[code, p] = v if v in ("Y", "N") else D(v)


# ---------------------------------------------------------------------------------
# Activity and performance (shared by ACT and CACT): FOT 2018/19 and growth %.

ACTIVITY_PROFILE = {"E.M.7a": WORKDAYS, "E.M.7b": WORKDAYS, "E.M.8": ELECTIVE, "E.M.9": ELECTIVE,
                    "E.M.10a": ELECTIVE, "E.M.10b": ELECTIVE, "E.M.11a": NEL, "E.M.11b": NEL,
                    "E.M.12a": AE, "E.M.12b": AE, "E.M.13": ELECTIVE, "E.M.14": WORKDAYS}
TRUST_ACTIVITY = {"E.M.7a": (96000, "1.5"), "E.M.7b": (52000, "2.0"), "E.M.8": (138000, "2.0"),
                  "E.M.9": (285000, "1.0"), "E.M.10a": (9800, "1.5"), "E.M.10b": (52000, "3.0"),
                  "E.M.11a": (18500, "3.0"), "E.M.11b": (38000, "1.5"), "E.M.12a": (112000, "2.5"),
                  "E.M.12b": (38000, "3.0"), "E.M.13": (14500, "4.0"), "E.M.14": (265000, "4.0")}
CCG_ACTIVITY = {"E.M.7a": (88000, "1.0"), "E.M.7b": (41000, "1.5"), "E.M.8": (121000, "1.5"),
                "E.M.9": (262000, "-3.0"),  # outpatient transformation QIPP (C09)
                "E.M.10a": (8600, "1.0"), "E.M.10b": (46500, "2.5"), "E.M.11a": (15900, "1.0"),
                "E.M.11b": (33800, "0.5"), "E.M.12a": (98000, "1.5"), "E.M.12b": (46000, "2.0"),
                "E.M.13": (12800, "4.0"), "E.M.14": (231000, "4.5")}
# Performance: BASE then M01-M12 (stocks and %), FOT then M01-M12 (flow %).
TRUST_PERF = {
    "rtt_list": "41250 41400 41650 41800 41950 42150 41900 41700 41550 42250 42050 41600 41100",
    "rtt_pct": "89.6 89.8 90.0 90.2 90.3 90.1 90.4 90.6 90.7 89.9 89.7 90.2 90.8",   # P03
    "ww52": "14 12 11 10 9 8 7 6 5 4 3 1 0",
    "diag_list": "9650 9700 9850 9900 9800 10050 9950 9900 9800 10100 9900 9750 9700",
    "diag_pct": "1.6 1.5 1.4 1.3 1.3 1.4 1.2 1.1 1.0 1.2 0.9 0.8 0.8",
    "ae_pct": "88.9 89.0 90.2 90.8 90.5 91.2 90.6 89.8 88.7 87.5 86.9 88.4 91.0",     # P04
    "E.B.6": (16900, 17800, "94.1 94.2 94.6 94.8 94.5 94.0 94.7 94.9 94.8 93.8 94.1 94.6 95.0"),
    "E.B.8": (2610, 2750, "96.4 96.5 96.8 97.0 96.9 96.3 96.8 97.1 97.0 96.2 96.5 96.9 97.2"),
    "E.B.12": (1090, 1150, "83.8 84.6 85.2 85.9 86.1 84.8 85.6 86.0 86.3 84.9 85.1 85.8 86.5"),
}
CCG_PERF = {
    "rtt_list": "36800 36950 37150 37300 37400 37550 37350 37200 37100 37650 37500 37150 36700",
    "rtt_pct": "88.9 89.1 89.3 89.6 89.8 89.5 89.9 90.2 90.3 89.4 89.2 89.8 90.4",
    "ww52": "11 10 9 8 7 6 5 4 4 3 2 1 0",
    "diag_list": "8400 8450 8550 8600 8500 8750 8650 8600 8500 8800 8600 8500 8450",
    "diag_pct": "1.5 1.4 1.3 1.3 1.2 1.3 1.1 1.0 1.0 1.1 0.9 0.8 0.8",
    "ae_pct": "89.4 89.6 90.6 91.1 90.9 91.5 91.0 90.3 89.2 88.1 87.6 89.0 91.4",
    "E.B.6": (14700, 15400, "94.0 94.1 94.5 94.7 94.4 94.0 94.6 94.8 94.7 93.7 94.0 94.5 94.9"),
    "E.B.8": (2270, 2380, "96.3 96.4 96.7 96.9 96.8 96.2 96.7 97.0 96.9 96.1 96.4 96.8 97.1"),
    "E.B.12": (940, 990, "83.5 84.3 85.0 85.7 86.0 84.6 85.4 85.9 86.2 84.8 85.0 85.7 86.3"),
}


def activity_and_performance(v: Values, activity: dict, perf: dict) -> None:
    for code, (fot, growth) in activity.items():
        y1 = (D(fot) * (1 + D(growth) / 100)).quantize(ONE, ROUND_HALF_UP)
        v.flow(code, fot, y1, ACTIVITY_PROFILE[code], ONE)
    rtt, diag = ws(perf["rtt_list"]), ws(perf["diag_list"])
    v.months("E.B.3a", rtt[1:], ("BASE", rtt[0]))
    v.months("E.B.3n", rate(rtt[1:], ws(perf["rtt_pct"])[1:]),
             ("BASE", rate(rtt[:1], ws(perf["rtt_pct"])[:1])[0]))
    ww52 = ws(perf["ww52"])
    v.months("E.B.18", ww52[1:], ("BASE", ww52[0]))
    v.months("E.B.4d", diag[1:], ("BASE", diag[0]))
    v.months("E.B.4n", rate(diag[1:], ws(perf["diag_pct"])[1:]),
             ("BASE", rate(diag[:1], ws(perf["diag_pct"])[:1])[0]))
    # the 4-hour measure counts every A&E attendance (types 1-4): A05
    ae = [v["E.M.12a", m] + v["E.M.12b", m] for m in MONTHS]
    ae_fot = v["E.M.12a", "FOT"] + v["E.M.12b", "FOT"]
    ae_pct = ws(perf["ae_pct"])
    v.months("E.B.5d", ae, ("FOT", ae_fot))
    v.months("E.B.5n", rate(ae, ae_pct[1:]), ("FOT", rate([ae_fot], ae_pct[:1])[0]))
    for code in ("E.B.6", "E.B.8", "E.B.12"):
        fot, y1, pcts = perf[code]
        dens = spread(y1, WORKDAYS)
        v.months(code + "d", dens, ("FOT", fot))
        v.months(code + "n", rate(dens, ws(pcts)[1:]), ("FOT", rate([D(fot)], ws(pcts)[:1])[0]))


# ---------------------------------------------------------------------------------
# The trust: Northshire Hospitals NHS Foundation Trust (RZZ), about £417m income.

# staff group: substantive BASE and March, bank BASE, agency BASE and March (WTE)
WORKFORCE = {"NUR": (1850, 1905, 150, 45, 32), "MCON": (330, 338, 6, 14, 12),
             "MCAR": (110, 112, 4, 12, 10), "MTRN": (420, 424, 10, 18, 15),
             "AHP": (360, 366, 8, 10, 8), "STT": (210, 213, 3, 4, 3), "HCS": (140, 142, 2, 3, 3),
             "SCS": (1250, 1268, 190, 10, 8), "INF": (1030, 1022, 45, 14, 10)}
NURSE_INTAKE = ws("1 1 1 1 1 6 3 1 1 1 1 1")   # newly qualified nurses join in September
CONTROL_TOTAL, CT_MARGIN = D("-8600"), D("50")  # excluding PSF/FRF/MRET; plan £50k better
# I&E: FOT 2018/19, plan 2019/20, monthly profile (None: set from the workforce below)
TRUST_IE = {
    "FIN.INC.01": ("58000", "61200", INCOME), "FIN.INC.02": ("292000", "305600", INCOME),
    "FIN.INC.03": ("1800", "1850", DAYS), "FIN.INC.04": ("4600", "4700", ELECTIVE),
    "FIN.INC.05": ("14200", "14500", DAYS), "FIN.INC.06": ("3100", "3200", DAYS),
    "FIN.INC.07": ("8200", "9600", PSF), "FIN.INC.08": ("0", "0", FLAT),
    "FIN.INC.09": ("0", "4300", FLAT), "FIN.INC.10": ("11500", "11800", DAYS),
    "FIN.PAY.01": ("212300", "221500", None), "FIN.PAY.02": ("14100", "14300", None),
    "FIN.PAY.03": ("9900", "8750", None),
    "FIN.NPY.01": ("39600", "42000", ELECTIVE), "FIN.NPY.02": ("36900", "38500", ELECTIVE),
    "FIN.NPY.03": ("16800", "17200", DAYS), "FIN.NPY.04": ("19200", "19800", HEATING),
    "FIN.NPY.05": ("9100", "9400", FLAT), "FIN.NPY.06": ("7900", "8100", DAYS),
    "FIN.NPY.07": ("10300", None, DAYS),    # plan: the balancing figure for the control total
    "FIN.FIN.01": ("13200", "13800", H2_STEP), "FIN.FIN.02": ("2400", "1200", one_month("M12")),
    "FIN.FIN.03": ("2000", "1900", FLAT), "FIN.FIN.04": ("4400", "4600", FLAT),
    "FIN.FIN.05": ("-50", "-100", one_month("M06")),
    "FIN.ADJ.01": ("2400", "1200", one_month("M12")), "FIN.ADJ.02": ("110", "120", FLAT),
    "FIN.ADJ.03": ("0", "0", FLAT),
}
CIP = {"FIN.EFF.01": 2300, "FIN.EFF.02": 1400, "FIN.EFF.03": 1500, "FIN.EFF.04": 1300,
       "FIN.EFF.05": 700, "FIN.EFF.06": 2400, "FIN.EFF.07": 800, "FIN.EFF.08": 600,
       "FIN.EFF.09": 3000}   # unidentified: 21.4% of the total (F07)
CIP_RECURRENT = D("10600")
CAPITAL = {"FIN.CAP.01": "6200", "FIN.CAP.02": "4800", "FIN.CAP.03": "3900", "FIN.CAP.04": "5500",
           "FIN.CAP.05": "1100", "FIN.CAP.F01": "16400", "FIN.CAP.F02": "2500",
           "FIN.CAP.F03": "0", "FIN.CAP.F04": "600", "FIN.CAP.F05": "2000"}
BRIDGE = {"FIN.BR.02": "1500", "FIN.BR.03": "13500", "FIN.BR.04": "-12900", "FIN.BR.05": "1200",
          "FIN.BR.06": "14000", "FIN.BR.07": "5700", "FIN.BR.08": "-12800"}  # BR.09 balances
OPENING_CASH = D("14500")
WORKING_CAPITAL = ws("-1800 400 300 200 -300 600 200 2000 -400 300 200 800")  # M08: disposal


def trust() -> Plan:
    cat = ROUND.catalogue("provider")
    v = Values()
    # workforce first: pay is phased by the staff in post
    sub_total, bank_total, agy_total = [D(0)] * 12, [D(0)] * 12, [D(0)] * 12
    for g, (sub0, sub12, bank0, agy0, agy12) in WORKFORCE.items():
        sub = path(sub0, sub12, NURSE_INTAKE if g == "NUR" else FLAT, CENT)
        bank = [(bank0 * f).quantize(CENT) for f in BANK_SEASON]
        agy = [(a * f).quantize(CENT) for a, f in zip(path(agy0, agy12, FLAT, CENT), AGY_SEASON)]
        for kind, series, base in (("SUB", sub, sub0), ("BANK", bank, bank0), ("AGY", agy, agy0)):
            v.months(f"WF.{g}.{kind}", series, ("BASE", base))
        sub_total = [a + b for a, b in zip(sub_total, sub)]
        bank_total = [a + b for a, b in zip(bank_total, bank)]
        agy_total = [a + b for a, b in zip(agy_total, agy)]
    profiles = {"FIN.PAY.01": sub_total, "FIN.PAY.02": bank_total, "FIN.PAY.03": agy_total}

    # the balancing non-pay line: plan surplus = control total + margin + PSF/FRF/MRET - adjustments
    y1 = {code: D(row[1]) for code, row in TRUST_IE.items() if row[1] is not None}
    total = lambda prefix: sum(x for c, x in y1.items() if c.startswith(prefix))  # noqa: E731
    surplus = (CONTROL_TOTAL + CT_MARGIN + y1["FIN.INC.07"] + y1["FIN.INC.08"] + y1["FIN.INC.09"]
               - total("FIN.ADJ"))
    balance = total("FIN.INC") - total("FIN.PAY") - total("FIN.NPY") - total("FIN.FIN") - surplus
    for code, (fot, plan_y1, profile) in TRUST_IE.items():
        v.flow(code, fot, balance if plan_y1 is None else plan_y1, profile or profiles[code])

    eff_months = [D(0)] * 12
    for code, amount in CIP.items():
        series = spread(amount, RAMP_LATE if code == "FIN.EFF.09" else RAMP, TENTH)
        v.months(code, series)
        eff_months = [a + b for a, b in zip(eff_months, series)]
    v.months("FIN.EFF.REC", spread(CIP_RECURRENT, eff_months, TENTH))
    for code, amount in CAPITAL.items():
        v.annual(code, amount, periods=("Y1",))
    v.annual("FIN.PAR.CT", CONTROL_TOTAL, periods=("Y1",))
    v.annual("FIN.PAR.CTACC", "Y", periods=("Y1",))
    v.annual("FIN.PAR.AGCEIL", "9700", periods=("Y1",))
    v.annual("FIN.PAR.CASHMIN", "1000", periods=("Y1",))
    v.annual("FIN.PAR.PAYAWARD", "2.0", periods=("Y1",))

    activity_and_performance(v, TRUST_ACTIVITY, TRUST_PERF)
    core = ws("712 712 712 712 712 700 706 712 712 712 712 712 712")
    escalation = ws("24 10 0 0 0 0 0 0 8 20 32 32 18")
    occupancy = ws("91.0 90.5 89.0 88.5 88.0 86.5 88.5 90.0 91.0 90.5 93.8 93.4 91.6")  # A06
    occupied = rate([c + e for c, e in zip(core, escalation)], occupancy)
    for code, series in (("BED.01", core), ("BED.02", escalation), ("BED.OCC", occupied)):
        v.months(code, series[1:], ("BASE", series[0]))

    # cash and the bridge follow from the I&E and capital
    plan = Plan(cat, v)
    cap = {c: D(x) for c, x in CAPITAL.items()}
    financing_paid = (y1["FIN.FIN.03"] + y1["FIN.FIN.04"] + D("1800")) / 2   # Sep and Mar
    cash = {"FIN.CASH.01": [plan.number("FIN.EBITDA", m) for m in MONTHS],
            "FIN.CASH.02": spread(sum(cap[f"FIN.CAP.0{i}"] for i in range(1, 6))
                                  - cap["FIN.CAP.F04"], CAPEX, TENTH),
            "FIN.CASH.03": spread(cap["FIN.CAP.F02"] + cap["FIN.CAP.F03"], one_month("M09"), TENTH),
            "FIN.CASH.04": [financing_paid if m in ("M06", "M12") else D(0) for m in MONTHS],
            "FIN.CASH.05": WORKING_CAPITAL}
    changes = {("FIN.CASH.CLOSE", "BASE"): OPENING_CASH}
    for code, series in cash.items():
        changes.update(((code, m), x) for m, x in zip(MONTHS, series))
    changes.update(((code, "Y1"), D(x)) for code, x in BRIDGE.items())
    changes["FIN.BR.09", "Y1"] = (plan.number("FIN.SURPLUS", "Y1") - plan.number("FIN.SURPLUS", "FOT")
                                  - sum(D(x) for x in BRIDGE.values()))
    plan.apply(changes)
    return plan


# ---------------------------------------------------------------------------------
# The CCG: NHS Northshire CCG (00Z), revenue resource limit about £500m.

CCG_CONTROL_TOTAL = D("0")
CCG_FINANCE = {   # FOT 2018/19, plan 2019/20
    "CFIN.ALL.01": ("422300", "445500"), "CFIN.ALL.02": ("44100", "46300"),
    "CFIN.ALL.03": ("7100", "6900"), "CFIN.ALL.04": ("2400", "900"),
    "CFIN.EXP.01": ("220750", "231600"), "CFIN.EXP.02": ("56400", "59800"),
    "CFIN.EXP.03": ("50100", "52400"), "CFIN.EXP.04": ("26300", "27900"),
    "CFIN.EXP.05": ("6200", "6400"), "CFIN.EXP.06": ("44100", "46300"),
    "CFIN.EXP.07": ("55100", "56800"), "CFIN.EXP.08": (None, None),   # balancing
    "CFIN.EXP.09": ("1200", "2500"), "CFIN.EXP.11": ("7050", "6850"),
    "CFIN.MH.01": ("5600", "6150"), "CFIN.MH.02": ("4900", "5350"), "CFIN.MH.03": ("19800", "21100"),
    "CFIN.MH.04": ("22300", "23300"), "CFIN.MH.05": ("3900", "4050"), "CFIN.MH.06": ("5800", "6200"),
}
QIPP = {"CFIN.QIPP.01": 3600, "CFIN.QIPP.02": 2200, "CFIN.QIPP.03": 2400, "CFIN.QIPP.04": 1500,
        "CFIN.QIPP.05": 1600, "CFIN.QIPP.06": 3200}   # unidentified: 22.1% (C07)
# month-end rates: BASE then M01-M12
DEMENTIA = "68.4 68.3 68.4 68.5 68.5 68.6 68.6 68.7 68.7 68.6 68.7 68.8 68.9"
IAPT_RECOVERY = "48.3 48.5 48.6 48.8 48.9 49.0 49.1 49.2 49.3 49.3 49.4 49.5 49.6"   # C08


def ccg() -> Plan:
    cat = ROUND.catalogue("commissioner")
    v = Values()
    for p, i in (("FOT", 0), ("Y1", 1)):
        amount = lambda prefix: sum(D(r[i]) for c, r in CCG_FINANCE.items()  # noqa: E731
                                    if c.startswith(prefix) and r[i] is not None)
        surplus = CCG_CONTROL_TOTAL
        v["CFIN.EXP.08", p] = amount("CFIN.ALL") - amount("CFIN.EXP") - surplus
        for code, row in CCG_FINANCE.items():
            if row[i] is not None:
                v[code, p] = D(row[i])
    for code, amount in QIPP.items():
        v.months(code, spread(amount, RAMP_LATE if code == "CFIN.QIPP.06" else RAMP, TENTH))
    v.annual("CFIN.PAR.CT", CCG_CONTROL_TOTAL, periods=("Y1",))
    v.annual("CFIN.PAR.MHUP", "0.5", periods=("Y1",))
    activity_and_performance(v, CCG_ACTIVITY, CCG_PERF)
    v.flow("E.A.3", 9200, 10300, WORKDAYS, ONE)
    v.months("E.A.S.1", ws(DEMENTIA)[1:], ("BASE", ws(DEMENTIA)[0]))
    v.months("E.A.S.2", ws(IAPT_RECOVERY)[1:], ("BASE", ws(IAPT_RECOVERY)[0]))
    return Plan(cat, v)


# ---------------------------------------------------------------------------------
# Simplified self-check (shared/domain/checks.md, Y1 only; G05, G06 and X left out).

def review(plan: Plan) -> list[tuple[str, str, str]]:
    T, cat, out = ROUND.threshold, plan.catalogue, []
    first, last = MONTHS[0], MONTHS[-1]

    def v(code, p="Y1"):
        return plan.value(code, p)

    def flag(cid, sev, msg):
        out.append((cid, sev, msg))

    def growth(code, now="Y1", before="FOT"):
        return (v(code, now) / v(code, before) - 1) * 100

    def backloaded(code, cid):
        h2 = sum(v(code, m) for m in MONTHS[6:]) * 100 / v(code)
        q4 = sum(v(code, m) for m in MONTHS[9:]) * 100 / v(code)
        if h2 > T("backload_h2_max_pct") or q4 > T("backload_q4_max_pct"):
            flag(cid, "warning", f"{code} back-loaded: H2 {h2:.1f}%, Q4 {q4:.1f}%")

    def share(part, whole, cid, limit, above=True):
        pct = v(part) * 100 / v(whole)
        if (pct > limit) if above else (pct < limit):
            flag(cid, "warning", f"{part} is {pct:.1f}% of {whole} (limit {limit}%)")

    # G01-G04
    for code, p in plan.blank_inputs():
        flag("G01", "error", f"{code} {p} blank")
    for (code, p), x in plan.stored_cells().items():
        unit, signed = cat.line(code).unit, cat.line(code).signed
        bad = {"yn": lambda: x not in ("Y", "N"),
               "count": lambda: x < 0 or x != x.to_integral_value(),
               "wte": lambda: x < 0 or x.as_tuple().exponent < -2,
               "pct": lambda: not 0 <= x <= 100 or x.as_tuple().exponent < -1,
               # the samples hold money to 1 decimal (the app allows 3)
               "gbp000": lambda: (x < 0 and not signed) or x.as_tuple().exponent < -1
               or abs(x) > T("money_limit")}[unit]()
        if bad:
            flag("G02", "error", f"{code} {p} = {x} breaks unit {unit}")
    for line in cat.lines.values():
        if line.formula is not None and line.formula.is_ratio:
            for p in line.periods:
                num, den = v(line.formula.numerator, p), v(line.formula.denominator, p)
                if num is not None and den is not None and num > den:
                    flag("G04", "error", f"{line.formula.numerator} > {line.formula.denominator} at {p}")
    tol = T("money_tolerance")

    if cat.org_kind == "provider":
        opex = v("FIN.PAY.TOT") + v("FIN.NPY.TOT")
        measure = ROUND.thresholds["control_total_measure"]
        if v("FIN.PAR.CTACC") == "Y" and v(measure) < v("FIN.PAR.CT") - tol:
            flag("F01", "error", f"{measure} {v(measure)} below control total {v('FIN.PAR.CT')}")
        if v("FIN.PAR.CTACC") != "Y" and any(v(f"FIN.INC.0{i}") for i in (7, 8, 9)):
            flag("F02", "error", "PSF/FRF/MRET planned without accepting the control total")
        agency, ceiling = v("FIN.PAY.03"), v("FIN.PAR.AGCEIL")
        if agency > ceiling:
            flag("F03", "error", f"agency {agency} above ceiling {ceiling}")
        elif agency * 100 > ceiling * T("agency_warning_pct"):
            flag("F03", "warning", f"agency {agency} above 95% of ceiling {ceiling}")
        eff_pct = v("FIN.EFF.TOT") * 100 / opex
        minimum = T("efficiency_min_pct") + (T("efficiency_deficit_extra_pct")
                                             if v("FIN.PAR.CT") < 0 else 0)
        if eff_pct < minimum or eff_pct > T("efficiency_max_pct"):
            flag("F04" if eff_pct < minimum else "F05", "warning", f"CIP {eff_pct:.2f}% of opex")
        share("FIN.EFF.REC", "FIN.EFF.TOT", "F06", T("recurrent_min_pct"), above=False)
        share("FIN.EFF.09", "FIN.EFF.TOT", "F07", T("unidentified_max_pct"))
        backloaded("FIN.EFF.TOT", "F08")
        if abs(v("FIN.BR.PLAN") - v("FIN.SURPLUS")) > tol:
            flag("F09", "error", f"bridge {v('FIN.BR.PLAN')} vs surplus {v('FIN.SURPLUS')}")
        if abs(v("FIN.CAP.TOT") - v("FIN.CAP.FTOT")) > tol:
            flag("F10", "error", f"capital {v('FIN.CAP.TOT')} vs funding {v('FIN.CAP.FTOT')}")
        low = [m for m in MONTHS if v("FIN.CASH.CLOSE", m) < v("FIN.PAR.CASHMIN")]
        if low:
            flag("F11", "warning", f"closing cash below minimum in {low}")
        for code in ("FIN.PAY.TOT", "FIN.NPY.TOT", "FIN.INC.TOT"):
            if not T("cost_growth_min_pct") <= growth(code) <= T("cost_growth_max_pct"):
                flag("F12", "warning", f"{code} growth {growth(code):.1f}%")
        activity_growth(v, growth, flag, "A01")
        for line in cat.lines.values():
            if line.code.startswith("E.M.") and line.kind == "input":
                xs = [v(line.code, m) for m in MONTHS]
                rates = [x / ROUND.periods[m].days for x, m in zip(xs, MONTHS)]
                if min(xs) <= 0 or any(max(s) / min(s) < T("flat_phasing_ratio") for s in (xs, rates)):
                    flag("A02", "warning", f"{line.code} flat phasing")
        daily = lambda ms: sum(v("E.M.11", m) / ROUND.periods[m].days for m in ms) / 3  # noqa: E731
        if daily(("M09", "M10", "M11")) < daily(("M03", "M04", "M05")):
            flag("A03", "warning", "winter non-elective rate below summer")
        fu = lambda p: v("E.M.9", p) / v("E.M.8", p)  # noqa: E731
        if (fu("Y1") / fu("FOT") - 1) * 100 > T("followup_ratio_rise_pct"):
            flag("A04", "warning", f"follow-up ratio {fu('FOT'):.3f} -> {fu('Y1'):.3f}")
        for m in MONTHS:
            if abs(v("E.B.5d", m) - v("E.M.12", m)) * 100 > v("E.M.12", m) * T("ae_measure_diff_pct"):
                flag("A05", "warning", f"E.B.5d vs E.M.12 in {m}")
        high = [f"{m} {v('BED.PCT', m):.1f}%" for m in MONTHS
                if v("BED.PCT", m) > T("bed_occupancy_max_pct")]
        if high:
            flag("A06", "warning", f"bed occupancy above 92%: {', '.join(high)}")
        if v("E.B.3a", last) > v("E.B.3a", "BASE"):
            flag("P01", "error", f"RTT list {v('E.B.3a', last)} above BASE {v('E.B.3a', 'BASE')}")
        if v("E.B.18", last) > 0:
            flag("P02", "warning", f"52-week waiters {v('E.B.18', last)} in March")
        if v("E.B.3", last) < T("rtt_standard_pct"):
            flag("P03", "warning", f"RTT 18 weeks {v('E.B.3', last):.1f}% in March (standard 92%)")
        if v("E.B.5", last) < T("ae_standard_pct") or v("E.B.5", last) < v("E.B.5", first):
            flag("P04", "warning", f"A&E 4 hours {v('E.B.5', last):.1f}% in March "
                 f"({v('E.B.5', first):.1f}% in April; standard 95%)")
        if any(v("E.B.4", m) > T("diagnostics_max_pct") for m in MONTHS[-3:]):
            flag("P05", "warning", "diagnostics above 1% in the last quarter")
        for code, name in (("E.B.6", "cancer_2ww_pct"), ("E.B.8", "cancer_31d_pct"),
                           ("E.B.12", "cancer_62d_pct")):
            if v(code) < T(name):
                flag("P06", "warning", f"{code} {v(code):.2f}% below {T(name)}%")
        award = v("FIN.PAR.PAYAWARD") / 100
        for cid, pay, wte, tol_name in (("T01", "FIN.PAY.01", "WF.TOT.SUB", "sub"),
                                        ("T02", "FIN.PAY.02", "WF.TOT.BANK", "bank"),
                                        ("T03", "FIN.PAY.03", "WF.TOT.AGY", "agency")):
            now = v(pay) / (sum(v(wte, m) for m in MONTHS) / 12)
            ratio = now / (v(pay, "FOT") / v(wte, "BASE"))
            if abs(ratio - 1 - award) > T(f"pay_per_wte_tolerance_{tol_name}"):
                flag(cid, "warning", f"{pay} per WTE ratio {ratio:.3f}")
        admitted = lambda p: v("E.M.10", p) + v("E.M.11", p)  # noqa: E731
        adm_growth = (admitted("Y1") / admitted("FOT") - 1) * 100
        expected = adm_growth + T("tariff_uplift_pct") - T("tariff_efficiency_pct")
        if abs(growth("FIN.INC.PC") - expected) > T("income_activity_gap_pp"):
            flag("T04", "warning", f"income growth {growth('FIN.INC.PC'):.2f}% vs {expected:.2f}%")
        if growth("WF.TOT", last, "BASE") - adm_growth > T("wte_activity_gap_pp"):
            flag("T05", "warning", f"WTE growth {growth('WF.TOT', last, 'BASE'):.2f}%")
    else:
        if v("CFIN.SURPLUS") < v("CFIN.PAR.CT") - tol:
            flag("C01", "error", f"surplus {v('CFIN.SURPLUS')} below control total")
        if growth("CFIN.MH.TOT") < growth("CFIN.ALL.01") + v("CFIN.PAR.MHUP"):
            flag("C02", "error", f"MHIS growth {growth('CFIN.MH.TOT'):.2f}% not met")
        if v("CFIN.EXP.11") > v("CFIN.ALL.03"):
            flag("C03", "error", "running costs above allowance")
        if v("CFIN.EXP.09") * 100 < v("CFIN.ALL.TOT") * T("ccg_contingency_min_pct"):
            flag("C04", "warning", "contingency below 0.5% of RRL")
        backloaded("CFIN.QIPP.TOT", "C06")
        share("CFIN.QIPP.06", "CFIN.QIPP.TOT", "C07", T("unidentified_max_pct"))
        if v("E.A.S.1", last) < T("dementia_diagnosis_pct"):
            flag("C08", "warning", f"dementia diagnosis {v('E.A.S.1', last)}% in March (66.7%)")
        if v("E.A.S.2", last) < T("iapt_recovery_pct"):
            flag("C08", "warning", f"IAPT recovery {v('E.A.S.2', last)}% in March (standard 50%)")
        activity_growth(v, growth, flag, "C09")
    return out


def activity_growth(v, growth, flag, cid):
    for code in ("E.M.7", "E.M.8", "E.M.9", "E.M.10", "E.M.11", "E.M.12"):
        g = growth(code)
        if not ROUND.threshold("activity_growth_min_pct") <= g <= ROUND.threshold("activity_growth_max_pct"):
            flag(cid, "warning", f"{code} growth {g:.1f}% ({v(code, 'FOT')} -> {v(code)})")


# ---------------------------------------------------------------------------------
# Output

def text(x, unit: str) -> str:
    """Plain decimal text: no exponent, no thousands separator; percentages keep 1 decimal."""
    if unit == "yn":
        return x
    if x == 0:
        return "0"
    return format(x.quantize(TENTH) if unit == "pct" else x.normalize(), "f")


def write_csv(plan: Plan, name: str) -> int:
    cells = list(plan.catalogue.input_cells())
    stored = plan.stored_cells()
    assert set(stored) == set(cells), "the sample must fill every input cell and nothing else"
    rows = ["line,period,value"] + [f"{c},{p},{text(stored[c, p], plan.catalogue.line(c).unit)}" for c, p in cells]
    (HERE / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    return len(cells)


SAMPLES = [  # (file, org_code, org_name, org_kind, region, builder, description)
    ("sample-trust-2019-20.csv", "RZZ", "Northshire Hospitals NHS Foundation Trust", "provider",
     "north", trust, "Acute trust, complete 2019/20 plan (finance, activity, workforce): control "
     "total accepted; warnings on bed occupancy in winter, RTT, A&E 4 hours and unidentified CIP."),
    ("sample-ccg-2019-20.csv", "00Z", "NHS Northshire CCG", "commissioner", "north", ccg,
     "Clinical commissioning group, complete 2019/20 plan: control total and MHIS met; warnings "
     "on unidentified QIPP, IAPT recovery and outpatient follow-up reduction."),
]


def headlines(plan: Plan) -> list[str]:
    v = lambda c, p="Y1": plan.value(c, p)  # noqa: E731
    if plan.catalogue.org_kind == "provider":
        opex = v("FIN.PAY.TOT") + v("FIN.NPY.TOT")
        return [f"income £{v('FIN.INC.TOT')}k (patient care £{v('FIN.INC.PC')}k), "
                f"pay £{v('FIN.PAY.TOT')}k ({v('FIN.PAY.TOT') * 100 / opex:.1f}% of opex), "
                f"surplus £{v('FIN.SURPLUS')}k",
                f"CT.EXSF £{v('FIN.CT.EXSF')}k vs control total £{v('FIN.PAR.CT')}k; "
                f"agency £{v('FIN.PAY.03')}k vs ceiling £{v('FIN.PAR.AGCEIL')}k "
                f"({v('FIN.PAY.03') * 100 / v('FIN.PAR.AGCEIL'):.1f}%)",
                f"CIP £{v('FIN.EFF.TOT')}k = {v('FIN.EFF.TOT') * 100 / opex:.2f}% of opex; "
                f"bridge BR.09 £{v('FIN.BR.09')}k; WTE {v('WF.TOT', 'BASE')} -> {v('WF.TOT', 'M12')}; "
                f"cash {v('FIN.CASH.CLOSE', 'BASE')} -> {v('FIN.CASH.CLOSE', 'M12')} "
                f"(min {min(v('FIN.CASH.CLOSE', m) for m in MONTHS)})"]
    g = lambda c: (v(c) / v(c, "FOT") - 1) * 100  # noqa: E731
    return [f"RRL £{v('CFIN.ALL.TOT')}k (core £{v('CFIN.ALL.01')}k), surplus £{v('CFIN.SURPLUS')}k "
            f"vs control total £{v('CFIN.PAR.CT')}k",
            f"MHIS growth {g('CFIN.MH.TOT'):.2f}% vs required {g('CFIN.ALL.01') + v('CFIN.PAR.MHUP'):.2f}%"
            f"; contingency {v('CFIN.EXP.09') * 100 / v('CFIN.ALL.TOT'):.2f}% of RRL; running costs "
            f"£{v('CFIN.EXP.11')}k vs £{v('CFIN.ALL.03')}k; QIPP £{v('CFIN.QIPP.TOT')}k"]


def main() -> int:
    ok = True
    toml = ["# Bundled sample plans (fictitious organisations). Generated by make_samples.py;",
            "# the first sample is the default.", ""]
    for file, code, name, kind, region, build, description in SAMPLES:
        plan = build()
        findings = review(plan)
        rows = write_csv(plan, file)
        print(f"{file}: {rows} rows, {name} ({code}, {kind})")
        for line in headlines(plan):
            print("   ", line)
        for cid, sev, msg in findings:
            print(f"    {cid} {sev}: {msg}")
        found = {cid for cid, _, _ in findings}
        if any(sev == "error" for _, sev, _ in findings) or found != EXPECTED[kind]:
            print(f"    !! expected warnings {sorted(EXPECTED[kind])}, got {sorted(found)}")
            ok = False
        toml += ["[[samples]]", f'file = "{file}"', f'org_code = "{code}"', f'org_name = "{name}"',
                 f'org_kind = "{kind}"', f'round = "{ROUND.id}"', f'region = "{region}"',
                 f'description = "{description}"', ""]
    (HERE / "samples.toml").write_text("\n".join(toml), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
