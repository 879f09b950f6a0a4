"""Regenerate the bundled sample plans of round 2019/20 and samples.toml, next to this file:
``.venv/bin/python resources/samples/make_samples.py``.

The organisations are fictitious; every figure is derived deterministically from the
annual assumptions below, phased by seasonal profiles. The plans pass the regional review
with no error and a few realistic warnings (EXPECTED): ``review``, a simplified stand-alone
reading of shared/domain/checks.md (not the app's checks), confirms it, and the script
exits with status 1 otherwise.
"""

from __future__ import annotations

import sys
from decimal import ROUND_HALF_UP
from decimal import Decimal as D
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
# Seasonal profiles: monthly weights, April ... March (normalised where used).

def ws(text: str) -> list[D]:
    """Decimals from a space-separated string."""
    return [D(x) for x in text.split()]


def shaped(base: list[D], factors: str) -> list[D]:
    return [b * f for b, f in zip(base, ws(factors), strict=True)]


def one_month(code: str) -> list[D]:
    return [ONE if m == code else D(0) for m in MONTHS]


DAYS = [D(ROUND.periods[m].days) for m in MONTHS]
WORKDAYS = ws("20 21 20 23 21 21 23 21 20 22 20 22")  # weekdays less English bank holidays
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
          for d, e, n in zip(DAYS, ELECTIVE, NEL, strict=True)]
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
    parts[max(range(12), key=lambda i: weights[i])] += total - sum(parts)
    return parts


def path(base, end, weights: list[D], q: D = CENT) -> list[D]:
    """A stock moving from ``base`` to ``end`` by March, in steps proportional to ``weights``."""
    base, end, s, done, out = D(base), D(end), sum(weights), D(0), []
    for w in weights:
        done += w
        out.append((base + (end - base) * done / s).quantize(q, ROUND_HALF_UP))
    return out


def rate(dens: list[D], pcts: list[D]) -> list[D]:
    """Numerators giving the percentages ``pcts`` of the denominators ``dens``."""
    return [(d * p / 100).quantize(ONE, ROUND_HALF_UP) for d, p in zip(dens, pcts, strict=True)]


def add(*series: list[D]) -> list[D]:
    return [sum(xs) for xs in zip(*series, strict=True)]


class Values(dict):
    """Entered cells {(line, period): value} with helpers for the usual column layouts."""

    def put(self, code: str, values: list, first: str | None = None) -> None:
        """M01-M12, or ``first`` (FOT or BASE) then M01-M12."""
        for p, x in zip(((first,) if first else ()) + MONTHS, values, strict=True):
            self[code, p] = D(x)

    def flow(self, code: str, fot, y1, weights: list[D], q: D = TENTH) -> None:
        self.put(code, [fot, *spread(y1, weights, q)], "FOT")

    def year(self, code: str, value) -> None:
        self[code, "Y1"] = value if value in ("Y", "N") else D(value)


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
# Performance: BASE then M01-M12 (stocks and their %), FOT then M01-M12 (flow %);
# cancer: patients FOT and plan year, then the % treated in time.
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
    v.put("E.B.3a", rtt, "BASE")
    v.put("E.B.3n", rate(rtt, ws(perf["rtt_pct"])), "BASE")
    v.put("E.B.18", ws(perf["ww52"]), "BASE")
    v.put("E.B.4d", diag, "BASE")
    v.put("E.B.4n", rate(diag, ws(perf["diag_pct"])), "BASE")
    # the 4-hour measure counts every A&E attendance, types 1-4 (A05)
    ae = [v["E.M.12a", p] + v["E.M.12b", p] for p in ("FOT", *MONTHS)]
    v.put("E.B.5d", ae, "FOT")
    v.put("E.B.5n", rate(ae, ws(perf["ae_pct"])), "FOT")
    for code in ("E.B.6", "E.B.8", "E.B.12"):
        fot, y1, pcts = perf[code]
        patients = [D(fot), *spread(y1, WORKDAYS)]
        v.put(code + "d", patients, "FOT")
        v.put(code + "n", rate(patients, ws(pcts)), "FOT")


