"""A party's reads and writes through the API, with tokens of demo accounts (one world per module).

Aïssatou Ndiaye represents Senegal, Wanjiru Kamau Kenya (which has a confidential need), Priya
Raman acts for Harbourline Security Ltd, Kadri Tamm for another organisation; the focal point
proposes. The tests run in order on the same database: what one writes, the next may read.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from models import AuditEntry, Match, MatchStatus, Need, Offer, Response, db
from tests.api.conftest import PartyWorld
from tests.api.support import check_against, document, walk

OFFER = {
    "title": "Incident handling bootcamp for national CERTs",
    "description": "Two weeks of hands-on incident handling with a national CERT's own tools.",
    "topics": ["incident-response"],
    "support_types": ["training"],
    "languages": ["en", "fr"],
    "modality": "remote",
    "eligible": ["Africa"],
    "capacity": 2,
}
NEED = {
    "title": "Forensics lab for the national CERT",
    "description": "Equipment and training to set up a digital forensics lab.",
    "topics": ["incident-response"],
    "priority": "high",
}


def _count(w: PartyWorld, model: Any) -> int:
    with w.app.app_context():
        n = db.session.scalar(select(func.count()).select_from(model))
        db.session.remove()
    return int(n or 0)


def _audit(w: PartyWorld, entity: str, record: str) -> list[str]:
    with w.app.app_context():
        rows = db.session.scalars(
            select(AuditEntry.actor).where(AuditEntry.entity == entity, AuditEntry.record == record)
        ).all()
        db.session.remove()
    return list(rows)


# --- reads --------------------------------------------------------------------------------------


def test_a_state_reads_all_its_own_needs_confidential_ones_too(party_world: PartyWorld) -> None:
    w = party_world
    doc = document(w.client)
    first = w.client.get("/api/v1/me/needs?limit=2", headers=w.auth("state_conf"))
    check_against(doc, "/api/v1/me/needs", first)
    assert first.headers["Cache-Control"] == "private, no-store"
    assert "Access-Control-Allow-Origin" not in first.headers
    items = walk(w.client, "/api/v1/me/needs?limit=2", **w.auth("state_conf"))
    assert {i["state"] for i in items} == {"KEN"}
    assert "N-2026-018" in {i["ref"] for i in items if i["confidential"]}
    one = w.client.get("/api/v1/me/needs/N-2026-018", headers=w.auth("state_conf"))
    assert one.status_code == 200
    assert one.get_json()["confidential"] is True
    # Senegal's representative neither lists nor reads it: not found, not forbidden.
    assert "N-2026-018" not in {i["ref"] for i in walk(w.client, "/api/v1/me/needs", **w.auth(
        "state"))}  # fmt: skip
    assert w.client.get("/api/v1/me/needs/N-2026-018", headers=w.auth("state")).status_code == 404


def test_a_provider_reads_its_organisations_offers(party_world: PartyWorld) -> None:
    w = party_world
    items = walk(w.client, "/api/v1/me/offers?limit=3", **w.auth("provider"))
    assert items
    assert {i["provider"] for i in items} == {"Harbourline Security Ltd"}
    assert all(isinstance(i["version"], int) for i in items)
    # another role has no offers of its own
    assert w.client.get("/api/v1/me/offers", headers=w.auth("state")).get_json()["items"] == []


def test_matches_are_read_with_their_history_as_on_the_inbox(party_world: PartyWorld) -> None:
    w = party_world
    doc = document(w.client)
    first = w.client.get("/api/v1/me/matches?limit=5", headers=w.auth("state"))
    check_against(doc, "/api/v1/me/matches", first)
    mine = walk(w.client, "/api/v1/me/matches?limit=5", **w.auth("state"))
    assert mine
    assert all(m["state"] == "SEN" for m in mine)
    assert all(m["events"] for m in mine)  # every match the sides see was proposed once
    assert "suggested" not in {m["status"] for m in mine}
    unknown = w.client.get("/api/v1/me/matches?status=finished", headers=w.auth("state"))
    assert unknown.status_code == 400  # named, as the public filters are
    assert unknown.get_json()["errors"][0]["field"] == "status"
    one = w.client.get(f"/api/v1/matches/{mine[0]['id']}", headers=w.auth("state"))
    check_against(doc, "/api/v1/matches/{match_id}", one)
    assert one.get_json() == mine[0]
    # Another State's token does not see it (404, not 403: it may not know it exists).
    other = w.client.get(f"/api/v1/matches/{mine[0]['id']}", headers=w.auth("state_conf"))
    assert other.status_code == 404
    assert other.mimetype == "application/problem+json"


def test_a_provider_never_reads_a_confidential_need_before_its_states_consent(
    party_world: PartyWorld,
) -> None:
    w = party_world
    with w.app.app_context():
        confidential = set(db.session.scalars(select(Need.ref).where(Need.confidential)).all())
        db.session.remove()
    for name in ("provider", "provider_other"):
        for m in walk(w.client, "/api/v1/me/matches", **w.auth(name)):
            if m["need"] in confidential:
                with w.app.app_context():
                    match = db.session.get(Match, m["id"])
                    assert match is not None
                    assert match.state_response is Response.ACCEPTED
                    db.session.remove()
        for ref in confidential:  # the public read does not take the token's word for it
            response = w.client.get(f"/api/v1/needs/{ref}", headers=w.auth(name))
            assert response.status_code == 404


# --- tokens and scopes --------------------------------------------------------------------------


def test_a_write_needs_its_scope_and_a_token(party_world: PartyWorld) -> None:
    w = party_world
    before = _count(w, Offer)
    none = w.client.post("/api/v1/offers", json=OFFER)
    assert none.status_code == 401
    assert none.headers["WWW-Authenticate"].startswith("Bearer")
    read_only = w.client.post("/api/v1/offers", json=OFFER, headers=w.auth("provider_read"))
    assert read_only.status_code == 403
    assert "error=insufficient_scope" in read_only.headers["WWW-Authenticate"]
    assert read_only.get_json()["type"].endswith("#problem-forbidden")
    cookie = w.client.get("/api/v1/me/needs")  # no token: the cookie is never read
    assert cookie.status_code == 401
    assert _count(w, Offer) == before


# --- offers -------------------------------------------------------------------------------------


def test_a_provider_creates_updates_and_closes_an_offer(party_world: PartyWorld) -> None:
    w = party_world
    made = w.client.post("/api/v1/offers", json=OFFER, headers=w.auth("provider"))
    assert made.status_code == 201, made.get_data(as_text=True)
    offer = made.get_json()
    assert offer["provider"] == "Harbourline Security Ltd"
    assert offer["status"] == "open"
    assert offer["eligible"] == ["Africa"]
    assert offer["capacity"] == 2
    assert made.headers["Location"].endswith(f"/api/v1/offers/{offer['ref']}")
    public = w.client.get(made.headers["Location"]).get_json()
    assert public["title"] == OFFER["title"]
    assert _audit(w, "offer", offer["ref"]) == [
        "Priya Raman <priya.raman@cbmatch.example> (token: provider)"
    ]
    ref, version = offer["ref"], offer["version"]

    patched = w.client.patch(
        f"/api/v1/offers/{ref}",
        json={"capacity": 4, "version": version},
        headers=w.auth("provider"),
    )
    assert patched.status_code == 200, patched.get_data(as_text=True)
    assert patched.get_json()["capacity"] == 4
    assert patched.get_json()["title"] == OFFER["title"]
    # the version read before the change is stale now: nothing written
    stale = w.client.put(
        f"/api/v1/offers/{ref}", json={**OFFER, "title": "Old", "version": version},
        headers=w.auth("provider"),
    )  # fmt: skip
    assert stale.status_code == 409
    assert stale.get_json()["errors"][0]["field"] == "version"
    assert w.client.get(f"/api/v1/offers/{ref}").get_json()["title"] == OFFER["title"]
    # PUT replaces: the capacity left out is the contract's default again
    put = w.client.put(f"/api/v1/offers/{ref}", json=OFFER, headers=w.auth("provider"))
    assert put.status_code == 200
    assert put.get_json()["capacity"] == 2

    closed = w.client.post(f"/api/v1/offers/{ref}/close", headers=w.auth("provider"))
    assert closed.status_code == 200
    assert closed.get_json()["status"] == "closed"
    again = w.client.post(f"/api/v1/offers/{ref}/close", headers=w.auth("provider"))
    assert again.status_code == 400
    assert again.get_json()["errors"][0]["field"] == "status"
    assert len(_audit(w, "offer", ref)) == 4
    assert set(_audit(w, "offer", ref)) == {
        "Priya Raman <priya.raman@cbmatch.example> (token: provider)"
    }


def test_a_bad_offer_is_refused_field_by_field_and_nothing_is_written(
    party_world: PartyWorld,
) -> None:
    w = party_world
    before = _count(w, Offer)
    bad = {**OFFER, "title": "", "topics": ["no-such-topic"], "end": "9999-12-31", "colour": 1}
    response = w.client.post("/api/v1/offers", json=bad, headers=w.auth("provider"))
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    fields = {e["field"] for e in response.get_json()["errors"]}
    assert {"title", "topics", "end", "colour"} <= fields
    # the very reasons the importer gives (one validator)
    reasons = {e["field"]: e["reason"] for e in response.get_json()["errors"]}
    assert reasons["end"] == "'9999-12-31' is not between 2000-01-01 and 2100-12-31"
    other = w.client.post(
        "/api/v1/offers", json={**OFFER, "provider": "Someone Else"}, headers=w.auth("provider")
    )
    assert other.status_code == 400
    assert other.get_json()["errors"][0]["field"] == "provider"
    not_json = w.client.post("/api/v1/offers", data="title=x", headers=w.auth("provider"))
    assert not_json.status_code == 400
    assert not_json.get_json()["errors"][0]["field"] == "body"
    assert _count(w, Offer) == before


def test_another_organisations_offer_is_forbidden_and_a_missing_one_not_found(
    party_world: PartyWorld,
) -> None:
    w = party_world
    theirs = w.client.get("/api/v1/me/offers", headers=w.auth("provider_other")).get_json()
    ref = theirs["items"][0]["ref"]
    for method in ("put", "patch"):
        response = getattr(w.client, method)(
            f"/api/v1/offers/{ref}", json=OFFER, headers=w.auth("provider")
        )
        assert response.status_code == 403
    assert (
        w.client.post(f"/api/v1/offers/{ref}/close", headers=w.auth("provider")).status_code == 403
    )
    missing = w.client.patch("/api/v1/offers/O-NO-SUCH", json={}, headers=w.auth("provider"))
    assert missing.status_code == 404


# --- needs --------------------------------------------------------------------------------------


def test_a_state_files_changes_and_deletes_a_draft_need(party_world: PartyWorld) -> None:
    w = party_world
    made = w.client.post("/api/v1/needs", json=NEED, headers=w.auth("state"))
    assert made.status_code == 201, made.get_data(as_text=True)
    need = made.get_json()
    assert need["state"] == "SEN"
    assert need["status"] in ("open", "draft")
    assert made.headers["Location"].endswith(f"/api/v1/me/needs/{need['ref']}")
    assert _audit(w, "need", need["ref"]) == [
        "Aïssatou Ndiaye <aissatou.ndiaye@cbmatch.example> (token: state)"
    ]
    ref = need["ref"]
    conf = w.client.patch(f"/api/v1/needs/{ref}", json={"confidential": True}, headers=w.auth(
        "state"))  # fmt: skip
    assert conf.status_code == 200
    assert conf.get_json()["confidential"] is True
    # a PUT without `confidential` keeps it, as an import does
    put = w.client.put(f"/api/v1/needs/{ref}", json={**NEED, "title": "Forensics lab, phase 1"},
                       headers=w.auth("state"))  # fmt: skip
    assert put.status_code == 200
    assert put.get_json()["confidential"] is True
    assert put.get_json()["title"] == "Forensics lab, phase 1"
    assert w.client.get(f"/api/v1/needs/{ref}").status_code == 404  # confidential: not public
    # Senegal's survey is not submitted in this world: the need is a draft, which is deleted,
    # not withdrawn (as on the pages)
    assert put.get_json()["status"] == "draft"
    refused = w.client.post(f"/api/v1/needs/{ref}/withdraw", headers=w.auth("state"))
    assert refused.status_code == 400
    assert refused.get_json()["errors"][0]["field"] == "status"
    gone = w.client.delete(f"/api/v1/needs/{ref}", headers=w.auth("state"))
    assert gone.status_code == 204
    assert w.client.get(f"/api/v1/me/needs/{ref}", headers=w.auth("state")).status_code == 404


def test_a_need_for_another_state_or_of_another_state_is_refused(party_world: PartyWorld) -> None:
    w = party_world
    before = _count(w, Need)
    other = w.client.post("/api/v1/needs", json={**NEED, "state": "FJI"}, headers=w.auth("state"))
    assert other.status_code == 400
    assert other.get_json()["errors"][0]["field"] == "state"
    bad = w.client.post("/api/v1/needs", json={**NEED, "priority": "urgent"}, headers=w.auth(
        "state"))  # fmt: skip
    assert bad.status_code == 400
    assert bad.get_json()["errors"][0]["field"] == "priority"
    assert _count(w, Need) == before
    kenya_public = next(
        i["ref"] for i in walk(w.client, "/api/v1/me/needs", **w.auth("state_conf"))
        if not i["confidential"] and i["status"] == "open"
    )  # fmt: skip
    assert w.client.patch(f"/api/v1/needs/{kenya_public}", json={}, headers=w.auth(
        "state")).status_code == 403  # fmt: skip
    # Kenya's confidential need: Senegal may not know it exists
    assert w.client.post("/api/v1/needs/N-2026-018/close", headers=w.auth(
        "state")).status_code == 404  # fmt: skip
    # a provider's token cannot have the scope: 403
    assert w.client.post("/api/v1/needs", json=NEED, headers=w.auth("provider")).status_code == 403


# --- proposals ----------------------------------------------------------------------------------


def test_the_focal_point_proposes_and_both_sides_answer(party_world: PartyWorld) -> None:
    w = party_world
    made = w.client.post("/api/v1/proposals", json={**NEED, "need": "X"}, headers=w.auth("focal"))
    assert made.status_code == 400  # every field at fault named, nothing written
    assert {e["field"] for e in made.get_json()["errors"]} == {
        "title", "description", "topics", "priority", "offer", "message"}  # fmt: skip
    needs = [n["ref"] for n in walk(w.client, "/api/v1/me/needs", **w.auth("state"))
             if n["status"] == "open" and not n["confidential"]]  # fmt: skip
    wide = {**OFFER, "eligible": [], "languages": ["en", "fr", "es", "ar", "ru", "zh", "pt"]}
    offers = [w.client.post("/api/v1/offers", json=wide, headers=w.auth("provider")).get_json()[
        "ref"]]  # fmt: skip
    # The first pair the pages would let the focal point propose (eligible, not yet matched).
    for need_ref, offer_ref in ((n, o) for n in needs for o in offers):
        body = {"need": need_ref, "offer": offer_ref, "message": "Same tools, same language."}
        made = w.client.post("/api/v1/proposals", json=body, headers=w.auth("focal"))
        if made.status_code != 400:
            break
        assert made.get_json()["errors"][0]["field"] == "offer"  # why the pair cannot be
    assert made.status_code == 201, made.get_data(as_text=True)
    match = made.get_json()
    assert match["status"] == MatchStatus.PROPOSED.value
    assert made.headers["Location"].endswith(f"/api/v1/matches/{match['id']}")
    url = f"/api/v1/matches/{match['id']}/answer"
    assert w.client.post(url, json={"decision": "accept"}, headers=w.auth(
        "state_conf")).status_code == 404  # fmt: skip
    no_note = w.client.post(url, json={"decision": "decline"}, headers=w.auth("state"))
    assert no_note.status_code == 400
    assert no_note.get_json()["errors"][0]["field"] == "note"
    yes = w.client.post(url, json={"decision": "accept", "note": "Welcome."}, headers=w.auth(
        "state"))  # fmt: skip
    assert yes.status_code == 200
    assert yes.get_json()["state_response"] == "accepted"
    both = w.client.post(url, json={"decision": "accept", "version": yes.get_json()["version"]},
                         headers=w.auth("provider"))  # fmt: skip
    assert both.status_code == 200
    assert both.get_json()["status"] == "accepted"
    assert [e["to_status"] for e in both.get_json()["events"]][-1] == "accepted"
    actors = _audit(w, "match", f"{match['need']} / {match['offer']}")
    assert actors == [
        "Ingrid Halvorsen-Mbeki <focal.point@cbmatch.example> (token: focal)",
        "Aïssatou Ndiaye <aissatou.ndiaye@cbmatch.example> (token: state)",
        "Priya Raman <priya.raman@cbmatch.example> (token: provider)",
    ]


@pytest.mark.parametrize("name", ["state", "provider"])
def test_a_side_cannot_propose(party_world: PartyWorld, name: str) -> None:
    w = party_world
    body = {"need": "N-2026-001", "offer": "O-2026-001", "message": "Try."}
    assert w.client.post("/api/v1/proposals", json=body, headers=w.auth(name)).status_code == 403


def test_the_reference_page_names_each_operations_scope_and_body(party_world: PartyWorld) -> None:
    page = party_world.client.get("/api/v1/docs").get_data(as_text=True)
    section = page.split('id="post--api-v1-offers"', 1)[1].split("</section>", 1)[0]
    assert '<code lang="en" dir="ltr">write_offers</code>' in section
    assert '<a href="#record-OfferWrite" lang="en" dir="ltr">OfferWrite</a>' in section
    public = page.split('id="get--api-v1-offers"', 1)[1].split("</section>", 1)[0]
    assert "access token" not in public  # a public read needs none
    french = party_world.client.get("/api/v1/docs", headers={"Accept-Language": "fr"})
    assert "Nécessite un jeton d'accès avec la portée" in french.get_data(as_text=True)
