"""The matcher's three thresholds (docs/MATCHER.md section 3).

A need is judged servable when its best feasible pair reaches ``SERVE_SCORE``; a servable need's
offers are listed down to ``MIN_SCORE``; a listed pair reaching ``STRONG_SCORE`` is a strong fit,
the others possible fits. They are ``matcher.calibration.calibrate`` on the pooled graded sets of
``tests/data`` (``eval``, ``eval2`` and its untagged copy ``eval2/stripped``), rounded to two
places; a test checks that they still are.
"""

from __future__ import annotations

SERVE_SCORE = 0.26
MIN_SCORE = 0.06
STRONG_SCORE = 0.33
