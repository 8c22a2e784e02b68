"""Flask extensions, created unbound here and bound in ``create_app``."""

from __future__ import annotations

from pathlib import Path

from flask_login import LoginManager
from flask_migrate import Migrate
from flask_wtf import CSRFProtect

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "models" / "migrations")

login_manager = LoginManager()
csrf = CSRFProtect()
migrate = Migrate(directory=MIGRATIONS_DIR, render_as_batch=True)
