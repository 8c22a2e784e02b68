"""The IATI 2.03 activities file: every open offer, and every match in progress or completed.

An offer is an activity in the pipeline (status 1) that its provider implements; a match is
the activity of that offer delivered to one State (status 2, then 3 or 4 once completed). A
match whose need is confidential is left out: the file is public. Elements follow the order
the schema prescribes for ``iati-activity``. docs/IATI.md says what each field becomes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models import Need, Offer, OfferStatus, State
from models.match import Match, MatchEvent, MatchStatus
from models.outcome import Outcome
from webapp.services import infra, text_language
from webapp.services.errors import CbmatchError
from webapp.services.iati import codes
from webapp.services.interchange.export import offer_loads, offer_to_data
from webapp.services.interchange.records import OfferData

EXPORTED_MATCHES = (MatchStatus.IN_PROGRESS, MatchStatus.COMPLETED)
LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
_X = f"{{{codes.EXTENSION_NS}}}"


@dataclass(frozen=True)
class Publisher:
    """The reporting organisation: cbmatch's publisher identity."""

    ref: str
    name: str
    type: str

    @classmethod
    def from_config(cls) -> Publisher:
        """The identity set in the configuration (``IATI_REPORTING_ORG_*``)."""
        return cls(
            ref=str(infra.setting("IATI_REPORTING_ORG_REF", "XX-CBMATCH")),
            name=str(infra.setting("IATI_REPORTING_ORG_NAME", "cbmatch")),
            type=str(infra.setting("IATI_REPORTING_ORG_TYPE", "90")),
        )


class NothingToExport(CbmatchError):  # noqa: N818 (named as the errors.py ones)
    """No open offer and no match to publish: IATI wants at least one activity in a file."""


def activities_xml(
    session: Session, publisher: Publisher | None = None, now: datetime | None = None
) -> bytes:
    """The IATI activities file of the open offers and of the matches under way or completed.

    ``publisher`` defaults to the configured one (``Publisher.from_config``), ``now`` (the
    file's generated-datetime) to the present.

    Raises:
        NothingToExport: there is nothing to publish (the schema requires an activity).
    """
    return serialise(build_activities(session, publisher, now))


