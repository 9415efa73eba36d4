"""Periods: the normalised form the gold uses (CONTRACT.md) and the ways reports print them.

Every helper returns (normalised, printed). Printed forms are the ones met in real tables:
`2019/20`, `2019-20`, a year wrapped over two lines, `Q1 2023/24`, `Jan 21`, `Feb-21`,
`April-September 2013`, `2015 - 18`, `2020/21 - 22/23`.
"""

from __future__ import annotations

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
QUARTER_MONTHS = {1: (4, 6), 2: (7, 9), 3: (10, 12), 4: (1, 3)}  # financial-year quarters


def fy(y: int) -> str:
    """Financial year starting in April of y: 2019 -> 2019/20."""
    return f"{y}/{(y + 1) % 100:02d}"


def fy_text(y: int, style: str = "slash") -> tuple[str, str]:
    """slash 2019/20, dash 2019-20, wrap `2019-` over `20` (a narrow column header)."""
    short = f"{(y + 1) % 100:02d}"
    printed = {
        "slash": f"{y}/{short}",
        "dash": f"{y}-{short}",
        "wrap": f"{y}-\n{short}",
        "wrap_slash": f"{y}/\n{short}",
    }[style]
    return fy(y), printed


def quarter(y: int, q: int) -> str:
    return f"{fy(y)} Q{q}"


def quarter_text(y: int, q: int, style: str = "q_first") -> tuple[str, str]:
    _, year = fy_text(y, "dash" if style == "q_first_dash" else "slash")
    printed = {
        "q_first": f"Q{q} {year}",
        "q_first_dash": f"Q{q} {year}",
        "q_last": f"{year} Q{q}",
        "word": f"Quarter {q} {year}",
    }[style]
    return quarter(y, q), printed


def ytd(y: int, q: int) -> str:
    """Year to date at the end of quarter q: the span of quarters 1..q."""
    return quarter(y, 1) if q == 1 else f"{quarter(y, 1)}-{quarter(y, q)}"


def month(y: int, m: int) -> str:
    return f"{y}-{m:02d}"


def month_text(y: int, m: int, style: str = "abbr_space") -> tuple[str, str]:
    abbr, yy = MONTHS[m - 1][:3], f"{y % 100:02d}"
    printed = {
        "abbr_space": f"{abbr} {yy}",
        "abbr_dash": f"{abbr}-{yy}",
        "abbr_full": f"{abbr} {y}",
        "full": f"{MONTHS[m - 1]} {y}",
    }[style]
    return month(y, m), printed


def month_span_text(y: int, m1: int, m2: int, style: str = "dash") -> tuple[str, str]:
    """Months m1..m2 of one calendar year: April-September 2013 -> 2013-04-2013-09."""
    sep = "-" if style == "dash" else " to "
    return f"{month(y, m1)}-{month(y, m2)}", f"{MONTHS[m1 - 1]}{sep}{MONTHS[m2 - 1]} {y}"


def calendar_span_text(y1: int, y2: int, style: str = "short") -> tuple[str, str]:
    """Pooled calendar years, e.g. 2015 - 18 -> 2015-2018. Never two adjacent years
    (2015-16 reads as a financial year)."""
    assert y2 - y1 >= 2
    printed = {
        "short": f"{y1} - {y2 % 100:02d}",
        "short_tight": f"{y1}-{y2 % 100:02d}",
        "long": f"{y1} to {y2}",
    }[style]
    return f"{y1}-{y2}", printed


def fy_span_text(y1: int, y2: int, style: str = "short") -> tuple[str, str]:
    """Pooled financial years: 2020/21 - 22/23 -> 2020/21-2022/23."""
    a, b = fy(y1), fy(y2)
    printed = {
        "short": f"{a} - {b[2:]}",
        "to": f"{a} to {b}",
        "dash": f"{y1}-{(y1 + 1) % 100:02d} to {y2}-{(y2 + 1) % 100:02d}",
    }[style]
    return f"{a}-{b}", printed


def quarter_months(y: int, q: int) -> tuple[str, str, int]:
    """The months of financial quarter q of year y, as words: ("October", "December", 2023)."""
    m1, m2 = QUARTER_MONTHS[q]
    return MONTHS[m1 - 1], MONTHS[m2 - 1], y + 1 if q == 4 else y
