"""The re-ranker the app fitted from the focal point's decisions (``cbmatch learn``).

Each fit writes one row; ranking uses the newest. ``model`` holds the fit as a JSON document of
numbers (``matcher.rerank.Reranker.dumps``: the scaling and the logistic model's coefficients),
so a stored fit is data, never code.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, Integer, LargeBinary, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Model, utcnow


class LearnedRanker(Model):
    """One fit of the re-ranker: its figures, whether it is on, and the fitted model."""

    id: Mapped[int] = mapped_column(primary_key=True)
    fitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    labels: Mapped[int] = mapped_column(Integer)
    positives: Mapped[int] = mapped_column(Integer)
    #: decisions by kind (completed, accepted, proposed, declined, dismissed)
    kinds: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    heldout_auc: Mapped[float | None] = mapped_column(Float)
    score_auc: Mapped[float | None] = mapped_column(Float)
    switched_on: Mapped[bool] = mapped_column(Boolean, default=False)
    why_off: Mapped[str] = mapped_column(Text, default="")
    model: Mapped[bytes | None] = mapped_column(LargeBinary)

    def __repr__(self) -> str:
        return f"<LearnedRanker {self.id} {'on' if self.switched_on else 'off'}>"
