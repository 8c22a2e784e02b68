"""The languages of the interface: the six official UN languages, the reader's choice, catalogues.

Every string a person reads goes through Flask-Babel: ``_()`` and ``ngettext()`` in views,
``_l()`` (lazy, from this module) where a string is made before any request (form labels,
header links), and ``{% trans %}`` / ``{{ _() }}`` in templates. Catalogues live in
``webapp/translations`` (the README gives the ``pybabel extract`` command); a language is offered
once its catalogue is compiled there, so the interface never claims a language it does not speak.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, request, session
from flask_babel import Babel, get_locale, gettext
from flask_babel.speaklater import LazyString
from flask_login import current_user
from markupsafe import escape

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


def offered(app: Flask) -> list[str]:
    """The languages the interface can show: English, and those with a compiled catalogue.

    The catalogues are read where Flask-Babel reads them: ``BABEL_TRANSLATION_DIRECTORIES``
    (``;``-separated, relative to the app's folder), ``translations`` by default.
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
    app.extensions["cbmatch_languages"] = offered(app)
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def _language() -> dict[str, object]:
        code = str(get_locale() or DEFAULT)
        return {
            "page_language": code,
            "page_direction": direction(code),
            "languages": {c: LANGUAGES[c] for c in app.extensions["cbmatch_languages"]},
        }
