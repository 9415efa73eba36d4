"""The published dataset describes itself: datapackage.json validates the CSV (checked by
the frictionless library), Parquet carries field descriptions and a typed bbox, DuckDB
carries column comments, a typed bbox and row_id as its primary key."""
from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

import extractors as ex
from schemas.contract import COLUMNS, to_frame
from schemas.datapackage import BBOX_ARROW, DESCRIPTIONS
from schemas.dataset import publish
from schemas.suite import validate

REPO = Path(__file__).resolve().parent.parent
SCORECARD = REPO / "raw_docs" / "safe-city-scorecard-2016-17.pdf"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    rows = ex.extract_document(ex.open_document(str(SCORECARD)))
    outcome = validate(to_frame(rows))
    publish(outcome.valid, outcome.quarantine, outcome.results_json,
            {"figures": len(outcome.valid)}, "# run\n", str(out))
    return out, outcome.valid


def test_the_csv_is_valid_against_its_datapackage(published):
    from frictionless import Package
    out, valid = published
    package = json.loads((out / "datapackage.json").read_text())
    schema = package["resources"][0]["schema"]
    assert [f["name"] for f in schema["fields"]] == list(COLUMNS)
    assert schema["primaryKey"] == ["row_id"]
    enums = {f["name"]: f["constraints"]["enum"] for f in schema["fields"] if "enum" in f.get("constraints", {})}
    assert set(enums) == {"measure", "unit"}
    report = Package(str(out / "datapackage.json")).get_resource("indicators").validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    assert report.tasks[0].stats["rows"] == len(valid)


def test_the_datapackage_catches_a_broken_csv(published, tmp_path):
    """The schema is not a formality: a duplicate row_id and an unknown unit fail it."""
    from frictionless import Package
    out, _ = published
    (tmp_path / "datapackage.json").write_bytes((out / "datapackage.json").read_bytes())
    lines = (out / "indicators.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    broken = lines + [lines[1]]                                     # the first row twice
    broken[2] = broken[2].replace(",percent,", ",furlongs,", 1)      # an unknown unit
    (tmp_path / "indicators.csv").write_text("\n".join(broken) + "\n", encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).get_resource("indicators").validate()
    kinds = {e.type for e in report.tasks[0].errors}
    assert not report.valid and {"primary-key", "constraint-error"} <= kinds, kinds
    assert "row_id" in header


def test_parquet_is_typed_and_describes_its_fields(published):
    out, valid = published
    schema = pq.read_schema(out / "indicators.parquet")
    assert schema.names == list(COLUMNS)
    for col in COLUMNS:
        assert schema.field(col).metadata[b"description"].decode() == DESCRIPTIONS[col]
    assert schema.field("bbox").type == BBOX_ARROW
    first = pq.read_table(out / "indicators.parquet").column("bbox")[0].as_py()
    x0, top, x1, bottom = (float(v) for v in valid.iloc[0]["bbox"].split(","))
    assert first == {"x0": x0, "top": top, "x1": x1, "bottom": bottom}


def test_duckdb_has_comments_a_struct_bbox_and_row_id_as_primary_key(published):
    out, valid = published
    with duckdb.connect(str(out / "indicators.duckdb"), read_only=True) as con:
        comments = dict(con.execute("SELECT column_name, comment FROM duckdb_columns() "
                                    "WHERE table_name = 'indicators'").fetchall())
        assert comments == DESCRIPTIONS
        key = con.execute("SELECT constraint_column_names FROM duckdb_constraints() "
                          "WHERE table_name = 'indicators' AND constraint_type = 'PRIMARY KEY'").fetchone()
        assert key == (["row_id"],)
        wide = con.execute("SELECT count(*) FROM indicators WHERE bbox.x1 > bbox.x0 "
                           "AND bbox.bottom > bbox.top").fetchone()[0]
        assert wide == len(valid)


def test_docs_describe_every_column():
    text = (REPO / "docs" / "dataset.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(\w+)` \|", text, flags=re.M))
    assert documented == set(COLUMNS)
