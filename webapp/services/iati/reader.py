"""A donor's IATI activities file read as interchange offer records, with a note of each choice.

Each ``iati-activity`` becomes one raw offer record, as the JSON reader makes them, so the
importer validates and writes it like any other (``importing.py``). What an activity gives that
an offer cannot hold, and what an offer needs that the activity does not say, is noted per
activity and field. The parser resolves no entity, loads no DTD and opens no network address;
a file with a DOCTYPE is refused outright (nothing in IATI needs one, and entity declarations
are how XXE and "billion laughs" attacks begin).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from seed_data import reference
from webapp.services.errors import CbmatchError
from webapp.services.iati import codes
from webapp.services.interchange.readers import Raw, open_file
from webapp.services.interchange.validation import where_of

_X = f"{{{codes.EXTENSION_NS}}}"
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_WHERE = re.compile(r", line \d+, column \d+$")  # libxml2's own, said once in our words
_PROLOG = 1 << 16  # a DOCTYPE comes before the root element, near the start
_NO_DOCTYPE = "{name}: a DOCTYPE is not allowed in an IATI file (refused unread)"
#: The offer fields an IATI activity does not carry, and what an imported offer gets instead.
DEFAULTS = (
    ("provider_country", "none"),
    ("support_types", "none"),
    ("languages", "en (the default)"),
    ("modality", "any (the default)"),
    ("capacity", "1 (the default)"),
    ("funding_amount", "none (budgets and transactions are not read)"),
)


@dataclass(frozen=True)
class Note:
    """What became of one field of one activity: ``kept`` (mapped) or not (skipped)."""

    where: str
    field: str
    text: str
    kept: bool = True

    def __str__(self) -> str:
        return f"{self.where}: {self.field}: {self.text}"


@dataclass
class Reading:
    """The offer records of a file, the notes on them, and the activities left out."""

    records: list[Raw] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    skipped: int = 0


def read_activities(path: Path) -> Reading:
    """Read an IATI activities file (.xml) into raw offer records.

    Raises:
        CbmatchError: the file is missing, not well-formed XML, has a DOCTYPE, or is not an
            IATI 2.x activities file.
    """
    with open_file(path) as handle:
        try:
            data = handle.read()
        except OSError as exc:
            raise CbmatchError(f"{path}: cannot be read ({exc.strerror})") from None
    return parse_activities(data, str(path))


def parse_activities(data: bytes, name: str) -> Reading:
    """Read an IATI activities document from its bytes (see read_activities)."""
    # Refused before parsing, so an entity bomb is named for what it is. A DOCTYPE the scan
    # misses (in a UTF-16 file, say) is still never resolved, and refused after the parse.
    if _DOCTYPE.search(data[:_PROLOG]):
        raise CbmatchError(_NO_DOCTYPE.format(name=name))
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))  # a parser that resolves nothing
    except etree.XMLSyntaxError as exc:
        first = _WHERE.sub("", str(exc.msg or exc).splitlines()[0])
        raise CbmatchError(
            f"{name}: malformed XML at line {exc.lineno}, column {exc.offset + 1}: {first}"
        ) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise CbmatchError(_NO_DOCTYPE.format(name=name))
    root = tree.getroot()
    if root.tag != "iati-activities":
        raise CbmatchError(f"{name}: the root element is <{root.tag}>, not <iati-activities>")
    version = root.get("version", "")
    if not version.startswith("2."):
        raise CbmatchError(
            f"{name}: IATI version {version or '(none)'!r}; cbmatch reads versions 2.01 to 2.03"
        )
    reading = Reading()
    default_lang = root.get(codes.XML_LANG)
    for i, activity in enumerate(root.iterchildren("iati-activity"), start=1):
        _Activity(activity, i, default_lang, reading).read()
    return reading


class _Activity:
    """One activity turned into one raw offer record, with notes."""

    def __init__(
        self, element: etree._Element, number: int, default_lang: str | None, out: Reading
    ) -> None:
        self.el = element
        self.number = number
        self.identifier = (element.findtext("iati-identifier") or "").strip()
        self.where = f"activity {number}" + (f" ({self.identifier})" if self.identifier else "")
        self.lang = element.get(codes.XML_LANG) or default_lang or "en"
        self.out = out
        self.ext = element.find(f"{_X}record")

    def note(self, name: str, text: str, kept: bool = True) -> None:
        self.out.notes.append(Note(self.where, name, text, kept))

    def read(self) -> None:
        if self.ext is not None and self.ext.get("kind") == "match":
            self.note("activity", "skipped: a match published by cbmatch, not an offer", False)
            self.out.skipped += 1
            return
        status = self.el.find("activity-status")
        code = status.get("code", "") if status is not None else ""
        if code and code not in codes.IMPORTED_STATUSES:
            label = codes.STATUS_NAMES.get(code, f"code {code}")
            self.note("activity", f"skipped: its status is {label}, not open to new needs", False)
            self.out.skipped += 1
            return
        raw: dict[str, Any] = {"ref": self._ref()}
        raw.update(self._provider())
        raw["title"] = self._text("title", [self.el.find("title")])
        raw["description"] = self._text("description", self._descriptions())
        raw["topics"] = self._topics()
        raw["gender_marker"] = self._gender()
        if self.ext is None:
            raw["eligible"] = self._eligible()
            raw.update(self._dates())
        else:  # cbmatch's own file: these as written, not as IATI could say them
            self.note("record", "written by cbmatch: its other fields read from its extension")
        raw.update(self._extension())
        self.out.records.append((where_of(raw, f"activity {self.number}"), raw))

    def _ref(self) -> str | None:
        ours = self.ext.get("ref") if self.ext is not None else None
        if ours:
            return str(ours)
        self.note("ref", "from iati-identifier")
        return self.identifier or None

    def _provider(self) -> dict[str, Any]:
        """The reporting org, or for a secondary reporter the implementing (or funding) org."""
        reporting = self.el.find("reporting-org")
        org, source = reporting, "reporting-org"
        secondary = reporting is not None and reporting.get("secondary-reporter") in ("1", "true")
        if secondary or reporting is None:
            for role, label in (
                (codes.ROLE_IMPLEMENTING, "implementing"),
                (codes.ROLE_FUNDING, "funding"),
            ):
                found = self.el.find(f"participating-org[@role='{role}']")
                if found is not None:
                    org, source = found, f"participating-org ({label})"
                    break
        if org is None:
            return {"provider": None, "provider_type": None}
        name = self._pick(org, "provider") or None
        if name:
            self.note("provider", f"{name!r} from {source}")
        kind = org.get("type", "")
        provider_type = codes.PROVIDER_TYPE.get(kind)
        if provider_type is None:
            provider_type = "other"
            self.note("provider_type", f"other (organisation type {kind or 'not given'})", False)
        else:
            self.note("provider_type", f"{provider_type} (organisation type {kind})")
        return {"provider": name, "provider_type": provider_type}

    def _descriptions(self) -> list[etree._Element | None]:
        """The general description first (type 1 or untyped), then the others."""
        found = self.el.findall("description")
        general = [d for d in found if d.get("type", "1") == codes.DESCRIPTION_GENERAL]
        return general or found[:1]

    def _text(self, name: str, elements: list[etree._Element | None]) -> str | None:
        for element in elements:
            if element is not None:
                return self._pick(element, name) or None
        return None

    def _pick(self, element: etree._Element, name: str) -> str:
        """English if given, else the first narrative; the other languages are noted."""
        narratives = [
            (n.get(codes.XML_LANG) or self.lang, (n.text or "").strip())
            for n in element.iterchildren("narrative")
        ]
        narratives = [(lang, text) for lang, text in narratives if text]
        if not narratives:
            return ""
        chosen = next((n for n in narratives if n[0] == "en"), narratives[0])
        others = sorted({lang for lang, _ in narratives if lang != chosen[0]})
        if others and name in ("title", "description"):
            self.note(
                name,
                f"{chosen[0]} kept; {', '.join(others)} not kept (one language per offer)",
                False,
            )
        return chosen[1]

    def _topics(self) -> list[str]:
        ours = [
            s.get("code", "")
            for s in self.el.iterchildren("sector")
            if s.get("vocabulary") == "99" and s.get("vocabulary-uri") == codes.TOPIC_VOCABULARY_URI
        ]
        if ours:  # cbmatch's topics themselves: the DAC codes beside them say less
            self.note("topics", f"{', '.join(ours)} (cbmatch topics, sector vocabulary 99)")
            return ours
        topics: list[str] = []
        for sector in self.el.iterchildren("sector"):
            vocabulary, code = sector.get("vocabulary", "1"), sector.get("code", "")
            if vocabulary == "99" and sector.get("vocabulary-uri") == codes.TOPIC_VOCABULARY_URI:
                continue
            topic = codes.topic_of(code) if vocabulary == "1" else None
            if topic is None:
                why = "no topic for this DAC code" if vocabulary == "1" else "not DAC 5-digit"
                self.note(
                    "topics", f"sector {code} (vocabulary {vocabulary}) skipped: {why}", False
                )
            elif topic not in topics:
                topics.append(topic)
                self.note("topics", f"{topic} from DAC sector {code}")
        return topics

    def _eligible(self) -> list[str]:
        states = {s.iso2: s.iso3 for s in reference.states().values()}
        items: list[str] = []
        for country in self.el.iterchildren("recipient-country"):
            code = country.get("code", "").upper()
            iso3 = states.get(code)
            if iso3 is None:
                self.note("eligible", f"recipient-country {code} skipped: not a UN State", False)
            else:
                items.append(iso3)
        for region in self.el.iterchildren("recipient-region"):
            name = self._region(region.get("vocabulary", "1"), region.get("code", ""))
            if name == "":
                return []  # open to all: any other item would narrow it
            if name is not None:
                items.append(name)
        if items:
            self.note("eligible", ", ".join(items))
        return items

    def _region(self, vocabulary: str, code: str) -> str | None:
        """The M49 area of a region code, "" for open to all, None when it has none."""
        if vocabulary == codes.REGION_VOCABULARY_DAC and code == codes.OPEN_TO_ALL_REGION:
            self.note("eligible", "open to all (region 998)")
            return ""
        table = codes.DAC_REGIONS if vocabulary == codes.REGION_VOCABULARY_DAC else {}
        if vocabulary == codes.REGION_VOCABULARY_M49:
            table = codes.M49_REGION_NAMES
        name = table.get(code)
        if name is None:
            self.note(
                "eligible",
                f"recipient-region {code} (vocabulary {vocabulary}) skipped: no M49 area",
                False,
            )
        return name

    def _dates(self) -> dict[str, Any]:
        dates = {
            d.get("type", ""): d.get("iso-date") for d in self.el.iterchildren("activity-date")
        }
        start = dates.get(codes.ACTUAL_START) or dates.get(codes.PLANNED_START)
        end = dates.get(codes.ACTUAL_END) or dates.get(codes.PLANNED_END)
        for name, value in (("start", start), ("end", end)):
            if value:
                self.note(name, value)
        return {"start": start, "end": end}

    def _gender(self) -> int | str | None:
        for marker in self.el.iterchildren("policy-marker"):
            if (
                marker.get("vocabulary", "1") != "1"
                or marker.get("code") != codes.GENDER_MARKER_CODE
            ):
                continue
            significance = marker.get("significance", "")
            if significance in ("0", "1", "2"):
                self.note("gender_marker", significance)
                return int(significance)
            self.note("gender_marker", f"significance {significance or '(none)'} skipped", False)
        return None

    def _extension(self) -> dict[str, Any]:
        """The fields of cbmatch's extension when cbmatch wrote the file; else defaults, noted."""
        ext = self.ext
        if ext is None:
            for name, default in DEFAULTS:
                self.note(name, f"not in IATI: {default}", False)
            return {}
        values: dict[str, Any] = {
            "provider_country": ext.get("provider-country"),
            "support_types": _words(ext.get("support-types")),
            "languages": _words(ext.get("languages")) or None,
            "modality": ext.get("modality"),
            "eligible": [i for i in (ext.get("eligible") or "").split(";") if i],
            "capacity": _number(ext.get("capacity")),
            "start": ext.get("start"),
            "end": ext.get("end"),
            "funding_amount": _number(ext.get("funding-amount")),
            "funding_currency": ext.get("funding-currency"),
        }
        return values


def _words(value: str | None) -> list[str]:
    return (value or "").split()


def _number(value: str | None) -> int | str | None:
    if value is None:
        return None
    return int(value) if value.isascii() and value.isdigit() else value


def report(reading: Reading) -> Iterator[str]:
    """The notes as lines: what was mapped, then what was skipped."""
    kept = [n for n in reading.notes if n.kept]
    skipped = [n for n in reading.notes if not n.kept]
    if kept:
        yield f"Mapped ({len(kept)}):"
        yield from (f"  {n}" for n in kept)
    if skipped:
        yield f"Skipped or defaulted ({len(skipped)}):"
        yield from (f"  {n}" for n in skipped)
