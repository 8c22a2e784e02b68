"""The focal point's exchange rates: enter one (dated, audited), list them, see what is missing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from models import Role, db
from webapp.access import requires
from webapp.dashboard import bp
from webapp.dashboard.forms import RateForm
from webapp.formatting import day, exact
from webapp.forms import currency_choices
from webapp.services.errors import ValidationFailed
from webapp.services.interchange.records import currency_codes
from webapp.services.reports import rates as rate_service
from webapp.services.reports.funding import funding


@bp.route("/rates", methods=["GET", "POST"])
@requires(Role.FOCAL_POINT, Role.ADMIN)
def rates() -> Response | tuple[str, int]:
    """Enter a rate (PRG); every rate entered, and the currencies in use with no rate today.

    ``?currency=EUR`` chooses the currency in the form (the dashboard's "enter the rate" links).
    """
    form = RateForm()
    form.currency.choices = currency_choices()
    reporting = rate_service.reporting_currency()
    form.rate.label.text = _("Value of one unit, in %(code)s", code=reporting)
    status = 200
    if request.method == "GET":
        asked = request.args.get("currency", "").strip().upper()[:3]
        if asked in currency_codes():
            form.currency.data = asked
        form.valid_from.data = date.today()
    elif form.validate_on_submit():
        # validate_rate refused what does not parse; 0 would be refused again by the service
        value = rate_service.parse_rate(form.rate.data or "") or Decimal(0)
        try:
            row = rate_service.set_rate(
                db.session(), form.currency.data or "", value, form.valid_from.data or date.today(),
                current_user.id,
            )  # fmt: skip
        except ValidationFailed as exc:
            db.session.rollback()
            for error in exc.errors:
                getattr(form, error.field).errors.append(error.reason)
        else:
            db.session.commit()
            flash(_("Saved: 1 %(code)s = %(rate)s %(reporting)s from %(day)s.", code=row.currency,
                    rate=exact(row.rate), reporting=reporting, day=day(row.valid_from)),
                  "success")  # fmt: skip
            return redirect(url_for("dashboard.rates"))
        status = 422
    else:
        status = 422
    entered = rate_service.rates(db.session())
    return render_template(
        "dashboard/rates.html",
        form=form,
        reporting=reporting,
        rates=entered,
        in_force=rate_service.in_force(entered, date.today()),
        missing=funding(db.session(), date.today()).missing,
    ), status
