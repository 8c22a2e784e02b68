"""The topic taxonomy (with its CMM dimension) and the support types."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Model


class Labelled:
    """A label in each of the six UN languages (English when one is missing)."""

    label_en: Mapped[str] = mapped_column(String(200))
    label_fr: Mapped[str] = mapped_column(String(200))
    label_es: Mapped[str] = mapped_column(String(200))
    label_ar: Mapped[str] = mapped_column(String(200), default="", server_default="")
    label_ru: Mapped[str] = mapped_column(String(200), default="", server_default="")
    label_zh: Mapped[str] = mapped_column(String(200), default="", server_default="")

    def label(self, lang: str = "en") -> str:
        """The label in ``lang``, English when there is none."""
        return str(getattr(self, f"label_{lang}", None) or self.label_en)


class Dimension(Labelled, Model):
    """A CMM dimension, or the extra 'international cooperation and diplomacy' area."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    position: Mapped[int]
    cmm: Mapped[bool] = mapped_column(Boolean, default=True)
    topics: Mapped[list[Topic]] = relationship(back_populates="dimension", order_by="Topic.id")


class Topic(Labelled, Model):
    """A capacity-building topic slug from the interchange taxonomy."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    dimension_id: Mapped[int] = mapped_column(ForeignKey("dimension.id"), index=True)
    dimension: Mapped[Dimension] = relationship(back_populates="topics")

    def __repr__(self) -> str:
        return f"<Topic {self.slug}>"


class SupportType(Labelled, Model):
    """A kind of support: training, technical assistance, funding..."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)

    def __repr__(self) -> str:
        return f"<SupportType {self.slug}>"
