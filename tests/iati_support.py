"""The IATI 2.03 schema for the tests, and helpers to read an exported activities file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

DATA = Path(__file__).parent / "data" / "iati"
#: A copy of ../shared/iati-2.03 (test_iati_export checks that the two still agree).
SCHEMA_DIR = DATA / "schema-2.03"
SHARED_SCHEMA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "iati-2.03"
DONOR_FILE = DATA / "donor_activities.xml"
EXT = "{urn:cbmatch:iati:1}record"


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd")))


def schema_errors(data: bytes) -> list[str]:
    """What the official schema finds wrong with a document; [] when it is valid."""
    checker = schema()
    if checker.validate(etree.fromstring(data)):
        return []
    return [f"line {e.line}: {e.message}" for e in checker.error_log]


def activities(data: bytes) -> dict[str, etree._Element]:
    """The activities of a document by iati-identifier."""
    root = etree.fromstring(data)
    return {a.findtext("iati-identifier"): a for a in root.iter("iati-activity")}