def serialise(root: etree._Element) -> bytes:
    """The document as UTF-8 bytes with its XML declaration."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def build_activities(
    session: Session, publisher: Publisher | None = None, now: datetime | None = None
) -> etree._Element:
    """The ``iati-activities`` element of activities_xml."""
    publisher = publisher or Publisher.from_config()
    root = etree.Element(
        "iati-activities",
        nsmap={"cbmatch": codes.EXTENSION_NS},
        version=codes.VERSION,
        attrib={"generated-datetime": _stamp(now or datetime.now(UTC))},
    )
    offers = session.scalars(
        select(Offer)
        .where(Offer.status == OfferStatus.OPEN)
        .options(*offer_loads())
        .order_by(Offer.ref)
    )
    for offer in offers:
        root.append(_offer_activity(publisher, offer, offer_to_data(offer)))
    for match, outcome in _matches(session):
        root.append(_match_activity(publisher, match, outcome))
    if len(root) == 0:
        raise NothingToExport("no open offer and no match in progress or completed to export")
    return root


def kinds(root: etree._Element) -> tuple[int, int]:
    """How many activities of a document are offers, and how many matches."""
    found = [r.get("kind") for r in root.iter(f"{_X}record")]
    return found.count("offer"), found.count("match")


def _matches(session: Session) -> Iterable[tuple[Match, Outcome | None]]:
    stmt = (
        select(Match, Outcome)
        .join(Match.need)
        .join(Match.offer)
        .outerjoin(Outcome, Outcome.match_id == Match.id)
        .where(Match.status.in_(EXPORTED_MATCHES), Need.confidential.is_(False))
        .options(
            selectinload(Match.need).selectinload(Need.state),
            selectinload(Match.offer).options(*offer_loads()),
            selectinload(Match.events),
        )
        .order_by(Offer.ref, Need.ref)
    )
    return [(m, o) for m, o in session.execute(stmt).all()]


def _offer_activity(publisher: Publisher, offer: Offer, data: OfferData) -> etree._Element:
    activity = _activity(publisher, f"{publisher.ref}-{offer.ref}", offer.updated_at)
    _text(activity, "title", offer.title, offer.text_language)
    _text(
        activity, "description", offer.description, offer.text_language, codes.DESCRIPTION_GENERAL
    )
    _provider(activity, data)
    _sub(activity, "activity-status", code=codes.STATUS_PIPELINE)
    start = data.start or offer.created_at.date()  # the schema wants a date; posted that day
    _date(activity, codes.PLANNED_START, start)
    if data.end:
        _date(activity, codes.PLANNED_END, data.end)
    _recipients(activity, data.eligible)
    _sectors(activity, data.topics)
    _gender(activity, data.gender_marker)
    _sub(activity, f"{_X}record", {"kind": "offer", **_extension(data)})
    return activity


def _match_activity(publisher: Publisher, match: Match, outcome: Outcome | None) -> etree._Element:
    offer, need = match.offer, match.need
    data = offer_to_data(offer)
    ident = f"{publisher.ref}-{offer.ref}-{need.ref}"
    activity = _activity(publisher, ident, max(match.updated_at, offer.updated_at))
    _text(activity, "title", offer.title, offer.text_language)
    _text(
        activity, "description", offer.description, offer.text_language, codes.DESCRIPTION_GENERAL
    )
    _text(
        activity, "description", need.description, need.text_language, codes.DESCRIPTION_OBJECTIVES
    )
    if match.outcome.strip():
        # The result statement's language is not stored: told from its words, as forms do.
        said_in = text_language.detect(match.outcome)
        _text(activity, "description", match.outcome, said_in, codes.DESCRIPTION_OTHER)
    _provider(activity, data)
    _government(activity, need.state)
    completed = match.status is MatchStatus.COMPLETED
    confirmed = outcome is not None and outcome.confirmed_at is not None
    status = codes.STATUS_IMPLEMENTATION
    if completed:
        status = codes.STATUS_CLOSED if confirmed else codes.STATUS_FINALISATION
    _sub(activity, "activity-status", code=status)
    if offer.start:
        _date(activity, codes.PLANNED_START, offer.start)
    began = _moved_to(match.events, MatchStatus.IN_PROGRESS) or match.created_at.date()
    _date(
        activity,
        codes.ACTUAL_START,
        outcome.delivered_from if outcome and outcome.delivered_from else began,
    )
    if offer.end:
        _date(activity, codes.PLANNED_END, offer.end)
    if completed:
        ended = _moved_to(match.events, MatchStatus.COMPLETED) or match.updated_at.date()
        delivered_to = outcome.delivered_to if outcome else None
        _date(activity, codes.ACTUAL_END, delivered_to or ended)
    _sub(activity, "recipient-country", code=need.state.iso2, percentage="100")
    _sectors(activity, data.topics)
    marker = outcome.gender_marker if outcome and outcome.gender_marker is not None else None
    _gender(activity, data.gender_marker if marker is None else marker)
    _sub(activity, f"{_X}record", kind="match", offer=offer.ref, need=need.ref)
    return activity


def _activity(publisher: Publisher, identifier: str, updated: datetime) -> etree._Element:
    activity = etree.Element("iati-activity", {"last-updated-datetime": _stamp(updated)})
    etree.SubElement(activity, "iati-identifier").text = identifier
    org = _sub(activity, "reporting-org", ref=publisher.ref, type=publisher.type)
    # cbmatch publishes on behalf of the providers: it neither funds nor implements.
    org.set("secondary-reporter", "1")
    _narrative(org, publisher.name)
    return activity


def _provider(activity: etree._Element, data: OfferData) -> None:
    """The provider implements; it also funds when the offer brings money."""
    kind = codes.ORG_TYPE[data.provider_type]
    roles = [codes.ROLE_FUNDING] if data.funding_amount else []
    for role in [*roles, codes.ROLE_IMPLEMENTING]:
        _narrative(_sub(activity, "participating-org", role=role, type=kind), data.provider)


def _government(activity: etree._Element, state: State) -> None:
    """The beneficiary State's government, accountable for the activity's outcome."""
    org = _sub(activity, "participating-org", role=codes.ROLE_ACCOUNTABLE, type="10")
    for lang in LANGUAGES:
        _narrative(org, getattr(state, f"name_{lang}"), lang)


def _recipients(activity: etree._Element, eligible: tuple[str, ...]) -> None:
    """Countries named or in a group named; M49 areas as UN regions; open to all as region 998."""
    from seed_data import reference

    states = reference.states()
    countries: list[str] = []
    regions: list[str] = []
    for item in eligible:
        if item in states:
            countries.append(states[item].iso2)
        elif item in codes.M49_REGION_CODES:
            regions.append(codes.M49_REGION_CODES[item])
        else:  # a group: SIDS, LDC, LLDC
            countries += [states[c].iso2 for c in reference.groups()[item]["members"]]
    for code in dict.fromkeys(countries):
        _sub(activity, "recipient-country", code=code)
    for code in regions:
        _sub(activity, "recipient-region", code=code, vocabulary=codes.REGION_VOCABULARY_M49)
    if not eligible:
        _sub(
            activity,
            "recipient-region",
            code=codes.OPEN_TO_ALL_REGION,
            vocabulary=codes.REGION_VOCABULARY_DAC,
        )


def _sectors(activity: etree._Element, topics: tuple[str, ...]) -> None:
    """The DAC codes of the topics, then the topics themselves (vocabulary 99), equal shares."""
    dac = list(dict.fromkeys(codes.dac_code(t) for t in topics))
    for code, share in zip(dac, codes.percentages(len(dac)), strict=True):
        _sub(activity, "sector", vocabulary="1", code=code, percentage=share)
    for topic, share in zip(topics, codes.percentages(len(topics)), strict=True):
        _sub(
            activity,
            "sector",
            {"vocabulary-uri": codes.TOPIC_VOCABULARY_URI},
            vocabulary="99",
            code=topic,
            percentage=share,
        )


def _gender(activity: etree._Element, marker: int | None) -> None:
    if marker is not None:
        _sub(
            activity,
            "policy-marker",
            vocabulary="1",
            code=codes.GENDER_MARKER_CODE,
            significance=str(marker),
        )


def _extension(data: OfferData) -> dict[str, str]:
    """The interchange fields IATI has no place for, as attributes of cbmatch's element."""
    values = {
        "ref": data.ref,
        "provider-country": data.provider_country,
        "support-types": " ".join(data.support_types),
        "languages": " ".join(data.languages),
        "modality": data.modality,
        "eligible": ";".join(data.eligible),
        "capacity": str(data.capacity),
        "start": data.start.isoformat() if data.start else None,
        "end": data.end.isoformat() if data.end else None,
        "funding-amount": str(data.funding_amount) if data.funding_amount else None,
        "funding-currency": data.funding_currency,
    }
    return {k: v for k, v in values.items() if v is not None}


