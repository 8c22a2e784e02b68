"""The audit log page: every change to needs, offers, matches and accounts, for the focal point."""

from __future__ import annotations

from flask import current_app, render_template, request, url_for

from models import AuditEntry, Role, db
from webapp.access import requires
from webapp.audit import bp
from webapp.audit.forms import AuditFilterForm
from webapp.services.accounts import audit as auditlog
from webapp.services.querying import parse_page

#: Where a logged record can be opened, by kind.
RECORD_PAGES = {
    "need": lambda e: url_for("needs.detail", ref=e.record),
    "offer": lambda e: url_for("offers.detail", ref=e.record),
    "match": lambda e: url_for("matches.detail", match_id=e.record_id),
}


def record_url(entry: AuditEntry) -> str | None:
    """The page of the logged record, when it has one (not for deletions or bulk entries)."""
    page = RECORD_PAGES.get(entry.entity)
    if page is None or entry.action not in ("create", "update") or entry.record_id is None:
        return None
    return page(entry)


@bp.route("/")
@requires(Role.FOCAL_POINT, Role.ADMIN)
def index() -> str:
    """The log, newest first, filtered by kind of record, who, record reference and dates."""
    form = AuditFilterForm(request.args).load_choices()
    form.validate()
    filters = form.filters()
    page = auditlog.log_page(
        db.session(),
        filters,
        parse_page(request.args.get("page")),
        per_page=current_app.config["AUDIT_PAGE_SIZE"],
    )
    known = auditlog.names(db.session(), page.items)
    return render_template(
        "audit/index.html",
        form=form,
        filters=filters,
        page=page,
        changes=lambda entry: auditlog.changes(entry, known),
        summary=auditlog.summary,
        shows_record=auditlog.shows_record,
        action_labels=auditlog.ACTION_LABELS,
        record_url=record_url,
    )
