"""Shared pytest set-up for the whole repository.

The browser test's helpers live in tests/site/ and are imported by module name,
so that folder is put on sys.path here.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE_TESTS = Path(__file__).resolve().parent / "site"
if str(SITE_TESTS) not in sys.path:
    sys.path.insert(0, str(SITE_TESTS))
