"""A party's writes on matches: a side answers a proposal, the focal point proposes a pair.

The same services as the match page and the focal point's queue (``proposals.respond``,
``proposals.propose``), with their rules: a State's acceptance of a confidential need is its
consent, a decline needs a note, the pair must fit. A match the token's owner may not see is
not found (404); one it sees but answers for no side of is forbidden (403).
"""

from __future__ import annotations

from typing import Any

from flask import Response, url_for

from models import Scope, db
from webapp.api import party_schemas as ps
from webapp.api.base import answer, invalid_record
from webapp.api.party import bp, json_body, match_record, owner, refuse, token_view, visible_match
from webapp.api.party_writes import refused_write, write_documented
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.needs import queries as needs
from webapp.services.offers import queries as offers
from webapp.services.policy import can_view_need
from webapp.services.proposals import operations as proposals

WHERE = "body"


def _texts(body: dict[str, Any], required: tuple[str, ...], optional: tuple[str, ...]) -> Any:
    """The body's text fields, each checked; every error at once, as the importer reports.

    :raise ApiProblem: 400 naming each missing, empty, too long or unknown field.
    """
    errors = [
        RecordError(WHERE, str(k), "unknown field")
        for k in body
        if k not in (*required, *optional, "version")
    ]
    values: dict[str, str] = {}
    for name in (*required, *optional):
        value = body.get(name)
        if value is None and name in optional:
            values[name] = ""
        elif value is None:
            errors.append(RecordError(WHERE, name, "is required"))
        elif not isinstance(value, str) or (name in required and not value.strip()):
            errors.append(RecordError(WHERE, name, "must be a non-empty string"))
        elif len(value) > proposals.MAX_NOTE:
            errors.append(RecordError(WHERE, name, f"is longer than {proposals.MAX_NOTE}"))
        else:
            values[name] = value
    version = body.get("version")
    if version is not None and (
        not isinstance(version, int) or isinstance(version, bool) or not 0 <= version < 2**63
    ):
        errors.append(RecordError(WHERE, "version", f"{version!r} is not a version number"))
    if errors:
        invalid_record(errors)
    return values, version


@bp.route("/matches/<int:match_id>/answer", methods=["POST"])
@write_documented(ps.MatchRecord, 200, ps.AnswerWrite)
@token_view(Scope.ANSWER_PROPOSALS)
def answer_proposal(match_id: int) -> Response:
    """Accept or decline a proposal for the token's side (State or provider), with a note.

    A decline says why (`note`). Both sides accepting makes the match accepted; a State
    accepting a proposal of its confidential need consents to its provider reading it.
    """
    match = visible_match(match_id)
    if proposals.side_of(owner(), match) is None:
        refuse(403, "Only the State and the provider of this match answer it.")
    body = json_body()
    if body.get("decision") not in ("accept", "decline", None):
        invalid_record([RecordError(WHERE, "decision", "must be 'accept' or 'decline'")])
    values, version = _texts(body, ("decision",), ("note",))
    session = db.session()
    try:
        proposals.respond(
            session, match, actor=owner(), accept=values["decision"] == "accept",
            note=values["note"], expected_version=version,
        )  # fmt: skip
    except ValidationFailed as exc:
        refused_write(exc)
    session.commit()
    return answer(match_record(owner(), match), cache="private, no-store")


@bp.route("/proposals", methods=["POST"])
@write_documented(ps.MatchRecord, 201, ps.ProposalWrite)
@token_view(Scope.PROPOSE)
def propose_pair() -> Response:
    """The focal point proposes a need and an offer to both sides.

    A confidential need's State is asked first. The answer is the match, its address in
    `Location`.
    """
    values, version = _texts(json_body(), ("need", "offer", "message"), ())
    need_ref, offer_ref, message = values["need"], values["offer"], values["message"]
    session = db.session()
    need = needs.visible_need(session, owner(), need_ref)
    if need is None or not can_view_need(owner(), need):
        refuse(404, "No need with this reference.", "need", "no such need")
    offer = offers.offer_by_ref(session, offer_ref)
    if offer is None:
        refuse(404, "No offer with this reference.", "offer", "no such offer")
    try:
        match = proposals.propose(
            session, need, offer, actor=owner(), message=message, expected_version=version
        )
    except ValidationFailed as exc:
        refused_write(exc)
    session.commit()
    response = answer(match_record(owner(), match), cache="private, no-store")
    response.status_code = 201
    response.headers["Location"] = url_for("api_party.get_match", match_id=match.id, _external=True)
    return response
