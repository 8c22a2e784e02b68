"""Crawl the anonymous pages of a live cbmatch and find interface text left in English.

The crawl starts from a few list pages, follows same-site links (GET only) and, for each form
that filters a list, one URL per filter; it keeps at most ``PER_KIND`` pages of one kind
(``/needs/<ref>`` is one kind) and ``LIMIT`` pages in all, so that it stays quick.

A page is cut into pieces: each text node, and the attributes a person reads or hears (``title``,
``placeholder``, ``aria-label``, ``alt``, ``data-label`` shown before a phone's table cells, the
value of a button). A piece is left out when it sits in an element whose ``lang`` is not the
page's (user content marked so), in ``<code>``, ``<script>``, ``<style>`` or ``<textarea>``, or
when it is (part of) the demo data's user content. What remains is stripped of e-mails, URLs,
refs and numbers, and each of its Latin words is English when

- the word is English: in the English catalogue (the ``msgid``s), in the same page fetched in
  English, or in the English name of a State or label; and
- the word is not of the page's language: not in any ``msgstr`` of its catalogue (unless the
  translation only kept it from its English), nor in the
  names of States and labels in that language, nor in its month and day names, nor on the
  allow-list of words written the same in every language, nor a code or acronym (SEN, CSIRT).

A piece that is a whole translation of the catalogue is never English (French "Suggestions").
A piece with an English word is reported with its page.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode, urljoin, urlsplit

from babel import Locale
from babel.messages.pofile import read_po

from tests.e2e.languages import TRANSLATIONS, english_messages

SEEDS = ("/", "/needs/", "/offers/", "/calendar", "/calendar/list", "/directory/",
         "/directory/centres", "/states/SEN", "/states/FJI", "/states/BEN", "/dashboard/",
         "/auth/login", "/auth/register")  # fmt: skip
#: Links that are not pages to read: files, feeds, actions.
NOT_PAGES = re.compile(
    r"^/(static/|calendar\.ics|pipeline/export|auth/logout|language|states/\w+\.pdf)"
)
LIMIT = 90
PER_KIND = 1

#: Words written the same in every language (acronyms, names of things), kept as they are.
ALLOWED = frozenset({
    "cbmatch", "CSIRT", "CSIRTs", "CERT", "CERTs", "ICT", "CMM", "OEWG", "PDF", "CSV", "XLSX",
    "iCal", "ICS", "ID", "SIDS", "LDC", "LDCs", "LLDC", "LLDCs", "M49", "UN", "ONU", "OK", "SOC",
    "DNS", "IXP", "PKI", "ISO", "NIST", "UNIDIR", "GFCE", "ITU", "OAS", "CICTE", "AU", "EU",
    "ASEAN", "ECOWAS", "CARICOM", "PIF", "ccTLD", "ISP", "Google", "Outlook", "Apple",
    "Thunderbird", "OpenAPI",
})  # fmt: skip
#: Names of products, kept as they are in every language.
PRODUCTS = ("Google Calendar", "Apple Calendar", "Google Agenda")
SKIPPED_ELEMENTS = frozenset({"script", "style", "code", "textarea", "template", "pre"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "source", "track", "wbr"})  # fmt: skip
READ_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt", "data-label")
WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*[A-Za-z]|[A-Za-z]")
NOT_WORDS = re.compile(
    r"\S+@\S+|https?://\S+|\b[A-Z]{1,2}-(?:[A-Z]{3}-)?\d{4}-\d{3,}\b|\d[\d.,:/ -]*"
)
#: Codes, acronyms and formats (SEN, CSIRT, UNODC, YYYY-MM-DD) are not English words.
ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,5}s?|[A-Z]+(?:-[A-Z]+)+")
DEMO = Path(__file__).parents[2] / "seed_data"


@dataclass
class Page:
    """A page's pieces of text, its links and the URLs its filter forms make."""

    url: str = ""
    language: str = ""
    pieces: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    filtered: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    """Cut an HTML page into the pieces a person reads, with the language each is in."""

    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.page = Page()
        self.stack: list[tuple[str, str | None, bool]] = []  # (tag, lang, skipped)
        self.form: tuple[str, list[tuple[str, list[str]]]] | None = None
        self.select: tuple[str, list[str]] | None = None

    def _lang(self) -> str | None:
        return next((lang for _, lang, _ in reversed(self.stack) if lang is not None), None)

    def _skipped(self) -> bool:
        return any(skipped for _, _, skipped in self.stack)

    def _keep(self, text: str | None) -> None:
        text = " ".join((text or "").split())
        if not text or self._skipped():
            return
        lang = self._lang()
        if lang is None or lang.split("-")[0] == self.page.language:
            self.page.pieces.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        lang = a.get("lang")
        if tag == "html":
            self.page.language = (lang or "").split("-")[0]
        self.stack.append((tag, lang, tag in SKIPPED_ELEMENTS))
        for name in READ_ATTRIBUTES:
            self._keep(a.get(name))
        if tag == "input" and a.get("type") in {"submit", "button", "reset"}:
            self._keep(a.get("value"))
        if tag == "a" and a.get("href"):
            self.page.links.append(urljoin(self.url, a["href"] or ""))
        if tag == "form" and (a.get("method") or "get").lower() == "get":
            self.form = (urljoin(self.url, a.get("action") or self.url), [])
        if tag == "select" and self.form is not None and a.get("name"):
            self.select = (a["name"] or "", [])
            self.form[1].append(self.select)
        if tag == "option" and self.select is not None:
            self.select[1].append(a.get("value") or "")
        if tag in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if any(t == tag for t, _, _ in self.stack):
            while self.stack and self.stack.pop()[0] != tag:
                pass
        if tag == "select":
            self.select = None
        if tag == "form" and self.form is not None:
            action, selects = self.form
            for name, values in selects:
                chosen = [v for v in values if v]
                if chosen:
                    self.page.filtered.append(action + "?" + urlencode({name: chosen[0]}))
            self.form = None

    def handle_data(self, data: str) -> None:
        self._keep(data)


