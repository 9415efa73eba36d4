"""Generated table pages with known answers.

From a seed, documents like the ones the pipeline meets (council scorecards, police
dashboards, ward tables, public-health profiles, budget monitoring statements) are made up
of real UK places and plausible figures, drawn as PDFs by two producers, and each figure
cell is keyed as a gold row by the rules of the shared corpus (gold/README.md):

    places.py, periods.py, banks.py   what the documents talk about, and how they spell it
    model.py                          a document, its tables, columns with their meaning
    rules.py                          one cell -> its gold row (indicator, geography, period,
                                      measure, value, value_text, unit)
    builder.py, tables_*.py           the kinds of table, each varied at random
    documents.py                      title block (publisher -> area, reference period) + tables
    layout.py, render_reportlab.py,   column widths and orientation; the PDF producers,
    render_fpdf.py, render_html.py    which also say on which page each table part landed
                                      (render_html: HTML printed by Chromium, optional)
    score.py                          the shared scorer's L1/L2/L3 matching, self-contained
    run.py                            generate -> render -> extract -> score, and summaries
    describe.py                       a table and its expected rows as text

Each expected row carries feature tags (`period:ytd-under-year`, `place:stub-ward`,
`cell:bracket-negative` ...) so a report can say which variations are read worst.
"""
