"""The languages of the interface: the six official UN languages, the reader's choice, catalogues.

Every string a person reads goes through Flask-Babel: ``_()`` and ``ngettext()`` in views,
``_l()`` (lazy, from this module) where a string is made before any request (form labels,
header links), and ``{% trans %}`` / ``{{ _() }}`` in templates; services use
``webapp.services.language``, which this module tells the reader's language at the start of each
request. The catalogues are the
``.po`` files of ``webapp/translations`` (the README gives the ``pybabel extract`` command);
the app compiles them into its instance folder when it starts (``compile_catalogues``), and a
language is offered once its catalogue is compiled, so the interface never claims a language it
does not speak.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask, current_app, g, request, session
from flask_babel import Babel, get_locale, gettext, ngettext, pgettext
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import escape

from webapp.services import language

#: The official languages of the United Nations, each named in itself.
LANGUAGES = {
    "ar": "العربية",
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}
RIGHT_TO_LEFT = frozenset({"ar"})
DEFAULT = "en"
#: Where the reader's own choice is kept for the rest of the visit.
SESSION_KEY = "locale"

babel = Babel()
log = logging.getLogger(__name__)


class LazyText(LazyString):  # type: ignore[misc]  # flask_babel ships no type hints
    """A lazily translated text that a template escapes like any other text.

    Flask-Babel's own lazy string tells Jinja it is already HTML, so an apostrophe or a ``<`` in a
    translation (or in a value filled into one) would reach the page unescaped.
    """

    def __html__(self) -> str:
        return str(escape(str(self)))


def _l(string: str, **variables: object) -> LazyText:
    """``lazy_gettext`` for texts made before any request (form labels, header links).

    Named ``_l`` so that ``pybabel extract -k _l`` finds them wherever they are written.
    """
    return LazyText(gettext, string, **variables)


def compile_catalogues(source: Path, target: Path) -> None:
    """Compile each ``<code>/LC_MESSAGES/messages.po`` of ``source`` into ``target``.

    A catalogue is compiled again only when its ``.po`` is newer than its ``.mo``; each ``.mo``
    is written to a temporary file and renamed, so two processes starting at once never read a
    half-written one.
    """
    for po in sorted(source.glob("*/LC_MESSAGES/messages.po")):
        mo = target / po.relative_to(source).with_suffix(".mo")
        if mo.is_file() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as f:
            catalogue = read_po(f, locale=po.parts[-3])
        fd, tmp = tempfile.mkstemp(dir=mo.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            write_mo(out, catalogue)
        os.replace(tmp, mo)


def _prepare_catalogues(app: Flask) -> None:
    """Compile the shipped catalogues into the instance folder, unless the config names its own."""
    if "BABEL_TRANSLATION_DIRECTORIES" in app.config:
        return
    target = Path(app.instance_path) / "translations"
    try:
        compile_catalogues(Path(app.root_path) / "translations", target)
    except OSError as error:  # a read-only instance folder: the interface stays in English
        log.warning("the catalogues could not be compiled into %s: %s", target, error)
        return
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(target)


def offered(app: Flask) -> list[str]:
    """The languages the interface can show: English, and those with a compiled catalogue.

    The catalogues are read where Flask-Babel reads them: ``BABEL_TRANSLATION_DIRECTORIES``
    (``;``-separated, relative to the app's folder unless absolute).
    """
    folders = app.config.get("BABEL_TRANSLATION_DIRECTORIES", "translations").split(";")
    compiled = {
        code
        for code in LANGUAGES
        for folder in folders
        if (Path(app.root_path) / folder / code / "LC_MESSAGES" / "messages.mo").is_file()
    }
    return [code for code in LANGUAGES if code == DEFAULT or code in compiled]


def select_locale() -> str:
    """The reader's language.

    The one chosen in this visit, else the one the signed-in user saved, else the browser's,
    else English.
    """
    languages = current_app.extensions["cbmatch_languages"]
    chosen = session.get(SESSION_KEY)
    if chosen in languages:
        return str(chosen)
    saved = getattr(current_user, "locale", None) if current_user.is_authenticated else None
    if saved in languages:
        return str(saved)
    return request.accept_languages.best_match(languages) or DEFAULT


def direction(locale: str) -> str:
    """The writing direction of a language: "rtl" for Arabic, else "ltr"."""
    return "rtl" if locale in RIGHT_TO_LEFT else "ltr"


def init_app(app: Flask) -> None:
    """Bind Flask-Babel, and tell every template the page's language and direction."""
    _prepare_catalogues(app)
    app.extensions["cbmatch_languages"] = offered(app)
    babel.init_app(app, locale_selector=select_locale)
    # Flask-Babel keeps the catalogues it loaded in one cache per language for every app of the
    # process; a new app (with another translations folder, as some tests make) reads its own.
    with app.app_context():
        babel.domain_instance.cache.clear()

    @app.before_request
    def _speak() -> None:
        speaker = language.Speaker(str(get_locale() or DEFAULT), gettext, ngettext, pgettext)
        g.cbmatch_speaker = language.begin(speaker)

    @app.teardown_request
    def _stop_speaking(_error: BaseException | None) -> None:
        token = g.pop("cbmatch_speaker", None)
        if token is not None:
            language.end(token)

    @app.context_processor
    def _language() -> dict[str, object]:
        code = str(get_locale() or DEFAULT)
        return {
            "page_language": code,
            "page_direction": direction(code),
            "languages": {c: LANGUAGES[c] for c in app.extensions["cbmatch_languages"]},
        }
