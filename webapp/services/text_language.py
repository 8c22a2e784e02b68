"""The language a need or an offer is written in: told by its author, or detected from its text.

Pages mark a record's title and description with it (``lang``, and the script's direction), so
that screen readers pronounce the text right and browsers offer to translate it. It is not the
interchange's ``languages`` field, which says in which languages the support is delivered.

Detection is py3langid's naive Bayes model (shipped in the package, nothing downloaded at run
time), restricted to ``DETECTED``: fewer candidates, fewer confusions (Arabic is not taken for
one of its dialects, nor Mandarin for Wu). Text too short to tell, or a guess the model is not
sure of, gives None: the page then marks no language rather than a wrong one.
"""

from __future__ import annotations

import re
import threading
from typing import Any, cast

from babel import Locale, UnknownLocaleError
from py3langid.langid import MODEL_FILE, LanguageIdentifier
from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from models import Need, Offer
from webapp.services.language import CODES, current, sort_key

#: The languages told apart: the six of the United Nations first, then others in which States
#: commonly write (ISO 639-1 codes). The "Written in" choice offers the same list.
DETECTED = (
    *CODES,
    "pt", "de", "it", "nl", "pl", "uk", "tr", "fa", "ur", "hi", "bn", "id", "ms", "sw", "ja",
    "ko", "vi", "th", "he", "ro", "el", "cs", "sv", "hu",
)  # fmt: skip
#: Below this many letters a text says too little (a title like "SOC" or "CERT training").
MIN_LETTERS = 12
#: A guess is kept when the model gives it at least this probability.
MIN_CONFIDENCE = 0.8
#: Only the start of a text is read: a few sentences tell the language as surely as the whole,
#: and the model reads a byte at a time in Python, so a 5,000-character description read whole
#: would cost twenty times more (an import of 100,000 long records, minutes).
SAMPLE = 300
#: Chinese, Japanese and Korean characters carry a word each: they count this much more.
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")

_loaded: list[LanguageIdentifier] = []
_loading = threading.Lock()


def _identifier() -> LanguageIdentifier:
    """The model, read once per process (about 0.7 s) on first use, then shared."""
    if not _loaded:
        with _loading:
            if not _loaded:
                found = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                found.set_languages(list(DETECTED))
                _loaded.append(found)
    return _loaded[0]


def _letters(text: str) -> int:
    return len(_LETTER.findall(text)) + 2 * len(_WIDE.findall(text))


def detect(title: str, description: str = "") -> str | None:
    """The ISO 639-1 code of the language ``title`` and ``description`` are written in.

    None when the text is too short to tell or the model is unsure.
    """
    text = f"{title}\n{description}".strip()[:SAMPLE]
    if _letters(text) < MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(text)
    return str(code) if confidence >= MIN_CONFIDENCE else None


def written_in(chosen: str | None, title: str, description: str) -> str | None:
    """The language to store: the author's choice, else the one detected."""
    return chosen or detect(title, description)


def shown_choice(stored: str | None, title: str, description: str) -> str:
    """What the "Written in" select shows for a stored record.

    "" (detect) when detection gives the stored language anyway, else the stored language,
    which its author chose.
    """
    if stored is None or stored == detect(title, description):
        return ""
    return stored


def choices() -> list[tuple[str, str]]:
    """The languages a record may be written in, (code, name in the reader's language), by name.

    Names come from the CLDR data of Babel, so no catalogue entry is needed per language.
    """
    names = Locale.parse(current()).languages
    named = ((code, names.get(code, code)) for code in DETECTED)
    return sorted(named, key=lambda pair: sort_key(pair[1]))


def direction(code: str) -> str:
    """The direction of a language: "rtl" for Arabic, Persian, Hebrew, Urdu; else "ltr"."""
    try:
        order = Locale.parse(code).character_order
    except (UnknownLocaleError, ValueError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def html_attributes(code: str | None) -> dict[str, str]:
    """The attributes of the element around a record's text: its language and direction.

    ``dir="auto"`` alone when the language is not known (the browser reads the script).
    """
    if not code:
        return {"dir": "auto"}
    return {"lang": code, "dir": direction(code)}


def fill_missing(session: Session, batch: int = 1000) -> int:
    """Detect the language of the needs and offers that have none stored; how many were found.

    Safe to run again: only rows still without a language are read.
    """
    found = 0
    for model in (Need, Offer):
        table: Any = model
        core = cast(Table, model.__table__)
        last_id = 0
        while True:
            rows = session.execute(
                select(table.id, table.title, table.description)
                .where(table.text_language.is_(None), table.id > last_id)
                .order_by(table.id)
                .limit(batch)
            ).all()
            if not rows:
                break
            last_id = rows[-1].id
            changes = [
                {"b_id": row.id, "text_language": code}
                for row in rows
                if (code := detect(row.title, row.description))
            ]
            if changes:
                session.execute(
                    update(core).where(core.c.id == bindparam("b_id")),
                    changes,
                )
            found += len(changes)
    return found
