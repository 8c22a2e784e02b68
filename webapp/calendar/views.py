"""Routes of the calendar: the month, the list of upcoming activities, the iCalendar feed."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import Role, db
from webapp import formatting
from webapp.access import public
from webapp.calendar import bp
from webapp.calendar.forms import CalendarFilterForm
from webapp.services.calendar import ical
from webapp.services.calendar import month_grid as grids
from webapp.services.calendar import queries as cal
from webapp.services.calendar.queries import CalendarFilters
from webapp.services.querying import parse_page
from webapp.services.reference.areas import area_groups
from webapp.services.reference.choices import topic_choices, topic_groups

FEED_NAME = "cbmatch capacity-building calendar"


def _filter_form() -> tuple[CalendarFilterForm, CalendarFilters]:
    form = CalendarFilterForm(formdata=request.args)
    form.use_choices(area_groups(db.session()), topic_groups(db.session()))
    return form, form.filters()


def may_add_events() -> bool:
    """Whether the signed-in user may put events on the calendar."""
    if not current_user.is_authenticated:
        return False
    if current_user.role is Role.PROVIDER:
        return current_user.organisation_id is not None
    return bool(current_user.has_role(Role.FOCAL_POINT, Role.ADMIN))


def activity_link(a: cal.Activity, external: bool = False) -> str:
    """The address of the activity's page on this site: the offer's page, or the event's."""
    if a.kind == "offer":
        return url_for("offers.detail", ref=a.ref, _external=external)
    return url_for("calendar.event", ref=a.ref, _external=external)


@bp.context_processor
def _helpers() -> dict[str, object]:
    return {
        "activity_link": activity_link,
        "may_add_events": may_add_events,
        "month_key": grids.month_key,
    }


@bp.route("/calendar")
@public
def month() -> str:
    """A month of activities; ``?month=2027-03``, this month by default.

    Its weeks start on the day the reader's locale starts them (Saturday in Arabic).
    """
    form, filters = _filter_form()
    today = date.today()
    shown, problem = grids.parse_month(request.args.get("month"))
    first = formatting.first_weekday()
    grid = grids.month_grid(db.session(), filters, shown or today.replace(day=1), today, first)
    names, short = formatting.weekday_names("wide"), formatting.weekday_names("abbreviated")
    return render_template(
        "calendar/month.html",
        form=form,
        filters=filters,
        grid=grid,
        month_problem=problem,
        this_month=today.replace(day=1),
        weekdays=[(names[(first + i) % 7], short[(first + i) % 7]) for i in range(7)],
        weekday_names=names,
    )


@bp.route("/calendar/list")
@public
def upcoming() -> str:
    """Activities that are not over yet, soonest first, paged."""
    form, filters = _filter_form()
    today = date.today()
    page = cal.upcoming(
        db.session(),
        filters,
        today,
        parse_page(request.args.get("page")),
        per_page=current_app.config["PAGE_SIZE"],
    )
    groups = cal.group_by_month(page.items, today)
    return render_template(
        "calendar/list.html", form=form, filters=filters, page=page, groups=groups
    )


@bp.route("/calendar.ics")
@public
def feed() -> Response:
    """The calendar as iCalendar, for calendar programs to subscribe to; filters as on the pages.

    :raise 400: an unknown region or topic (a subscription must not silently show everything).
    """
    region = request.args.get("region", "").strip() or None
    topic = request.args.get("topic", "").strip() or None
    if region is not None and region not in cal.region_values(db.session()):
        abort(400, _("The region %(region)s is not known to cbmatch.", region=repr(region[:60])))
    if topic is not None and topic not in cal.topic_values(db.session()):
        abort(400, _("The topic %(topic)s is not known to cbmatch.", topic=repr(topic[:60])))
    filters = CalendarFilters(region=region, topic=topic)
    name = " · ".join([FEED_NAME, *(v for v in (region, _topic_label(topic)) if v)])
    body = ical.kept_feed(
        db.session(),
        filters,
        date.today(),
        name=name,
        host_url=request.host_url,
        link=lambda a: activity_link(a, external=True),
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="cbmatch-calendar.ics"'
    return response


def _topic_label(slug: str | None) -> str | None:
    if slug is None:
        return None
    return next((label for s, label in topic_choices(db.session()) if s == slug), slug)