# ---------------------------------------------------------------------------------
# The trust: Northshire Hospitals NHS Foundation Trust (RZZ), about £417m income.

# staff group: substantive BASE and March, bank BASE, agency BASE and March (WTE)
WORKFORCE = {"NUR": (1850, 1905, 150, 45, 32), "MCON": (330, 338, 6, 14, 12),
             "MCAR": (110, 112, 4, 12, 10), "MTRN": (420, 424, 10, 18, 15),
             "AHP": (360, 366, 8, 10, 8), "STT": (210, 213, 3, 4, 3), "HCS": (140, 142, 2, 3, 3),
             "SCS": (1250, 1268, 190, 10, 8), "INF": (1030, 1022, 45, 14, 10)}
NURSE_INTAKE = ws("1 1 1 1 1 6 3 1 1 1 1 1")   # newly qualified nurses join in September
CONTROL_TOTAL, CT_MARGIN = D("-8600"), D("50")  # excluding PSF/FRF/MRET; plan £50k better
# I&E: FOT 2018/19, plan 2019/20, monthly profile (None: phased by the staff in post)
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
PARAMETERS = {"FIN.PAR.CT": CONTROL_TOTAL, "FIN.PAR.CTACC": "Y", "FIN.PAR.AGCEIL": "9700",
              "FIN.PAR.CASHMIN": "1000", "FIN.PAR.PAYAWARD": "2.0"}
OPENING_CASH, LOAN_REPAYMENT = D("14500"), D("1800")
WORKING_CAPITAL = ws("-1800 400 300 200 -300 600 200 2000 -400 300 200 800")  # M08: disposal
# beds (BASE then M01-M12): core, escalation, occupancy % (A06 in January and February)
BEDS = ("712 712 712 712 712 700 706 712 712 712 712 712 712", "24 10 0 0 0 0 0 0 8 20 32 32 18",
        "91.0 90.5 89.0 88.5 88.0 86.5 88.5 90.0 91.0 90.5 93.8 93.4 91.6")


def trust() -> Plan:
    v, staff = Values(), {"SUB": [], "BANK": [], "AGY": []}
    for g, (sub0, sub12, bank0, agy0, agy12) in WORKFORCE.items():
        sub = path(sub0, sub12, NURSE_INTAKE if g == "NUR" else FLAT)
        bank = [(bank0 * f).quantize(CENT) for f in BANK_SEASON]
        agy = [(a * f).quantize(CENT) for a, f in zip(path(agy0, agy12, FLAT), AGY_SEASON,
                                                      strict=True)]
        for kind, series, base in (("SUB", sub, sub0), ("BANK", bank, bank0), ("AGY", agy, agy0)):
            v.put(f"WF.{g}.{kind}", [base, *series], "BASE")
            staff[kind].append(series)
    pay_profile = {"FIN.PAY.01": add(*staff["SUB"]), "FIN.PAY.02": add(*staff["BANK"]),
                   "FIN.PAY.03": add(*staff["AGY"])}

    # the balancing non-pay line: plan surplus = control total + margin + PSF/FRF/MRET - adjustments
    y1 = {code: D(row[1]) for code, row in TRUST_IE.items() if row[1] is not None}

    def total(prefix: str) -> D:
        return sum(x for c, x in y1.items() if c.startswith(prefix))

    surplus = CONTROL_TOTAL + CT_MARGIN + sum(y1[f"FIN.INC.0{i}"] for i in (7, 8, 9)) \
        - total("FIN.ADJ")
    balance = total("FIN.INC") - total("FIN.PAY") - total("FIN.NPY") - total("FIN.FIN") - surplus
    for code, (fot, plan_y1, profile) in TRUST_IE.items():
        v.flow(code, fot, plan_y1 or balance, profile or pay_profile[code])
    for code, amount in CIP.items():
        v.put(code, spread(amount, RAMP_LATE if code == "FIN.EFF.09" else RAMP, TENTH))
    cip_months = add(*([v[c, m] for m in MONTHS] for c in CIP))
    v.put("FIN.EFF.REC", spread(CIP_RECURRENT, cip_months, TENTH))
    for code, value in {**CAPITAL, **PARAMETERS}.items():
        v.year(code, value)
    activity_and_performance(v, TRUST_ACTIVITY, TRUST_PERF)
    core, escalation, occupancy = (ws(s) for s in BEDS)
    for code, beds in (("BED.01", core), ("BED.02", escalation),
                       ("BED.OCC", rate(add(core, escalation), occupancy))):
        v.put(code, beds, "BASE")

    # cash and the bridge follow from the I&E and capital
    plan = Plan(ROUND.catalogue("provider"), v)
    cap = {c: D(x) for c, x in CAPITAL.items()}
    paid = (y1["FIN.FIN.03"] + y1["FIN.FIN.04"] + LOAN_REPAYMENT) / 2   # September and March
    cash = {"FIN.CASH.01": [plan.number("FIN.EBITDA", m) for m in MONTHS],
            "FIN.CASH.02": spread(sum(cap[f"FIN.CAP.0{i}"] for i in range(1, 6))
                                  - cap["FIN.CAP.F04"], CAPEX, TENTH),
            "FIN.CASH.03": spread(cap["FIN.CAP.F02"] + cap["FIN.CAP.F03"], one_month("M09"), TENTH),
            "FIN.CASH.04": [paid if m in ("M06", "M12") else D(0) for m in MONTHS],
            "FIN.CASH.05": WORKING_CAPITAL}
    changes = {("FIN.CASH.CLOSE", "BASE"): OPENING_CASH}
    for code, series in cash.items():
        changes.update(((code, m), x) for m, x in zip(MONTHS, series, strict=True))
    changes.update(((code, "Y1"), D(x)) for code, x in BRIDGE.items())
    changes["FIN.BR.09", "Y1"] = (plan.number("FIN.SURPLUS", "Y1")
                                  - plan.number("FIN.SURPLUS", "FOT")
                                  - sum(D(x) for x in BRIDGE.values()))
    plan.apply(changes)
    return plan