def fetch(url: str, language: str) -> Page | None:
    """The page at ``url`` asked for in ``language``; None when it is not an HTML page."""
    request = urllib.request.Request(url, headers={"Accept-Language": language})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            if "text/html" not in response.headers.get("Content-Type", ""):
                return None
            html = response.read().decode("utf-8")
            final = response.geturl()
    except HTTPError as error:
        if error.code >= 500:
            raise
        return None
    reader = _Reader(final)
    reader.feed(html)
    reader.close()
    reader.page.url = final
    return reader.page


def kind(path_and_query: str) -> str:
    """What a page is, whatever record it shows: its path with codes and numbers as ``#``."""
    parts = urlsplit(path_and_query)
    path = "/".join(
        "#" if re.search(r"\d", s) or re.fullmatch(r"[A-Z]{3}", s) else s
        for s in parts.path.split("/")
    )
    keys = sorted({k.split("=")[0] for k in parts.query.split("&") if k} - {"page"})
    return path + "?" + "&".join(keys)


def crawl(base: str) -> dict[str, Page]:
    """The anonymous pages, each read in English, found from the seeds (at most ``LIMIT``)."""
    pages: dict[str, Page] = {}
    kinds: Counter[str] = Counter()
    queue = [base + s for s in SEEDS]
    seen = set(queue)
    while queue and len(pages) < LIMIT:
        url = queue.pop(0)
        local = url.removeprefix(base)
        if kinds[kind(local)] >= PER_KIND:
            continue
        page = fetch(url, "en")
        if page is None:
            continue
        local = page.url.removeprefix(base)  # where a redirection led (the login page)
        if local in pages:
            continue
        kinds[kind(local)] += 1
        pages[local] = page
        for link in (*page.links, *page.filtered):
            link = link.split("#")[0]
            if not link.startswith(base + "/") or link in seen:
                continue
            if NOT_PAGES.match(link.removeprefix(base)):
                continue
            seen.add(link)
            queue.append(link)
    return pages


#: What a catalogue's text holds that is not text: placeholders and HTML tags.
MARKUP = re.compile(r"%\(\w+\)[sdf]|%[sd]|<[^>]*>")


