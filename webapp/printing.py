"""HTML to PDF with WeasyPrint, for the printable State profile.

WeasyPrint lays out HTML and CSS for paged media itself (no browser), with Pango for text: it
shapes Arabic right to left and Chinese with the fonts fontconfig finds (Debian's fonts-noto-core
and fonts-noto-cjk; .ci/run installs them with Pango where missing).

The stylesheets are the site's own, read from the static folder; the document may load nothing
else (no network, no file): its links stay links, and the maturity chart is HTML
(templates/states/_chart_print.html), since WeasyPrint's SVG text breaks Arabic.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import current_app, request
from werkzeug.wrappers import Response

#: The site's stylesheets the profile uses, in the order base.html links them; print.css holds
#: the @media print rules that both the browser's print and the PDF apply.
STYLESHEETS = ("cbmatch.css", "survey.css", "print.css")


def render_pdf(html: str) -> bytes:
    """The PDF of an HTML document laid out with the site's stylesheets for print."""
    # Imported on first use: it loads Pango and the fonts.
    from weasyprint import CSS, HTML, URLFetcher

    class Refuse(URLFetcher):  # type: ignore[misc]
        """Loads nothing the document names: it needs nothing beyond the stylesheets given."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"the printable profile loads no resource ({url})")

    refuse = Refuse()
    # It warns of every screen-only rule of the site's stylesheets (media queries on widths, the
    # SVG chart's fills): expected, so only its errors reach the log.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    folder = Path(current_app.static_folder or "static") / "css"
    sheets = [CSS(filename=str(folder / name), url_fetcher=refuse) for name in STYLESHEETS]
    document = HTML(string=html, base_url=request.url_root, url_fetcher=refuse)
    return bytes(document.write_pdf(stylesheets=sheets))


def pdf_response(html: str, filename: str) -> Response:
    """A download of the PDF of ``html`` named ``filename`` (never stored: an export)."""
    return Response(
        render_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
