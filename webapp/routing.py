"""Redirects to this site's own pages only.

``local_target`` is the one check of a redirect target taken from a request (sign-in's ``next``,
the language switch's ``next``, the ``back`` of the proposal buttons). Record ids in addresses
are read by ``webapp.database.RecordId``.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def local_target(target: str | None, default: str) -> str:
    """``target`` when it is a path on this site, else ``default``.

    Browsers drop tabs and line breaks from an address and read a backslash as a slash, so a
    slash, a tab and "/evil.example" lead to another site, as does a slash, a backslash and
    "evil.example": a target with a backslash, a space or any control character is refused
    rather than cleaned.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ch.isspace() or not ch.isprintable() for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target
