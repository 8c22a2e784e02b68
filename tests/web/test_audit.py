"""The audit log: every change to needs, offers, matches and accounts, who made it, before/after."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from models import AuditEntry, Match, MatchStatus, Need, Role
from tests.factories import make_need, make_offer, make_user, need_record, offer_record
from webapp.services.interchange.export import need_to_data
from webapp.services.interchange.operations import import_file, save_records
from webapp.services.needs import operations as need_service

PW = "correct horse battery"


def sign_in(app, email, password=PW):
    client = app.test_client()
    assert (
        client.post("/auth/login", data={"email": email, "password": password}).status_code == 302
    )
    return client


def entries(session, **where) -> list[AuditEntry]:
    session.expire_all()
    stmt = select(AuditEntry).filter_by(**where).order_by(AuditEntry.id)
    return list(session.scalars(stmt))


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def focal(app, session):
    make_user(session, role=Role.FOCAL_POINT, state_code=None, email="focal@example.org",
              name="Farah Focal")  # fmt: skip
    session.commit()
    return sign_in(app, "focal@example.org")


# --- what is recorded ------------------------------------------------------------------------


def test_editing_a_need_records_who_when_and_only_the_changed_fields(app, session):
    rep = make_user(session, email="ana@senegal.example", name="Ana Diop")
    need = make_need(session, i=1, state="SEN", topics=["awareness"])
    session.commit()
    client = sign_in(app, "ana@senegal.example")
    page = client.get(f"/survey/needs/{need.ref}/edit").get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)
    form = {"title": "A sharper title", "description": need.description,
            "topics": ["awareness", "education"], "support_types": ["training"],
            "languages": ["en"], "modality": need.modality, "start": "2027-01-15",
            "end": "2027-06-30", "priority": need.priority, "action": "save",
            "funding_required": "y", "funding_amount": "25000", "funding_currency": "EUR",
            "version": version}  # fmt: skip
    started = datetime.now(UTC) - timedelta(seconds=1)
    assert client.post(f"/survey/needs/{need.ref}/edit", data=form).status_code == 302

    [entry] = entries(session, entity="need", action="update")
    assert (entry.actor_id, entry.actor) == (rep.id, "Ana Diop <ana@senegal.example>")
    assert (entry.record, entry.record_id) == (need.ref, need.id)
    assert entry.before == {"title": need_record(1)["title"], "topics": ["awareness"]}
    assert entry.after == {"title": "A sharper title", "topics": ["awareness", "education"]}
    assert entry.at.replace(tzinfo=entry.at.tzinfo or UTC) >= started


def test_a_new_record_and_a_deleted_one_keep_their_fields(session):
    need = make_need(session, i=2, state="SEN")
    [created] = entries(session, entity="need", action="create")
    assert created.after["ref"] == need.ref
    assert created.after["state_id"] == need.state_id
    assert created.after["status"] == "open"
    assert created.before is None
    session.delete(need)
    session.flush()
    [deleted] = entries(session, entity="need", action="delete")
    assert deleted.before["title"] == need.title
    assert deleted.after is None


def test_accounts_are_logged_but_never_their_password_hash(app, session, focal):
    registered = app.test_client().post("/auth/register", data={
        "name": "Mele Tupou", "email": "mele@example.org", "password": "a long enough password",
        "confirm": "a long enough password", "role": "state", "state": "TON"})  # fmt: skip
    assert registered.status_code == 302
    [created] = entries(session, entity="user", record="mele@example.org")
    assert created.actor == "anonymous visitor"
    assert created.after["password_hash"] == "[set]"
    assert created.after["status"] == "pending"

    user_id = created.record_id
    assert focal.post(f"/auth/accounts/{user_id}", data={"decision": "approve"}).status_code == 302
    approved = entries(session, entity="user", record="mele@example.org", action="update")[-1]
    assert approved.actor.startswith("Farah Focal")
    assert (approved.before, approved.after) == ({"status": "pending"}, {"status": "active"})

    mele = sign_in(app, "mele@example.org", "a long enough password")
    changed = mele.post("/auth/password", data={"current": "a long enough password",
                        "password": "another good one", "confirm": "another good one"})  # fmt: skip
    assert changed.status_code == 302
    last = entries(session, entity="user", record="mele@example.org", action="update")[-1]
    assert (last.before, last.after) == (
        {"password_hash": "[hidden]"},
        {"password_hash": "[changed]"},
    )

    logged = json.dumps([(e.before, e.after) for e in entries(session)])
    assert "scrypt" not in logged
    assert "pbkdf2" not in logged


def test_a_match_status_change_is_logged_with_its_actor(app, session, focal):
    need = make_need(session, i=1, state="SEN", languages=["en"], modality="any")
    offer = make_offer(session, i=1, eligible=[], languages=["en"])
    match = Match(need=need, offer=offer, status=MatchStatus.SUGGESTED, score=0.4)
    session.add(match)
    session.commit()
    assert entries(session, entity="match") == []  # the matcher's suggestions are not per-record

    dismissed = focal.post(f"/console/matches/{match.id}/dismiss",
                           data={f"d{match.id}-reason": "Duplicate"})  # fmt: skip
    assert dismissed.status_code == 302
    [entry] = entries(session, entity="match")
    assert entry.action == "update"
    assert entry.record == f"{need.ref} / {offer.ref}"
    assert (entry.before["status"], entry.after["status"]) == ("suggested", "dismissed")
    assert entry.actor.startswith("Farah Focal")


def test_a_matcher_run_is_one_summary_entry(app, session, focal):
    make_need(session, i=1, state="FJI", topics=["incident-response"], languages=["en"],
              modality="remote", start=None, end=None)  # fmt: skip
    make_offer(session, i=1, topics=["incident-response"], eligible=[], capacity=3)
    make_offer(session, i=4, topics=["incident-response"], eligible=[], capacity=3)
    session.commit()
    assert focal.post("/console/queue/refresh").status_code == 302
    created = session.scalar(select(func.count(Match.id)))
    assert created >= 1
    [entry] = entries(session, entity="match")
    assert (entry.action, entry.record) == ("refresh", "suggestions")
    assert entry.after["created"] == created


def test_an_import_is_one_summary_entry_not_one_per_record(session, tmp_path):
    path = tmp_path / "needs.json"
    path.write_text(json.dumps([need_record(i) for i in range(30)]), encoding="utf-8")
    result = import_file(session, "needs", path)
    assert result.created == 30
    [entry] = entries(session, entity="need")
    assert (entry.action, entry.record) == ("import", "needs.json")
    assert entry.after == {"created": 30, "updated": 0, "unchanged": 0}
    import_file(session, "needs", path)  # nothing changes: nothing is logged
    assert len(entries(session)) == 1


def test_a_record_saved_through_the_web_path_is_logged_as_itself(session):
    save_records(session, "needs", [("web", need_record(3))])
    [entry] = entries(session)
    assert (entry.action, entry.record) == ("create", need_record(3)["ref"])


def test_the_cli_is_named_as_the_author(cbmatch, tmp_path, session):
    path = tmp_path / "offers.json"
    path.write_text(json.dumps([offer_record(i) for i in range(3)]), encoding="utf-8")
    assert cbmatch("import", "offers", str(path)).code == 0
    [entry] = entries(session)
    assert (entry.actor, entry.action, entry.entity) == ("cli: import", "import", "offer")


def test_a_rolled_back_change_leaves_no_entry(session):
    make_need(session, i=5)
    session.rollback()
    assert entries(session) == []
    assert session.scalar(select(func.count(Need.id))) == 0


# --- the page ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [(None, 302), (Role.STATE, 403), (Role.PROVIDER, 403), (Role.FOCAL_POINT, 200),
     (Role.ADMIN, 200)],
)  # fmt: skip
def test_only_the_focal_point_and_admin_read_the_log(app, session, role, expected):
    client = app.test_client()
    if role is not None:
        extra = {}
        if role is Role.PROVIDER:
            extra["organisation"] = make_offer(session, i=1).organisation.name
        user = make_user(session, role=role, state_code="SEN" if role is Role.STATE else None,
                         **extra)  # fmt: skip
        session.commit()
        client = sign_in(app, user.email)
    response = client.get("/audit/")
    assert response.status_code == expected
    nav_link = 'href="/audit/"' in client.get("/").get_data(as_text=True)
    assert nav_link is (expected == 200)


def test_the_page_shows_each_change_before_and_after(app, session, focal):
    rep = make_user(session, email="ana@senegal.example", name="Ana Diop")
    need = make_need(session, i=1, state="SEN")
    session.commit()
    need_service.update_need(
        session, need, replace(need_to_data(need), title="New title"), actor=rep
    )
    session.commit()

    page = page_text(focal.get("/audit/?entity=need"))
    assert "2 entries matching the filters" in page  # created, then changed
    assert re.search(rf'changed need</span>\s*<span class="audit-record">{need.ref}<', page)
    row = re.search(r"<th scope=\"row\">title</th>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>",
                    page)  # fmt: skip
    assert row.groups() == (need_record(1)["title"], "New title")
    assert f'href="/needs/{need.ref}"' in page
    accounts = page_text(focal.get("/audit/?entity=user&record=ana@"))
    state_row = re.search(r'<th scope="row">State</th>\s*<td[^>]*>([^<]*)</td>', accounts)
    assert state_row.group(1) == "Senegal (SEN)"  # the logged id, shown as what it points to


def test_filters_narrow_the_log_and_a_bad_date_is_reported(app, session, focal):
    make_user(session, email="ana@senegal.example", name="Ana Diop")
    make_need(session, i=1, state="SEN")
    make_offer(session, i=1)
    session.commit()
    old = AuditEntry(actor="cli: import", action="import", entity="need", record="old.json",
                     at=datetime(2020, 5, 1, 12, tzinfo=UTC), after={"created": 1})  # fmt: skip
    session.add(old)
    session.commit()

    def count(query: str) -> int:
        page = page_text(focal.get(f"/audit/?{query}"))
        return len(re.findall(r'data-audit="\d+"', page))

    assert count("") == 5  # the focal point's and Ana's accounts, a need, an offer, the old import
    assert count("entity=offer") == 1
    assert count("record=n-t-001") == 1
    assert count("actor=CLI") == 1
    assert count("until=2020-05-01") == 1
    assert count("since=2020-05-02") == 4
    assert count("since=2020-05-01&until=2020-05-01&entity=need") == 1
    bad = page_text(focal.get("/audit/?since=2020-13-01&entity=nonsense"))
    assert "'2020-13-01' is not a date in the form YYYY-MM-DD; the filter is not applied." in bad
    assert "This kind of record is not in the log, so it was ignored." in bad
    assert len(re.findall(r'data-audit="\d+"', bad)) == 5
    empty = page_text(focal.get("/audit/?record=no-such-ref"))
    assert "No entry matches these filters." in empty


def test_the_log_is_paginated_newest_first(app, session, focal):
    for i in range(30):
        at = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=i)
        session.add(AuditEntry(actor="cli: import", action="import", entity="offer",
                               record=f"file-{i:02d}.json", at=at))  # fmt: skip
    session.commit()
    first = page_text(focal.get("/audit/?entity=offer"))
    assert "page 1 of 2" in first
    assert first.index("file-29.json") < first.index("file-28.json")
    second = page_text(focal.get("/audit/?entity=offer&page=2"))
    assert "file-00.json" in second
    assert "file-29.json" not in second
