"""`cbmatch match`, `assign` and `evaluate` as an operator runs them, against the contract."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from sqlalchemy import create_engine, select, text

from models import db
from seed_data import reference
from tests.conftest import CBMATCH
from tests.factories import need_record, offer_record

EVAL = Path(__file__).resolve().parent.parent / "data" / "eval"


def load(cbmatch, tmp_path, needs, offers):
    for kind, records in (("needs", needs), ("offers", offers)):
        path = tmp_path / f"{kind}.json"
        path.write_text(json.dumps(records), encoding="utf-8")
        result = cbmatch("import", kind, str(path))
        assert result.code == 0, result.stderr


def csirt_need(i, **kw):
    return need_record(i, title=f"National CSIRT incident handling ({i})",
                       description="Our CSIRT needs incident handling and malware triage training.",
                       topics=["incident-response"], languages=["en"], modality="any",
                       start=None, end=None, confidential=False, **kw)  # fmt: skip


def csirt_offer(i, **kw):
    values = {
        "title": f"Incident handling course for CSIRTs ({i})",
        "description": "Hands-on incident handling and malware triage for CSIRT staff.",
        "topics": ["incident-response"],
        "languages": ["en"],
        "eligible": [],
    }
    return offer_record(i, **{**values, **kw})


def test_match_json_follows_the_contract_and_never_breaks_eligibility(
    cbmatch, cbmatch_process, tmp_path
):
    """The JSON written to the binary stdout of a real process, as a pipe would read it."""
    needs = [csirt_need(1, state="FJI"), csirt_need(2, state="SEN"),
             need_record(3, title="Beekeeping subsidies", description="Honey exports.", topics=[],
                         languages=["en"])]  # fmt: skip
    offers = [csirt_offer(1, eligible=["SIDS"], capacity=2), csirt_offer(2, capacity=1)]
    load(cbmatch, tmp_path, needs, offers)

    result = cbmatch_process("match", "--top", "5", "--format", "json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert list(payload) == ["matches"]
    pairs = {(m["need"], m["offer"]) for m in payload["matches"]}
    for m in payload["matches"]:
        assert set(m) == {"need", "offer", "rank", "score", "reasons"}
        assert 0.0 <= m["score"] <= 1.0
        assert m["reasons"]
    assert ("N-T-001", "O-T-001") in pairs  # Fiji is a SIDS
    assert ("N-T-002", "O-T-001") not in pairs  # Senegal is not
    assert not any(n == "N-T-003" for n, _ in pairs)  # nothing relevant: no filler
    fiji = [m for m in payload["matches"] if m["need"] == "N-T-001"]
    assert [m["rank"] for m in fiji] == list(range(1, len(fiji) + 1))
    assert any("Open to SIDS" in r for m in fiji for r in m["reasons"])


def test_match_for_one_need_and_an_unknown_need(cbmatch, cbmatch_process, tmp_path):
    load(cbmatch, tmp_path, [csirt_need(1), csirt_need(2)], [csirt_offer(1)])
    one = json.loads(cbmatch("match", "--need", "N-T-002", "--format", "json").stdout)
    assert {m["need"] for m in one["matches"]} == {"N-T-002"}
    missing = cbmatch_process("match", "--need", "N-NOPE")  # a real exit status and stderr
    assert missing.code == 1
    assert missing.stderr.strip() == "Error: no need has the ref 'N-NOPE'"


def test_match_save_twice_changes_nothing_and_keeps_decisions(cbmatch, db_url, tmp_path):
    load(cbmatch, tmp_path, [csirt_need(i) for i in range(1, 4)], [csirt_offer(1), csirt_offer(2)])
    first = cbmatch("match", "--save", "--format", "json")
    assert first.code == 0, first.stderr
    engine = create_engine(db_url)
    with engine.begin() as conn:
        rows = conn.execute(select(db.metadata.tables["match"])).all()
        assert rows
        assert all(r.status == "suggested" for r in rows)
        conn.execute(text("UPDATE match SET status = 'proposed', score = 0.01 WHERE id = :i"),
                     {"i": rows[0].id})  # fmt: skip
        before = sorted(map(tuple, conn.execute(select(db.metadata.tables["match"])).all()))
    second = cbmatch("match", "--save", "--format", "json")
    assert (
        "0 new, 0 updated, 0 no longer suggested removed, 1 already acted on kept" in second.stderr
    )
    with engine.connect() as conn:
        after = sorted(map(tuple, conn.execute(select(db.metadata.tables["match"])).all()))
    engine.dispose()
    assert after == before  # the proposed one kept its status and score


def test_assign_respects_capacity_and_lists_the_unassigned(cbmatch, tmp_path):
    load(cbmatch, tmp_path, [csirt_need(i) for i in range(1, 6)],
         [csirt_offer(1, capacity=2), csirt_offer(2, capacity=1)])  # fmt: skip
    result = cbmatch("assign", "--format", "json")
    assert result.code == 0, result.stderr
    payload = json.loads(result.stdout)
    offers = [a["offer"] for a in payload["assignments"]]
    assert offers.count("O-T-001") <= 2
    assert offers.count("O-T-002") <= 1
    assert len(payload["assignments"]) == 3
    assigned = {a["need"] for a in payload["assignments"]}
    assert len(assigned) == 3
    assert set(payload["unassigned"]) == {f"N-T-{i:03d}" for i in range(1, 6)} - assigned
    table = cbmatch("assign").stdout
    assert "3 needs assigned" in table
    assert "2 needs left unassigned" in table


def test_evaluate_prints_every_metric_for_cbmatch_and_the_baseline(cbmatch):
    result = cbmatch("evaluate", str(EVAL), "--format", "json")
    assert result.code == 0, result.stderr
    report = json.loads(result.stdout)
    assert set(report["systems"]) == {"cbmatch", "cbmatch-one-floor", "baseline"}
    metrics = {"ndcg_at_5", "p_at_1", "recall_at_5", "mrr", "unmet_precision", "unmet_recall"}
    for system in report["systems"].values():
        assert set(system) == metrics
    ours, base = report["systems"]["cbmatch"], report["systems"]["baseline"]
    assert ours["ndcg_at_5"] >= 0.9
    assert ours["ndcg_at_5"] > report["systems"]["cbmatch-one-floor"]["ndcg_at_5"]
    assert ours["ndcg_at_5"] >= 1.4 * base["ndcg_at_5"]
    assert ours["unmet_recall"] == 1.0  # the needs nobody can serve get nothing
    table = cbmatch("evaluate", str(EVAL)).stdout
    assert "cbmatch-one-floor" in table.splitlines()[1]
    assert report["needs"] >= 30
    assert report["offers"] >= 50


def test_evaluate_refuses_a_bad_set_in_one_line(cbmatch, tmp_path):
    (tmp_path / "needs.json").write_text(
        json.dumps([need_record(1, state="XYZ")]), encoding="utf-8"
    )
    (tmp_path / "offers.json").write_text(json.dumps([offer_record(1)]), encoding="utf-8")
    (tmp_path / "grades.csv").write_text("need,offer,grade\nN-T-001,O-T-001,2\n", encoding="utf-8")
    result = cbmatch("evaluate", str(tmp_path))
    assert result.code == 1
    assert "state: 'XYZ'" in result.stderr
    assert "Traceback" not in result.stderr
    assert cbmatch("evaluate", str(tmp_path / "nope")).code != 0
    assert len(reference.states()) == 195


def test_a_reader_that_stops_early_gets_no_error_message(db_url, tmp_path, cbmatch):
    """``cbmatch match | head``: the command stops as a Unix tool does, without a message."""
    load(cbmatch, tmp_path, [csirt_need(i) for i in range(1, 4)], [csirt_offer(1)])
    env = {**os.environ, "CBMATCH_DATABASE_URL": db_url, "CBMATCH_SECRET_KEY": "test-only"}
    proc = subprocess.Popen(  # noqa: S603 - our own console script
        [CBMATCH, "match", "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=env, cwd=tmp_path,
    )  # fmt: skip
    proc.stdout.close()  # the reader is gone before the first line is written
    _, stderr = proc.communicate(timeout=120)
    assert stderr.decode() == ""
    assert proc.returncode == 141


def test_match_words_the_reasons_alike_with_and_without_save(cbmatch, tmp_path):
    load(cbmatch, tmp_path, [csirt_need(i) for i in range(1, 4)], [csirt_offer(1), csirt_offer(2)])
    plain = cbmatch("match", "--format", "json")
    saved = cbmatch("match", "--save", "--format", "json")  # ranked, stored, then worded
    assert saved.code == 0, saved.stderr
    assert saved.stdout == plain.stdout
    assert "Capacity left: " in plain.stdout
