"""Default configuration: only safe values here; secrets come from the instance folder."""

from __future__ import annotations

from datetime import timedelta


class Defaults:
    """Settings every deployment starts from; override in instance/cbmatch.cfg or CBMATCH_* env."""

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}  # noqa: RUF012
    # Cookies: never readable by scripts, not sent on cross-site POSTs, and HTTPS-only. None means
    # "secure unless TESTING or LOCAL_HTTP" (webapp.security.cookie_settings); set True or False
    # to decide yourself.
    SESSION_COOKIE_SECURE: bool | None = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE: bool | None = None
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Sessions (and the remember-me cookie) end after this many minutes without a request, and
    # this many hours after signing in however active (webapp/sessions.py); signing out ends every
    # session of the account.
    SESSION_IDLE_MINUTES = 60
    SESSION_MAX_HOURS = 12
    # A remember-me cookie never outlives SESSION_MAX_HOURS, whatever this says.
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    # True only for `cbmatch run` on a loopback address without a certificate (plain HTTP).
    LOCAL_HTTP = False
    # Behind a reverse proxy that ends TLS: how many proxies in front set X-Forwarded-For, -Proto,
    # -Host, -Port and -Prefix (Werkzeug's ProxyFix). 0 believes none of these headers; 1 is the
    # usual single proxy. Never more than the proxies really there: a client could forge the rest.
    PROXY_HOPS = 0
    # Strict-Transport-Security on every response served over HTTPS, in seconds (0: not sent).
    HSTS_MAX_AGE = 31536000
    WTF_CSRF_TIME_LIMIT = None
    # Requests to the API per access token (webapp/api_auth.py), or per client address for
    # requests without a valid token.
    API_RATE_LIMIT = "120 per minute"
    # Rows per page of a list: needs, offers, matches, activities, unmet needs; the lists below
    # have their own size.
    PAGE_SIZE = 20
    QUEUE_PAGE_SIZE = 25  # the focal point's suggestions
    PIPELINE_PAGE_SIZE = 25  # the pipeline's table
    AUDIT_PAGE_SIZE = 25
    ACCOUNTS_PAGE_SIZE = 25  # the administrator's accounts
    CONTACTS_PAGE_SIZE = 50
    STATES_PAGE_SIZE = 50  # the States directory
    HOME_LIST_SIZE = 5  # rows of each list on the personal home ("What needs you")
    # A match proposed, accepted or in progress with no event for this many days is stalled: the
    # focal point's home lists it and the header counts it beside Pipeline.
    STALLED_AFTER_DAYS = 14
    # How many offers the matcher suggests per need (the console's refresh; `cbmatch match --top`).
    MATCH_TOP_K = 5
    # The re-ranker learned from the focal point's decisions (`cbmatch learn`) switches on from
    # this many decisions; the sender's pass fits it again once a week, or sooner after
    # LEARN_AFTER_DECISIONS new ones (docs/MATCHER.md, "Learning from the focal point").
    LEARN_MIN_DECISIONS = 50
    LEARN_AFTER_DECISIONS = 25
    # After a change, the dashboard shows the last duplicate pairs at once (marked as being
    # checked) while a thread computes them again; False computes them during the request.
    DUPLICATE_PAIRS_IN_BACKGROUND = True
    # Above this many offers (or needs) even a process's first pairs are computed in a thread.
    DUPLICATE_PAIRS_WAIT_FOR_AT_MOST = 2000
    # Asking for a password reset link answers no sooner than this many seconds after it came in,
    # whether or not the address has an account (writing the mail takes a few ms more).
    RESET_RESPONSE_FLOOR = 0.1
    # Registering answers no sooner than this many seconds after the request came in, whether or
    # not the address already has an account (both hash the password; they write different rows).
    REGISTER_RESPONSE_FLOOR = 0.3
    # The site's public address, for links in e-mail (written outside any request by the sender),
    # e.g. "https://cbmatch.example.org"; unset: the address of the request, else
    # http://127.0.0.1:5000.
    SITE_URL: str | None = None
    # The focal point's team's address on the contact page; "" means focal-point@ the domain of
    # MAIL_FROM (focal-point@localhost with the default sender).
    CONTACT_EMAIL = ""
    # Alerts (``new_offers``, ``new_needs``): at most every ALERT_INTERVAL seconds the sender's
    # pass ranks the offers and needs opened since the last run against the open needs and
    # offers, and tells the other side of each pair scoring at least ALERT_MIN_SCORE (the
    # matcher's score, 0 to 1: 0.2 is its own floor for a suggestion, "possible fit"; 0.4 a
    # "good fit"; 0.6 a "strong fit"). Below 0.2 counts as 0.2. `cbmatch mail alerts` runs it now.
    ALERT_INTERVAL = 3600
    ALERT_MIN_SCORE = 0.4
    # The focal point's weekly digest goes out once a week on WEEKLY_DIGEST_WEEKDAY (0 is
    # Monday, 6 Sunday) from WEEKLY_DIGEST_HOUR (0-23, UTC); it lists the proposals waiting for
    # an answer longer than DIGEST_WAITING_DAYS, and the first DIGEST_LIST_SIZE rows of each
    # list. `cbmatch mail digest --weekly` sends it now.
    WEEKLY_DIGEST_WEEKDAY = 0
    WEEKLY_DIGEST_HOUR = 6
    DIGEST_WAITING_DAYS = 14
    DIGEST_LIST_SIZE = 5
    # The hour of the day (0-23, UTC) from which the daily summary goes out: one e-mail per person
    # with every notice they chose to receive "in the daily summary" since the last one.
    DAILY_DIGEST_HOUR = 7
    # A State whose last survey (its last submitted version) is older than this many days is
    # reminded by e-mail, at most once per such period, and listed to the focal point as not
    # updated. `cbmatch mail survey-reminders` sends the reminders now.
    SURVEY_REMIND_DAYS = 365
    # The ISO 4217 currency the funding figures are given in; amounts in other currencies are
    # converted with the dated rates the focal point enters (/dashboard/rates).
    REPORTING_CURRENCY = "USD"
    # The publisher named as reporting-org of the IATI activities file (`cbmatch export offers
    # --format iati`, docs/IATI.md): its IATI organisation identifier (registered with IATI;
    # "XX-CBMATCH" is a placeholder, XX being no registration agency), name and IATI
    # organisation type code (40 multilateral, 10 government, 90 other...). Every activity's
    # iati-identifier starts with the ref.
    IATI_REPORTING_ORG_REF = "XX-CBMATCH"
    IATI_REPORTING_ORG_NAME = "cbmatch"
    IATI_REPORTING_ORG_TYPE = "90"
