"""`cbmatch import nsi FILE --state ISO3 [--dry-run]` as an operator runs it: a real process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import create_engine, select

from models import NsiAnswer, State

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def stored(url: str, iso3: str = "SEN") -> dict[str, tuple[str | None, str, str]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(NsiAnswer.question, NsiAnswer.choice, NsiAnswer.text, NsiAnswer.comment)
                .join(State, State.id == NsiAnswer.state_id)
                .where(State.iso3 == iso3)
            ).all()
    finally:
        engine.dispose()
    return {q: (c.value if c else None, t, m) for q, c, t, m in rows}


def test_a_dry_run_reports_and_writes_nothing_then_the_import_writes(cbmatch_process, db_url,
                                                                      tmp_path):  # fmt: skip
    path = shutil.copy(EXAMPLES / "nsi-answers.json", tmp_path / "sen.json")
    dry = cbmatch_process("import", "nsi", str(path), "--state", "SEN", "--dry-run")
    assert dry.code == 0, dry.stderr
    assert dry.stdout.strip() == (
        f"Checked 11 NSI answers from {path} for SEN: would create 11, update 0, clear 0, "
        "0 unchanged. Nothing was written (--dry-run)."
    )
    assert stored(db_url) == {}

    done = cbmatch_process("import", "nsi", str(path), "--state", "sen")
    assert done.code == 0, done.stderr
    assert done.stdout.strip() == (
        f"Imported 11 NSI answers from {path} for SEN: 11 created, 0 updated, 0 cleared, "
        "0 unchanged."
    )
    answers = stored(db_url)
    assert answers["N1.1"][0] == "yes"
    assert answers["N4.1"] == (None, "Training in French for CSIRT staff of the region.", "")

    csv_path = tmp_path / "update.csv"
    csv_path.write_text("question,answer,comment\nN1.1,partly,\nN2.a,,\n", encoding="utf-8")
    again = cbmatch_process("import", "nsi", str(csv_path), "--state", "SEN")
    assert again.code == 0, again.stderr
    assert "0 created, 1 updated, 1 cleared, 0 unchanged." in again.stdout
    answers = stored(db_url)
    assert answers["N1.1"] == ("partly", "", "")
    assert "N2.a" not in answers
    assert len(answers) == 10


def test_a_bad_file_is_refused_whole_with_each_error_and_status_1(cbmatch_process, db_url,
                                                                  tmp_path):  # fmt: skip
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"state": "SEN", "answers": [
        {"question": "N1.1", "answer": "yes"},
        {"question": "N1.3", "answer": "maybe"},
        {"question": "N9", "answer": "yes"},
        {"question": "N1.2", "answer": "text", "note": "x"},
    ]}), encoding="utf-8")  # fmt: skip
    result = cbmatch_process("import", "nsi", str(path), "--state", "SEN")
    assert result.code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "error: record 2: answer: N1.3: 'maybe' is not one of yes, partly, no, not_applicable",
        "error: record 3: question: 'N9' is not a question of the survey (N1.1 ... N4.10)",
        "error: record 4: note: is not a field: use question, answer, comment",
        "Error: 3 error(s); nothing was written",
    ]
    assert stored(db_url) == {}


def test_the_state_is_required_and_must_exist(cbmatch, tmp_path):
    """The option checks, through the CLI in this process (the other tests run it as a process)."""
    path = shutil.copy(EXAMPLES / "nsi-answers.csv", tmp_path / "sen.csv")
    missing = cbmatch("import", "nsi", str(path))
    assert missing.code == 2
    assert "cbmatch import nsi needs --state ISO3" in missing.stderr
    unknown = cbmatch("import", "nsi", str(path), "--state", "XYZ")
    assert unknown.code == 1
    assert unknown.stderr.strip() == "Error: --state: 'XYZ' is not the ISO3 code of a State"
    other = cbmatch("import", "nsi", str(path), "--state", "FRA")
    assert other.code == 0  # a CSV file names no State: it is the one given
    wrong = cbmatch("import", "nsi", str(EXAMPLES / "nsi-answers.json"), "--state", "FRA")
    assert wrong.code == 1
    assert "state: is 'SEN', but the answers are imported for FRA" in wrong.stderr
    needs = cbmatch("import", "needs", str(path), "--dry-run")
    assert needs.code == 2
    assert "--state and --dry-run are for: cbmatch import nsi" in needs.stderr
