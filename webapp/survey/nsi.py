"""Routes of the NSI step: the National Survey of Implementation, answered or imported from a file.

The step is optional: every question may stay unanswered, and the answers are saved whenever the
State saves (there is nothing to submit). Only the State's representatives reach these pages;
the answers are private to them and the focal point (``nsi.can_view_nsi``).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from models import Role, State, db
from webapp.access import requires
from webapp.services.errors import CbmatchError, RecordError, ValidationFailed
from webapp.services.needs import nsi, nsi_files, nsi_suggested
from webapp.services.needs.nsi import Changes, Entry
from webapp.survey import bp
from webapp.survey.nsi_forms import NsiConfirmForm, NsiForm, NsiUploadForm
from webapp.survey.views import _me, _my_state

ViewResult = str | Response | tuple[str, int]
#: The longest file name shown back (names come from the browser).
NAME_MAX = 120


def _page(state: State, form: NsiForm, upload: NsiUploadForm, status: int) -> tuple[str, int]:
    return render_template(
        "survey/nsi.html", form=form, upload=upload, state=state, parts=nsi.parts(),
        choice_labels=nsi.CHOICE_LABELS, step="nsi",
        suggested=len(nsi_suggested.suggestions(db.session(), state)),
    ), status  # fmt: skip


@bp.route("/nsi", methods=["GET", "POST"])
@requires(Role.STATE)
def nsi_answers() -> ViewResult:
    """The optional NSI step: its four parts, every question optional, saved as they are."""
    state = _my_state()
    questions = list(nsi.questions().values())
    form_class = NsiForm.for_questions(questions)
    if request.method == "POST":  # a question left blank is not answered, whatever was stored
        form = form_class()
    else:
        form = form_class(data=NsiForm.initial(nsi.answers(db.session(), state)))
    if form.validate_on_submit() and (entries := form.entries(questions)) is not None:
        nsi.save_answers(db.session(), state, entries, actor=_me())
        db.session.commit()
        flash(_("Your answers to the National Survey of Implementation are saved."), "success")
        return redirect(url_for("survey.nsi_answers"))
    return _page(state, form, NsiUploadForm(), 422 if form.is_submitted() else 200)


def _shown(entry: Entry) -> str:
    """An answer as the preview shows it: the choice's label or the text."""
    if entry.choice is not None:
        return nsi.CHOICE_LABELS[entry.choice.value]
    return entry.text


def _report(state: State, name: str, text: str, entries: dict[str, Entry]) -> str:
    """The preview: each answered question, its answer now and after the import."""
    stored = nsi.answers(db.session(), state)
    changes: Changes = nsi.plan(db.session(), state, entries)
    outcome = {code: kind for kind in ("created", "updated", "cleared", "unchanged")
               for code in getattr(changes, kind)}  # fmt: skip
    questions = nsi.questions()
    rows = [(questions[code], Entry.of(stored.get(code)), entries[code], outcome[code])
            for code in questions if code in entries]  # fmt: skip
    confirm = NsiConfirmForm(formdata=None, data={"content": text, "filename": name})
    return render_template(
        "survey/nsi_import.html", state=state, step="nsi", name=name, rows=rows, changes=changes,
        confirm=confirm, shown=_shown, errors=[],
    )  # fmt: skip


@bp.route("/nsi/import", methods=["POST"])
@requires(Role.STATE)
def nsi_import() -> ViewResult:
    """Import answers from a .json or .csv file (docs/NSI.md): a preview first, then confirm.

    The file is checked whole: any problem and nothing is written, every problem is listed
    (record or line, field, reason). Questions the file does not name keep their answers.
    """
    state = _my_state()
    confirming = request.form.get("action") == "confirm"
    form = NsiConfirmForm() if confirming else NsiUploadForm()
    if not form.validate_on_submit():
        flash(_("The form expired; please submit it again."), "error")
        return redirect(url_for("survey.nsi_answers", _anchor="import"))
    if isinstance(form, NsiConfirmForm):
        name = (form.filename.data or "answers.json")[:NAME_MAX]
        data = (form.content.data or "").encode("utf-8")
    else:
        upload = form.file.data
        if not upload or not getattr(upload, "filename", ""):
            form.file.errors = [_("Choose a .json or .csv file to import.")]
            page = NsiForm.for_questions(nsi.questions().values())(
                formdata=None, data=NsiForm.initial(nsi.answers(db.session(), state))
            )
            return _page(state, page, form, 422)
        name = str(upload.filename)[:NAME_MAX]
        data = upload.read(nsi_files.MAX_BYTES + 1)
    errors: list[RecordError | str] = []
    try:
        entries = nsi_files.read_answers(data, name, state)
    except ValidationFailed as exc:
        errors = list(exc.errors)
    except CbmatchError as exc:
        errors = [str(exc)]
    if errors:
        return render_template(
            "survey/nsi_import.html", state=state, step="nsi", name=name, errors=errors
        ), 422  # fmt: skip
    if not confirming:
        return _report(state, name, data.decode("utf-8-sig"), entries)
    changes = nsi.save_answers(db.session(), state, entries, actor=_me())
    db.session.commit()
    flash(ngettext(
        "%(num)d answer imported from %(name)s. Added: %(created)d. Changed: %(updated)d. "
        "Removed: %(cleared)d. Unchanged: %(unchanged)d.",
        "%(num)d answers imported from %(name)s. Added: %(created)d. Changed: %(updated)d. "
        "Removed: %(cleared)d. Unchanged: %(unchanged)d.",
        changes.total, name=name, created=len(changes.created), updated=len(changes.updated),
        cleared=len(changes.cleared), unchanged=len(changes.unchanged),
    ), "success")  # fmt: skip
    return redirect(url_for("survey.nsi_answers"))