# ---------------------------------------------------------------------------------
# The CCG: NHS Northshire CCG (00Z), revenue resource limit about £500m.

CCG_CONTROL_TOTAL = D("0")
CCG_FINANCE = {   # FOT 2018/19, plan 2019/20; programme "other" (EXP.08) balances the books
    "CFIN.ALL.01": ("422300", "445500"), "CFIN.ALL.02": ("44100", "46300"),
    "CFIN.ALL.03": ("7100", "6900"), "CFIN.ALL.04": ("2400", "900"),
    "CFIN.EXP.01": ("220750", "231600"), "CFIN.EXP.02": ("56400", "59800"),
    "CFIN.EXP.03": ("50100", "52400"), "CFIN.EXP.04": ("26300", "27900"),
    "CFIN.EXP.05": ("6200", "6400"), "CFIN.EXP.06": ("44100", "46300"),
    "CFIN.EXP.07": ("55100", "56800"), "CFIN.EXP.09": ("1200", "2500"),
    "CFIN.EXP.11": ("7050", "6850"),
    "CFIN.MH.01": ("5600", "6150"), "CFIN.MH.02": ("4900", "5350"),
    "CFIN.MH.03": ("19800", "21100"), "CFIN.MH.04": ("22300", "23300"),
    "CFIN.MH.05": ("3900", "4050"), "CFIN.MH.06": ("5800", "6200"),
}
QIPP = {"CFIN.QIPP.01": 3600, "CFIN.QIPP.02": 2200, "CFIN.QIPP.03": 2400, "CFIN.QIPP.04": 1500,
        "CFIN.QIPP.05": 1600, "CFIN.QIPP.06": 3200}   # unidentified: 22.1% (C07)
# month-end rates, BASE then M01-M12: dementia diagnosis, IAPT recovery (C08)
DEMENTIA = "68.4 68.3 68.4 68.5 68.5 68.6 68.6 68.7 68.7 68.6 68.7 68.8 68.9"
IAPT_RECOVERY = "48.3 48.5 48.6 48.8 48.9 49.0 49.1 49.2 49.3 49.3 49.4 49.5 49.6"


