"""The learning curve of the re-ranker: nDCG@5 on kept-apart needs after N simulated decisions.

A simulated focal point works through the matcher's suggestions for the *learning* needs (a
fixed half of the set, every other need by ref), best first, and decides on each pair as its
graded label says, with noise:

- a pair graded >= 2 is proposed with probability 0.85 (else dismissed), a pair graded 0-1 is
  dismissed with probability 0.9 (else proposed); a dismissal gives a reason, mostly "not
  relevant", sometimes one about dates, format or capacity (chosen at random: noise);
- each proposed pair is answered by the State and by the provider, each accepting with a
  probability that rises with the grade (0: 0.15, 1: 0.35, 2: 0.7, 3: 0.85); accepted by both,
  it is completed half of the time.

After the first N decisions (N = 0, 50, 100, 200, 400, in the order the focal point made them)
the re-ranker is fitted on them, and the *evaluated* needs (the other half, never decided on)
are ranked: the matcher's pool of 20 per need, re-ordered by the re-ranker, cut to 5, scored
with ``matcher.evaluate.evaluate``. Each figure is the mean over several seeds (the noise and
the focal point's order); the spread (min-max over seeds) is printed beside it. A set with
fewer pairs than N decisions is capped, and says so.

Usage: ``python -m benchmarks.learning_curve [DIR] [--seeds 10] [--min-labels 50]``
(DIR defaults to tests/data/eval). Prints a table; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
from collections.abc import Sequence
from pathlib import Path

from matcher import Matcher
from matcher.evaluate import EvalSet, Metrics, evaluate
from matcher.rerank import Context, Decision, Reranker
from matcher.types import Match, NeedDoc, OfferDoc
from webapp.services.matching.evaluation import load_set, seed_labels

STEPS = (0, 50, 100, 200, 400)
POOL = 20
TOP = 5
ACCEPT = {0: 0.15, 1: 0.35, 2: 0.7, 3: 0.85}
OTHER_REASONS = (
    "The dates do not suit the State",
    "In-person format, the State asked for remote",
    "The offer has no place left this year",
)


def split(needs: Sequence[NeedDoc]) -> tuple[list[NeedDoc], list[NeedDoc]]:
    """The fixed split: every other need by ref learns, the rest is evaluated."""
    ordered = sorted(needs, key=lambda n: n.ref)
    return ordered[0::2], ordered[1::2]


def simulate(
    pool: Sequence[Match], grades: dict[tuple[str, str], int], rng: random.Random
) -> list[Decision]:
    """The focal point's decisions on the pool of the learning needs, in the order made."""
    by_need: dict[str, list[Match]] = {}
    for m in pool:
        by_need.setdefault(m.need, []).append(m)
    # The focal point takes the queue a few pairs at a time, best first across needs: each
    # need's pairs in rank order, the needs interleaved in a random order.
    needs = list(by_need)
    rng.shuffle(needs)
    order = [m for r in range(POOL) for n in needs for m in by_need[n][r : r + 1]]
    out = []
    for m in order:
        g = grades.get((m.need, m.offer), 0)
        propose = rng.random() < (0.85 if g >= 2 else 0.1)
        if not propose:
            note = "Not relevant to this need" if rng.random() < 0.7 else rng.choice(OTHER_REASONS)
            out.append(Decision(m.need, m.offer, "dismissed", note))
            continue
        state_yes = rng.random() < ACCEPT[g]
        provider_yes = rng.random() < ACCEPT[g]
        if state_yes and provider_yes:
            kind = "completed" if rng.random() < 0.5 else "accepted"
        else:
            kind = "declined"
        out.append(Decision(m.need, m.offer, kind, provider_accepted=provider_yes))
    return out


Step = tuple[int, int, list[Metrics], int]


THRESHOLDS = "the matcher's thresholds"


def curve(
    data: EvalSet, seeds: int, min_labels: int, floor: float | None, guard: bool = True
) -> list[Step]:
    """(N asked, N used, metrics per seed, seeds where the re-ranker was on) for each step.

    ``floor`` None ranks with the matcher's own thresholds (decide per need, then list).
    """
    params = {} if floor is None else {"min_score": floor, "serve_score": floor}
    matcher = Matcher(labels=seed_labels(), **params).fit(data.offers)
    learn, kept_apart = split(data.needs)
    pool = matcher.rank(learn, top=POOL)
    eval_pool = matcher.rank(kept_apart, top=POOL)
    provider_of = {o.ref: o.provider for o in data.offers}
    grades = dict(data.grades)
    rows = []
    for n in STEPS:
        per_seed = []
        used = on = 0
        for seed in range(seeds):
            decisions = simulate(pool, grades, random.Random(seed))[:n]
            used = len(decisions)
            context = Context.from_decisions(decisions, provider_of)
            reranker = Reranker(min_labels=min_labels, require_gain=guard).fit_decisions(
                matcher, learn, decisions, context
            )
            on += reranker.on

            def ranker(
                needs: Sequence[NeedDoc],
                offers: Sequence[OfferDoc],
                top: int,
                reranker: Reranker = reranker,
                context: Context = context,
            ) -> list[Match]:
                return reranker.adjust(matcher, needs, eval_pool, top, context).matches

            per_seed.append(evaluate(kept_apart, data.offers, grades, ranker, TOP))
        rows.append((n, used, per_seed, on))
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    """Print the learning curve of one evaluation directory."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", default="tests/data/eval", type=Path)
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--min-labels", type=int, default=50)
    parser.add_argument(
        "--floor",
        type=float,
        default=None,
        help="one score floor instead of the matcher's own thresholds (0.2: the first generation)",
    )
    parser.add_argument(
        "--no-guard", action="store_true", help="switch on without the held-out check"
    )
    args = parser.parse_args(argv)
    data = load_set(args.directory)  # validated, with the set's evaluation-only "used"
    learn, kept_apart = split(data.needs)
    print(
        f"{args.directory}: {len(learn)} learning needs, {len(kept_apart)} kept apart, "
        f"{args.seeds} seeds, re-ranker on from {args.min_labels} decisions, "
        f"{THRESHOLDS if args.floor is None else f'floor {args.floor}'}"
        f"{', no held-out guard' if args.no_guard else ''}"
    )
    print(f"{'decisions':>10} {'nDCG@5':>8} {'min':>7} {'max':>7} {'P@1':>7} {'R@5':>7} {'on':>6}")
    for n, used, metrics, on in curve(
        data, args.seeds, args.min_labels, args.floor, not args.no_guard
    ):
        ndcg = [m.ndcg_at_5 for m in metrics]
        label = f"{n}" if used == n else f"{n}->{used}"
        p1 = statistics.mean(m.p_at_1 for m in metrics)
        r5 = statistics.mean(m.recall_at_5 for m in metrics)
        print(
            f"{label:>10} {statistics.mean(ndcg):>8.3f} {min(ndcg):>7.3f} {max(ndcg):>7.3f} "
            f"{p1:>7.3f} {r5:>7.3f} {on:>3}/{args.seeds}"
        )


if __name__ == "__main__":
    main()
