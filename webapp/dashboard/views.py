"""The dashboard page and the list of unmet needs behind its demand figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import Response, abort, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from models import MatchStatus, Role, db
from webapp import shortfalls
from webapp.access import requires
from webapp.dashboard import bp
from webapp.presentation import display_helpers
from webapp.services import tables
from webapp.services.dashboard import figures as dashboard
from webapp.services.dashboard import unmet as unmet_list
from webapp.services.dashboard.duplicate_pairs import duplicate_pairs
from webapp.services.matching import duplicates
from webapp.services.matching import shortfall as shortfall_service
from webapp.services.querying import parse_page
from webapp.services.reports.funding import funding, funding_file
from webapp.services.reports.gaps import gaps_file
from webapp.services.reports.outcomes import outcome_figures, outcomes_file
from webapp.services.vocab import CHART_STATUSES

bp.context_processor(display_helpers)


def pipeline_url(status: MatchStatus | str) -> str:
    """The list of matches in one status: the pipeline (the queue for suggestions)."""
    value = status.value if isinstance(status, MatchStatus) else status
    if value == MatchStatus.SUGGESTED.value:
        return url_for("console.queue")
    return url_for("pipeline.index", status=value)


@bp.route("/")
@requires(Role.FOCAL_POINT, Role.ADMIN)
def index() -> str:
    """Figures, the status chart, the demand and supply heatmaps and possible duplicates."""
    axis = dashboard.parse_axis(request.args.get("by"))
    shown = dashboard.overview(db.session(), axis)
    region = request.args.get("region") or None  # the heatmaps' one column on a phone
    if region is not None and region not in shown.demand.regions:
        flash(_("This region is not known to cbmatch, so it was ignored."), "error")
        region = None
    return render_template(
        "dashboard/index.html",
        figures=shown.figures,
        chart_statuses=dashboard.statuses_in_words(CHART_STATUSES),
        demand=shown.demand,
        supply=shown.supply,
        axis=axis,
        region=region,
        offer_pairs=duplicate_pairs(db.session(), "offers"),
        need_pairs=duplicate_pairs(db.session(), "needs"),
        threshold=duplicates.THRESHOLD,
        pipeline_url=pipeline_url,
        outcomes=outcome_figures(db.session()),
        funding=funding(db.session(), date.today()),
    )


@bp.route("/unmet")
@requires(Role.FOCAL_POINT, Role.ADMIN)
def unmet() -> str:
    """The open needs no accepted match serves yet, by topic or dimension and region.

    Each one the matcher finds no offer for says why, and the first page says what new offers
    would unlock most of them.
    """
    filters, dropped = unmet_list.clean_filters(
        db.session(),
        request.args.get("topic"),
        request.args.get("dimension"),
        request.args.get("region"),
    )
    ignored = {
        "topic": _("This topic is not known to cbmatch, so it was ignored."),
        "dimension": _("This dimension is not known to cbmatch, so it was ignored."),
        "region": _("This region is not known to cbmatch, so it was ignored."),
    }
    for name in dropped:
        flash(ignored[name], "error")
    page = unmet_list.unmet_needs(
        db.session(),
        filters,
        parse_page(request.args.get("page")),
        per_page=current_app.config["PAGE_SIZE"],
    )
    report = shortfall_service.unmet_report(db.session())
    why_none = {
        n.ref: shortfalls.short(report.shortfalls[n.ref])
        for n in page.items
        if n.ref in report.shortfalls
    }
    return render_template(
        "dashboard/unmet.html",
        filters=filters,
        words=unmet_list.label_of(db.session(), filters),
        page=page,
        why_none=why_none,
        unlocks=[(shortfalls.unlock_text(u), u) for u in report.unlocks],
        unexplained=len(report.shortfalls),
    )


def _report_day(name: str) -> date | None:
    """A ``from``/``to`` day of a report's query string.

    :raise 400: not a date in the form YYYY-MM-DD (the message names the parameter).
    """
    text = request.args.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        abort(400, _("%(name)s: %(value)s is not a date in the form YYYY-MM-DD.", name=name,
                     value=text[:40]))  # fmt: skip


REPORTS: dict[str, Callable[[Session, str, date | None, date | None], bytes]] = {
    "gaps": gaps_file,
    "outcomes": outcomes_file,
    "funding": lambda session, fmt, since, until: funding_file(
        session, fmt, since, until, date.today()
    ),
}


def _report(name: str, fmt: str) -> Response:
    """A report file, as ``cbmatch report <name>`` writes it; ``?from=`` and ``?to=`` narrow it.

    :raise 400: a bad day, ``to`` before ``from``, or any other parameter (``?region=``): the
        file would silently hold everything.
    """
    unknown = sorted(set(request.args) - {"from", "to"})
    if unknown:
        abort(400, _("%(name)s is not a filter of this report (it takes from and to only).",
                     name=unknown[0][:40]))  # fmt: skip
    since, until = _report_day("from"), _report_day("to")
    if since and until and until < since:
        abort(400, _("to: %(until)s is before from (%(since)s).", until=until, since=since))
    body = REPORTS[name](db.session(), fmt, since, until)
    filename = f"cbmatch-{name}-{date.today().isoformat()}.{fmt}"
    return Response(
        body,
        content_type=tables.MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/reports/gaps.<any(csv, xlsx):fmt>")
@requires(Role.FOCAL_POINT, Role.ADMIN)
def gaps_report(fmt: str) -> Response:
    """The gaps report (needs and offers created from ``from`` to ``to``)."""
    return _report("gaps", fmt)


@bp.route("/reports/outcomes.<any(csv, xlsx):fmt>")
@requires(Role.FOCAL_POINT, Role.ADMIN)
def outcomes_report(fmt: str) -> Response:
    """The outcomes report (matches completed from ``from`` to ``to``)."""
    return _report("outcomes", fmt)


@bp.route("/reports/funding.<any(csv, xlsx):fmt>")
@requires(Role.FOCAL_POINT, Role.ADMIN)
def funding_report(fmt: str) -> Response:
    """The funding report (needs and offers created from ``from`` to ``to``).

    Amounts are converted with the rates in force on ``to``, or today.
    """
    return _report("funding", fmt)