def ccg() -> Plan:
    v = Values()
    for i, p in enumerate(("FOT", "Y1")):
        for code, row in CCG_FINANCE.items():
            v[code, p] = D(row[i])
        alloc, spend = (sum(x for (c, q), x in v.items() if q == p and c.startswith(prefix))
                        for prefix in ("CFIN.ALL", "CFIN.EXP"))
        v["CFIN.EXP.08", p] = alloc - spend - CCG_CONTROL_TOTAL
    for code, amount in QIPP.items():
        v.put(code, spread(amount, RAMP_LATE if code == "CFIN.QIPP.06" else RAMP, TENTH))
    v.year("CFIN.PAR.CT", CCG_CONTROL_TOTAL)
    v.year("CFIN.PAR.MHUP", "0.5")
    activity_and_performance(v, CCG_ACTIVITY, CCG_PERF)
    v.flow("E.A.3", 9200, 10300, WORKDAYS, ONE)
    v.put("E.A.S.1", ws(DEMENTIA), "BASE")
    v.put("E.A.S.2", ws(IAPT_RECOVERY), "BASE")
    return Plan(ROUND.catalogue("commissioner"), v)


# ---------------------------------------------------------------------------------
# Simplified self-check (shared/domain/checks.md, Y1 only; G05, G06 and X left out).

def unit_ok(x, unit: str, signed: bool) -> bool:
    """G02, with the samples' own rule that money has at most 1 decimal (the app allows 3)."""
    if unit == "yn":
        return x in ("Y", "N")
    places = -x.as_tuple().exponent
    return {"count": x >= 0 and x == x.to_integral_value(), "wte": x >= 0 and places <= 2,
            "pct": 0 <= x <= 100 and places <= 1,
            "gbp000": (x >= 0 or signed) and places <= 1 and abs(x) <= T("money_limit")}[unit]


T = ROUND.threshold   # a named threshold of the round, e.g. T("rtt_standard_pct")


