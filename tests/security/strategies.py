"""Hypothesis strategies and settings shared by the fuzz tests.

Inputs mix plausible values with nasty ones (NUL bytes and other control characters, right-to-left
marks, 60,000-character strings, numbers too large for any column, digits that ``str.isdigit``
accepts and ``int`` refuses (superscripts) or reads (Arabic-Indic), dates that do not exist,
several values for one field, fields that do not exist). EXAMPLES sets how many examples each
test runs under the ci Hypothesis profile; the profile loaded scales them (tests/conftest.py). The
run summary prints the total: at least 2,000 on SQLite in CI (.ci/run checks it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from models import db
from tests.conftest import PG_SERVER, examples
from tests.factories import need_record, offer_record
from tests.security.support import Identities
from webapp.services.interchange.records import FIELDS

EXAMPLES = {
    "importer": 500,
    "parser": 300,
    "cli": 40,
    "form": 20,  # per form: 51 forms, and 14 confirmations at a fifth of it
    "query": 25,  # per page: 30 pages
    "path": 200,  # shared by 20 URLs, each tried by 3 identities
}
#: The PostgreSQL run gives a quarter of their examples to the importer service and the parsers
#: (they refuse bad records in Python before anything is written; the parsers never touch the
#: database) and to the form, query and URL fuzz (the same views and checks as on SQLite, whose
#: run keeps them all: CI requires 2,000 there); the CLI fuzz runs in full on both. It keeps
#: .ci/run under 15 minutes (for which the form and query counts were halved too: 40 and 50 made
#: 4,677 examples on SQLite, 1,826 more requests to the same views and checks).
QUARTER_ON_POSTGRES = frozenset({"importer", "parser", "form", "query", "path"})
BASE = settings(
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # one app and database per test, on purpose
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)


def fuzz(name: str, share: int = 1) -> settings:
    """Settings for a fuzz test: its share of EXAMPLES[name] in the profile loaded (a quarter of
    it on PostgreSQL for QUARTER_ON_POSTGRES), no deadline, no example database."""
    share *= 4 if PG_SERVER and name in QUARTER_ON_POSTGRES else 1
    return settings(BASE, max_examples=max(1, examples(EXAMPLES[name]) // share))


# --- values --------------------------------------------------------------------------------------

NASTY_TEXT = [
    "", " ", "\x00", "a\x00b", "\x01\x02", "\t\n", "\u202eevil", "\ufeffbom", "\ud7ff", "🙂" * 3,
    "é", "0", "-1", "²", "-²", "\u0661\u0662", "1e309", "NaN", "99999999999999999999", "2147483648",
    "2027-02-30", "2027-13-01", "0000-00-00", "9999-12-31", "<script>alert(1)</script>",
    "' OR 1=1 --", "%", "_", "\\", "../../etc/passwd", ";", "a;b", "//evil.example", "http://evil.example/",
    "SEN", "sen", "XYZ", "SIDS", "en", "xx", "true", "false", "null",
    "1999-12-31", "2101-01-01", "\u200b\u2060", "/\t/evil.example", "\uff11\uff12",
]  # fmt: skip
huge = st.builds(
    lambda s, n: (s * n)[:60_000], st.text(min_size=1, max_size=4), st.integers(500, 20_000)
)
with_nul = st.builds(lambda a, b: f"{a}\x00{b}", st.text(max_size=5), st.text(max_size=5))
text_values = st.one_of(st.text(max_size=40), st.sampled_from(NASTY_TEXT), huge, with_nul)


def form_value(*plausible: str) -> st.SearchStrategy[Any]:
    """A form field: plausible values, nasty text, or several values at once."""
    one = st.one_of(st.sampled_from(plausible), text_values) if plausible else text_values
    return st.one_of(one, one, st.lists(one, min_size=2, max_size=4))


MISSING = object()


@st.composite
def mutated(draw: Any, valid: Any, alternatives: dict[str, Any]) -> dict[str, Any]:
    """A valid body (or one drawn from ``valid``) with a few fields replaced, removed or added.

    Mostly one to three fields change, so that one bad value meets otherwise good input and
    reaches the deepest checks; now and then every field does.
    """
    out = dict(draw(valid) if isinstance(valid, st.SearchStrategy) else valid)
    names = sorted(set(alternatives) | set(out))
    size = draw(st.sampled_from([0, 1, 1, 1, 2, 2, 3, len(names)]))
    for name in draw(st.permutations(names))[:size]:
        value = draw(st.one_of(st.just(MISSING), alternatives.get(name, text_values)))
        if value is MISSING:
            out.pop(name, None)
        else:
            out[name] = value
    return out


def form(valid: Any = None, **fields: Any) -> st.SearchStrategy[dict[str, Any]]:
    """A POST body: a valid one with some fields changed, dropped, or unknown ones added."""
    extra = {"unexpected": text_values, "csrf_token": text_values}
    return mutated({} if valid is None else valid, {**fields, **extra})


json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2**31, max_value=2**70),
    st.floats(allow_nan=True), text_values,
)  # fmt: skip


def _json_containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    # a function, not a lambda: Hypothesis reads its source to check it recurses, and a
    # multi-line lambda's source is not always found
    return st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    )


json_values = st.recursive(json_scalars, _json_containers, max_leaves=8)

PLAUSIBLE = {
    "ref": st.sampled_from(["N-F-1", "O-F-1", "N-A-PUBLIC", "O-X-OPEN", "x" * 64, "x" * 65]),
    "state": st.sampled_from(["SEN", "fji", "XYZ", " ken "]),
    "provider": st.sampled_from(["Harbourline Security Ltd", "New Org", "x" * 201]),
    "provider_type": st.sampled_from(["business", "ngo", "STATE", "pirate"]),
    "provider_country": st.sampled_from(["GBR", "gha", "XYZ", ""]),
    "topics": st.lists(st.sampled_from(["incident-response", "awareness", "nope", ""]), max_size=4),
    "support_types": st.lists(st.sampled_from(["training", "funding", "cash"]), max_size=3),
    "languages": st.lists(st.sampled_from(["en", "fr", "EN", "xx", "english"]), max_size=4),
    "modality": st.sampled_from(["any", "remote", "In_Person", "teleport"]),
    "start": st.sampled_from(["2027-01-01", "2027-02-30", "27-1-1", None]),
    "end": st.sampled_from(["2026-01-01", "2028-12-31", "soon", None]),
    "priority": st.sampled_from(["high", "LOW", "urgent"]),
    "confidential": st.sampled_from([True, False, "true", "yes", 1]),
    "eligible": st.one_of(
        st.lists(st.sampled_from(["SIDS", "africa", "SEN", "Atlantis", "LDC"]), max_size=5),
        st.just(["Africa", "Americas", "Asia", "Europe", "Oceania", "SIDS", "LDC", "LLDC"] * 30),
    ),
    "capacity": st.one_of(st.integers(), st.integers(2**31 - 2, 2**80), st.just("3")),
    "gender_marker": st.sampled_from([0, 1, 2, 3, -1, "2", 1.5, True, "principal"]),
    "funding_required": st.sampled_from([True, False, "yes", None]),
    "funding_amount": st.one_of(st.integers(-5, 10**13), st.sampled_from(["1000", 2.5, None])),
    "funding_currency": st.sampled_from(["USD", "eur", "XXX1", "", None, 978]),
    "title": text_values,
    "description": text_values,
}  # fmt: skip


def record(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    """A raw interchange record: a valid one with fields of wrong type or value, or absent."""
    make = need_record if kind == "needs" else offer_record
    alternatives = {f: st.one_of(PLAUSIBLE.get(f, text_values), json_values) for f in FIELDS[kind]}
    return st.integers(0, 50).flatmap(
        lambda i: mutated(make(i), {**alternatives, "bogus": json_values})
    )


def count(summary: Callable[[str, str], None], name: str, n: int) -> None:
    summary("fuzz examples", f"{name} {n}")


def every_area(site: Identities) -> dict[str, list[str]]:
    """Every State, region, sub-region and intermediate region, as the offer form names them."""
    from models import State

    with site.app.app_context():
        rows = db.session.execute(
            db.select(State.iso3, State.region, State.subregion, State.intermediate_region)
        ).all()
        db.session.remove()
    return {
        name: sorted({r[i] for r in rows if r[i]})
        for i, name in enumerate(("eligible_states", "eligible_regions", "eligible_subregions",
                                  "eligible_intermediate"))
    }  # fmt: skip
