"""Confidence weights, fitted on the development gold by benchmarks/fit_confidence.py
(a logistic regression of "the figure is right at L3" on the signals of
schemas/confidence.py). Written by that script: refit, do not edit."""

INTERCEPT = 4.852
WEIGHTS = {
    'text': -2.515,
    'ocr': 0.175,
    'ocr_unsure': -0.777,
    'period_document': -0.398,
    'period_missing': 0.040,
    'area_named': -0.702,
    'label_fallback': 0.675,
    'label_short': 0.676,
    'label_long': 0.333,
    'label_number': -0.733,
    'label_shared': 0.371,
    'crowded': -0.502,
    'long_snippet': -0.218,
    'no_value': -0.382,
    'unit_other': -0.398,
    'measure_change': 0.465,
    'measure_rank': -0.711,
    'measure_target': -1.160,
    'check_finding': 0.981,
}
