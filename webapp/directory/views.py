"""Routes of the centres directory (public)."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from models import db
from webapp.access import public
from webapp.directory import bp
from webapp.directory.forms import CentreFilterForm
from webapp.services.directory import centres


@bp.route("/")
@public
def index() -> Response:
    """The directory starts with the centres."""
    return redirect(url_for("directory.centres"))


@bp.route("/centres", endpoint="centres")
@public
def centres_list() -> str:
    """Regional and sub-regional centres, capacity-building bodies and networks."""
    form = CentreFilterForm(formdata=request.args)
    form.use_choices(centres.region_choices(db.session()), centres.kind_choices())
    filters = form.filters()
    found = centres.search_centres(db.session(), filters)
    return render_template(
        "directory/centres.html",
        form=form,
        filters=filters,
        centres=found,
        sections=centres.by_kind(found),
        kind_labels=centres.KIND_LABELS,
        scope_text=centres.scope_text,
        topic_labels=centres.topic_labels(db.session()),
        website_label=centres.website_label,
    )