def _words(texts: Iterable[str]) -> set[str]:
    return {w.lower() for t in texts for w in WORD.findall(MARKUP.sub(" ", t))}


@cache
def translations(language: str) -> frozenset[str]:
    """Every translation of the catalogue of ``language`` (plural forms too)."""
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalogue = read_po(f, locale=language)
    texts: set[str] = set()
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        texts.update(" ".join(s.split()) for s in strings if s)
    return frozenset(texts)


@cache
def translated_words(language: str) -> frozenset[str]:
    """The Latin words of ``language``: of its catalogue, and its month and day names.

    A capitalised word a translation keeps from its English (the "French, English" of a hint's
    example) is not counted, unless the whole translation is the English (a word written the
    same, such as French "Suggestions").
    """
    with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as f:
        catalogue = read_po(f, locale=language)
    words: set[str] = set()
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        translated = [s for s in strings if s]
        kept: set[str] = set()
        if tuple(strings[: len(ids)]) != ids:  # names kept from the English: "French, English"
            names = {w for i in ids for w in WORD.findall(i) if w[0].isupper()}
            kept = {w.lower() for t in translated for w in WORD.findall(MARKUP.sub(" ", t))
                    if w in names}  # fmt: skip
        words |= _words(translated) - kept
    texts: list[str] = []
    locale = Locale.parse(language)
    for names in (locale.months, locale.days):
        for width in names.values():
            for forms in width.values():
                texts.extend(forms.values())
    return frozenset(words | _words(texts))


@cache
def demo_content() -> tuple[str, ...]:
    """The user content of the demo data (titles, descriptions, names, places), longest first."""
    texts: set[str] = set()

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in {"kinds", "source"}:  # interface words of the centres' file
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and len(value) >= 3 and not re.fullmatch(r"[a-z_-]+", value):
            texts.add(" ".join(value.split()))

    for path in [*sorted((DEMO / "demo").glob("*.json")), DEMO / "centres.json"]:
        walk(json.loads(path.read_text(encoding="utf-8")))
    return tuple(sorted(texts, key=len, reverse=True))


@cache
def _demo_blob() -> str:
    return "\x00".join(demo_content())


def without_content(piece: str) -> str:
    """``piece`` without the demo data's user content, e-mails, URLs, refs and numbers."""
    core = piece.strip(" ….:·,()")
    if len(core) >= 3 and core in _demo_blob():
        return ""
    for text in (*demo_content(), *PRODUCTS):
        if text in piece:
            piece = piece.replace(text, " ")
    return NOT_WORDS.sub(" ", piece)


@dataclass(frozen=True)
class Vocabulary:
    """The words known to be English, and those known to be of the page's language."""

    english: frozenset[str]
    native: frozenset[str]
    translations: frozenset[str]

    def english_words(self, piece: str, english_page: frozenset[str]) -> list[str]:
        """The words of ``piece`` that are English and not of the page's language."""
        if piece in self.translations:
            return []
        found = []
        for word in WORD.findall(without_content(piece)):
            if word in ALLOWED or word.lower() in self.native or ACRONYM.fullmatch(word):
                continue
            if word.lower() in self.english or word.lower() in english_page:
                found.append(word)
        return found


def vocabulary(language: str, reference: dict[str, list[str]]) -> Vocabulary:
    """The vocabularies for ``language``; ``reference`` holds the names of States and labels
    in each language (``"en"`` and ``language`` are read)."""
    english = _words(english_messages()) | _words(reference.get("en", []))
    native = translated_words(language) | _words(reference.get(language, []))
    return Vocabulary(frozenset(english), frozenset(native), translations(language))


def english_pieces(page: Page, english: Page, words: Vocabulary) -> Iterator[tuple[str, list[str]]]:
    """Each piece of ``page`` that holds English words, with those words."""
    english_page = frozenset(_words(english.pieces))
    reported: set[str] = set()
    for piece in page.pieces:
        if piece in reported:
            continue
        found = words.english_words(piece, english_page)
        if found:
            reported.add(piece)
            yield piece, found
