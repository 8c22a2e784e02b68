"""The topic taxonomy (with its CMM dimension) and the support types."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String
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


class Factor(Labelled, Model):
    """A factor of the CMM 2021 edition (``D1.1`` ...), rated by a State at one of five stages.

    Its name is the label; ``texts`` holds the rest from ``seed_data/cmm_2021.json``:
    ``description`` (per language), ``stages`` (per stage slug, per language: what the stage
    looks like for this factor) and ``suggestions`` (per stage slug, per language: the title of
    the need it suggests at that stage).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    position: Mapped[int]
    dimension_id: Mapped[int] = mapped_column(ForeignKey("dimension.id"), index=True)
    topics: Mapped[list[str]] = mapped_column(JSON, default=list)
    support_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    texts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    dimension: Mapped[Dimension] = relationship()

    @property
    def slug(self) -> str:
        """The code as a form field key, e.g. ``d1_1``."""
        return self.code.lower().replace(".", "_")

    def description(self, lang: str = "en") -> str:
        """The one-line description in ``lang``, English when there is none."""
        texts: dict[str, str] = self.texts.get("description", {})
        return texts.get(lang) or texts.get("en", "")

    def stage_text(self, stage: str, lang: str = "en") -> str:
        """What the stage (its slug) looks like for this factor, in ``lang``, else English.

        A row loaded before the stages were translated holds one English sentence per stage.
        """
        texts: str | dict[str, str] = self.texts.get("stages", {}).get(stage, "")
        if isinstance(texts, str):
            return texts
        return texts.get(lang) or texts.get("en", "")

    def suggestion(self, stage: str, lang: str = "en") -> str:
        """The title of the need suggested at ``stage`` (a slug), or "" when none is."""
        titles: dict[str, str] = self.texts.get("suggestions", {}).get(stage, {})
        return titles.get(lang) or titles.get("en", "")

    def __repr__(self) -> str:
        return f"<Factor {self.code}>"
