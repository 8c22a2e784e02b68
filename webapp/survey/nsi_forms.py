"""Forms of the NSI step: an answer (and a comment) per question, and the file upload."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import Field, HiddenField, RadioField, TextAreaField

from models import NsiAnswer
from webapp.forms import choices, error_sentence
from webapp.i18n import _l
from webapp.services.needs import nsi
from webapp.services.needs.nsi import Entry, Question


class NsiForm(FlaskForm):  # type: ignore[misc]  # FlaskForm is untyped (pyproject.toml)
    """Every NSI question, all optional.

    ``q_<slug>`` is a choice or a text, ``c_<slug>`` the comment of a choice question; fields
    are added by ``for_questions``.
    """

    @classmethod
    def for_questions(cls, questions: Iterable[Question]) -> type[NsiForm]:
        """A form class with the fields of these questions."""

        class Form(cls):  # type: ignore[valid-type, misc]
            pass

        answer_choices = choices(
            ("", _l("Not answered")), *((c, _l(nsi.CHOICE_LABELS.english[c])) for c in nsi.CHOICES)
        )
        for q in questions:
            if q.has_choice:
                setattr(Form, f"q_{q.slug}", RadioField(
                    q.code, choices=answer_choices, validate_choice=False, default=""))  # fmt: skip
                setattr(
                    Form,
                    f"c_{q.slug}",
                    TextAreaField(_l("Comment on %(code)s", code=q.code), render_kw={"rows": 2}),
                )
            else:
                setattr(Form, f"q_{q.slug}", TextAreaField(q.code, render_kw={"rows": 3}))
        return Form

    @staticmethod
    def initial(stored: Mapping[str, NsiAnswer]) -> dict[str, str]:
        """The stored answers as form data (GET)."""
        data: dict[str, str] = {}
        questions = nsi.questions()
        for code, row in stored.items():
            q = questions.get(code)
            if q is None:
                continue
            if q.has_choice:
                data[f"q_{q.slug}"] = row.choice.value if row.choice else ""
                data[f"c_{q.slug}"] = row.comment
            else:
                data[f"q_{q.slug}"] = row.text
        return data

    def answer(self, q: Question) -> Field:
        """The answer field of one question."""
        return self[f"q_{q.slug}"]

    def comment(self, q: Question) -> Field | None:
        """The comment field of a choice question (None for a text question)."""
        return self[f"c_{q.slug}"] if q.has_choice else None

    def entries(self, questions: Iterable[Question]) -> dict[str, Entry] | None:
        """The answers, checked, by question code; None when a field got an error."""
        out: dict[str, Entry] = {}
        for q in questions:
            comment = self.comment(q)
            entry, problems = nsi.check_entry(
                q, self.answer(q).data, comment.data if comment is not None else None
            )
            for name, reason in problems:
                field = comment if name == "comment" and comment is not None else self.answer(q)
                what = _l("Comment on %(code)s", code=q.code) if field is comment else q.code
                field.errors = [*field.errors, error_sentence(str(what), reason)]
            out[q.code] = entry
        return None if self.errors else out


class NsiUploadForm(FlaskForm):  # type: ignore[misc]
    """A .json or .csv file of answers (docs/NSI.md), checked and shown before it is saved."""

    file = FileField(_l("File of answers (.json or .csv)"))


class NsiConfirmForm(FlaskForm):  # type: ignore[misc]
    """Save the previewed file: its text and name come back, and are checked again."""

    content = HiddenField()
    filename = HiddenField()
