"""Sessions that end: on sign-out, after an idle time, and at a maximum age.

Flask-Login keeps one string per signed-in browser, in the session cookie and, for "remember me",
in the remember-me cookie (both signed with SECRET_KEY). Here it is
``"<user id>:<session version>:<signed in at>:<last seen at>"`` (whole seconds since the epoch),
and every request checks it:

- the session version must be the account's: signing out, changing or resetting the password and
  deactivation move it on, which ends **every** session of the account at once (a copied cookie
  included);
- no more than SESSION_IDLE_MINUTES since the last request: each request moves "last seen" on (at
  most once a minute, so that most responses set no cookie), and the remember-me cookie is written
  again with it while it is in use;
- no more than SESSION_MAX_HOURS since signing in, however active the session (the remember-me
  cookie too, and the browser is told to drop it then).

An id in any other form (e.g. from before this scheme) signs nobody in.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace

from flask import Flask, Response, current_app, flash, g, request, session
from flask_babel import ngettext
from flask_login import user_logged_in

from models import User, db
from webapp.extensions import login_manager

#: How often "last seen" is written again, in seconds (the idle time is this precise).
SEEN_STEP = 60


@dataclass(frozen=True)
class SessionId:
    """What a session (or remember-me) cookie says: who, under which version, since when."""

    user_id: int
    version: int
    signed_in: int
    seen: int

    def __str__(self) -> str:
        return f"{self.user_id}:{self.version}:{self.signed_in}:{self.seen}"

    @classmethod
    def parse(cls, text: object) -> SessionId | None:
        """The id written in ``text``; None for anything else."""
        parts = str(text).split(":") if text is not None else []
        if len(parts) != 4 or not all(p.isdigit() for p in parts):
            return None
        return cls(*(int(p) for p in parts))

    @classmethod
    def new(cls, user: User) -> SessionId:
        """The id of a sign-in of ``user`` now."""
        now = int(time.time())
        return cls(user.id, user.session_version, now, now)


def idle_limit() -> int:
    """Seconds a session may stay unused (SESSION_IDLE_MINUTES)."""
    return int(float(current_app.config["SESSION_IDLE_MINUTES"]) * 60)


def age_limit() -> int:
    """Seconds a session may last after signing in (SESSION_MAX_HOURS)."""
    return int(float(current_app.config["SESSION_MAX_HOURS"]) * 3600)


def why_ended(sid: SessionId, now: float) -> str | None:
    """Why the session has run out ("idle" or "age"), or None if it has not."""
    if now - sid.signed_in >= age_limit():
        return "age"
    if now - sid.seen >= idle_limit():
        return "idle"
    return None


def load_user(text: str) -> User | None:
    """The account behind a session id, or None: unreadable, run out, or its version moved on."""
    sid = SessionId.parse(text)
    if sid is None:
        return None
    reason = why_ended(sid, time.time())
    if reason is not None:
        g.session_ended = reason
        return None
    user = db.session.get(User, sid.user_id)
    if user is None or user.session_version != sid.version or not user.is_active:
        return None
    return user


def _stamp_sign_in(_app: Flask, user: User) -> None:
    """Whatever signed ``user`` in (the form, a password change), the id carries the times."""
    session["_user_id"] = str(SessionId.new(user))
    if session.get("_remember") == "set":
        session["_remember_seconds"] = age_limit()


def _keep_alive(response: Response) -> Response:
    """Move "last seen" on, forget a run-out session, and keep the remember-me cookie in step.

    Runs before Flask-Login's own after-request step, which writes or clears that cookie.
    """
    ended = g.pop("session_ended", None)
    if ended is not None:
        _forget(ended)
        return response
    sid = SessionId.parse(session.get("_user_id"))
    user = g.get("_login_user")
    if sid is None or user is None or not user.is_authenticated:
        return response
    now = int(time.time())
    if now - sid.seen < SEEN_STEP:
        return response
    session["_user_id"] = str(replace(sid, seen=now))
    remember = str(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token"))
    if remember in request.cookies:
        session["_remember"] = "set"  # written again with the new "last seen"
        session["_remember_seconds"] = max(1, sid.signed_in + age_limit() - now)
    return response


def _forget(reason: str) -> None:
    """Drop a run-out session and its remember-me cookie, and say why on the next page."""
    for key in ("_user_id", "_fresh", "_id", "_remember_seconds"):
        session.pop(key, None)
    session["_remember"] = "clear"
    if reason == "idle":
        minutes = max(1, idle_limit() // 60)
        flash(ngettext("You were signed out after %(num)d minute without activity. Sign in again.",
                       "You were signed out after %(num)d minutes without activity. Sign in again.",
                       minutes), "info")  # fmt: skip
    else:
        hours = max(1, math.ceil(age_limit() / 3600))
        flash(ngettext("A session lasts at most %(num)d hour, so you were signed out. Sign in "
                       "again.", "A session lasts at most %(num)d hours, so you were signed out. "
                       "Sign in again.", hours), "info")  # fmt: skip


def init_app(app: Flask) -> None:
    """Keep session ids in step after each request.

    Call after ``login_manager.init_app``: this after-request step must run before Flask-Login's.
    """
    app.after_request(_keep_alive)


# Registered by calls: Flask-Login and blinker ship no type hints for these decorators.
login_manager.user_loader(load_user)
user_logged_in.connect(_stamp_sign_in)
