"""Bodies of the need, offer and event forms, as a browser posts them (valid unless overridden)."""

from __future__ import annotations


def _titled(title: str, tag: str) -> str:
    return f"{title} {tag}" if tag else title


def need_form(tag: str = "", **overrides: object) -> dict[str, object]:
    """The survey's need form; ``tag`` ends the title, so that several needs differ."""
    return {
        "title": _titled("Malware analysis for the national CERT", tag),
        "description": "Six analysts, no malware lab; samples go abroad and come back weeks later.",
        "topics": ["incident-response"],
        "support_types": ["training"],
        "languages": ["fr"],
        "modality": "hybrid",
        "priority": "high",
        "action": "save",
        **overrides,
    }


def offer_form(tag: str = "", **overrides: object) -> dict[str, object]:
    """The provider's offer form."""
    return {
        "title": _titled("Incident-handling course for island CSIRTs", tag),
        "description": "A two-week course on incident handling for national CSIRT staff.",
        "topics": ["incident-response"],
        "support_types": ["training"],
        "languages": "English",
        "modality": "remote",
        "capacity": "2",
        "eligible_groups": ["SIDS"],
        "action": "save",
        **overrides,
    }


def event_form(tag: str = "", **overrides: object) -> dict[str, object]:
    """The calendar's event form."""
    return {
        "title": _titled("Regional phishing drill", tag),
        "description": "Ministries test how their staff report phishing.",
        "starts_on": "2027-03-10",
        "location": "Port Louis, Mauritius",
        "topics": ["awareness"],
        **overrides,
    }
