"""Generated table pages with known answers (tests/tablegen/): some 120 documents of one to
three tables each (council scorecards, police dashboards, ward tables, health profiles,
budget statements) drawn by two PDF producers (reportlab and fpdf2), read back with the
public API and scored like the shared scorer (L1 located, L2 typed, L3 understood).

The bar is the contract's: a careful analyst's reading of every figure. A failure lists the
features (period spellings, header shapes, units, place stubs ...) read worst and example
misses; `benchmarks/generated_tables.py` gives the full breakdown.
"""

from __future__ import annotations

import pytest

from tablegen.describe import doc_text
from tablegen.documents import generate
from tablegen.run import PRODUCERS, evaluate, summary, unprinted

SEED = 20240601
N_DOCS = 120
MIN_L3_F1 = 0.98
MIN_L1_F1 = 0.99


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return evaluate(SEED, N_DOCS, tmp_path_factory.mktemp("generated-tables"))


def test_generator_is_deterministic():
    assert [doc_text(d) for d in generate(SEED, 8)] == [doc_text(d) for d in generate(SEED, 8)]


def test_corpus_is_large_and_varied(result):
    tables = [t for d, _, _ in result.docs for t in d.tables]
    assert len(tables) >= 200
    assert {d.producer for d, _, _ in result.docs} == set(PRODUCERS)
    seen = result.feature_recall()
    for feature in (
        "header:two-level",
        "body:group-rows",
        "split:page2-header-repeated",
        "split:page2-no-header",
        "period:quarter-under-year",
        "period:fy-wrapped",
        "period:footnote-glued",
        "period:month-dash",
        "period:calendar-span",
        "period:fy-span",
        "period:month-span",
        "measure:target",
        "measure:baseline",
        "measure:rank",
        "measure:pct-change",
        "unit:gbp",
        "unit:rate_per_100000",
        "place:stub-ward",
        "place:comparator-group",
        "cell:censored",
        "cell:bracket-negative",
        "label:footnote-marker",
        "label:wrapped",
        "style:unruled",
        "col:status-rag",
    ):
        assert seen.get(feature, (0, 0))[0] >= 5, f"too few expected rows with {feature}"


def test_every_expected_figure_is_printed_on_its_page(result):
    missing = [
        (d.name, e.page, e.value_text, e.where)
        for d, _, _ in result.docs
        for e in unprinted(d, result.paths[d.name])
    ]
    assert not missing, missing[:10]


def test_generated_tables_are_located(result):
    f1 = result.totals()["L1"][2]
    assert f1 >= MIN_L1_F1, f"L1 F1 {f1:.3f} < {MIN_L1_F1}\n" + summary(result)


def test_generated_tables_are_understood(result):
    f1 = result.totals()["L3"][2]
    assert f1 >= MIN_L3_F1, f"L3 F1 {f1:.3f} < {MIN_L3_F1}\n" + summary(result)
