"""The words of the outcome and lesson notices.

An outcome for the State to confirm, a lesson learnt for the focal point to review, and the
review's decision for the side that proposed it. Each names the match as its reader may read it
(``kinds_matches.pair``): a provider reads a confidential need's title only while its State
shares it.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Lesson, LessonStatus, Match, MatchStatus, Notice, User
from webapp.mailing import site_link
from webapp.notices.compose import composer
from webapp.notices.kinds_matches import pair, plain, who
from webapp.notices.letters import Letter
from webapp.services.language import _
from webapp.services.lessons import may_propose
from webapp.services.policy import is_focal
from webapp.services.proposals.outcomes import may_confirm, outcome_of


@composer("outcome_to_confirm")
def outcome_to_confirm(session: Session, notice: Notice, reader: User) -> Letter | None:
    """To the State's representatives: the outcome as entered, to confirm (and rate) it."""
    match = session.get(Match, int(notice.refs.get("match", 0)))
    if match is None or match.status is not MatchStatus.COMPLETED or not may_confirm(reader, match):
        return None
    row = outcome_of(session, match)
    if row is None or row.confirmed_at is not None:  # confirmed since: nothing left to ask
        return None
    about = pair(reader, match)
    return Letter(
        subject=_("Please confirm the outcome of a match: %(need)s", need=about.need_title),
        template="mail/outcome_to_confirm",
        link=about.link,
        values={
            "pair": about,
            "outcome": row,
            "result": plain(match.outcome or ""),
            "ask": _(
                "The outcome of this completed match was entered. Please check it on the match "
                "page and confirm it; you may also rate how well the support met your need."
            ),
        },
    )


@composer("lesson_to_review")
def lesson_to_review(session: Session, notice: Notice, reader: User) -> Letter | None:
    """To the focal points: a lesson learnt waits for review, with its text."""
    lesson = session.get(Lesson, int(notice.refs.get("lesson", 0)))
    if lesson is None or lesson.status is not LessonStatus.PROPOSED or not is_focal(reader):
        return None
    about = pair(reader, lesson.match)
    proposer = session.get(User, lesson.updated_by_id) if lesson.updated_by_id else None
    return Letter(
        subject=_("A lesson learnt to review: %(need)s", need=about.need_title),
        template="mail/lesson_to_review",
        link=site_link("lessons.review"),
        values={
            "pair": about,
            "proposed": _(
                "%(who)s proposed this lesson learnt for publication:", who=who(proposer)
            ),
            "title": lesson.title,
            "text": plain(lesson.text),
        },
    )


@composer("lesson_decided")
def lesson_decided(session: Session, notice: Notice, reader: User) -> Letter | None:
    """To the side that proposed a lesson: published (where), or refused with the reason."""
    lesson = session.get(Lesson, int(notice.refs.get("lesson", 0)))
    if lesson is None or lesson.status is LessonStatus.PROPOSED:
        return None  # proposed again since: the decision is no longer news
    match = lesson.match
    if lesson.status is LessonStatus.REFUSED and not may_propose(reader, match, lesson):
        return None
    about = pair(reader, match)
    published = lesson.status is LessonStatus.PUBLISHED
    if published:
        subject = _("Your lesson learnt is published: %(need)s", need=about.need_title)
        decided = _("The focal point published the lesson learnt you proposed on this match. It "
                    "now shows on the pages of the need's topics.")  # fmt: skip
    elif notice.refs.get("unpublished"):
        subject = _("Your lesson learnt was taken down: %(need)s", need=about.need_title)
        decided = _("The focal point took down the lesson learnt you proposed on this match, "
                    "which was published, for this reason:")  # fmt: skip
    else:
        subject = _("Your lesson learnt was not published: %(need)s", need=about.need_title)
        decided = _("The focal point did not publish the lesson learnt you proposed on this "
                    "match, for this reason:")  # fmt: skip
    return Letter(
        subject=subject,
        template="mail/lesson_decided",
        link=about.link,
        values={
            "pair": about,
            "decided": decided,
            "reason": "" if published else plain(lesson.reason),
            "again": "" if published else _("You may change it and propose it again."),
        },
    )
