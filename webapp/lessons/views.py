"""The focal point's review of proposed lessons; the topic pages with their published lessons."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from models import Dimension, Lesson, Role, Topic, db
from webapp.access import public, requires
from webapp.lessons import bp
from webapp.lessons.forms import ReviewForm
from webapp.services import lessons
from webapp.services.errors import ValidationFailed
from webapp.services.language import label, sort_key
from webapp.services.needs.queries import count_needs
from webapp.services.offers.queries import search_offers
from webapp.services.querying import Filters


def _review_page(
    status: int = 200, failed: tuple[int, ReviewForm] | None = None
) -> tuple[str, int]:
    waiting = lessons.waiting(db.session())
    failed_id, form = failed if failed is not None else (None, ReviewForm(formdata=None))
    page = render_template(
        "lessons/review.html",
        waiting=waiting,
        form=form,
        failed=failed_id,
        completed=lessons.completed_at(db.session(), waiting),
    )
    return page, status


@bp.route("/lessons/review")
@requires(Role.FOCAL_POINT, Role.ADMIN)
def review() -> tuple[str, int]:
    """The lessons waiting for review, the oldest first, each with its form."""
    return _review_page()


@bp.route("/lessons/<int:lesson_id>/review", methods=["POST"])
@requires(Role.FOCAL_POINT, Role.ADMIN)
def decide(lesson_id: int) -> Response | tuple[str, int]:
    """Publish or refuse one lesson (a refusal with its reason), PRG.

    :raise 404: no such lesson.
    """
    lesson = db.get_or_404(Lesson, lesson_id)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _review_page(422, (lesson.id, form))
    decision = form.decision.data
    if decision not in ("publish", "refuse"):
        form.decision.errors = [_("Choose publish or refuse.")]
        return _review_page(422, (lesson.id, form))
    try:
        lessons.review(db.session(), lesson, actor=current_user,
                       publish=decision == "publish", reason=form.reason.data or "")  # fmt: skip
    except ValidationFailed as exc:
        db.session.rollback()
        for err in exc.errors:
            field = getattr(form, err.field, form.decision)
            field.errors = [*field.errors, err.reason]
        return _review_page(422, (lesson.id, form))
    db.session.commit()
    if decision == "publish":
        flash(_("The lesson is published on the pages of its topics."), "success")
    else:
        flash(_("The lesson is refused; the side that proposed it can read your reason."),
              "success")  # fmt: skip
    return redirect(url_for("lessons.review"))


@bp.route("/topics/")
@public
def topics() -> str:
    """Every topic by CMM dimension, with how many lessons learnt it has."""
    counts = lessons.published_counts(db.session())
    dims = db.session.scalars(select(Dimension).order_by(Dimension.position))
    groups = [(d, sorted(d.topics, key=lambda t: sort_key(label(t)))) for d in dims if d.topics]
    return render_template("lessons/topics.html", groups=groups, counts=counts)


@bp.route("/topics/<slug>")
@public
def topic(slug: str) -> str:
    """A topic: its CMM dimension, its open needs and offers (counts), its published lessons.

    :raise 404: no such topic.
    """
    found = db.session.scalar(select(Topic).where(Topic.slug == slug))
    if found is None:
        abort(404)
    session = db.session()
    only_topic = Filters(topic=found.slug)
    published = lessons.published_for_topic(session, found)
    return render_template(
        "lessons/topic.html",
        topic=found,
        needs=count_needs(session, current_user, only_topic),
        offers=search_offers(session, only_topic, 1, per_page=1, user=current_user).total,
        lessons=published,
        completed=lessons.completed_at(session, published),
    )
