"""Whole documents: a title block naming the publisher (so the area) and the reference
period, a sentence of context, then one to three tables of kinds that suit the publisher."""

from __future__ import annotations

import random

from .banks import INTROS
from .builder import Ctx
from .model import DocSpec
from .periods import fy, quarter, quarter_months
from .places import ALL_PUBLISHERS
from .rules import DocMeaning
from .tables_areas import areas_table
from .tables_budget import budget_table
from .tables_kpi import kpi_table
from .tables_periods import periods_table
from .tables_profile import profile_table
from .tables_trend import rank_table, trend_table

KINDS = {
    "council": ((kpi_table, 5), (budget_table, 3), (trend_table, 1), (areas_table, 2), (periods_table, 1)),
    "police": (
        (kpi_table, 3),
        (trend_table, 3),
        (areas_table, 3),
        (profile_table, 1),
        (periods_table, 1),
        (rank_table, 1),
    ),
    "partnership": (
        (trend_table, 4),
        (areas_table, 3),
        (kpi_table, 2),
        (profile_table, 1),
        (periods_table, 1),
        (rank_table, 1),
    ),
    "fire": ((kpi_table, 4), (areas_table, 3), (trend_table, 3), (periods_table, 1)),
    "health": ((profile_table, 5), (areas_table, 3), (trend_table, 2), (periods_table, 1)),
}
TITLES = {
    "council": ("Performance monitoring report", "Corporate performance report", "Council Plan performance"),
    "police": (
        "Police and crime plan performance",
        "Performance dashboard",
        "Police and crime plan: performance update",
    ),
    "partnership": (
        "Community safety annual report",
        "Strategic assessment summary",
        "Partnership performance report",
    ),
    "fire": ("Service performance report", "Performance and assurance report"),
    "health": (
        "Public health profile",
        "Health and wellbeing outcomes",
        "Joint strategic needs assessment summary",
    ),
}


def reference(rng: random.Random, kind: str, y: int, q: int | None) -> tuple[str, str, bool]:
    """(printed statement, normalised reference period, whether the statement alone is ambiguous)."""
    if kind == "quarter":
        m1, m2, cy = quarter_months(y, q)
        text = rng.choice(
            (
                f"Quarter {q} {fy(y)}",
                f"Q{q} {fy(y)}",
                f"Quarter {q} {fy(y)} ({m1} to {m2} {cy})",
                f"Quarter {q}, {y}-{(y + 1) % 100:02d}",
            )
        )
        return text, quarter(y, q), False
    # A year spelt out in months ("April 2023 to March 2024") could be keyed as that span of
    # months or as the year: used only where no figure takes the document's period.
    if kind == "cal":
        if rng.random() < 0.2:
            return f"January to December {y}", str(y), True
        return rng.choice((f"Annual report {y}", f"Calendar year {y}")), str(y), False
    if rng.random() < 0.2:
        return f"April {y} to March {y + 1}", fy(y), True
    return (
        rng.choice(
            (
                f"Annual report {fy(y)}",
                f"{fy(y)} year-end performance",
                f"Performance for {fy(y)}",
                f"Annual performance report {y}-{(y + 1) % 100:02d}",
            )
        ),
        fy(y),
        False,
    )


def make_document(rng: random.Random, index: int, producer: str) -> DocSpec:
    pub = rng.choice(ALL_PUBLISHERS)
    domain = pub.domain
    kind = rng.choices(
        ("fy", "quarter", "cal"), (0.45, 0.4, 0.15) if domain != "health" else (0.6, 0.1, 0.3)
    )[0]
    y = rng.randint(2013, 2024)
    q = rng.randint(1, 4) if kind == "quarter" else None
    statement, ref, ambiguous = reference(rng, kind, y, q)
    ctx = Ctx(
        rng=rng, pub=pub, ref_kind=kind, year=y, quarter=q, doc=DocMeaning(area=pub.area.name, ref_period=ref)
    )
    makers, weights = zip(*KINDS[domain])
    n_tables = rng.choices((1, 2, 3), (0.3, 0.45, 0.25))[0]
    tables = [rng.choices(makers, weights)[0](ctx) for _ in range(n_tables)]
    if ambiguous and any("period:document-reference" in e.features for t in tables for e in t.expected):
        statement = (
            f"Annual report {y}" if kind == "cal" else f"Annual report {fy(y)} (April {y} to March {y + 1})"
        )
    title = rng.choice([t for t in TITLES[domain] if kind != "quarter" or "annual" not in t])
    doc = DocSpec(
        name=f"gen-{index:03d}-{producer}",
        producer=producer,
        publisher=pub.name,
        area=pub.area.name,
        title=title,
        ref_statement=statement,
        ref_period=ref,
        intro=rng.choice(INTROS) if rng.random() < 0.6 else "",
        tables=tables,
        footer=rng.choice(("", "page", "page_word")),
        font=rng.choice(("sans", "sans", "serif", "unicode")),
        features={f"producer:{producer}", f"domain:{domain}", f"reference:{kind}"},
    )
    return doc


def generate(seed: int, n: int, producers=("reportlab", "fpdf2")) -> list[DocSpec]:
    """n documents, alternating producers, the same for the same seed."""
    rng = random.Random(seed)
    return [make_document(rng, i, producers[i % len(producers)]) for i in range(n)]
