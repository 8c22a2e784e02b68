"""The focal point's review of proposed lessons; the topic pages with their published lessons."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from models import Dimension, Lesson, LessonStatus, Role, Topic, db
from webapp.access import public, requires
from webapp.lessons import bp
from webapp.lessons.forms import ReviewForm, UnpublishForm
from webapp.services import lessons
from webapp.services.errors import ValidationFailed
from webapp.services.language import label, sort_key
from webapp.services.needs.queries import count_needs
from webapp.services.offers.queries import search_offers
from webapp.services.policy import is_focal
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
def topic(slug: str) -> str | tuple[str, int]:
    """A topic: its CMM dimension, its open needs and offers (counts), its published lessons.

    :raise 404: no such topic.
    """
    return _topic_page(_topic(slug))


def _topic(slug: str) -> Topic:
    found = db.session.scalar(select(Topic).where(Topic.slug == slug))
    if found is None:
        abort(404)
    return found


def _topic_page(
    found: Topic, status: int = 200, failed: tuple[int, UnpublishForm] | None = None
) -> tuple[str, int]:
    session = db.session()
    only_topic = Filters(topic=found.slug)
    published = lessons.published_for_topic(session, found)
    failed_id, form = failed if failed is not None else (None, UnpublishForm(formdata=None))
    page = render_template(
        "lessons/topic.html",
        topic=found,
        needs=count_needs(session, current_user, only_topic),
        offers=search_offers(session, only_topic, 1, per_page=1, user=current_user).total,
        lessons=published,
        completed=lessons.completed_at(session, published),
        unpublish_form=form if is_focal(current_user) else None,
        failed=failed_id,
    )
    return page, status


@bp.route("/lessons/<int:lesson_id>/unpublish", methods=["POST"])
@requires(Role.FOCAL_POINT, Role.ADMIN)
def unpublish(lesson_id: int) -> Response | tuple[str, int]:
    """Take a published lesson down with a reason (from a topic's page, ``?topic=``), PRG.

    A bad reason shows the topic's page again with the reason typed and its error.

    :raise 404: no such lesson.
    """
    lesson = db.get_or_404(Lesson, lesson_id)
    slug = request.args.get("topic", "")
    form = UnpublishForm()
    if form.validate_on_submit():
        try:
            lessons.unpublish(db.session(), lesson, actor=current_user,
                              reason=form.reason.data or "")  # fmt: skip
        except ValidationFailed as exc:
            db.session.rollback()
            form.reason.errors = [*form.reason.errors, *(e.reason for e in exc.errors)]
        else:
            db.session.commit()
            flash(_("The lesson is taken down; the side that proposed it can read your reason."),
                  "success")  # fmt: skip
            if slug:
                return redirect(url_for("lessons.topic", slug=slug))
            return redirect(url_for("lessons.topics"))
    found = db.session.scalar(select(Topic).where(Topic.slug == slug))
    if found is None and lesson.match.need.topics:  # sent from elsewhere: its first topic
        found = lesson.match.need.topics[0]
    if lesson.status is not LessonStatus.PUBLISHED or found is None:
        # Not on any topic's page to show the error beside: say it at the top of one.
        flash(" ".join(form.reason.errors), "error")
        return redirect(url_for("lessons.topic", slug=found.slug) if found
                        else url_for("lessons.topics"))  # fmt: skip
    return _topic_page(found, 422, (lesson.id, form))
