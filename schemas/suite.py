"""The Great Expectations suite for the dataset, built in code, and the quarantine split.

GE (1.x, ephemeral context, pandas datasource) finds the failing rows of every
expectation (result_format COMPLETE gives their index); any row failing one is moved to
quarantine with the expectation's name and a reason a person can act on.

The suite runs once. Its expectations are checked row by row (the column set and types
are the frame's, and stay), and uniqueness keeps the first copy, so the rows left pass the
whole suite by construction: that one result feeds the quarantine, results.json and the
Data Docs. (The tests validate the published rows again to hold this true.)
"""
from __future__ import annotations

import os

# Before GE is imported: no usage analytics calls, no tqdm bars in a batch run.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("TQDM_DISABLE", "1")

import logging
from dataclasses import dataclass
from typing import Mapping, Optional

import pandas as pd
import great_expectations as gx
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.expectations.row_conditions import Column

from schemas.contract import (BBOX_RE, COLUMNS, MEASURES, ROW_KEY, SHA256_RE, STRING_COLUMNS,
                              UNITS, bbox_columns)
from schemas.data_docs import make_offline

E = gx.expectations
# GE logs its ephemeral docs-site temp dir at INFO (that module pins its logger to INFO).
for _name in ("great_expectations", "great_expectations.data_context.types.base"):
    logging.getLogger(_name).setLevel(logging.WARNING)

# value_text printed where a figure is withheld or absent: the only case value may be null.
CENSORED_RE = (r"(?i)^\s*(?:[<>≤≥]\s*\d[\d,.]*\s*%?|n/?a|n\.a\.|-+|–|—|\.\.+|\*+|x|c|nil|"
               r"none|no data|not available|tbc|tbd)\s*$")
# Normalised periods (docs/dataset.md): 2016/17, 2016/17 Q3, 2017, 2017-04, and a span of two of them.
_ONE_PERIOD = r"\d{4}/\d{2}(?: Q[1-4])?|\d{4}-(?:0[1-9]|1[0-2])|\d{4}"
PERIOD_RE = rf"^(?:(?:{_ONE_PERIOD})(?:-(?:{_ONE_PERIOD}))?)?$"

SUITE_NAME = "indicators"
UNIQUE = ("expect_compound_columns_to_be_unique", "expect_column_values_to_be_unique")


@dataclass
class ValidationOutcome:
    valid: pd.DataFrame
    quarantine: pd.DataFrame   # the failing rows + failed_expectation, reason
    results_json: dict         # GE results for the full frame and for the valid subset
    success: bool              # the valid subset passes every expectation


def _x(expectation, label: str, reason: str):
    """Attach the name and reason the quarantine file shows for this expectation."""
    expectation.meta = {"label": label, "reason": reason}
    return expectation