def review(plan: Plan) -> list[tuple[str, str, str]]:
    """Every finding as (check id, severity, message)."""
    cat, out, last = plan.catalogue, [], MONTHS[-1]
    tol = T("money_tolerance")

    def v(code: str, p: str = "Y1"):
        return plan.value(code, p)

    def check(cid: str, failed: bool, msg: str, severity: str = "warning") -> None:
        if failed:
            out.append((cid, severity, msg))

    def growth(code: str, now: str = "Y1", before: str = "FOT") -> D:
        return (v(code, now) / v(code, before) - 1) * 100

    def pct_of(part: str, whole: str, months=None) -> D:
        return sum(v(part, m) for m in months or ["Y1"]) * 100 / v(whole)

    def backloaded(cid: str, code: str) -> None:
        h2, q4 = pct_of(code, code, MONTHS[6:]), pct_of(code, code, MONTHS[9:])
        check(cid, h2 > T("backload_h2_max_pct") or q4 > T("backload_q4_max_pct"),
              f"{code} back-loaded: second half {h2:.1f}%, last quarter {q4:.1f}%")

    def activity_growth(cid: str) -> None:
        for code in ("E.M.7", "E.M.8", "E.M.9", "E.M.10", "E.M.11", "E.M.12"):
            g = growth(code)
            check(cid, not T("activity_growth_min_pct") <= g <= T("activity_growth_max_pct"),
                  f"{code} growth {g:.1f}% ({v(code, 'FOT')} -> {v(code)}), band -2% to 6%")

    for code, p in plan.blank_inputs():
        check("G01", True, f"{code} {p} is blank", "error")
    for (code, p), x in plan.stored_cells().items():
        line = cat.line(code)
        check("G02", not unit_ok(x, line.unit, line.signed), f"{code} {p} = {x}", "error")
    for line in cat.lines.values():
        if line.formula is not None and line.formula.is_ratio:
            num, den = line.formula.numerator, line.formula.denominator
            for p in line.periods:
                check("G04", v(num, p) > v(den, p), f"{num} > {den} in {p}", "error")

    if cat.org_kind == "provider":
        opex = v("FIN.PAY.TOT") + v("FIN.NPY.TOT")
        ct, accepted = v("FIN.PAR.CT"), v("FIN.PAR.CTACC") == "Y"
        measure = v(ROUND.thresholds["control_total_measure"])
        check("F01", accepted and measure < ct - tol, f"{measure} below the control total", "error")
        check("F02", not accepted and any(v(f"FIN.INC.0{i}") for i in (7, 8, 9)),
              "PSF/FRF/MRET planned without the control total", "error")
        agency, ceiling = v("FIN.PAY.03"), v("FIN.PAR.AGCEIL")
        check("F03", agency > ceiling, f"agency {agency} above ceiling {ceiling}", "error")
        check("F03", ceiling >= agency > ceiling * T("agency_warning_pct") / 100,
              f"agency {agency} above 95% of ceiling {ceiling}")
        eff = v("FIN.EFF.TOT") * 100 / opex
        minimum = T("efficiency_min_pct") + (T("efficiency_deficit_extra_pct") if ct < 0 else 0)
        check("F04", eff < minimum, f"CIP {eff:.2f}% of opex below {minimum}%")
        check("F05", eff > T("efficiency_max_pct"), f"CIP {eff:.2f}% of opex above 5%")
        rec, unid = pct_of("FIN.EFF.REC", "FIN.EFF.TOT"), pct_of("FIN.EFF.09", "FIN.EFF.TOT")
        check("F06", rec < T("recurrent_min_pct"), f"recurrent CIP {rec:.1f}% of the total")
        check("F07", unid > T("unidentified_max_pct"),
              f"unidentified CIP £{v('FIN.EFF.09')}k = {unid:.1f}% of "
              f"£{v('FIN.EFF.TOT')}k (limit 20%)")
        backloaded("F08", "FIN.EFF.TOT")
        for cid, a, b in (("F09", "FIN.BR.PLAN", "FIN.SURPLUS"),
                          ("F10", "FIN.CAP.TOT", "FIN.CAP.FTOT")):
            check(cid, abs(v(a) - v(b)) > tol, f"{a} {v(a)} differs from {b} {v(b)}", "error")
        low = [m for m in MONTHS if v("FIN.CASH.CLOSE", m) < v("FIN.PAR.CASHMIN")]
        check("F11", bool(low), f"closing cash below the minimum in {low}")
        for code in ("FIN.PAY.TOT", "FIN.NPY.TOT", "FIN.INC.TOT"):
            check("F12", not T("cost_growth_min_pct") <= growth(code) <= T("cost_growth_max_pct"),
                  f"{code} growth {growth(code):.1f}%")
        activity_growth("A01")
        for code in (c for c, ln in cat.lines.items() if c[:4] == "E.M." and ln.kind == "input"):
            xs = [v(code, m) for m in MONTHS]
            per_day = [x / ROUND.periods[m].days for x, m in zip(xs, MONTHS, strict=True)]
            check("A02", min(xs) <= 0 or min(max(s) / min(s) for s in (xs, per_day))
                  < T("flat_phasing_ratio"), f"{code} phased flat")
        nel = {m: v("E.M.11", m) / ROUND.periods[m].days for m in MONTHS}
        check("A03", nel["M09"] + nel["M10"] + nel["M11"] < nel["M03"] + nel["M04"] + nel["M05"],
              "winter non-elective daily rate below summer")
        rise = ((100 + growth("E.M.9")) / (100 + growth("E.M.8")) - 1) * 100
        check("A04", rise > T("followup_ratio_rise_pct"), f"follow-up ratio up {rise:.1f}%")
        for m in MONTHS:
            check("A05", abs(v("E.B.5d", m) - v("E.M.12", m)) * 100
                  > v("E.M.12", m) * T("ae_measure_diff_pct"), f"E.B.5d vs E.M.12 in {m}")
        high = [f"{ROUND.label(m)} {v('BED.PCT', m):.1f}%" for m in MONTHS
                if v("BED.PCT", m) > T("bed_occupancy_max_pct")]
        check("A06", bool(high), f"bed occupancy above 92%: {', '.join(high)}")
        check("P01", v("E.B.3a", last) > v("E.B.3a", "BASE"), "RTT waiting list grows", "error")
        check("P02", v("E.B.18", last) > 0, f"{v('E.B.18', last)} 52-week waiters in March")
        check("P03", v("E.B.3", last) < T("rtt_standard_pct"),
              f"RTT within 18 weeks {v('E.B.3', last):.1f}% in March (standard 92%)")
        ae_first, ae_last = v("E.B.5", MONTHS[0]), v("E.B.5", last)
        check("P04", ae_last < T("ae_standard_pct") or ae_last < ae_first,
              f"A&E 4 hours {ae_last:.1f}% in March (April {ae_first:.1f}%, standard 95%)")
        check("P05", any(v("E.B.4", m) > T("diagnostics_max_pct") for m in MONTHS[-3:]),
              "diagnostics 6-week waits above 1% in the last quarter")
        for code, name in (("E.B.6", "cancer_2ww_pct"), ("E.B.8", "cancer_31d_pct"),
                           ("E.B.12", "cancer_62d_pct")):
            check("P06", v(code) < T(name), f"{code} {v(code):.2f}% below {T(name)}%")
        award = v("FIN.PAR.PAYAWARD") / 100
        for cid, pay, wte, kind in (("T01", "FIN.PAY.01", "WF.TOT.SUB", "sub"),
                                    ("T02", "FIN.PAY.02", "WF.TOT.BANK", "bank"),
                                    ("T03", "FIN.PAY.03", "WF.TOT.AGY", "agency")):
            ratio = (v(pay) / (sum(v(wte, m) for m in MONTHS) / 12)
                     / (v(pay, "FOT") / v(wte, "BASE")))
            check(cid, abs(ratio - 1 - award) > T(f"pay_per_wte_tolerance_{kind}"),
                  f"{pay} per WTE ratio {ratio:.3f}")
        admitted = ((v("E.M.10") + v("E.M.11"))
                    / (v("E.M.10", "FOT") + v("E.M.11", "FOT")) - 1) * 100
        expected = admitted + T("tariff_uplift_pct") - T("tariff_efficiency_pct")
        check("T04", abs(growth("FIN.INC.PC") - expected) > T("income_activity_gap_pp"),
              f"patient care income growth {growth('FIN.INC.PC'):.2f}% vs {expected:.2f}%")
        check("T05", growth("WF.TOT", last, "BASE") - admitted > T("wte_activity_gap_pp"),
              "WTE growth exceeds admitted activity growth by more than 5 points")
    else:
        surplus, ct = v("CFIN.SURPLUS"), v("CFIN.PAR.CT")
        check("C01", surplus < ct - tol, f"surplus {surplus} below control total {ct}", "error")
        required = growth("CFIN.ALL.01") + v("CFIN.PAR.MHUP")
        check("C02", growth("CFIN.MH.TOT") < required, "MHIS not met", "error")
        check("C03", v("CFIN.EXP.11") > v("CFIN.ALL.03"), "running costs", "error")
        check("C04", pct_of("CFIN.EXP.09", "CFIN.ALL.TOT") < T("ccg_contingency_min_pct"),
              "programme contingency below 0.5% of the revenue resource limit")
        backloaded("C06", "CFIN.QIPP.TOT")
        unid = pct_of("CFIN.QIPP.06", "CFIN.QIPP.TOT")
        check("C07", unid > T("unidentified_max_pct"),
              f"unidentified QIPP £{v('CFIN.QIPP.06')}k = {unid:.1f}% of "
              f"£{v('CFIN.QIPP.TOT')}k (limit 20%)")
        for code, name, what in (("E.A.S.1", "dementia_diagnosis_pct", "dementia diagnosis"),
                                 ("E.A.S.2", "iapt_recovery_pct", "IAPT recovery")):
            check("C08", v(code, last) < T(name),
                  f"{what} {v(code, last)}% in March (standard {T(name)}%)")
        activity_growth("C09")
    return out


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
    cells, stored = list(plan.catalogue.input_cells()), plan.stored_cells()
    assert set(stored) == set(cells), "the sample must fill every input cell and nothing else"
    rows = [f"{c},{p},{text(stored[c, p], plan.catalogue.line(c).unit)}" for c, p in cells]
    (HERE / name).write_text("\n".join(["line,period,value", *rows]) + "\n", encoding="utf-8")
    return len(rows)


