"""The shapes of the API's records, pages, query parameters and problems (marshmallow).

They are what the OpenAPI document says (flask-smorest and apispec turn them into JSON Schema):
every field of a record is present (``required``), a field that may be empty says so
(``allow_none``: a type array with ``"null"`` in OpenAPI 3.1), and a closed set of values is an
``enum``. Records use the interchange field names (``docs/INTERCHANGE.md``), with read-only
fields added (``id``, ``status``, ``url``). Views build the JSON themselves; these schemas
describe it and the API tests check the two agree.
"""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields as f
from marshmallow import validate as v

from models import NeedStatus, OfferStatus
from models.organisation import ProviderType
from seed_data import reference
from webapp.services.vocab import Modality, Priority

#: Most records a page holds, and how many it holds when ``limit`` is not given.
MAX_LIMIT = 100
DEFAULT_LIMIT = 50

MODALITIES = [m.value for m in Modality]
PRIORITIES = [p.value for p in Priority]
PROVIDER_TYPES = [t.value for t in ProviderType]
# The reference data the filters accept, from the seed files the database is loaded from, so
# that the document lists every valid value (and a client, or Schemathesis, can pick one).
_TAXONOMY = reference.taxonomy()
TOPICS = sorted(t["slug"] for t in _TAXONOMY["topics"])
SUPPORT_TYPES = sorted(t["slug"] for t in _TAXONOMY["support_types"])
DIMENSIONS = sorted(d["slug"] for d in _TAXONOMY["dimensions"])
AREAS = sorted(reference.area_names())
REGIONS = [*reference.GROUPS, *AREAS]


def _str(**kw: Any) -> f.String:
    return f.String(required=True, **kw)


def _list() -> f.List[Any]:
    return f.List(f.String(), required=True)


def _enum(values: list[str], **kw: Any) -> f.String:
    return f.String(required=True, validate=v.OneOf(values), **kw)


def _nullable_int(**kw: Any) -> f.Integer:
    return f.Integer(required=True, allow_none=True, **kw)


class NeedRecord(ma.Schema):
    """An open or closed need that is public, in the interchange's words."""

    id = f.Integer(required=True, metadata={"description": "cbmatch's number for the need."})
    ref = _str()
    state = _str(metadata={"description": "ISO 3166-1 alpha-3 code of the State."})
    title = _str()
    description = _str()
    topics = _list()
    support_types = _list()
    languages = _list()
    modality = _enum(MODALITIES)
    start = f.Date(required=True, allow_none=True)
    end = f.Date(required=True, allow_none=True)
    priority = _enum(PRIORITIES)
    confidential = f.Boolean(required=True, metadata={"description": "Always false here."})
    funding_required = f.Boolean(required=True)
    funding_amount = _nullable_int()
    funding_currency = f.String(required=True, allow_none=True)
    status = _enum([s.value for s in NeedStatus if s is not NeedStatus.DRAFT])
    url = f.String(
        required=True, metadata={"format": "uri", "description": "The need's page on cbmatch."}
    )


class OfferRecord(ma.Schema):
    """An offer of support, in the interchange's words."""

    id = f.Integer(required=True)
    ref = _str()
    provider = _str()
    provider_type = _enum(PROVIDER_TYPES)
    provider_country = f.String(required=True, allow_none=True)
    title = _str()
    description = _str()
    topics = _list()
    support_types = _list()
    languages = _list()
    modality = _enum(MODALITIES)
    start = f.Date(required=True, allow_none=True)
    end = f.Date(required=True, allow_none=True)
    eligible = _list()
    capacity = f.Integer(required=True)
    gender_marker = f.Integer(required=True, allow_none=True, validate=v.OneOf([0, 1, 2]))
    funding_amount = _nullable_int()
    funding_currency = f.String(required=True, allow_none=True)
    status = _enum([s.value for s in OfferStatus])
    url = f.String(required=True, metadata={"format": "uri"})


class ActivityRecord(ma.Schema):
    """A dated activity of the calendar: an open offer with both dates, or an event."""

    kind = _enum(["offer", "event"])
    ref = _str()
    title = _str()
    description = _str()
    start = f.Date(required=True)
    end = f.Date(required=True, metadata={"description": "The last day, included."})
    organiser = _str()
    where = _str()
    topics = _list()
    external_url = f.String(required=True, allow_none=True)
    url = f.String(required=True, metadata={"format": "uri"})


class CentreRecord(ma.Schema):
    """A capacity-building centre of the directory."""

    slug = _str()
    name = _str()
    acronym = _str()
    kind = _str()
    scope = _list()
    host_state = f.String(required=True, allow_none=True)
    website = _str()
    description = _str()
    topics = _list()


class StateRecord(ma.Schema):
    """A UN Member or Observer State, with its survey and the open needs the public sees."""

    iso3 = _str()
    name = _str()
    region = f.String(required=True, allow_none=True)
    sub_region = f.String(required=True, allow_none=True)
    survey_submitted = f.Boolean(required=True)
    open_needs = f.Integer(required=True)
    url = f.String(required=True, metadata={"format": "uri"})


