"""Write tests/data/eval2/stripped/: the set as untagged imports arrive.

The needs and offers lose ``topics`` and ``support_types``; everything else (and the grades and
the unservable reasons) is copied unchanged. Run from anywhere: ``python make_stripped.py``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "stripped"
TAGS = ("topics", "support_types")


def strip(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The records without their tags, fields otherwise in the same order."""
    return [{k: v for k, v in rec.items() if k not in TAGS} for rec in records]


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name in ("needs.json", "offers.json"):
        records = json.loads((HERE / name).read_text(encoding="utf-8"))
        text = json.dumps(strip(records), ensure_ascii=False, indent=2) + "\n"
        (OUT / name).write_text(text, encoding="utf-8")
    for name in ("grades.csv", "unservable.csv"):
        shutil.copyfile(HERE / name, OUT / name)


if __name__ == "__main__":
    main()