def headlines(plan: Plan) -> str:
    def v(code: str, p: str = "Y1"):
        return plan.value(code, p)

    if plan.catalogue.org_kind == "provider":
        opex, agency = v("FIN.PAY.TOT") + v("FIN.NPY.TOT"), v("FIN.PAY.03")
        return (f"income £{v('FIN.INC.TOT')}k, pay £{v('FIN.PAY.TOT')}k "
                f"({v('FIN.PAY.TOT') * 100 / opex:.1f}% of opex), surplus £{v('FIN.SURPLUS')}k; "
                f"CT.EXSF £{v('FIN.CT.EXSF')}k vs control total £{v('FIN.PAR.CT')}k\n"
                f"agency £{agency}k = {agency * 100 / v('FIN.PAR.AGCEIL'):.1f}% of the ceiling; "
                f"CIP £{v('FIN.EFF.TOT')}k = {v('FIN.EFF.TOT') * 100 / opex:.2f}% of opex; "
                f"lowest cash £{min(v('FIN.CASH.CLOSE', m) for m in MONTHS)}k")
    mh, alloc = (v(c) / v(c, "FOT") * 100 - 100 for c in ("CFIN.MH.TOT", "CFIN.ALL.01"))
    return (f"RRL £{v('CFIN.ALL.TOT')}k, surplus £{v('CFIN.SURPLUS')}k vs control total "
            f"£{v('CFIN.PAR.CT')}k; MHIS growth {mh:.2f}% vs required "
            f"{alloc + v('CFIN.PAR.MHUP'):.2f}%; QIPP £{v('CFIN.QIPP.TOT')}k")


