"""Default configuration: only safe values here; secrets come from the instance folder."""

from __future__ import annotations


class Defaults:
    """Settings every deployment starts from; override in instance/cbmatch.cfg or CBMATCH_* env."""

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}  # noqa: RUF012
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    PAGE_SIZE = 25
    MATCH_TOP_K = 5
