"""Every kind of reason, as a coordinator reads it, and the fast writer equals the reference."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from matcher import Labels, Matcher, NeedDoc, OfferDoc
from matcher.eligibility import pair_allowed
from matcher.evaluate import load_eval_dir
from matcher.reasons import English, Reason, build_reasons, english
from matcher.writer import ReasonWriter
from seed_data.reference import states, taxonomy

STATES = states()
TAX = taxonomy()
LABELS = Labels(
    topics={t["slug"]: t["label"]["en"] for t in TAX["topics"]},
    support_types={s["slug"]: s["label"]["en"] for s in TAX["support_types"]},
)
EVAL_DIR = Path(__file__).resolve().parents[1] / "data" / "eval"

NEED = NeedDoc(
    ref="N1",
    state="SEN",
    state_tags=STATES["SEN"].tags(),
    title="Training incident handlers for our CSIRT",
    description="Our national CSIRT needs professional training for incident handlers on "
    "malware triage and digital forensics.",
    topics=("incident-response", "professional-training"),
    support_types=("training",),
)
OFFER = OfferDoc(
    ref="O1",
    provider="CERT Academy",
    provider_type="ngo",
    title="CSIRT incident handler course",
    description="A course for CSIRT incident handlers: malware triage, digital forensics and "
    "incident coordination.",
    topics=("incident-response", "professional-training"),
    support_types=("training",),
)


def structured(need: NeedDoc, offer: OfferDoc) -> dict[str, tuple[str | int, ...]]:
    ranked = Matcher(labels=LABELS).fit([offer]).rank([need], top=1)
    assert ranked, "the pair should be suggested"
    return {r.code: r.values for r in ranked[0].reasons}


def reasons(need: NeedDoc, offer: OfferDoc, labels: Labels = LABELS) -> tuple[str, ...]:
    ranked = Matcher(labels=labels).fit([offer]).rank([need], top=1)
    assert ranked, "the pair should be suggested"
    return English(labels)(ranked[0].reasons)


def test_matcher_reasons_are_codes_and_values_not_words() -> None:
    need = replace(
        NEED, languages=("FR", "en"), modality="remote", priority="high", start=date(2027, 3, 1)
    )
    offer = replace(
        OFFER, languages=("en", "fr"), modality="hybrid", eligible=("SEN",), capacity=3, used=1
    )
    got = structured(need, offer)
    assert got["shared_topics"][:2] == ("incident-response", "professional-training")
    assert got["support_types"] == ("training",)
    assert "csirt" in got["key_terms"]
    assert got["languages"] == ("fr", "en")
    assert got["open_to"] == ("SEN",)
    assert got["format_hybrid"] == ("remote",)
    assert got["high_priority"] == ()
    assert got["capacity"] == (2, 3)
    assert "window_from" not in got  # the offer gives no window
    offer = replace(offer, end=date(2027, 5, 31), modality="remote", eligible=())
    got = structured(need, offer)
    assert got["window"] == ("2027-03-01", "2027-05-31")
    assert got["format"] == ("remote",)
    assert got["open_to_all"] == ()


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        (Reason("window_from", ("2027-03-01",)), "Windows overlap: from 2027-03-01"),
        (Reason("window_until", ("2027-05-31",)), "Windows overlap: until 2027-05-31"),
        (Reason("format_hybrid", ("in_person",)), "Format: hybrid, fits a in person need"),
        (Reason("key_terms", ("incident_response", "csirt")), "Key shared terms: incident "
         "response, csirt"),
        (Reason("open_to", ("SEN", "SIDS")), "Open to Senegal, SIDS"),
    ],
)  # fmt: skip
def test_matcher_reasons_english_wording(reason: Reason, text: str) -> None:
    assert english(reason, replace(LABELS, places={"SEN": "Senegal"})) == text


def test_matcher_reasons_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown reason code"):
        english(Reason("nonsense"), LABELS)


def test_matcher_reasons_shared_topics() -> None:
    topics = next(r for r in reasons(NEED, OFFER) if r.startswith("Shared topics: "))
    # declared topics first, in the need's order; inferred ones (forensics: law enforcement) after
    assert topics.startswith("Shared topics: Incident response and CSIRTs, Professional training")


def test_matcher_reasons_inferred_topic_is_named() -> None:
    need = replace(NEED, topics=())
    offer = replace(OFFER, topics=())
    got = reasons(need, offer)
    topics = next(r for r in got if r.startswith("Shared topics: "))
    assert "Incident response and CSIRTs" in topics


def test_matcher_reasons_support_type_single_and_plural() -> None:
    assert "Support type: Training" in reasons(NEED, OFFER)
    need = replace(NEED, support_types=("training", "equipment"))
    offer = replace(OFFER, support_types=("training", "equipment"))
    assert "Support types: Training, Equipment and tools" in reasons(need, offer)


def test_matcher_reasons_key_shared_terms() -> None:
    terms = next(r for r in reasons(NEED, OFFER) if r.startswith("Key shared terms: "))
    named = terms.removeprefix("Key shared terms: ").split(", ")
    assert "csirt" in named
    assert {"malware", "forensics", "incident handler", "incident response"} & set(named)


def test_matcher_reasons_delivery_language() -> None:
    need = replace(NEED, languages=("fr",))
    offer = replace(OFFER, languages=("en", "fr"))
    assert "Delivered in French" in reasons(need, offer)
    need = replace(NEED, languages=("fr", "en"))
    assert "Delivered in French or English" in reasons(need, offer)


@pytest.mark.parametrize(
    ("eligible", "expected"),
    [
        ((), "Open to all States"),
        (("SIDS", "LDC"), "Open to LDC"),
        (("Western Africa",), "Open to Western Africa"),
        (("Caribbean", "SEN"), "Open to SEN"),
    ],
)
def test_matcher_reasons_eligibility(eligible: tuple[str, ...], expected: str) -> None:
    assert expected in reasons(NEED, replace(OFFER, eligible=eligible))


def test_matcher_reasons_eligibility_with_state_names() -> None:
    labels = replace(LABELS, places={"SEN": "Senegal"})
    assert "Open to Senegal" in reasons(NEED, replace(OFFER, eligible=("SEN",)), labels)


def test_matcher_reasons_window_overlap() -> None:
    need = replace(NEED, start=date(2027, 3, 1), end=date(2027, 9, 30))
    offer = replace(OFFER, start=date(2027, 1, 1), end=date(2027, 5, 31))
    assert "Windows overlap: 2027-03-01 to 2027-05-31" in reasons(need, offer)
    assert not any(r.startswith("Windows overlap") for r in reasons(NEED, offer))


def test_matcher_reasons_format_priority_capacity() -> None:
    need = replace(NEED, modality="remote", priority="high")
    offer = replace(OFFER, modality="remote", capacity=3, used=1)
    got = reasons(need, offer)
    assert "Format: remote" in got
    assert "High-priority need" in got
    assert "Capacity left: 2 of 3" in got
    assert "High-priority need" not in reasons(NEED, OFFER)


def test_matcher_reasons_no_shared_topic_no_topic_reason() -> None:
    offer = replace(OFFER, topics=("law-enforcement",))
    need = replace(NEED, topics=("gender",))
    got = Matcher(labels=LABELS, min_score=0.0).fit([offer]).rank([need], top=1)[0].reasons
    assert not any(r.code == "shared_topics" and "gender" in r.values for r in got)


def test_matcher_reasons_block_equals_one_pair_at_a_time() -> None:
    data = load_eval_dir(EVAL_DIR, lambda code: STATES[code].tags())
    inferred = Matcher().fit(data.offers)
    o_topics, o_support = inferred.offer_topics_, inferred.offer_support_
    writer = ReasonWriter(data.offers, o_topics, o_support)
    n_topics = [frozenset(n.topics) | {"gender"} for n in data.needs]  # sets beyond the declared
    n_support = [frozenset(n.support_types) for n in data.needs]
    pairs = [
        (i, j)
        for i, need in enumerate(data.needs)
        for j, offer in enumerate(data.offers)
        if pair_allowed(need, offer)
    ]
    rows = np.array([i for i, _ in pairs])
    cols = np.array([j for _, j in pairs])
    terms = [["csirt", "budapest_convention"] if (i + j) % 2 else [] for i, j in pairs]
    for lo in range(0, len(pairs), 97):  # blocks share the memo
        sl = slice(lo, lo + 97)
        got = writer.write_block(data.needs, rows[sl], cols[sl], n_topics, n_support, terms[sl])
        want = [
            build_reasons(
                data.needs[i],
                data.offers[j],
                shared_topics=n_topics[i] & o_topics[j],
                shared_support=n_support[i] & o_support[j],
                terms=t,
            )
            for (i, j), t in zip(pairs[sl], terms[sl], strict=True)
        ]
        assert got == want
        words = English(LABELS)  # the same words whichever way the reasons were made
        assert [words(r) for r in got] == [words(r) for r in want]
    assert len(pairs) > 100


def test_matcher_reasons_in_english_as_ranked_equal_the_structured_ones_worded() -> None:
    data = load_eval_dir(EVAL_DIR, lambda code: STATES[code].tags())
    matcher = Matcher(labels=LABELS, batch_size=7).fit(data.offers)  # several blocks
    words = English(LABELS)
    structured = [m for block in matcher.iter_rank(data.needs, top=5) for m in block]
    for _ in range(2):  # the second run words from the memo
        worded = [m for block in matcher.iter_rank_english(data.needs, top=5) for m in block]
        assert [(m.need, m.offer, m.rank, m.score) for m in worded] == [
            (m.need, m.offer, m.rank, m.score) for m in structured
        ]
        assert [m.reasons for m in worded] == [words(m.reasons) for m in structured]
    assert any(r.startswith("Capacity left: ") for m in worded for r in m.reasons)
    assert len(worded) > 50