SAMPLES = [  # file, org_code, org_name, org_kind, region, builder, description (the default first)
    ("sample-trust-2019-20.csv", "RZZ", "Northshire Hospitals NHS Foundation Trust", "provider",
     "north", trust, "Acute trust, complete 2019/20 plan (finance, activity, workforce): control "
     "total accepted; warnings on winter bed occupancy, RTT, A&E 4 hours and unidentified CIP."),
    ("sample-ccg-2019-20.csv", "00Z", "NHS Northshire CCG", "commissioner", "north", ccg,
     "Clinical commissioning group, complete 2019/20 plan: control total and MHIS met; "
     "warnings on unidentified QIPP, IAPT recovery and the fall in outpatient follow-ups."),
]


def main() -> int:
    ok, toml = True, ["# Bundled sample plans (fictitious organisations), written by "
                      "make_samples.py.", "# The first is the default sample.", ""]
    for file, code, name, kind, region, build, description in SAMPLES:
        plan = build()
        findings, rows = review(plan), write_csv(plan, file)
        print(f"{file}: {rows} rows, {name} ({code}, {kind})")
        print("    " + headlines(plan).replace("\n", "\n    "))
        for cid, severity, msg in findings:
            print(f"    {cid} {severity}: {msg}")
        as_expected = ({f[0] for f in findings} == EXPECTED[kind]
                       and all(f[1] == "warning" for f in findings))
        print(f"    expected: warnings {', '.join(sorted(EXPECTED[kind]))}, no error -> "
              + ("as expected" if as_expected else "NOT AS EXPECTED"))
        ok = ok and as_expected
        toml += ["[[samples]]", f'file = "{file}"', f'org_code = "{code}"', f'org_name = "{name}"',
                 f'org_kind = "{kind}"', f'round = "{ROUND.id}"', f'region = "{region}"',
                 f'description = "{description}"', ""]
    (HERE / "samples.toml").write_text("\n".join(toml), encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
