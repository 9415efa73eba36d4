"""The dataset described where its users look: a Frictionless `datapackage.json` beside
the CSV, field descriptions in the Parquet schema, column comments and a primary key in
DuckDB. One source for all of them: the columns of `contract.py` and the descriptions
here (docs/dataset.md says the same for people).

`bbox` is a string in the CSV (the CONTRACT's form); in Parquet and DuckDB it is a struct
of four numbers, x0, top, x1, bottom, so a query can use it without parsing.
"""
from __future__ import annotations

import json
import os

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from extractors.types import format_bbox
from schemas.contract import (BBOX_FIELDS, BBOX_RE, COLUMNS, MEASURES, SHA256_RE, STRING_COLUMNS,
                              UNITS, bbox_columns, conform)

DATAPACKAGE = "datapackage.json"

DESCRIPTIONS = {
    "indicator": "The measure's label as the document names it, white space folded.",
    "indicator_id": "A stable slug for the measure; the same measure in two reports gets "
                    "the same id where the pipeline can tell.",
    "geography": "The area the figure is about: the publishing body's area unless the "
                 "text names another.",
    "period": "Normalised period: financial year 2016/17, quarter 2016/17 Q3, calendar "
              "year 2017, month 2017-04, a span joins its two ends with '-' (2014-2016).",
    "measure": "What the figure is: actual, target, baseline, change or rank.",
    "value": "The number in its unit, as an analyst would key it: separators dropped, a "
             "percentage as its number (26% is 26), a printed multiplier applied (£1.2m "
             "is 1200000); a decrease stated as a change is negative. Empty when the "
             "printed figure is censored or missing (<10, N/A).",
    "value_text": "The figure exactly as printed.",
    "unit": "The value's unit: count, percent, rate_per_1000, rate_per_10000, "
            "rate_per_100000, gbp, rank, ratio, years or other.",
    "source_document": "File name of the PDF the figure was read from.",
    "source_sha256": "SHA-256 of the PDF's bytes.",
    "page": "1-based page number in the PDF.",
    "bbox": "Where the figure is printed: x0, top, x1, bottom in PDF points from the "
            "page's top-left corner (pdfplumber's convention); 'x0,top,x1,bottom' in the CSV.",
    "method": "The extractor that read the figure (table:camelot-lattice, "
              "table:pdfplumber, text:spacy, ...; '+ocr' when read from a scanned page).",
    "snippet": "The sentence or table row the figure was read from.",
    "row_id": "A stable id for the figure (document hash, page, box, measure, period): "
              "the same on every run, the key for tracing and diffing.",
    "source_url": "Where the document was downloaded from; empty for a file from a "
                  "local folder.",
    "confidence": "How sure the pipeline is that the figure is read right, 0 to 1: a "
                  "logistic combination of the signals in evidence, fitted on the "
                  "development gold; 1 when a reviewer corrected it.",
    "evidence": "How each field was decided (period from a column header or the "
                "document's own period, area from the publisher or named, label from a "
                "table row or a sentence) and what lowered the confidence.",
    "corrected": "True when a reviewer's correction (corrections.csv in the input folder) "
                 "set the figure's fields or added it.",
    "review_note": "The reviewer's note on a corrected figure; empty otherwise.",
}
_FRICTIONLESS_TYPE = {"str": "string", "float64": "number", "int64": "integer", "bool": "boolean"}
_ARROW_TYPE = {"str": pa.string(), "float64": pa.float64(), "int64": pa.int64(), "bool": pa.bool_()}
_DUCKDB_TYPE = {"str": "VARCHAR", "float64": "DOUBLE", "int64": "BIGINT", "bool": "BOOLEAN"}
BBOX_ARROW = pa.struct([(f, pa.float64()) for f in BBOX_FIELDS])
BBOX_DUCKDB = "STRUCT(" + ", ".join(f"{f} DOUBLE" for f in BBOX_FIELDS) + ")"


def table_schema() -> dict:
    """The CSV's Frictionless Table Schema."""
    fields = []
    for col, dtype in COLUMNS.items():
        field = {"name": col, "type": _FRICTIONLESS_TYPE[dtype], "description": DESCRIPTIONS[col]}
        constraints = {}
        if col in ("measure", "unit"):
            constraints["enum"] = sorted(MEASURES if col == "measure" else UNITS)
        if col in ("indicator", "period", "measure", "unit", "source_document",
                   "source_sha256", "page", "bbox", "method", "row_id"):
            constraints["required"] = True
        if col == "bbox":
            constraints["pattern"] = BBOX_RE
        if col == "source_sha256":
            constraints["pattern"] = SHA256_RE
        if col == "page":
            constraints["minimum"] = 1
        if col == "confidence":
            constraints.update(required=True, minimum=0, maximum=1)
        if col == "row_id":
            constraints["unique"] = True
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    # only `value` may be empty as "no number"; an empty string elsewhere is a value
    value = next(f for f in fields if f["name"] == "value")
    value["missingValues"] = [""]
    return {"fields": fields, "primaryKey": ["row_id"], "missingValues": []}


