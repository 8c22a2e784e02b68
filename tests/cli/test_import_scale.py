"""`cbmatch import` of a file spanning several chunks: one bad record at the end writes nothing."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_import import snapshot, write
from tests.factories import need_record
from webapp.services.interchange.operations import CHUNK

N = 2 * CHUNK + 1000


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_a_bad_last_record_of_a_large_file_writes_nothing(cbmatch, db_url, tmp_path, suffix):
    pre = write(tmp_path / "pre.json", [need_record(i) for i in range(100)])
    assert cbmatch("import", "needs", str(pre)).code == 0
    before = snapshot(db_url)
    records = [need_record(i) for i in range(N)]
    for rec in records[:100]:  # updates of stored needs, in the first chunk
        rec["title"] += " (changed)"
        rec["topics"] = ["gender"]
    records[-1]["end"] = "2027-01-01"  # before its start

    result = cbmatch("import", "needs", str(write(tmp_path / f"big{suffix}", records)))

    assert result.code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    position = f"line {N + 1}" if suffix == ".csv" else f"record {N}"
    assert errors == [
        f"error: {position} (ref N-T-{N - 1}): end: 2027-01-01 is before start 2027-01-15"
    ]
    assert "1 error(s); nothing was written" in result.stderr
    assert snapshot(db_url) == before

    records[-1]["end"] = "2027-06-30"
    fixed = cbmatch("import", "needs", str(write(tmp_path / f"fixed{suffix}", records)))
    assert fixed.code == 0, fixed.stderr
    assert f"{N - 100} created, 100 updated, 0 unchanged." in fixed.stdout
    exported = json.loads(cbmatch("export", "needs").stdout)
    assert len(exported) == N
    assert exported[0]["topics"] == ["gender"]