def build_suite(page_count: Optional[Mapping[str, int]] = None,
                page_size: Optional[Mapping[str, tuple[float, float]]] = None) -> gx.ExpectationSuite:
    _batch_def()  # GE 1.x refuses to build a suite before a context exists
    # Expectations are collected and passed to the constructor: add_expectation() would
    # write each one into a stored suite of the same name (once the Data Docs have saved
    # one), which grows on every call and made each validation slower than the last.
    expectations = []
    add = expectations.append
    add(_x(E.ExpectTableColumnsToMatchSet(column_set=list(COLUMNS), exact_match=False),
           "columns_present", "the frame lacks CONTRACT columns"))
    for col, dtype in COLUMNS.items():
        add(_x(E.ExpectColumnValuesToBeOfType(column=col, type_=dtype),
               f"type[{col}]", f"column {col} is not {dtype}"))
    add(_x(E.ExpectColumnValuesToBeInSet(column="measure", value_set=sorted(MEASURES)),
           "measure_in_set", "measure {v!r} is not one of " + ", ".join(sorted(MEASURES))))
    add(_x(E.ExpectColumnValuesToBeInSet(column="unit", value_set=sorted(UNITS)),
           "unit_in_set", "unit {v!r} is not one of the CONTRACT units"))
    # "value is null only when value_text is censored", said the other way round so GE can check it.
    add(_x(E.ExpectColumnValuesToMatchRegex(column="value_text", regex=CENSORED_RE,
                                             row_condition=Column("value").is_null()),
           "value_not_null_unless_censored",
           "value is empty but value_text {v!r} is not a censored or missing marker"))
    # Changes can exceed 100%, but a percent beyond +-1000 is a misread number.
    add(_x(E.ExpectColumnValuesToBeBetween(column="value", min_value=-1000, max_value=1000,
                                            row_condition=Column("unit") == "percent"),
           "percent_in_range", "percent value {v!r} is outside [-1000, 1000]"))
    # A position is 1 or more; a change of rank ("improve by 2 places" -> -2) may be negative.
    add(_x(E.ExpectColumnValuesToBeBetween(column="value", min_value=1, max_value=1000,
                                            row_condition=Column("measure") == "rank"),
           "rank_in_range", "rank value {v!r} is outside [1, 1000]"))
    add(_x(E.ExpectColumnValuesToBeBetween(column="value", min_value=-1000, max_value=1000,
                                            row_condition=Column("unit") == "rank"),
           "rank_change_in_range", "rank value {v!r} is outside [-1000, 1000]"))
    add(_x(E.ExpectColumnValuesToMatchRegex(column="period", regex=PERIOD_RE),
           "period_normalised", "period {v!r} is not a normalised CONTRACT period"))
    add(_x(E.ExpectColumnValuesToBeBetween(column="page", min_value=1),
           "page_positive", "page {v!r} is below 1"))
    add(_x(E.ExpectColumnValuesToBeBetween(column="confidence", min_value=0, max_value=1),
           "confidence_in_range", "confidence {v!r} is not between 0 and 1"))
    add(_x(E.ExpectColumnValuesToNotBeNull(column="confidence"),
           "confidence_present", "the figure has no confidence"))
    # the printed figure lies on its page (bbox_* are the bbox's numbers, see with_box)
    for side in ("x0", "top"):
        add(_x(E.ExpectColumnValuesToBeBetween(column=f"bbox_{side}", min_value=-1),
               "bbox_inside_page", "bbox starts outside the page"))
    for name, (width, height) in sorted((page_size or {}).items()):
        for side, limit in (("x1", width), ("bottom", height)):
            add(_x(E.ExpectColumnValuesToBeBetween(column=f"bbox_{side}", max_value=float(limit) + 1,
                                                    row_condition=Column("source_document") == name),
                   "bbox_inside_page", f"bbox ends outside the page ({side} > {limit:g})"))
    for name, n in sorted((page_count or {}).items()):
        add(_x(E.ExpectColumnValuesToBeBetween(column="page", max_value=int(n),
                                                row_condition=Column("source_document") == name),
               f"page_within_document[{name}]", f"page {{v!r}} is beyond the document's {n} pages"))
    add(_x(E.ExpectColumnValuesToMatchRegex(column="bbox", regex=BBOX_RE),
           "bbox_format", "bbox {v!r} is not 'x0,top,x1,bottom' in points"))
    add(_x(E.ExpectColumnValuesToMatchRegex(column="source_sha256", regex=SHA256_RE),
           "sha256_format", "source_sha256 {v!r} is not 64 lowercase hex digits"))
    # Personal data: the extractors redact it, this catches what they miss. The reason does
    # not repeat the value, so the quarantine file does not publish the contact either.
    # (Imported here: one pattern for both, without loading the extractors with the schema.)
    from extractors.personal_data import CONTACT_PATTERN
    for col in STRING_COLUMNS:
        add(_x(E.ExpectColumnValuesToNotMatchRegex(column=col, regex=CONTACT_PATTERN),
               f"no_contact_details[{col}]",
               f"{col} holds an e-mail address or phone number (personal data)"))
    add(_x(E.ExpectCompoundColumnsToBeUnique(column_list=ROW_KEY),
           "unique_figure", "duplicate of an earlier row with the same " + ", ".join(ROW_KEY)))
    # row_id is the dataset's primary key (datapackage.json, DuckDB)
    add(_x(E.ExpectColumnValuesToBeUnique(column="row_id"),
           "unique_row_id", "duplicate of an earlier row with the same row_id"))
    return gx.ExpectationSuite(name=SUITE_NAME, expectations=expectations)


_batch_definition = None


def context(mode: str = "ephemeral", **kwargs):
    """A GX context with its progress bars off (they would fill a run's log)."""
    ctx = gx.get_context(mode=mode, **kwargs)
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return ctx


def _batch_def():
    """One ephemeral context per process: nothing is written to a gx/ folder."""
    global _batch_definition
    if _batch_definition is None:
        ctx = context()
        asset = ctx.data_sources.add_pandas("indicators").add_dataframe_asset("observations")
        _batch_definition = asset.add_batch_definition_whole_dataframe("whole_frame")
    return _batch_definition


def run_suite(df: pd.DataFrame, suite: gx.ExpectationSuite):
    batch = _batch_def().get_batch(batch_parameters={"dataframe": df})
    return batch.validate(suite, result_format="COMPLETE")


