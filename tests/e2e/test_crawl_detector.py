"""How the language crawl tells English interface text from the rest, on pages written here.

No browser and no server: the HTML is parsed as the crawl parses what the server sends.
"""

from __future__ import annotations

from tests.e2e.crawl import _Reader, english_pieces, vocabulary

REFERENCE = {"en": ["Senegal", "Incident response and CSIRTs"],
             "fr": ["Sénégal", "Réponse aux incidents et CSIRT"]}  # fmt: skip


def read(html: str):
    reader = _Reader("http://cbmatch.test/needs/")
    reader.feed(html)
    reader.close()
    return reader.page


ENGLISH = read("""<html lang="en"><body><h1>Open needs</h1><p>Suggestions</p>
<p>Senegal · priority high</p><td data-label="Status">Proposed</td><p>December 2026</p>
</body></html>""")


def found(body: str) -> list[str]:
    page = read(f'<html lang="fr" dir="ltr"><head><title>Besoins · cbmatch</title></head>'
                f"<body>{body}</body></html>")  # fmt: skip
    assert page.language == "fr"
    return [piece for piece, _ in english_pieces(page, ENGLISH, vocabulary("fr", REFERENCE))]


def test_french_text_and_what_is_the_same_in_french_pass():
    assert found("<h1>Besoins ouverts</h1><nav><a href='/console/queue'>Suggestions</a></nav>"
                 "<p>Sénégal · N-2026-001 · 2026-12-06 · CSIRT · CMM · YYYY-MM-DD</p>"
                 "<p>Réponse aux incidents et CSIRT</p><p>décembre 2026</p>") == []  # fmt: skip


def test_english_headings_state_names_statuses_and_labels_are_found():
    assert found("<h1>Open needs</h1><p>Senegal · priorité high</p>"
                 '<table><tr><td data-label="Status">Proposée</td></tr></table>'
                 "<p>Incident response and CSIRTs</p><p>December 2026</p>") == [
        "Open needs", "Senegal · priorité high", "Status", "Incident response and CSIRTs",
        "December 2026",
    ]  # fmt: skip


def test_user_content_code_and_text_marked_in_another_language_are_left_aside():
    assert found('<p lang="en">Our national CSIRT needs training in incident handling</p>'
                 "<code>Open needs</code><textarea>Open needs</textarea>"
                 '<input type="hidden" value="Open needs"><input value="Open needs">'
                 "<p>Incident-handling bootcamp for national CSIRTs of West Africa</p>"
                 "<p>« Incident-handling bootcamp for national CSIRTs of West Africa » est "
                 "proposé</p><script>var label = 'Open needs';</script>") == []  # fmt: skip
