"""The notification settings form: one choice per kind of e-mail the person's role may receive.

The kinds are grouped as the page shows them (the account, proposals and matches, alerts,
summaries), each with one line saying when it is sent. A kind's choices are its own: the weekly
summary is sent or not; the others each at once, in the daily summary, or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import AnyOf, InputRequired

from models import Delivery
from webapp.forms import choices
from webapp.i18n import LazyText, _l
from webapp.services.notices.kinds import Kind

#: When each kind is sent, in one line under its name.
EXPLANATIONS: dict[str, LazyText] = {
    "account_waiting": _l("Someone registered and waits for you to approve or refuse the account."),
    "proposal_received": _l("The focal point or the other side proposed a match to you."),
    "proposal_answered": _l("A proposal you are part of was accepted or declined."),
    "match_moved": _l("A match you take part in started, was completed or was withdrawn."),
    "match_note": _l("Someone wrote a message on a match you take part in."),
    "offer_withdrawn": _l("A provider withdrew an offer that one of your proposals relied on."),
    "new_offers": _l("Newly published offers that rank well for one of your open needs."),
    "new_needs": _l("Newly published needs that rank well for one of your open offers."),
    "weekly_digest": _l(
        "Once a week, in one e-mail; a proposal counts as waiting after 14 days without an answer."
    ),
}
#: The page's sections, in order; a kind in none of them is listed under the last.
GROUPS: tuple[tuple[LazyText, tuple[str, ...]], ...] = (
    (_l("Your account and registrations"), ("account_waiting", "account_decided")),
    (
        _l("Proposals and matches"),
        ("proposal_received", "proposal_answered", "match_moved", "match_note", "offer_withdrawn"),
    ),
    (_l("Alerts"), ("new_offers", "new_needs")),
    (_l("Summaries"), ("weekly_digest",)),
)
#: How each delivery is offered; a kind sent as a summary of its own says "send it" instead.
CHOICE_LABELS: dict[Delivery, LazyText] = {
    Delivery.IMMEDIATE: _l("Each at once"),
    Delivery.DAILY: _l("In the daily summary"),
    Delivery.OFF: _l("Off"),
}
SUMMARY_CHOICE_LABELS: dict[Delivery, LazyText] = {
    Delivery.IMMEDIATE: _l("Send it"),
    Delivery.OFF: _l("Off"),
}


def _choice_labels(kind: Kind) -> dict[Delivery, LazyText]:
    return SUMMARY_CHOICE_LABELS if Delivery.DAILY not in kind.choices else CHOICE_LABELS


@dataclass(frozen=True)
class Section:
    """One section of the page: its title and the codes of its kinds (as field names)."""

    title: LazyText
    codes: list[str]


class PreferencesForm(FlaskForm):
    """A radio group per kind; the fields are added by ``for_kinds``, named by the kind's code."""

    codes: list[str] = []  # noqa: RUF012 - set on each class made by for_kinds

    @classmethod
    def for_kinds(cls, kinds: Iterable[Kind]) -> type[PreferencesForm]:
        """A form class with one required choice per kind, among that kind's choices only."""

        class Form(cls):  # type: ignore[valid-type, misc]
            pass

        codes = []
        for kind in kinds:
            labels = _choice_labels(kind)
            values = [d.value for d in kind.choices]
            words = ", ".join(str(labels[d]) for d in kind.choices)
            setattr(Form, kind.code, RadioField(
                _l(kind.label),
                choices=choices(*((d.value, labels[d]) for d in kind.choices)),
                validate_choice=False,
                description=EXPLANATIONS.get(kind.code, ""),
                validators=[
                    InputRequired(_l("Choose how to receive these e-mails.")),
                    AnyOf(values, _l("Choose one of: %(choices)s.", choices=words)),
                ],
            ))  # fmt: skip
            codes.append(kind.code)
        Form.codes = codes
        return Form

    def sections(self) -> list[Section]:
        """The page's sections that hold at least one of this form's kinds."""
        left = list(self.codes)
        out = []
        for title, codes in GROUPS:
            mine = [c for c in codes if c in left]
            left = [c for c in left if c not in mine]
            if mine:
                out.append(Section(title, mine))
        if left and out:
            out[-1].codes.extend(left)
        elif left:
            out.append(Section(GROUPS[-1][0], left))
        return out

    def wanted(self) -> dict[str, Delivery]:
        """The validated choices, kind by kind."""
        return {code: Delivery(self[code].data) for code in self.codes}

    def load(self, chosen: dict[str, Delivery]) -> None:
        """Show the person's current choices."""
        for code in self.codes:
            self[code].data = chosen[code].value