def _failures(df: pd.DataFrame, result) -> dict[int, list[tuple[str, str]]]:
    """Row index -> [(expectation label, reason)] for every failed expectation."""
    out: dict[int, list[tuple[str, str]]] = {}
    for r in result.results:
        if r.success:
            continue
        cfg = r.expectation_config
        label, template = cfg.meta["label"], cfg.meta["reason"]
        name = f"{cfg.type}:{label}"
        idx = (r.result or {}).get("unexpected_index_list")
        column = cfg.kwargs.get("column")
        if idx is None:
            # A table-level failure (missing column, wrong dtype, an expectation that raised)
            # has no rows to point at: nothing in the frame can be trusted.
            exc = (r.exception_info or {}).get("exception_message")
            reason = template.replace(" {v!r}", "") + (f" ({exc})" if exc else "")
            for i in df.index:
                out.setdefault(i, []).append((name, reason))
            continue
        if cfg.type in UNIQUE:
            # GE flags every copy; keep the first so the figure is still published once.
            flagged = df.loc[idx]
            key = ROW_KEY if cfg.type == "expect_compound_columns_to_be_unique" else [column]
            idx = list(flagged.index[flagged.duplicated(key, keep="first")])
        for i in idx:
            v = df.at[i, column] if column in df else None
            v = v.item() if hasattr(v, "item") else v  # numpy scalar -> plain repr
            out.setdefault(i, []).append((name, template.format(v=v)))
    return out


def with_box(df: pd.DataFrame) -> pd.DataFrame:
    """The frame with the bbox's four numbers as columns, for the page-bounds checks."""
    out = df.copy()
    for side, numbers in bbox_columns(df["bbox"]).items():
        out[f"bbox_{side}"] = numbers
    return out


def _scrub(obj):
    """GE results with personal data redacted from the failing values they list, wherever
    a string sits: a value, a dict key (an exception keyed by its metric's arguments), or
    inside a tuple or set."""
    from extractors.personal_data import has_contact_details, redact
    if isinstance(obj, dict):
        return {(_scrub(k) if isinstance(k, str) else k): _scrub(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set)):
        return [_scrub(v) for v in obj]
    if isinstance(obj, str) and has_contact_details(obj):
        return redact(obj)
    return obj


def validate(df: pd.DataFrame, page_count: Optional[Mapping[str, int]] = None,
             page_size: Optional[Mapping[str, tuple[float, float]]] = None) -> ValidationOutcome:
    """Split `df` into rows that pass the suite and quarantined rows with reasons."""
    df = df.reset_index(drop=True)  # GE reports failing rows by index label
    suite = build_suite(page_count, page_size)
    full = run_suite(with_box(df), suite)
    failures = _failures(df, full)
    bad = sorted(failures)
    quarantine = df.loc[bad].copy()
    quarantine["failed_expectation"] = pd.Series(
        {i: "; ".join(n for n, _ in failures[i]) for i in bad}, dtype="str")
    quarantine["reason"] = pd.Series({i: "; ".join(r for _, r in failures[i]) for i in bad},
                                     dtype="str")
    valid = df.drop(index=bad).reset_index(drop=True)
    # quarantine.csv and results.json are published too: no contact details in them either
    from extractors.personal_data import redact
    for col in STRING_COLUMNS:
        if col in quarantine and col not in ("source_sha256", "bbox", "row_id"):
            quarantine[col] = quarantine[col].map(redact).astype("str")
    # a failure that names no rows (a missing column, a wrong type) quarantines every row,
    # and is the one way the published rows can fail
    success = not any(not r.success and (r.result or {}).get("unexpected_index_list") is None
                      for r in full.results)
    results_json = {
        "suite": SUITE_NAME,
        "rows": len(df), "valid_rows": len(valid), "quarantined_rows": len(bad),
        "valid_rows_pass": success,
        "full": _scrub(full.to_json_dict()),
    }
    return ValidationOutcome(valid=valid, quarantine=quarantine.reset_index(drop=True),
                             results_json=results_json, success=success)


def build_data_docs(results_json: dict, dest_dir: str,
                    page_count: Optional[Mapping[str, int]] = None,
                    page_size: Optional[Mapping[str, tuple[float, float]]] = None) -> None:
    """Great Expectations Data Docs (HTML) of the run's one validation (`validate`'s
    results, personal data already redacted), written to dest_dir: the suite's page and
    the result's, whose unexpected values are the quarantined rows."""
    from great_expectations.core.expectation_validation_result import (
        expectationSuiteValidationResultSchema)
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier, ValidationResultIdentifier)
    ctx = context()
    ctx.add_data_docs_site("published", {
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": os.path.abspath(dest_dir)}})
    suite = ctx.suites.add(build_suite(page_count, page_size))
    result = expectationSuiteValidationResultSchema.load(results_json["full"])
    key = ValidationResultIdentifier(ExpectationSuiteIdentifier(name=suite.name),
                                     RunIdentifier(run_name="indicators"), "candidate_rows")
    ctx.validation_results_store.set(key, result)
    ctx.build_data_docs(site_names=["published"])
    make_offline(dest_dir)
