"""Compliance deadlines: the arrêté's publication date plus a delay in months.

Month arithmetic keeps the day number, or takes the last day of the month when that month
is shorter: 31 March + 10 months = 31 January, 30 April + 10 months = 28 (or 29) February.
Until the arrêté is published the deadline is unknown, and the sentences say so plainly: the
décret (art. R. 421-78-3) gives "au moins dix mois", the arrêté the delay itself. An arrêté
making a service socle mandatory (art. R. 421-78-4) sets its own delay, with no floor: a
référentiel on that basis without a delay has a deadline the arrêté alone will tell.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from .grid import ComplianceBasis, Grid, Referentiel

MONTHS = {
    "fr": (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip


def add_months(start: dt.date, months: int) -> dt.date:
    """``start`` plus ``months``: same day number, or the last day of a shorter month."""
    if months < 0:
        raise ValueError("months must be >= 0")
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


@dataclass(frozen=True)
class Deadline:
    """The rule that gives a deadline, and the date when it is known."""

    delay_months: int | None  # None: set by an arrêté under R. 421-78-4, not known yet
    published: dt.date | None
    reference: str = ""
    basis: ComplianceBasis = "r421-78-3"

    @property
    def date(self) -> dt.date | None:
        if self.published is None or self.delay_months is None:
            return None
        return add_months(self.published, self.delay_months)

    def label(self, lang: str = "fr") -> str:
        """The sentence every report prints for this deadline."""
        if self.delay_months is None:
            return delay_set_by_arrete_label(self.published, lang)
        return deadline_label(self.date, self.delay_months, self.published, lang)


def grid_deadline(grid: Grid) -> Deadline:
    """The deadline of a grid version as a whole (its own arrêté)."""
    compliance = grid.header.compliance
    return Deadline(
        compliance.delay_months, compliance.arrete.published, compliance.arrete.reference
    )


def referentiel_deadline(grid: Grid, referentiel: Referentiel) -> Deadline:
    """A référentiel's deadline: its own arrêté and delay when it declares them, else the grid's."""
    base = grid_deadline(grid)
    own = referentiel.compliance
    if own is None:
        return base
    delay = own.delay_months
    if delay is None and own.basis == "r421-78-3":
        delay = base.delay_months  # the grid's delay is R. 421-78-3's
    if own.arrete is None:
        return Deadline(delay, base.published, base.reference, own.basis)
    return Deadline(delay, own.arrete.published, own.arrete.reference, own.basis)


def grid_deadlines(grid: Grid) -> list[Deadline]:
    """The deadline of each référentiel of a grid version, in grid order."""
    return [referentiel_deadline(grid, referentiel) for referentiel in grid.referentiels]


def earliest(deadlines: Iterable[Deadline]) -> Deadline | None:
    """The deadline with the earliest known date, or None while no date is known."""
    known = [d for d in deadlines if d.date is not None]
    return min(known, key=lambda d: d.date or dt.date.max) if known else None


def summary_label(deadlines: Sequence[Deadline], lang: str = "fr") -> str:
    """One sentence for several deadlines: the earliest known, or that none is known yet."""
    first = earliest(deadlines)
    if first is None:
        delays = [d.delay_months for d in deadlines if d.delay_months is not None]
        if not delays:
            return delay_set_by_arrete_label(None, lang)
        return deadline_label(None, min(delays), None, lang)
    label = first.label(lang)
    if any(d.date is None for d in deadlines):
        label += (
            " Other référentiels still await their arrêté, not published to date."
            if lang == "en"
            else " D'autres référentiels attendent leur arrêté, non publié à ce jour."
        )
    return label


PARIS = ZoneInfo("Europe/Paris")


def in_paris(moment: dt.datetime) -> dt.datetime:
    """A moment as people in France read it (a naive moment is UTC, as SQLite gives it back)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(PARIS)


def format_date(value: dt.date, lang: str = "fr") -> str:
    """A date as people write it: "1er janvier 2027", "31 January 2027"."""
    names = MONTHS.get(lang, MONTHS["fr"])
    day = "1er" if lang == "fr" and value.day == 1 else str(value.day)
    return f"{day} {names[value.month - 1]} {value.year}"


def deadline_label(
    date: dt.date | None, delay_months: int, published: dt.date | None, lang: str = "fr"
) -> str:
    """The plain sentence for a deadline, known or not."""
    if date is None or published is None:
        if lang == "en":
            return (
                f"at least {delay_months} months from the publication of the arrêté, not "
                "published to date."
            )
        return (
            f"au moins {delay_months} mois à compter de la publication de l'arrêté, non publié à "
            "ce jour."
        )
    if lang == "en":
        return (
            f"Compliance required by {format_date(date, 'en')} ({delay_months} months after the "
            f"arrêté published on {format_date(published, 'en')})."
        )
    return (
        f"Mise en conformité au plus tard le {format_date(date)} ({delay_months} mois après la "
        f"publication de l'arrêté le {format_date(published)})."
    )


def delay_set_by_arrete_label(published: dt.date | None, lang: str = "fr") -> str:
    """The sentence for an arrêté under R. 421-78-4 whose delay is not known: it sets it."""
    if published is None:
        if lang == "en":
            return "The delay will be set by the arrêté, not published to date."
        return "Délai fixé par l'arrêté, non publié à ce jour."
    if lang == "en":
        return f"The delay is set by the arrêté published on {format_date(published, 'en')}."
    return f"Délai fixé par l'arrêté publié le {format_date(published)}."


def days_remaining(deadline: dt.date, today: dt.date) -> int:
    """Days from ``today`` to ``deadline``; negative once it has passed."""
    return (deadline - today).days


def countdown(deadline: dt.date | None, today: dt.date, lang: str = "fr") -> str:
    """ "dans 68 jours", "aujourd'hui", "dépassée depuis 3 jours", or the unknown case."""
    if deadline is None:
        return "arrêté not published yet" if lang == "en" else "arrêté non publié à ce jour"
    days = days_remaining(deadline, today)
    if days == 0:
        return "today" if lang == "en" else "aujourd'hui"
    plural = "s" if abs(days) > 1 else ""
    if lang == "en":
        return f"in {days} day{plural}" if days > 0 else f"passed {-days} day{plural} ago"
    return f"dans {days} jour{plural}" if days > 0 else f"dépassée depuis {-days} jour{plural}"