class ReferenceItem(ma.Schema):
    """A value a filter or a record field takes, with its English label."""

    code = _str()
    label = _str()
    group = f.String(required=True, allow_none=True)


def page_of(item: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The schema of one page of ``item`` records, named ``name``."""
    return ma.Schema.from_dict(
        {
            "items": f.List(f.Nested(item), required=True),
            "next": f.String(
                required=True,
                allow_none=True,
                metadata={"format": "uri", "description": "The next page; null on the last."},
            ),
            "limit": f.Integer(required=True),
        },
        name=name,
    )


NeedPage = page_of(NeedRecord, "NeedPage")
OfferPage = page_of(OfferRecord, "OfferPage")
ActivityPage = page_of(ActivityRecord, "ActivityPage")
CentrePage = page_of(CentreRecord, "CentrePage")
StatePage = page_of(StateRecord, "StatePage")
ReferencePage = page_of(ReferenceItem, "ReferencePage")


class FieldError(ma.Schema):
    """One field at fault and why."""

    field = _str()
    reason = _str()


class Problem(ma.Schema):
    """An error, as RFC 9457 problem details (``application/problem+json``)."""

    type = _str(metadata={"format": "uri-reference"})
    title = _str()
    status = f.Integer(required=True)
    detail = f.String()
    instance = f.String()
    errors = f.List(f.Nested(FieldError))


#: The problems every list may answer besides its records.
LIST_PROBLEMS = (400, 406, 429)


# --- query parameters --------------------------------------------------------------------------


class PageArgs(ma.Schema):
    """The paging parameters every list takes."""

    class Meta:
        unknown = ma.EXCLUDE

    limit = f.Integer(
        load_default=DEFAULT_LIMIT,
        validate=v.Range(min=1, max=MAX_LIMIT),
        metadata={"description": f"Records per page, 1 to {MAX_LIMIT}."},
    )
    cursor = f.String(
        metadata={"description": "Where to go on: the cursor of the `next` link. Opaque."}
    )


def _filter(description: str, values: list[str] | None = None) -> f.String:
    meta: dict[str, Any] = {"description": description}
    if values is not None:  # empty is "any", as the list pages' forms send it
        meta["enum"] = ["", *values]
    return f.String(metadata=meta)


class RecordArgs(PageArgs):
    """The filters needs and offers share (the list pages' filters)."""

    q = _filter("Words that must all appear in the title or the description.")
    topic = _filter("A topic slug (`/api/v1/reference/topics`).", TOPICS)
    dimension = _filter("A CMM dimension slug (`/api/v1/reference/dimensions`).", DIMENSIONS)
    region = _filter("A region, sub-region or group (`/api/v1/reference/regions`).", REGIONS)
    language = _filter(
        "An ISO 639-1 code among the languages records are given in"
        " (`/api/v1/reference/languages`); another code answers 400."
    )
    modality = _filter("How support is delivered.", MODALITIES)
    support_type = _filter(
        "A support type slug (`/api/v1/reference/support-types`).", SUPPORT_TYPES
    )


class NeedArgs(RecordArgs):
    """The needs list's filters."""

    funding = _filter("`y`: only needs that require funding.", ["y"])


class OfferArgs(RecordArgs):
    """The offers list's filters."""

    provider_type = _filter("The provider's type.", PROVIDER_TYPES)
    gender = _filter("Gender equality marker: `1` for 1 or 2, `2` for 2 only.", ["1", "2"])
    funding = _filter("`y`: only offers that bring funding.", ["y"])


class CalendarArgs(PageArgs):
    """The calendar's filters and its window."""

    region = _filter("A region, sub-region or group (`/api/v1/reference/regions`).", REGIONS)
    topic = _filter("A topic slug (`/api/v1/reference/topics`).", TOPICS)
    start = f.Date(
        data_key="from", metadata={"description": "Only activities that end on or after it."}
    )
    end = f.Date(data_key="to", metadata={"description": "Only activities that start by it."})


class StateArgs(PageArgs):
    """The States directory's filters."""

    region = _filter("An M49 region, sub-region or intermediate region (English name).", AREAS)
    group = _filter("A group of States.", ["SIDS", "LDC", "LLDC"])
    survey = _filter("`y`: States that submitted a survey; `n`: those that did not.", ["y", "n"])
    needs = _filter("`y`: States with open public needs; `n`: those without.", ["y", "n"])


class CentreArgs(PageArgs):
    """The centres directory's filters."""

    q = _filter("Words in the name, acronym or description.")
    region = _filter("A region, sub-region or group the centre serves.", REGIONS)
    kind = _filter(
        "The kind of centre.",
        ["regional_centre", "subregional_centre", "capacity_building_body", "network"],
    )
