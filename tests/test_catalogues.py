"""The translations: every message of the interface is in every catalogue, translated, with the
placeholders and markup of its English source.

The messages are extracted from the code as translators get them (babel.cfg); a new English string
without its five translations fails here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("ar", "es", "fr", "ru", "zh")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]")
TAG = re.compile(r"</?[a-z]+\b")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(  # noqa: S603 - pybabel, next to this interpreter
        [str(Path(sys.executable).with_name("pybabel")), "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "N_", "--ignore-dirs", ".*", "-o", str(pot), "webapp"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as f:
        return read_po(f)


def _texts(value: str | tuple[str, ...]) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def problems(message: Message, translated: Message | None) -> list[str]:
    """What is wrong with one message's translation (nothing when it is right)."""
    if translated is None:
        return ["missing"]
    if translated.fuzzy:
        return ["fuzzy"]
    sources, forms = _texts(message.id), _texts(translated.string)
    if not all(forms):
        return ["untranslated"]
    out = []
    wanted = set(PLACEHOLDER.findall(sources[-1]))
    for i, form in enumerate(forms):
        found = set(PLACEHOLDER.findall(form))
        # a plural's singular forms may leave the number out ("une offre", "حاجتان")
        if found - wanted or (found != wanted and not (len(forms) > 1 and i < len(forms) - 1)):
            out.append(f"placeholders {sorted(found)} in form {i}, not {sorted(wanted)}")
        if sorted(TAG.findall(form)) != sorted(TAG.findall(sources[0])):
            out.append(f"markup differs in form {i}")
    return out


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_with_its_placeholders(template, language):
    path = ROOT / "webapp" / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalogue = read_po(f)
    wrong = {
        str(_texts(m.id)[0])[:70]: found
        for m in template
        if m.id and (found := problems(m, catalogue.get(m.id, context=m.context)))
    }
    assert not wrong, f"{language}: {len(wrong)} of {len(template)} messages: {wrong}"
