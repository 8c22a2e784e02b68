"""``matcher`` stands alone: importing it loads neither Flask nor SQLAlchemy nor the app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("flask", "sqlalchemy", "flask_sqlalchemy", "models", "webapp", "seed_data")


@pytest.mark.parametrize(
    "module", ["matcher", "matcher.scoring", "matcher.assign", "matcher.evaluate"]
)
def test_matcher_imports_nothing_of_the_app(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""


def test_matcher_imports_check_can_fail() -> None:
    code = "import sys, json\nprint('json' in sys.modules)\n"
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "True"
