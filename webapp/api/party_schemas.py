"""The shapes a party's reads answer and its writes send (marshmallow, for the OpenAPI document).

A party reads its own records with what only it may see (drafts, confidential needs) and their
``version``; it writes records in the interchange field names (``docs/INTERCHANGE.md``). The
write schemas only describe the body: the body itself is checked by the importer's validator
(``validate_need`` / ``validate_offer``), the one code path of the forms, the importer and the
API, so that a file, a form and an API call are refused for the same reasons.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields as f
from marshmallow import validate as v

from models import MatchStatus, NeedStatus, Response
from webapp.api.schemas import (
    MODALITIES,
    PRIORITIES,
    SUPPORT_TYPES,
    TOPICS,
    NeedRecord,
    OfferRecord,
    PageArgs,
    page_of,
)

MATCH_STATUSES = [s.value for s in MatchStatus]
VERSION = (
    "The record's version: send it back with a change to have the change refused (409) if "
    "someone changed the record since you read it."
)


class OwnNeedRecord(NeedRecord):
    """One of the State's own needs: drafts and confidential needs included."""

    confidential = f.Boolean(required=True)
    status = f.String(required=True, validate=v.OneOf([s.value for s in NeedStatus]))
    version = f.Integer(required=True, metadata={"description": VERSION})


class OwnOfferRecord(OfferRecord):
    """One of the organisation's offers."""

    version = f.Integer(required=True, metadata={"description": VERSION})


class MatchEventRecord(ma.Schema):
    """One step of a match's history: a change of status, an answer or a note."""

    at = f.DateTime(required=True)
    from_status = f.String(required=True, allow_none=True)
    to_status = f.String(required=True)
    note = f.String(required=True)


class MatchRecord(ma.Schema):
    """A match the token's owner follows, with its history."""

    id = f.Integer(required=True)
    status = f.String(required=True, validate=v.OneOf([s.value for s in MatchStatus]))
    need = f.String(
        required=True,
        allow_none=True,
        metadata={"description": "The need's ref; null while its State keeps it from you."},
    )
    state = f.String(required=True, allow_none=True, metadata={"description": "Null likewise."})
    offer = f.String(required=True)
    provider = f.String(required=True)
    state_response = f.String(required=True, validate=v.OneOf([r.value for r in Response]))
    provider_response = f.String(required=True, validate=v.OneOf([r.value for r in Response]))
    version = f.Integer(required=True, metadata={"description": VERSION})
    events = f.List(f.Nested(MatchEventRecord), required=True)
    url = f.String(required=True, metadata={"format": "uri"})


OwnNeedPage = page_of(OwnNeedRecord, "OwnNeedPage")
OwnOfferPage = page_of(OwnOfferRecord, "OwnOfferPage")
MatchPage = page_of(MatchRecord, "MatchPage")


class MatchArgs(PageArgs):
    """The filter of one's matches."""

    status = f.String(
        validate=v.OneOf(["", *MATCH_STATUSES]),
        metadata={"description": "Only matches in this status."},
    )


def _list(values: list[str] | None = None) -> f.List[Any]:
    inner = f.String(validate=v.OneOf(values)) if values else f.String()
    return f.List(inner)


def _date() -> f.Date:
    return f.Date(allow_none=True)


class _WriteFields(ma.Schema):
    """The interchange fields needs and offers share; cbmatch gives ``ref``."""

    title = f.String(required=True, metadata={"maxLength": 200, "minLength": 1})
    description = f.String(required=True, metadata={"maxLength": 5000, "minLength": 1})
    topics = _list(TOPICS)
    support_types = _list(SUPPORT_TYPES)
    languages = _list()
    modality = f.String(validate=v.OneOf(MODALITIES))
    start = _date()
    end = _date()
    version = f.Integer(metadata={"description": VERSION + " Only on a change."})


class NeedWrite(_WriteFields):
    """A need as a State sends it (interchange fields; ``ref`` and ``state`` are cbmatch's)."""

    state = f.String(
        metadata={"description": "The token's State (the default); another is refused."}
    )
    priority = f.String(validate=v.OneOf(PRIORITIES))
    confidential = f.Boolean(allow_none=True)
    funding_required = f.Boolean()
    funding_amount = f.Integer(allow_none=True)
    funding_currency = f.String(allow_none=True)


class OfferWrite(_WriteFields):
    """An offer as a provider sends it (the provider fields are its organisation's)."""

    eligible = _list()
    capacity = f.Integer(metadata={"minimum": 1})
    gender_marker = f.Integer(allow_none=True, validate=v.OneOf([0, 1, 2]))
    funding_amount = f.Integer(allow_none=True)
    funding_currency = f.String(allow_none=True)


class AnswerWrite(ma.Schema):
    """One side's answer to a proposal."""

    decision = f.String(required=True, validate=v.OneOf(["accept", "decline"]))
    note = f.String(metadata={"description": "Required to decline: why."})
    version = f.Integer(metadata={"description": VERSION})


class ProposalWrite(ma.Schema):
    """The focal point's proposal of a pair to both sides."""

    need = f.String(required=True, metadata={"description": "The need's ref."})
    offer = f.String(required=True, metadata={"description": "The offer's ref."})
    message = f.String(required=True, metadata={"description": "Why this pair, for both sides."})
    version = f.Integer(metadata={"description": "The version of the suggestion you saw."})
