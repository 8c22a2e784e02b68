"""The token pages: a person's tokens, making one (its secret shown once), revoking one."""

from __future__ import annotations

from babel.lists import format_list
from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from models import ApiToken, User, db
from webapp.access import login_required
from webapp.formatting import formatting_locale
from webapp.services.accounts import tokens
from webapp.services.errors import ValidationFailed
from webapp.services.vocab import SCOPE_HINTS, SCOPE_LABELS, TOKEN_STATUS_LABELS
from webapp.tokens import bp
from webapp.tokens.forms import RevokeForm, TokenForm


def scope_words(token: ApiToken) -> str:
    """What the token may do, as one list in the reader's language ("Read and Write needs")."""
    return format_list([SCOPE_LABELS[s] for s in token.scopes], locale=formatting_locale())


WORDS = {"scope_words": scope_words, "scope_hints": SCOPE_HINTS, "statuses": TOKEN_STATUS_LABELS}


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


@bp.route("/")
@login_required
def index() -> str:
    """The signed-in person's tokens, the newest first, with what each may do and its last use."""
    rows = [(t, tokens.status(t)) for t in tokens.tokens_of(db.session(), _me())]
    return render_template("tokens/index.html", rows=rows, shown=tokens.shown, **WORDS)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create() -> tuple[str, int] | Response:
    """The form; a valid POST answers with the new token's secret, shown this once."""
    me = _me()
    form = TokenForm()
    form.offer_scopes(me.role)
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate_on_submit():
            try:
                made = tokens.create(db.session(), me, form.values())
            except ValidationFailed as exc:
                db.session.rollback()
                for err in exc.errors:
                    field = form[err.field]
                    field.errors = [*field.errors, err.reason]
            else:
                db.session.commit()
                page = render_template(
                    "tokens/created.html", token=made.token, secret=made.secret, **WORDS
                )
                response = make_response(page, 201)
                # The secret must not stay in a cache: a browser's back button shows no copy.
                response.headers["Cache-Control"] = "no-store"
                return response
    else:
        form.scopes.data = [tokens.scopes_for(me.role)[0].value]
        form.expires_on.data = tokens.default_expiry().isoformat()
    page = render_template(
        "tokens/new.html",
        form=form,
        latest=tokens.latest_expiry(),
        **WORDS,
    )
    return page, status


def _own(token_id: int) -> ApiToken:
    token = db.session.get(ApiToken, token_id)
    if token is None or not tokens.may_manage(_me(), token):
        abort(404)
    return token


@bp.route("/<int:token_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke(token_id: int) -> str | Response:
    """Ask to confirm; POST revokes the token (PRG).

    :raise 404: no such token, or another account's.
    """
    token = _own(token_id)
    form = RevokeForm()
    if form.validate_on_submit():
        if tokens.revoke(db.session(), token):
            db.session.commit()
            flash(_("The token “%(name)s” is revoked: requests that use it are refused from now "
                    "on.", name=token.name), "success")  # fmt: skip
        else:
            flash(_("The token “%(name)s” was revoked already.", name=token.name), "info")
        return redirect(url_for(".index"))
    return render_template(
        "tokens/revoke.html", token=token, form=form, status=tokens.status(token),
        shown=tokens.shown, **WORDS,
    )  # fmt: skip
