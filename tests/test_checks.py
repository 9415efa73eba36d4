"""Consistency checks on the committee report's own figures (flagged, not corrected)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

import extractors as ex
from schemas.checks import run_checks
from schemas.contract import to_frame

REPORT = Path(__file__).resolve().parent.parent / "raw_docs" / "osmc-safe-city-annual-review-2018-01-11.pdf"


def test_report_inconsistencies_are_flagged_with_their_pages():
    frame = to_frame(ex.extract_document(ex.open_document(str(REPORT))))
    checks = run_checks(frame)
    change = checks[checks["check"] == "change"]
    # the offence table states 10.7% for 27,261 -> 30,883, which is 13.3%
    total = change[change["message"].str.contains("30,883")]
    assert len(total) == 1 and total.iloc[0]["expected"] == "13.3"
    assert "10.7%" in total.iloc[0]["values"] and total.iloc[0]["pages"].endswith("p3")
    # hate crime 2016/17: 567 in the table (page 3), 574 in paragraph 29 (page 6)
    hate = checks[(checks["check"] == "conflict") & checks["values"].str.contains("567")]
    assert len(hate) == 1 and "574" in hate.iloc[0]["values"]
    assert hate.iloc[0]["pages"].endswith("p3; osmc-safe-city-annual-review-2018-01-11.pdf p6")
    assert len(hate.iloc[0]["row_ids"].split("; ")) == 2
    # consistent rows are not flagged: 3,622 -> 3,924 is the stated 8.3%
    assert not change["message"].str.contains("3,924").any()


def test_a_total_row_is_checked_against_its_parts():
    rows = [("Burglary", 10.0, "0,100,20,110"), ("Robbery", 5.0, "0,112,20,122"),
            ("Total", 16.0, "0,124,20,134")]
    df = pd.DataFrame([{"indicator": i, "value": v, "value_text": f"{v:g}", "bbox": b, "page": 1,
                        "source_document": "d.pdf", "method": "table:pdfplumber", "measure": "actual",
                        "unit": "count", "period": "2019/20", "geography": "Leeds", "snippet": i,
                        "row_id": i} for i, v, b in rows])
    found = run_checks(df)
    assert list(found["check"]) == ["total"] and found.iloc[0]["expected"] == "15"
    df.loc[2, ["value", "value_text"]] = [15.0, "15"]
    assert run_checks(df).empty
