"""The colour steps of a count among others: the dashboard's heatmaps and the front page's tiles."""

from __future__ import annotations

import math

STEPS = 5  # colour steps above zero


def step(value: int, maximum: int) -> int:
    """The step of a count: 0 for none, else 1..STEPS by fifths of the largest count."""
    if value <= 0 or maximum <= 0:
        return 0
    return max(1, min(STEPS, math.ceil(value * STEPS / maximum)))


def legend(maximum: int) -> list[tuple[int, str]]:
    """(step, range of counts in words) for every step some count up to ``maximum`` reaches."""
    out = [(0, "0")]
    for k in range(1, STEPS + 1):
        lo = math.floor((k - 1) * maximum / STEPS) + 1
        hi = math.floor(k * maximum / STEPS)
        if lo <= hi:
            out.append((k, str(lo) if lo == hi else f"{lo}\N{EN DASH}{hi}"))
    return out
