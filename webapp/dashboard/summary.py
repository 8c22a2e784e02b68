"""The annual summary: a printable page and its PDF, for the focal point's report to the OEWG."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from models import Role, db
from models.base import utcnow
from webapp.access import requires
from webapp.dashboard import bp
from webapp.printing import pdf_response
from webapp.security import client_key, limiter, pdf_limit
from webapp.services.reports.summary import AnnualSummary, annual_summary, years


def _year(today: date, *, strict: bool) -> tuple[int, str | None]:
    """The ``?year=`` asked for, or this year; with the message saying why another was shown.

    :raise 400: ``strict`` (the PDF, a download) and a year cbmatch has no summary of.
    """
    known = years(db.session(), today)
    text = request.args.get("year", "").strip()
    if not text:
        return today.year, None
    if text.isdigit() and int(text) in known:
        return int(text), None
    message = _(
        "year: %(value)s is not a year cbmatch can summarise (from %(first)s to %(last)s).",
        value=text[:20],
        first=known[-1],
        last=known[0],
    )
    if strict:
        abort(400, message)
    return today.year, message


def _context(summary: AnnualSummary) -> dict[str, object]:
    return {"summary": summary, "o": summary.outcomes, "funding": summary.funding}


@bp.route("/summary")
@requires(Role.FOCAL_POINT, Role.ADMIN)
def summary() -> str:
    """One year of needs, matches, outcomes and funding; ``?year=`` chooses it (default: this one).

    An unknown year shows this year's summary under a message naming the value.
    """
    today = utcnow().date()
    year, problem = _year(today, strict=False)
    if problem:
        flash(problem, "error")
    return render_template(
        "dashboard/summary.html", pdf=False, **_context(annual_summary(db.session(), year, today))
    )


@bp.route("/summary.pdf")
@requires(Role.FOCAL_POINT, Role.ADMIN)
@limiter.limit(pdf_limit, key_func=client_key)
def summary_pdf() -> Response:
    """The same summary as a PDF in the reader's language (WeasyPrint), to attach to a report.

    :raise 400: ``?year=`` is not a year cbmatch can summarise.
    """
    now = utcnow()
    year, _problem = _year(now.date(), strict=True)
    html = render_template(
        "dashboard/summary.html",
        layout="_print_layout.html",
        pdf=True,
        printed=now,
        page_url=url_for("dashboard.summary", year=year, _external=True),
        **_context(annual_summary(db.session(), year, now.date())),
    )
    return pdf_response(html, f"cbmatch-summary-{year}.pdf")
