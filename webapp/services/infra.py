"""The services' infrastructure: app settings, per-app objects, results kept between requests.

It is the one module of ``webapp.services`` that reaches Flask (import-linter checks this), so
that no service depends on a request. Results are kept in the process until the records they
were computed from change, and computed again in a thread when asked.

The dashboard's figures, heatmaps and duplicate pairs read every need, offer and match; at 10k
of each they cost 100 ms to seconds a load. Each result is kept in the app with a *mark* of the
tables it was computed from: the row count and newest ``updated_at`` of each (two index lookups
a table, about 1 ms at 10k). Any insert, edit, delete or import moves the mark, and the next
load computes the result again. A transaction that commits after a later one can carry an older
``updated_at`` than the newest row; so that such a change is never missed for long, a result
older than ``MAX_AGE`` is computed again as well.

With ``background=True`` a changed result is still returned at once, marked stale, while a
thread computes the new one; only the first load of a process waits.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import Flask, current_app, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models import db

T = TypeVar("T")
MAX_AGE = 60.0  # seconds
_KEY = "cbmatch.kept"
_LOCK = threading.Lock()
log = logging.getLogger(__name__)


def setting(name: str, default: Any = None) -> Any:
    """The running app's configuration value ``name``."""
    return current_app.config.get(name, default)


def app_object(key: str, make: Callable[[], T]) -> T:
    """The object the running app keeps under ``key``, made by ``make`` on first use."""
    ext = current_app.extensions
    found = ext.get(key)
    if found is None:
        found = ext.setdefault(key, make())
    return found  # type: ignore[no-any-return]


def app_object_if_any(key: str) -> Any:
    """The object the running app keeps under ``key``; None outside an app or before first use."""
    return current_app.extensions.get(key) if has_app_context() else None


@dataclass(frozen=True)
class Kept(Generic[T]):
    """A kept result, and whether the records changed since it was computed.

    ``value`` is None only while a first result is computed in the background (``wait=False``).
    """

    value: T | None
    stale: bool = False

    def ready(self) -> T:
        """The value of a result asked for with ``wait=True`` (which always has one)."""
        if self.value is None:
            raise RuntimeError("a kept result asked for without waiting has no value yet")
        return self.value


@dataclass
class _Entry:
    mark: tuple[Any, ...]
    at: float
    value: Any
    refreshing: bool = False


def mark_of(session: Session, models: tuple[Any, ...]) -> tuple[Any, ...]:
    """Row count and newest change time of each model's table."""
    out: list[Any] = []
    for model in models:
        out.append(session.scalar(select(func.count()).select_from(model)))
        out.append(session.scalar(select(func.max(model.updated_at))))
    return tuple(out)


def _compute(session: Session, models: tuple[Any, ...], compute: Callable[[Session], T]) -> _Entry:
    mark = mark_of(session, models)  # before computing: a change during it moves the mark
    return _Entry(mark, time.monotonic(), compute(session))


def _refresh(
    app: Flask, key: str, models: tuple[Any, ...], compute: Callable[[Session], T]
) -> None:
    entries: dict[str, _Entry] = app.extensions[_KEY]
    with app.app_context():
        try:
            fresh = _compute(db.session(), models, compute)
        except Exception:  # the old result stays; the next load tries again
            log.exception("kept result %s: computing it again failed", key)
            with _LOCK:
                entries[key].refreshing = False
            return
        finally:
            db.session.remove()
    with _LOCK:
        entries[key] = fresh


def _evict(entries: dict[str, _Entry], family: str, limit: int) -> None:
    """Keep at most ``limit`` entries whose key starts with ``family:``, dropping the oldest."""
    mine = sorted((e.at, k) for k, e in entries.items() if k.startswith(family + ":"))
    for _, k in mine[: max(0, len(mine) - limit)]:
        del entries[k]


def kept(
    session: Session,
    key: str,
    models: tuple[Any, ...],
    compute: Callable[[Session], T],
    *,
    background: bool = False,
    wait: bool = True,
    limit: int | None = None,
) -> Kept[T]:
    """``compute(session)``, or the result kept under ``key`` if ``models`` did not change.

    With ``background``, ``wait=False`` computes even the first result in a thread: until it is
    there, ``Kept(None, stale=True)`` comes back. ``limit`` bounds how many results of the key's
    family (the part before the first ``:``) are kept, when the rest of the key comes from a
    request and could take any value.
    """
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    entries: dict[str, _Entry] = app.extensions.setdefault(_KEY, {})
    mark = mark_of(session, models)
    with _LOCK:
        entry = entries.get(key)
        if entry is not None and entry.mark == mark and time.monotonic() - entry.at < MAX_AGE:
            return Kept(entry.value)
        if background and (entry is not None or not wait):
            if entry is None:  # a first result: nothing to show until the thread is done
                entry = entries[key] = _Entry((), 0.0, None)
            if not entry.refreshing:
                entry.refreshing = True
                args = (app, key, models, compute)
                threading.Thread(target=_refresh, args=args, daemon=True).start()
            return Kept(entry.value, stale=entry.mark != mark)
    fresh = _compute(session, models, compute)  # outside the lock: other keys need not wait
    with _LOCK:
        entries[key] = fresh
        if limit is not None:
            _evict(entries, key.split(":", 1)[0], limit)
    return Kept(fresh.value)


def instance_path() -> str:
    """The running app's instance folder (where local mail, the SQLite file and secrets live)."""
    return str(current_app.instance_path)
