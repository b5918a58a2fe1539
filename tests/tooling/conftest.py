"""Tests of bin/dms (bin/dms_cli.py): pure pytest, no Odoo database.

Run: ~/odoo/venv/bin/python -m pytest tests/tooling   (bin/dms test runs them too and counts them)
"""

import sys
from pathlib import Path

BIN = Path(__file__).resolve().parents[2] / "bin"
if str(BIN) not in sys.path:
    sys.path.insert(0, str(BIN))

try:  # pytest-odoo, when installed, loads a registry for every test session: these tests need none
    import pytest_odoo  # noqa: F401
except ImportError:
    pass
else:
    import pytest

    @pytest.fixture(scope="session", autouse=True)
    def load_registry():
        yield

    @pytest.fixture(scope="session", autouse=True)
    def load_http():
        yield

    @pytest.fixture(scope="module", autouse=True)
    def enable_odoo_test_flag():
        yield
