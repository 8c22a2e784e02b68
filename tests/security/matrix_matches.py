"""The authorization matrix's rows for matches, the console, the pipeline and lessons learnt.

See test_authz_matrix.py for how rows read; these are spliced into its CASES.
"""

from __future__ import annotations

from tests.security.matrix import (
    FOCAL,
    PROVIDERS,
    STATES,
    Case,
    everyone,
    only,
    signed_in,
)
from tests.security.matrix_forms import (
    accept,
    dismiss_form,
    offer_for_need_form,
    propose_form,
    request_form,
)
from tests.security.support import IDENTITIES

# fmt: off
MATCH_CASES: list[Case] = [
    # --- matches: inbox, detail and answers, requests and offers
    Case("GET", "matches.inbox", signed_in()),
    Case("GET", "matches.detail", only("ok", "state_a", "provider_x", *FOCAL, other="404"),
         obj="match_proposed"),
    # A's confidential need proposed to X, State A not asked yet: X may not know of it (its
    # phases of consent are in test_authz_consent.py).
    Case("GET", "matches.detail", only("ok", "state_a", *FOCAL, other="404"), obj="match_conf"),
    Case("GET", "matches.detail", only("ok", *FOCAL, other="404"), obj="match_suggested"),
    Case("GET", "matches.detail", only("404", *IDENTITIES, other="404"), obj="missing_match"),
    Case("POST", "matches.detail",
         only("write", "state_a", "provider_x", other="404", focal="403", admin="403"),
         obj="match_proposed", data=accept),
    Case("POST", "matches.detail", only("403", *FOCAL, other="404"), obj="match_suggested",
         data=accept),
    Case("POST", "matches.request_offer", only("ok", *STATES, state_a="write"),
         data=request_form("need_public2_a")),
    Case("POST", "matches.request_offer", only("ok", *STATES, state_b="write"),
         data=request_form("need_conf_b")),
    Case("POST", "matches.offer_for_need", only("ok", *PROVIDERS, provider_x="write"),
         data=offer_for_need_form("need_public_b")),
    Case("POST", "matches.offer_for_need", only("404", *PROVIDERS),
         data=offer_for_need_form("need_conf_a")),
    # --- the focal point's console
    Case("GET", "console.queue", only("ok", *FOCAL)),
    Case("POST", "console.refresh", only("write", *FOCAL)),
    Case("POST", "console.propose", only("write", *FOCAL), obj="match_suggested",
         data=propose_form("match_suggested")),
    Case("POST", "console.propose", only("ok", *FOCAL), obj="match_proposed",
         data=propose_form("match_proposed")),
    Case("POST", "console.dismiss", only("write", *FOCAL), obj="match_suggested",
         data=dismiss_form("match_suggested")),
    Case("POST", "console.propose", only("404", *FOCAL), obj="missing_match",
         data=propose_form("match_suggested")),
    # --- the pipeline: moves and notes on a match, the focal point's board and exports
    Case("POST", "matches.move",
         only("write", "state_a", "provider_x", *FOCAL, other="404"),
         obj={"match_id": "match_proposed", "action": "withdraw"},
         data=lambda w: {"withdraw-reason": "The dates no longer work."}),
    Case("POST", "matches.move", only("ok", *FOCAL, other="404"),  # refused, with a message
         obj={"match_id": "match_suggested", "action": "withdraw"},
         data=lambda w: {"withdraw-reason": "No."}),
    Case("POST", "matches.note",
         only("write", "state_a", "provider_x", *FOCAL, other="404"), obj="match_proposed",
         data=lambda w: {"note-text": "We spoke on Monday."}),
    Case("POST", "matches.outcome", only("write", "provider_y", *FOCAL, state_b="403", other="404"),
         obj="match_in_progress",
         data=lambda w: {"outcome-outcome": "Six trained.", "outcome-women": "3"}),
    Case("POST", "matches.confirm_outcome",
         only("write", "state_a", "provider_x", *FOCAL, other="404", provider_x="403",
              focal="403", admin="403"),
         obj="match_completed", data=lambda w: {"confirm-rating": "4"}),
    Case("POST", "matches.confirm_outcome",
         only("403", "state_b", "provider_y", *FOCAL, other="404"),
         obj="match_in_progress", data=lambda w: {}),
    # Lessons learnt: X proposed match_completed's lesson; only X changes it (A's try is refused
    # and named), the focal point reviews; a running match has no lesson yet.
    Case("POST", "matches.lesson",
         only("write", "provider_x", state_a="ok", focal="403", admin="403", other="404"),
         obj="match_completed", data=lambda w: {"lesson-text": "Labs beat slides, always."}),
    Case("POST", "matches.lesson",
         only("403", "state_b", "provider_y", *FOCAL, other="404"),
         obj="match_in_progress", data=lambda w: {"lesson-text": "Too early."}),
    Case("GET", "lessons.review", only("ok", *FOCAL)),
    Case("POST", "lessons.decide", only("write", *FOCAL), obj="lesson_x",
         data=lambda w: {"decision": "publish"}),
    Case("POST", "lessons.decide", only("write", *FOCAL), obj="lesson_x",
         data=lambda w: {"decision": "refuse", "reason": "Say which labs."}),
    Case("POST", "lessons.decide", only("ok", *FOCAL), obj="lesson_x",  # no reason: refused
         data=lambda w: {"decision": "refuse", "reason": ""}),
    Case("POST", "lessons.decide", only("404", *FOCAL), obj="missing_lesson",
         data=lambda w: {"decision": "publish"}),
    # lesson_x is proposed, not published: the focal point's take-down is refused (named)
    Case("POST", "lessons.unpublish", only("ok", *FOCAL), obj="lesson_x",
         data=lambda w: {"reason": "Names a trainee."}),
    Case("POST", "lessons.unpublish", only("404", *FOCAL), obj="missing_lesson",
         data=lambda w: {"reason": "Names a trainee."}),
    Case("GET", "lessons.topics", everyone()),
    Case("GET", "lessons.topic", everyone(), obj="topic_ir"),
    Case("GET", "lessons.topic", everyone("404"), obj="missing_topic"),
    Case("GET", "pipeline.index", only("ok", *FOCAL)),
    Case("GET", "pipeline.export", only("ok", *FOCAL), obj={"fmt": "csv"}),
]
# fmt: on
