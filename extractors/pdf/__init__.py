"""Open a PDF and read its pages: fingerprint, text layer, words, rulings, OCR."""
