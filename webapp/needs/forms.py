"""The filter form of the needs list (shared with the API, in webapp.list_filters)."""

from __future__ import annotations

from webapp.list_filters import NeedFilterForm

__all__ = ["NeedFilterForm"]
