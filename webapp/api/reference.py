"""The reference lists: the values the filters and the records' fields take."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response

from models import db
from webapp.access import public
from webapp.api import schemas
from webapp.api.base import Blueprint, answer, documented, english, public_cors
from webapp.services.interchange.records import currency_codes
from webapp.services.reference.areas import area_groups
from webapp.services.reference.choices import (
    dimension_choices,
    language_choices,
    support_type_choices,
    topic_groups,
)

bp = Blueprint("api_reference", __name__, description="Reference lists: no token needed.")
public_cors(bp)
Item = dict[str, str | None]


def _items(pairs: Iterable[tuple[str, str]], group: str | None = None) -> list[Item]:
    return [{"code": code, "label": label, "group": group} for code, label in pairs]


def _grouped(groups: Iterable[tuple[str, Iterable[tuple[str, str]]]]) -> list[Item]:
    return [item for group, pairs in groups for item in _items(pairs, str(group))]


def _list(items: list[Item]) -> Response:
    return answer({"items": items, "next": None, "limit": len(items)})


@bp.route("/reference/topics")
@documented(bp, schemas.ReferencePage, 406, 429)
@public
@english
def topics() -> Response:
    """The topic slugs, grouped by CMM dimension."""
    return _list(_grouped(topic_groups(db.session())))


@bp.route("/reference/dimensions")
@documented(bp, schemas.ReferencePage, 406, 429)
@public
@english
def dimensions() -> Response:
    """The CMM dimensions (and international cooperation), for the ``dimension`` filter."""
    return _list(_items(dimension_choices(db.session())))


@bp.route("/reference/support-types")
@documented(bp, schemas.ReferencePage, 406, 429)
@public
@english
def support_types() -> Response:
    """The support-type slugs."""
    return _list(_items(support_type_choices(db.session())))


@bp.route("/reference/regions")
@documented(bp, schemas.ReferencePage, 406, 429)
@public
@english
def regions() -> Response:
    """The groups and the M49 regions at every level, for the ``region`` filters."""
    return _list(_grouped(area_groups(db.session())))


@bp.route("/reference/languages")
@documented(bp, schemas.ReferencePage, 406, 429)
@public
@english
def languages() -> Response:
    """The languages records are given in (ISO 639-1), for the ``language`` filter."""
    return _list(_items(language_choices(db.session())))


@bp.route("/reference/currencies")
@documented(bp, schemas.ReferencePage, 406, 429)
@public
@english
def currencies() -> Response:
    """The ISO 4217 codes ``funding_currency`` takes."""
    return _list(_items((c, c) for c in sorted(currency_codes())))
