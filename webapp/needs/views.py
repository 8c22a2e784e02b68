"""Routes of the needs area: the public list with filters, and a need's page."""

from __future__ import annotations

from flask import abort, current_app, render_template, request
from flask_login import current_user

from models import Role, db
from webapp import presentation, shortfalls
from webapp.access import public
from webapp.needs import bp
from webapp.needs.forms import NeedFilterForm
from webapp.services import querying
from webapp.services.matching import fit
from webapp.services.matching import shortfall as shortfall_service
from webapp.services.needs import queries as need_queries
from webapp.services.policy import acts_for_state, can_view_need, is_focal
from webapp.services.proposals import queries as proposal_queries
from webapp.services.reference import choices
from webapp.widgets import need_actions

bp.context_processor(presentation.display_helpers)


@bp.route("/")
@public
def index() -> str:
    """Open needs the visitor may see, filtered, searched, sorted and paged."""
    form = NeedFilterForm(formdata=request.args)
    form.use_choices(choices.filter_choices(db.session(), current_user))
    filters = form.filters()
    page = need_queries.search_needs(
        db.session(),
        current_user,
        filters,
        querying.parse_page(request.args.get("page")),
        per_page=current_app.config["PAGE_SIZE"],
    )
    return render_template("needs/index.html", form=form, filters=filters, page=page)


@bp.route("/<ref>")
@public
def detail(ref: str) -> str:
    """A need; its best offers for its State, and how a provider's own offers fit it.

    With no offer to suggest, its State and the focal point read why (never a provider).

    :raise 404: no such need, or the visitor may not see it (confidential or draft).
    """
    need = need_queries.visible_need(db.session(), current_user, ref)
    shared = need and proposal_queries.sharing_match(db.session(), current_user, need)
    if need is None or not can_view_need(current_user, need, shared or None):
        abort(404)
    own_fits = best_fits = why = None
    if current_user.is_authenticated and current_user.role is Role.PROVIDER:
        if current_user.organisation_id is not None:
            own_fits = fit.own_offers_for_need(db.session(), need, current_user.organisation_id)
    elif acts_for_state(current_user, need.state_id) or is_focal(current_user):
        best_fits = fit.best_offers_for_need(db.session(), need)
        found = None if best_fits else shortfall_service.for_need(db.session(), need)
        why = shortfalls.explain(found) if found else None
    return render_template(
        "needs/detail.html",
        need=need,
        own_fits=own_fits,
        best_fits=best_fits,
        why=why,
        shared=shared or None,
        **need_actions(current_user, need),
    )
