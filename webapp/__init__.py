"""The cbmatch web application: ``create_app`` builds and configures it."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Config, Flask

from models import db
from webapp.extensions import csrf, login_manager, migrate
from webapp.i18n import _l

log = logging.getLogger(__name__)
INSTANCE_CONFIG = "cbmatch.cfg"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, instance/cbmatch.cfg, CBMATCH_* variables, then ``config``."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object("webapp.config.Defaults")
    app.config.from_pyfile(INSTANCE_CONFIG, silent=True)
    app.config.from_prefixed_env("CBMATCH")
    app.config.update(config or {})
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.setdefault(
        "SQLALCHEMY_DATABASE_URI",
        app.config.get("DATABASE_URL") or f"sqlite:///{Path(app.instance_path) / 'cbmatch.sqlite'}",
    )
    if not app.config.get("SECRET_KEY"):
        if app.config.get("TESTING"):
            app.config["SECRET_KEY"] = secrets.token_hex(32)
        else:
            app.config["SECRET_KEY"] = ensure_secret_key(Path(app.instance_path))

    db.init_app(app)
    migrate.init_app(app, db)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.localize_callback = str  # flash the message in the reader's language, as text
    login_manager.login_message_category = "info"

    from webapp import (
        admin,
        api,
        audit,
        auth,
        calendar,
        cli,
        console,
        dashboard,
        database,
        directory,
        errors,
        formatting,
        help,
        i18n,
        lessons,
        matches,
        nav,
        needs,
        notices,
        offers,
        pages,
        pipeline,
        presentation,
        reasons,
        security,
        sessions,
        states,
        survey,
        tokens,
        transport,
    )

    database.init_app(app)
    errors.init_app(app)
    i18n.init_app(app)
    formatting.init_app(app)
    security.init_app(app)
    transport.init_app(app)
    sessions.init_app(app)
    cli.init_app(app)
    nav.init_app(app)
    presentation.init_app(app)
    app.add_template_filter(reasons.reason_text, "reason")
    app.add_template_filter(reasons.place_name, "place")
    pages.init_app(app)
    for area in (auth, needs, offers, survey, states, matches, console, dashboard, pipeline,
                 calendar, directory, audit, admin, notices, help, lessons, tokens,
                 api):  # fmt: skip
        area.init_app(app)
    return app


def ensure_secret_key(instance: Path) -> str:
    """Return the instance's SECRET_KEY, writing a new random one to cbmatch.cfg if it has none."""
    path = instance / INSTANCE_CONFIG
    key = _read_secret(path)
    if key:
        return key
    key = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError as exc:  # a read-only instance folder: keep the key for this process only
        log.warning("cannot write %s (%s); SECRET_KEY lasts until restart", path, exc)
        return key
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(f"SECRET_KEY = {key!r}\n")
    log.info("wrote a new SECRET_KEY to %s", path)
    return _read_secret(path) or key


def _read_secret(path: Path) -> str | None:
    cfg = Config(str(path.parent))
    cfg.from_pyfile(path.name, silent=True)
    value = cfg.get("SECRET_KEY")
    return str(value) if value else None
