"""Offers written on the web: create, update and close, and what an eligibility choice covers.

Offers go through the interchange importer (``save_records``), so a web offer is validated and
stored exactly as a bulk one is. Functions flush; the caller commits.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

import pycountry
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import CountryGroup, Match, Offer, OfferStatus, Organisation, State, User
from models.base import utcnow
from models.geo import GROUP_SLUGS
from webapp.services import text_language
from webapp.services.checked import Checked, valid_data
from webapp.services.concurrency import check_version, guarded
from webapp.services.errors import RecordError, ValidationFailed
from webapp.services.interchange.operations import upsert_records
from webapp.services.interchange.records import OfferData, Reference
from webapp.services.interchange.validation import validate_offer
from webapp.services.language import _, name, ngettext
from webapp.services.notices.kinds import OFFER_WITHDRAWN
from webapp.services.notices.record import match_followers, notify, state_people
from webapp.services.reference.names import area_name, by_label, group_abbreviation, group_name
from webapp.services.refs import RefTaken, insert_with_ref, offer_refs
from webapp.services.vocab import CAPACITY_TAKEN, OPEN_STATUSES

log = logging.getLogger(__name__)
WHERE = "offer form"
_CODES_RE = re.compile(r"[A-Za-z]{2}(\s+[A-Za-z]{2})+")


@dataclass(frozen=True)
class OfferInput:
    """What a provider typed into the offer form, before validation."""

    title: str
    description: str
    topics: tuple[str, ...] = ()
    support_types: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    modality: str = "any"
    start: date | None = None
    end: date | None = None
    eligible: tuple[str, ...] = ()
    capacity: int | None = 1
    #: The OECD DAC gender equality policy marker, 0-2 (None: not screened); anything else as
    #: sent, for the validation to name.
    gender_marker: int | str | None = None
    #: The money the offer brings, in whole units of an ISO 4217 currency (None: none stated).
    funding_amount: int | str | None = None
    funding_currency: str | None = None
    #: The language the title and description are written in, as the provider says (None:
    #: detected). Not the interchange's ``languages``, which says how the support is given.
    written_in: str | None = None


def language_codes(text: str) -> tuple[str, ...]:
    """ISO 639-1 codes from "en, fr" or "English; French"; unknown words are kept as typed."""
    out: list[str] = []
    for piece in re.split(r"[,;\n]+", text or ""):
        piece = piece.strip()
        if not piece:
            continue
        tokens = piece.split() if _CODES_RE.fullmatch(piece) else [piece]
        for token in tokens:
            code = token.lower() if len(token) == 2 else _language_by_name(token)
            if code not in out:
                out.append(code)
    return tuple(out)


def _language_by_name(name: str) -> str:
    try:
        lang = pycountry.languages.lookup(name)
    except LookupError:
        return name
    return str(getattr(lang, "alpha_2", name))


def _raw(organisation: Organisation, values: OfferInput, ref: str) -> dict[str, object]:
    return {
        "ref": ref,
        "provider": organisation.name,
        "provider_type": organisation.type.value,
        "provider_country": organisation.country.iso3 if organisation.country else None,
        "title": values.title,
        "description": values.description,
        "topics": list(values.topics),
        "support_types": list(values.support_types),
        "languages": list(values.languages),
        "modality": values.modality,
        "start": values.start.isoformat() if values.start else None,
        "end": values.end.isoformat() if values.end else None,
        "eligible": list(values.eligible),
        "capacity": values.capacity,
        "gender_marker": values.gender_marker,
        "funding_amount": values.funding_amount,
        "funding_currency": values.funding_currency,
    }


def check_offer(
    session: Session, organisation: Organisation, values: OfferInput, offer: Offer | None = None
) -> list[RecordError]:
    """Every problem with these values (empty when they are valid); writes nothing."""
    return list(checked_offer(session, organisation, values, offer).errors)


def _key(organisation: Organisation, values: OfferInput, offer: Offer | None) -> object:
    return (organisation.id, offer.id if offer is not None else None, values)


def checked_offer(
    session: Session, organisation: Organisation, values: OfferInput, offer: Offer | None = None
) -> Checked[OfferData]:
    """Validate once: the offer as it would be stored (None when invalid) and every problem.

    ``create_offer`` and ``update_offer`` take the result, so that a view which checked the
    values first does not have them validated (and the reference data read) again.
    """
    ref = offer.ref if offer is not None else "O-new"
    data, errors = validate_offer(_raw(organisation, values, ref), Reference.load(session), WHERE)
    if offer is not None and values.capacity is not None and values.capacity >= 1:
        taken = _capacity_taken(session, offer)
        if values.capacity < taken:
            errors.append(
                RecordError(
                    WHERE,
                    "capacity",
                    f"{taken} needs already have this offer; the capacity cannot be below {taken}",
                )
            )
    return Checked(_key(organisation, values, offer), None if errors else data, tuple(errors))


def _capacity_taken(session: Session, offer: Offer) -> int:
    stmt = select(func.count(Match.id)).where(
        Match.offer_id == offer.id, Match.status.in_(CAPACITY_TAKEN)
    )
    return int(session.scalar(stmt) or 0)


def next_ref(session: Session, today: date | None = None) -> str:
    """The next free web offer ref of the year, e.g. ``O-2026-071``."""
    return offer_refs(today).next_free(session)


def create_offer(
    session: Session,
    organisation: Organisation,
    values: OfferInput,
    *,
    actor: User,
    checked: Checked[OfferData] | None = None,
) -> Offer:
    """Validate and store a new open offer of ``organisation`` under a generated ref.

    ``checked`` is ``checked_offer``'s result for these values, if the caller has it. A ref
    taken meanwhile, even by a save racing this one, is replaced by the next free one.

    Raises:
        ValidationFailed: with every problem found; nothing is written.
    """
    data = valid_data(
        checked,
        _key(organisation, values, None),
        lambda: checked_offer(session, organisation, values),
    )

    def build(ref: str) -> Offer:
        # An upsert: were the ref stored meanwhile, it would change that offer instead.
        if upsert_records(session, "offers", [replace(data, ref=ref)], actor=actor).created != 1:
            raise RefTaken(ref)
        offer = session.scalars(select(Offer).where(Offer.ref == ref)).one()
        _write_language(session, offer, values)
        return offer

    offer = insert_with_ref(session, offer_refs(), build)
    log.info("offer %s created by user %s", offer.ref, actor.id)
    return offer


def update_offer(
    session: Session,
    offer: Offer,
    values: OfferInput,
    *,
    actor: User,
    expected_version: int | None = None,
    checked: Checked[OfferData] | None = None,
) -> Offer:
    """Validate and store new values for an offer; its ref, provider and status stay.

    ``expected_version`` is the version the edit form was opened on (None: no check);
    ``checked`` is ``checked_offer``'s result for these values, if the caller has it.

    Raises:
        StaleEdit: someone changed the offer since ``expected_version`` (or in the same
            instant); nothing is written and the session is rolled back.
        ValidationFailed: with every problem found (including a capacity below the needs
            already accepted); nothing is written.
    """
    check_version(session, offer, expected_version, "offer", actor)
    if checked is None or not checked.fits(_key(offer.organisation, values, offer)):
        checked = checked_offer(session, offer.organisation, values, offer)
    errors = list(checked.errors)
    if offer.status is not OfferStatus.OPEN:
        errors.append(RecordError(WHERE, "status", _("a closed offer cannot be changed")))
    if errors or checked.data is None:
        raise ValidationFailed(errors)
    version = offer.version
    with guarded(session, offer, "offer", actor):
        result = upsert_records(session, "offers", [checked.data], actor=actor)
        if result.updated and offer.version == version:
            # Only its topics or support types changed: the row itself must still move on.
            offer.updated_at = utcnow()
            session.flush()
        _write_language(session, offer, values)
    log.info("offer %s updated by user %s", offer.ref, actor.id)
    return offer


def _write_language(session: Session, offer: Offer, values: OfferInput) -> None:
    """Store the language the offer's text is written in: the provider's word, else detected."""
    language = text_language.written_in(values.written_in, values.title, values.description)
    if offer.text_language != language:
        offer.text_language = language
        session.flush()


def close_offer(session: Session, offer: Offer, *, actor: User) -> Offer:
    """Close an open offer: it leaves the public lists and the matcher; matches stay as they are.

    The States whose needs have a live match on it (proposed, accepted, in progress) and the
    focal points following those matches are told (notice ``offer_withdrawn``).
    """
    if offer.status is OfferStatus.CLOSED:
        raise ValidationFailed([RecordError(offer.ref, "status", _("the offer is already closed"))])
    offer.status = OfferStatus.CLOSED
    offer.updated_by_id = actor.id
    with guarded(session, offer, "offer", actor):
        session.flush()
    _tell_withdrawn(session, offer, actor)
    log.info("offer %s closed by user %s", offer.ref, actor.id)
    return offer


def _tell_withdrawn(session: Session, offer: Offer, actor: User) -> None:
    """One notice per person concerned, naming the live matches on ``offer`` that are theirs."""
    live = session.scalars(
        select(Match)
        .where(Match.offer_id == offer.id, Match.status.in_(OPEN_STATUSES))
        .order_by(Match.id)
    ).all()
    theirs: dict[int, list[int]] = defaultdict(list)
    people: dict[int, User] = {}
    for match in live:
        for person in [
            *state_people(session, match.need.state_id),
            *match_followers(session, match),
        ]:
            if match.id not in theirs[person.id]:
                theirs[person.id].append(match.id)
            people[person.id] = person
    groups: dict[tuple[int, ...], list[User]] = defaultdict(list)
    for uid, ids in theirs.items():
        groups[tuple(ids)].append(people[uid])
    for group_ids, group in groups.items():
        notify(session, OFFER_WITHDRAWN.code, group, actor=actor, offer=offer.id,
               matches=list(group_ids))  # fmt: skip


# --- eligibility ------------------------------------------------------------------------------


def eligibility_map(session: Session) -> dict[str, list[str]]:
    """Every eligibility item (canonical spelling) -> the ISO3 codes of the States it covers."""
    out: dict[str, set[str]] = {}
    for s in session.scalars(select(State)):
        for item in (s.iso3, s.region, s.subregion, s.intermediate_region, *s.groups):
            if item:
                out.setdefault(item, set()).add(s.iso3)
    for slug in session.scalars(select(CountryGroup.slug)):
        out.setdefault(slug, set())
    return {item: sorted(codes) for item, codes in sorted(out.items())}


def eligible_states(session: Session, items: Iterable[str]) -> set[str]:
    """ISO3 codes of the States an eligibility list covers (all States when it is empty)."""
    wanted = {i.strip().lower() for i in items if i and i.strip()}
    states = session.scalars(select(State))
    if not wanted:
        return {s.iso3 for s in states}
    return {s.iso3 for s in states if s.tags() & wanted}


@dataclass(frozen=True)
class Coverage:
    """What an eligibility choice covers, and how to say it ("Open to SIDS: 38 States")."""

    labels: tuple[str, ...]
    states: tuple[str, ...]  # English names, sorted
    total: int

    @property
    def count(self) -> int:
        """How many States the choice covers."""
        return len(self.states)

    @property
    def summary(self) -> str:
        """One sentence, the same one the browser writes (static/js/eligibility.js)."""
        if not self.labels:
            return ngettext("Open to all %(num)d State", "Open to all %(num)d States", self.total)
        shown = ", ".join(self.labels[:3])
        if len(self.labels) > 3:
            shown = ngettext(
                "%(shown)s and %(num)d more", "%(shown)s and %(num)d more",
                len(self.labels) - 3, shown=shown,
            )  # fmt: skip
        return ngettext(
            "Open to %(shown)s: %(num)d State", "Open to %(shown)s: %(num)d States",
            self.count, shown=shown,
        )  # fmt: skip


def coverage(session: Session, items: Sequence[str]) -> Coverage:
    """The States an eligibility list covers, with the list's items named for people.

    Names in the reader's language: States by their name, M49 areas and groups translated.
    """
    names = {s.iso3: name(s) for s in session.scalars(select(State))}
    covered = eligible_states(session, items)
    labels = tuple(names.get(i) or area_name(i) for i in items if i)
    return Coverage(
        labels, tuple(n for _c, n in by_label((c, names[c]) for c in covered)), len(names)
    )


@dataclass(frozen=True)
class EligibilityChoices:
    """The picker's options, level by level: (value, label) pairs."""

    groups: list[tuple[str, str]]
    regions: list[tuple[str, str]]
    subregions: list[tuple[str, str]]
    intermediate: list[tuple[str, str]]
    states: list[tuple[str, str]]
    #: Every way a person may write a State, folded (``fold``): its ISO3 code and its six names.
    state_keys: dict[str, str]


def eligibility_choices(session: Session) -> EligibilityChoices:
    """Groups, M49 regions, sub-regions, intermediate regions and States, for the picker.

    The values are the stored items (English M49 names, slugs, ISO3 codes); the labels are in the
    reader's language and order.
    """
    states = list(session.scalars(select(State)))

    def level(attribute: str) -> list[tuple[str, str]]:
        names: set[str] = {n for s in states if (n := getattr(s, attribute))}
        return by_label((n, area_name(n)) for n in names)

    return EligibilityChoices(
        groups=[(g, f"{group_abbreviation(g)}: {group_name(g)}") for g in GROUP_SLUGS],
        regions=level("region"),
        subregions=level("subregion"),
        intermediate=level("intermediate_region"),
        states=by_label((s.iso3, name(s)) for s in states),
        state_keys={fold(k): s.iso3 for s in states for k in (s.iso3, *_names(s))},
    )


def fold(text: str) -> str:
    """A State's code or name as compared: case, accents and spacing ignored."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in plain if not unicodedata.combining(c)).split())


def _names(state: State) -> tuple[str, ...]:
    return tuple(state.name(lang) for lang in ("en", "fr", "es", "ru", "zh", "ar"))