def _moved_to(events: Iterable[MatchEvent], status: MatchStatus) -> date | None:
    days = [e.at.date() for e in events if e.to_status is status and e.changes_status]
    return days[-1] if days else None


def _text(
    parent: etree._Element, tag: str, text: str, lang: str | None, kind: str | None = None
) -> None:
    element = _sub(parent, tag, type=kind) if kind else _sub(parent, tag)
    _narrative(element, text, lang)


def _narrative(parent: etree._Element, text: str, lang: str | None = None) -> None:
    narrative = etree.SubElement(parent, "narrative")
    if lang:
        narrative.set(codes.XML_LANG, lang)
    narrative.text = _xml_text(text)


def _xml_text(text: str) -> str:
    """The text without the control characters XML 1.0 cannot hold (a pasted form feed)."""
    return "".join(
        c
        for c in text
        if c in "\t\n\r" or " " <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c >= "\U00010000"
    )


def _sub(
    parent: etree._Element,
    tag: str,
    attrib: dict[str, str] | None = None,
    **values: str,
) -> etree._Element:
    return etree.SubElement(parent, tag, {**(attrib or {}), **values})


def _date(activity: etree._Element, kind: str, day: date) -> None:
    _sub(activity, "activity-date", type=kind, attrib={"iso-date": day.isoformat()})


def _stamp(moment: datetime) -> str:
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()
