"""The pipeline: every match past the suggestion stage as a board or a table, and its exports."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from models import Role, db
from webapp.access import requires
from webapp.pipeline import bp
from webapp.pipeline.forms import PipelineFilterForm
from webapp.services.proposals import board as pipeline_list
from webapp.services.proposals import export as pipeline_export
from webapp.services.querying import parse_page
from webapp.services.vocab import MATCH_STATUS_LABELS, PROVIDER_TYPE_LABELS


def _form() -> PipelineFilterForm:
    return PipelineFilterForm(formdata=request.args).load_choices(db.session())


@bp.route("/")
@requires(Role.FOCAL_POINT, Role.ADMIN)
def index() -> str:
    """The board (a column per status) or the table (sortable, paged), with filters."""
    form = _form()
    filters = form.filters()
    view = request.args.get("view") if request.args.get("view") in pipeline_list.VIEWS else "board"
    context: dict[str, object] = {}
    if view == "table":
        page = pipeline_list.table_page(
            db.session(),
            current_user,
            filters,
            parse_page(request.args.get("page")),
            per_page=current_app.config["PIPELINE_PAGE_SIZE"],
        )
        context |= {
            "page": page,
            "total": page.total,
            "dates": pipeline_list.page_milestones(db.session(), list(page.items)),
        }
    else:
        columns = pipeline_list.board(db.session(), current_user, filters)
        context |= {"columns": columns, "total": sum(c.total for c in columns)}
    return render_template(
        "pipeline/index.html",
        form=form,
        filters=filters,
        view=view,
        sorts=pipeline_list.SORTS,
        status_labels=MATCH_STATUS_LABELS,
        provider_types=PROVIDER_TYPE_LABELS,
        board_limit=pipeline_list.BOARD_LIMIT,
        **context,
    )


@bp.route("/export.<any(csv, xlsx):fmt>")
@requires(Role.FOCAL_POINT, Role.ADMIN)
def export(fmt: str) -> Response:
    """The current view's matches (same filters and order, every page) as CSV or XLSX.

    :raise 400: a filter value that is not known (a file must not silently hold every match).
    """
    form = _form()
    filters = form.filters()
    if form.errors:
        name = next(iter(form.errors))
        abort(400, _("%(name)s: %(value)s is not known to cbmatch; nothing was exported.",
                     name=name, value=str(request.args.get(name, ""))[:40]))  # fmt: skip
    rows = pipeline_list.export_rows(db.session(), current_user, filters)
    body = pipeline_export.to_csv(rows) if fmt == "csv" else pipeline_export.to_xlsx(rows)
    name = f"cbmatch-pipeline-{date.today().isoformat()}.{fmt}"
    return Response(
        body,
        content_type=pipeline_export.MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
