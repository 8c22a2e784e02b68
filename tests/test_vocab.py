"""The domain words: each enum has one label per member, and the matcher's codes agree."""

from __future__ import annotations

from matcher.types import MODALITIES, PRIORITIES
from models import MatchStatus
from webapp.services import vocab
from webapp.services.reference.choices import language_name


def test_vocab_matcher_codes_agree_with_the_enums():
    assert tuple(vocab.Modality) == MODALITIES
    assert tuple(vocab.Priority) == PRIORITIES


def test_vocab_every_word_has_one_label():
    assert set(vocab.MODALITY_LABELS) == set(vocab.Modality)
    assert set(vocab.PRIORITY_LABELS) == set(vocab.Priority)
    assert set(vocab.MATCH_STATUS_LABELS) == set(MatchStatus)
    assert vocab.MATCH_STATUS_LABELS[MatchStatus.IN_PROGRESS] == "in progress"


def test_vocab_status_groups_are_statuses():
    groups = (
        vocab.OPEN_STATUSES, vocab.FOCAL_ONLY_STATUSES, vocab.CAPACITY_TAKEN,
        vocab.PIPELINE_STATUSES, vocab.CHART_STATUSES,
    )  # fmt: skip
    for group in groups:
        assert all(isinstance(s, MatchStatus) for s in group)
    assert MatchStatus.SUGGESTED not in vocab.CHART_STATUSES


def test_vocab_language_name_is_one_form():
    """A language is named one way on every page: "French", never "French (fr)" (issue 21)."""
    assert language_name("fr") == "French"
    assert language_name("xx") == "xx"
