"""The README's provider script, run as it is written against a live cbmatch server.

The block after ``<!-- provider-script -->`` in README.md is taken verbatim and run by a Python
process of its own, with ``CBMATCH_URL`` the address of a real HTTP server (werkzeug's, in a
thread, on a free port) serving a copy of the demo data, and ``CBMATCH_TOKEN`` a provider's
token: the script must create the offer it says, and the offer must then be on the API.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.api.conftest import PartyWorld

README = Path(__file__).resolve().parents[2] / "README.md"


def _script() -> str:
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- provider-script -->\n```python\n(.*?)```", text, re.DOTALL)
    assert found, "README.md has no provider script after <!-- provider-script -->"
    return found.group(1)


@pytest.fixture(scope="module")
def live(party_world: PartyWorld) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, party_world.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


def _run(url: str, token: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CBMATCH_URL": url, "CBMATCH_TOKEN": token}
    return subprocess.run(  # noqa: S603 (our own interpreter and the README's text)
        [sys.executable, "-c", _script()], env=env, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip


def test_the_readme_script_creates_an_offer(party_world: PartyWorld, live: str) -> None:
    done = _run(live, party_world.secrets["provider"])
    assert done.returncode == 0, done.stderr
    found = re.fullmatch(r"created (O-\S+) at (\S+)\n", done.stdout)
    assert found, done.stdout
    ref, location = found.groups()
    assert location == f"{live}/api/v1/offers/{ref}"
    offer = party_world.client.get(f"/api/v1/offers/{ref}").get_json()
    assert offer["provider"] == "Harbourline Security Ltd"
    assert offer["title"] == "Incident response training for national CERTs"
    assert offer["eligible"] == ["Africa", "SIDS"]
    assert offer["status"] == "open"


def test_with_a_read_only_token_the_script_fails_and_writes_nothing(
    party_world: PartyWorld, live: str
) -> None:
    before = party_world.client.get("/api/v1/me/offers?limit=100", headers=party_world.auth(
        "provider")).get_json()["items"]  # fmt: skip
    done = _run(live, party_world.secrets["provider_read"])
    assert done.returncode == 1
    after = party_world.client.get("/api/v1/me/offers?limit=100", headers=party_world.auth(
        "provider")).get_json()["items"]  # fmt: skip
    assert after == before
