"""Every anonymous page, read in French, Spanish, Arabic, Russian and Chinese, has no interface text
left in English: headings, labels, buttons, navigation, messages, the names of States and the
labels of topics. User content (the demo's titles, descriptions, names), e-mails, refs, numbers
and text marked with another ``lang`` are left aside; ``tests/e2e/crawl.py`` says how pieces of
English are told apart.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import Dimension, Factor, State, SupportType, Topic, db
from tests.e2e.crawl import LIMIT, crawl, english_pieces, fetch, vocabulary

pytestmark = pytest.mark.e2e

LANGUAGES = ("fr", "es", "ar", "ru", "zh")


def reference_names(app) -> dict[str, list[str]]:
    """The names of the States and the labels of the taxonomy (CMM factors too), per language."""
    names: dict[str, list[str]] = {}
    with app.app_context():
        for code in ("en", *LANGUAGES):
            found = list(db.session.scalars(select(getattr(State, f"name_{code}"))))
            for model in (Topic, SupportType, Dimension, Factor):
                found.extend(db.session.scalars(select(getattr(model, f"label_{code}"))))
            names[code] = [n for n in found if n]
        db.session.remove()
    return names


def test_no_interface_text_is_left_in_english_on_anonymous_pages(live_app, live_server):
    base = live_server
    english = crawl(base)
    assert len(english) >= 30, sorted(english)  # the crawl found the site, not just its door
    assert len(english) <= LIMIT
    reference = reference_names(live_app)

    print(f"{len(english)} pages crawled:", " ".join(english))
    report: dict[str, list[str]] = {}
    for language in LANGUAGES:
        words = vocabulary(language, reference)
        found: dict[str, list[str]] = {}  # each piece of English, with the pages showing it
        for path, in_english in english.items():
            page = fetch(base + path, language)
            assert page is not None, path
            assert page.language == language, f"{path} is marked {page.language!r}"
            for piece, english_words in english_pieces(page, in_english, words):
                found.setdefault(f"{piece!r} ({', '.join(english_words)})", []).append(path)
        lines = [f"  {piece} on {len(paths)} pages: {' '.join(paths[:3])}"
                 for piece, paths in found.items()]  # fmt: skip
        print(f"{language}: {len(english)} pages crawled, {len(found)} pieces of English")
        print("\n".join(lines))
        if found:
            report[language] = lines

    summary = ", ".join(f"{lang}: {len(found)}" for lang, found in report.items())
    assert not report, f"interface text left in English ({summary}); see the printed list"
