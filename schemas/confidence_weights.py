"""Confidence weights, fitted on the development gold by benchmarks/fit_confidence.py
(a logistic regression of "the figure is right at L3" on the signals of
schemas/confidence.py). Written by that script: refit, do not edit."""

INTERCEPT = 4.850
WEIGHTS = {
    'text': -2.515,
    'ocr': 0.164,
    'period_document': -0.400,
    'period_missing': 0.041,
    'area_named': -0.702,
    'label_fallback': 0.675,
    'label_short': 0.673,
    'label_long': 0.333,
    'label_number': -0.732,
    'label_shared': 0.371,
    'crowded': -0.501,
    'long_snippet': -0.219,
    'no_value': -0.382,
    'unit_other': -0.398,
    'measure_change': 0.468,
    'measure_rank': -0.711,
    'measure_target': -1.159,
    'check_finding': 0.980,
}
