"""The compare page of the states area: two to four States side by side (``/states/compare``).

Reached from the directory (tick States, press Compare: a GET form) and from a State page
("Compare with…", which opens this page with that State chosen and a list to add others). The
States are the ``state`` query parameters, so a comparison is a link that can be shared; what
each column shows is decided per State and per reader by ``services.directory.compare``.
"""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from models import STAGES, db
from webapp.access import public
from webapp.services.directory import compare as service
from webapp.services.needs import sharing
from webapp.services.policy import acts_for_state, is_focal
from webapp.states import bp


@bp.route("/compare")
@public
def compare() -> tuple[str, int]:
    """The States of the ``state`` parameters side by side, as the reader may see each.

    Values left out (not a State, a State twice, past the fourth) are named on the page, which
    shows the States kept; the answer is then 400, the page still usable.
    """
    session = db.session()
    choice = service.choose(session, request.args.getlist("state"))
    found = service.compare(session, current_user, choice.states) if choice.states else None
    page = render_template(
        "states/compare.html",
        choice=choice,
        found=found,
        stages=STAGES,
        max_states=service.MAX_STATES,
        min_states=service.MIN_STATES,
        others=service.picker(session, choice.states)
        if len(choice.states) < service.MAX_STATES
        else [],
        audiences={s.id: sharing.audience(session, s).value for s in choice.states},
        focal=is_focal(current_user),
        own={s.id for s in choice.states if acts_for_state(current_user, s.id)},
    )
    return page, 400 if choice.refused else 200
