import sys
from pathlib import Path

# tests/pdfgen.py is a helper module, importable from every test
sys.path.insert(0, str(Path(__file__).resolve().parent))