def write_datapackage(stage: str) -> str:
    """datapackage.json beside the published files (the CSV is the tabular resource).
    It depends on the code only, so a re-run with nothing new leaves it byte-identical."""
    package = {
        "name": "council-indicators",
        "title": "Indicators read from public bodies' performance reports",
        "description": "One row per figure printed in a source PDF, with its label, area, "
                       "period, measure, value, unit and where it is printed. Sign "
                       "convention: a decrease stated as a change is negative. Parquet "
                       "and DuckDB hold the same rows, bbox as a struct of four numbers.",
        "resources": [
            {"name": "indicators", "path": "indicators.csv", "profile": "tabular-data-resource",
             "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "schema": table_schema()},
            {"name": "indicators-parquet", "path": "indicators.parquet", "format": "parquet",
             "mediatype": "application/vnd.apache.parquet",
             "description": "The same rows, typed; bbox a struct (x0, top, x1, bottom)."},
            {"name": "indicators-duckdb", "path": "indicators.duckdb", "format": "duckdb",
             "description": "The same rows as table indicators, PRIMARY KEY (row_id)."},
        ],
    }
    path = os.path.join(stage, DATAPACKAGE)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(package, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
    return path


def write_parquet(df: pd.DataFrame, path: str) -> None:
    """The rows typed, bbox a struct, each field's description in the schema."""
    fields, arrays = [], []
    for col, dtype in COLUMNS.items():
        meta = {"description": DESCRIPTIONS[col]}
        if col == "bbox":
            fields.append(pa.field(col, BBOX_ARROW, metadata=meta))
            box = bbox_columns(df[col])
            arrays.append(pa.StructArray.from_arrays(
                [pa.array(box[f], type=pa.float64()) for f in BBOX_FIELDS], fields=list(BBOX_ARROW)))
        else:
            fields.append(pa.field(col, _ARROW_TYPE[dtype], metadata=meta))
            arrays.append(pa.array(df[col].tolist(), type=_ARROW_TYPE[dtype], from_pandas=True))
    schema = pa.schema(fields, metadata={"description": "council-indicators: one row per "
                                                        "printed figure; see datapackage.json"})
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path)


def read_parquet(path: str) -> pd.DataFrame:
    """A published Parquet file as the pipeline's frame (bbox back to its string)."""
    table = pq.read_table(path)
    df = table.to_pandas()
    if "bbox" in df and table.schema.field("bbox").type == BBOX_ARROW:
        df["bbox"] = [format_bbox(tuple(b[f] for f in BBOX_FIELDS)) if b is not None else ""
                      for b in df["bbox"]]
    return conform(df)


def read_csv(path: str) -> pd.DataFrame:
    """A published CSV as the pipeline's frame: text columns stay text ("007" and "" too),
    and only an empty `value` is missing."""
    return conform(pd.read_csv(path, encoding="utf-8", keep_default_na=False,
                               na_values={"value": [""]}, dtype={c: str for c in STRING_COLUMNS}))


def write_duckdb(df: pd.DataFrame, path: str) -> None:
    """Table `indicators`: typed columns, bbox a struct, row_id the primary key, and
    the descriptions as table and column comments."""
    import duckdb

    columns = ", ".join(f"{c} {BBOX_DUCKDB if c == 'bbox' else _DUCKDB_TYPE[t]}"
                        + (" PRIMARY KEY" if c == "row_id" else "")
                        for c, t in COLUMNS.items())
    select = ", ".join(
        "CASE WHEN bbox = '' THEN NULL ELSE struct_pack("
        + ", ".join(f"{f} := _bbox_{f}" for f in BBOX_FIELDS) + ") END"
        if c == "bbox" else c for c in COLUMNS)
    frame = df[list(COLUMNS)].join(bbox_columns(df["bbox"]).add_prefix("_bbox_"))
    con = duckdb.connect(path)
    try:
        con.execute(f"CREATE TABLE indicators ({columns})")
        con.register("frame", frame)
        con.execute(f"INSERT INTO indicators SELECT {select} FROM frame")
        con.unregister("frame")
        con.execute("COMMENT ON TABLE indicators IS 'One row per figure printed in a source "
                    "PDF; see datapackage.json'")
        for col in COLUMNS:
            con.execute(f"COMMENT ON COLUMN indicators.{col} IS "
                        + "'" + DESCRIPTIONS[col].replace("'", "''") + "'")
    finally:
        con.close()
