"""Document context: the publisher's area from the gazetteer, the reference period, and
period spellings; on generated PDFs and the samples in raw_docs/."""
from __future__ import annotations

import pytest

import extractors as ex
from extractors.context.gazetteer import find_places, is_place, lookup
from extractors.context.periods import find_periods, reference_period
from extractors.context.publisher import Evidence, read_area
from pdfgen import write_pdf


def norm(text):
    return [p for m in find_periods(text) for p in m.periods]


@pytest.mark.parametrize("text, expected", [
    ("2019/20", ["2019/20"]), ("2019-20", ["2019/20"]), ("2021- 22", ["2021/22"]),
    ("2022/231", ["2022/23"]), ("Jan 21", ["2021-01"]), ("Feb-21", ["2021-02"]),
    ("Q1 2023/24", ["2023/24 Q1"]), ("Quarter 3 of 2023/24", ["2023/24 Q3"]),
    ("2020/21 - 22/23", ["2020/21-2022/23"]), ("April-September 2013", ["2013-04-2013-09"]),
    ("for the year 1 April 2021 to 31 March 2022", ["2021/22"]), ("April 2023 to March 2024", ["2023/24"]),
    ("2015 - 18", ["2015-2018"]), ("numbers may 21 rise", []),
])
def test_period_spellings(text, expected):
    assert norm(text) == expected


def test_reference_period_from_statement_then_title_then_counts():
    assert reference_period("Unless stated otherwise, figures refer to the financial year 2023/24. "
                            "Needs Assessment 2024/25", "2024/25") == "2023/24"
    assert reference_period("In 2022/23 and 2022/23 we did more", "2023/24 Q3") == "2023/24 Q3"
    assert reference_period("for the year ending March 2024") == "2023/24"
    assert reference_period("In 2021/22 and 2022/23 and 2022/23") == "2022/23"


def test_gazetteer_knows_areas_wards_and_official_forms():
    assert {p.type for p in lookup("North Tyneside")} >= {"metropolitan_district"}
    assert is_place("Stratford-on-Avon") and is_place("Brighton & Hove") and is_place("Bristol")
    assert {p.type for p in lookup("Sussex")} == {"police_force_area"}
    assert [m.text for m in find_places("Safer Leeds Partnership, the North East and England")] == \
        ["Leeds", "North East", "England"]


@pytest.mark.parametrize("publisher, area", [
    ("Maidstone Borough Council", "Maidstone"), ("SUSSEX POLICE & CRIME COMMISSIONER", "Sussex"),
    ("Office of the Police and Crime Commissioner for Kent", "Kent"),
    ("Safer North Tyneside Partnership", "North Tyneside"),
    ("Devon and Somerset Fire and Rescue Service", "Devon and Somerset"),
    ("Royal Borough of Greenwich", "Greenwich"), ("Home Office", "England"),
])
def test_publisher_names_give_their_area(publisher, area):
    assert read_area([Evidence(publisher, "title")]) == area


def test_partners_named_in_the_body_do_not_outweigh_the_publisher():
    ev = [Evidence("Leeds City Council", "metadata"), Evidence("Annual review 2019/20", "title")] + \
         [Evidence("West Yorkshire Police and Leeds City Council worked with West Yorkshire Police", "body")] * 6
    assert read_area(ev) == "Leeds"
    # a stray capitalised word before "Council" is not a place
    assert read_area([Evidence("Out The Council will respond", "title")]) == ""


def test_area_and_period_read_from_a_generated_report(tmp_path):
    pdf = write_pdf(tmp_path / "r.pdf", [{"text": [
        (50, 40, 8, "Wakefield Council"),
        (50, 80, 20, "Quarter 2 Performance Report 2022/23"),
        (50, 130, 10, "Burglary fell by 12% in the quarter, compared with 2021/22."),
        (50, 800, 8, "wakefield.gov.uk")]}] * 2)
    doc = ex.describe_document(ex.open_document(str(pdf)), ex.read_layout(ex.open_document(str(pdf))))
    assert (doc.geography, doc.reference_period) == ("Wakefield", "2022/23 Q2")
