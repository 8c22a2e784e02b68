"""``cbmatch match``, ``assign`` and ``evaluate``: the matcher from the command line.

JSON output follows docs/INTERCHANGE.md and is the only thing written to stdout; tables are for
people reading a terminal.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import click
from flask import current_app
from flask.cli import with_appcontext

from models import db
from webapp.cli_errors import user_errors

if TYPE_CHECKING:
    from matcher.types import Worded

FORMAT = click.Choice(["json", "table"])


def single_blas_thread() -> None:
    """Ask BLAS for one thread, unless the environment says otherwise; call before numpy loads.

    The matcher's dense products are small (a block of needs times the terms most offers share):
    measured at 10,000 x 10,000, a second BLAS thread adds 15% of CPU time in synchronisation and
    gains no time on a busy machine.
    """
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")


def _shorten(text: str, width: int) -> str:
    return textwrap.shorten(text, width=width, placeholder="…")


@click.command("match")
@click.option(
    "--top",
    type=click.IntRange(1, 100),
    help="Offers per need.",
    show_default="the MATCH_TOP_K setting",
)
@click.option("--need", "need_ref", help="Rank the offers for this need only.")
@click.option("--format", "fmt", type=FORMAT, default="table", show_default=True)
@click.option("--save", is_flag=True, help="Store the pairs as suggested matches.")
@with_appcontext
@user_errors
def match_command(top: int | None, need_ref: str | None, fmt: str, save: bool) -> None:
    """For every open need (or one need), its best eligible offers with the reasons."""
    top = top or current_app.config["MATCH_TOP_K"]
    single_blas_thread()
    from webapp.services.matching import operations

    worded: Iterable[list[Worded]]
    if save:
        suggestions = operations.rank(db.session(), top, need_ref)
        result = operations.save_suggestions(db.session(), suggestions)
        db.session.commit()
        click.echo(
            f"Saved suggestions: {result.created} new, {result.updated} updated, "
            f"{result.removed} no longer suggested removed, {result.kept} already acted on kept.",
            err=True,
        )
        worded = operations.in_english(db.session(), [suggestions])
    else:  # worded once per distinct reason, as the matcher makes them: no cost per pair
        worded = operations.iter_rank_english(db.session(), top, need_ref)
    if fmt == "json":
        write_matches_json(sys.stdout.buffer, worded)  # click 8.2 deprecates get_binary_stream
        return
    shown = False
    current = None
    for block in worded:
        for s in block:
            if s.need != current:
                current = s.need
                click.echo(f"\n{s.need}")
            reasons = _shorten("; ".join(s.reasons), 90)
            click.echo(f"  {s.rank:>2}. {s.offer:<16} {s.score:.3f}  {reasons}")
            shown = True
    if not shown:
        click.echo("No suggestion: no open offer is relevant to the open needs.")


def write_matches_json(out: BinaryIO, blocks: Iterable[list[Worded]]) -> None:
    """Write ``{"matches": [...]}`` as ``json.dumps(indent=2, ensure_ascii=False)`` would.

    Written block by block with orjson (twenty times faster than the standard encoder with an
    indent), so the whole list never sits in memory as text.
    """
    import orjson

    out.write(b'{\n  "matches": [')
    first = True
    for block in blocks:
        if not block:
            continue
        # Match is a dataclass (need, offer, rank, score rounded to 4 places, reasons): orjson
        # writes its fields in that order, the reasons tuple as a list
        body = orjson.dumps(block, option=orjson.OPT_INDENT_2)  # b"[\n  {...},\n  {...}\n]"
        out.write((b"" if first else b",") + body[1:-2].replace(b"\n", b"\n  "))
        first = False
    out.write(b"]\n}\n" if first else b"\n  ]\n}\n")
    out.flush()


@click.command("assign")
@click.option("--format", "fmt", type=FORMAT, default="table", show_default=True)
@with_appcontext
@user_errors
def assign_command(fmt: str) -> None:
    """One allocation of needs to offers with the highest total score within each capacity."""
    single_blas_thread()
    from webapp.services.matching.operations import allocate

    result = allocate(db.session())
    if fmt == "json":
        payload = {
            "assignments": [
                {"need": n, "offer": o, "score": round(float(s), 4)}
                for n, o, s in result.assignments
            ],
            "unassigned": list(result.unassigned),
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    click.echo(f"{len(result.assignments)} needs assigned, total score {result.total:.3f}")
    for n, o, s in result.assignments:
        click.echo(f"  {n:<16} -> {o:<16} {s:.3f}")
    click.echo(f"{len(result.unassigned)} needs left unassigned")
    for n in result.unassigned:
        click.echo(f"  {n}")


@click.command("evaluate")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--format", "fmt", type=FORMAT, default="table", show_default=True)
@user_errors
def evaluate_command(directory: Path, fmt: str) -> None:
    """Score cbmatch, its first generation (one 0.2 floor) and plain TF-IDF on a graded set.

    DIRECTORY holds needs.json, offers.json (the interchange format) and grades.csv
    (need,offer,grade from 0 to 3; pairs not listed are 0).
    """
    from webapp.services.matching.evaluation import run_evaluation

    report = run_evaluation(directory)
    if fmt == "json":
        click.echo(json.dumps(report, indent=2))
        return
    names = list(report["systems"])
    metrics = list(report["systems"][names[0]])
    click.echo(
        f"{report['needs']} needs, {report['offers']} offers, {report['graded']} graded pairs"
    )
    width = max(12, *(len(n) + 2 for n in names))
    click.echo(f"{'metric':<24}" + "".join(f"{n:>{width}}" for n in names))
    for m in metrics:
        cells = [report["systems"][n][m] for n in names]
        click.echo(
            f"{m:<24}"
            + "".join(f"{c:>{width}.3f}" if c is not None else f"{'n/a':>{width}}" for c in cells)
        )
    click.echo("n/a: the system left no need without a suggestion, so there is nothing to measure.")


@click.command("learn")
@click.option("--dry-run", is_flag=True, help="Fit and print the figures; save nothing.")
@click.option(
    "--min-decisions",
    type=click.IntRange(2, None),
    help="Decisions needed before the re-ranker switches on.",
    show_default="the LEARN_MIN_DECISIONS setting",
)
@with_appcontext
@user_errors
def learn_command(dry_run: bool, min_decisions: int | None) -> None:
    """Fit the re-ranker on the focal point's decisions so far (docs/MATCHER.md, learning)."""
    single_blas_thread()
    from webapp.services.matching.learning import learn

    needed = min_decisions or int(current_app.config.get("LEARN_MIN_DECISIONS", 50))
    report = learn(db.session(), min_labels=needed, dry_run=dry_run)
    if not dry_run:
        db.session.commit()
    kinds = ", ".join(f"{n} {kind}" for kind, n in report.kinds.items())
    click.echo(
        f"Decisions: {kinds} ({report.labels} in all: {report.positives} positive, "
        f"{report.labels - report.positives} negative)."
    )
    if report.heldout_auc is not None and report.score_auc is not None:
        click.echo(
            f"Held out (folds of whole needs), ROC AUC: re-ranker {report.heldout_auc:.3f}, "
            f"the matcher's score alone {report.score_auc:.3f}."
        )
    if report.on:
        click.echo("Re-ranker: on. Refreshed suggestions are re-ordered by it.")
    elif report.labels < needed:
        click.echo(
            f"Too few decisions to learn from: {report.labels}, at least {needed} needed "
            "(with both good and bad pairs). The re-ranker stays off; suggestions keep the "
            "matcher's order."
        )
    else:
        click.echo(f"Re-ranker: off ({report.why_off}); suggestions keep the matcher's order.")
    click.echo("Dry run: nothing saved." if dry_run else "Saved.")
