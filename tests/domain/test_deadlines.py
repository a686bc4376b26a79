"""Deadlines: publication date + months, same day number or the month's last day."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.catalogue import load_catalogue
from app.domain.deadlines import (
    Deadline,
    add_months,
    countdown,
    format_date,
    grid_deadlines,
    in_paris,
    summary_label,
)
from tests.support import SAMPLE_GRIDS

D = dt.date


@pytest.mark.parametrize(
    ("published", "months", "expected"),
    [
        (D(2026, 3, 31), 10, D(2027, 1, 31)),  # 31 March + 10 months = 31 January
        (D(2026, 4, 30), 10, D(2027, 2, 28)),  # 30 April → 28 February (2027 not leap)
        (D(2027, 4, 30), 10, D(2028, 2, 29)),  # → 29 February in a leap year
        (D(2027, 4, 29), 10, D(2028, 2, 29)),
        (D(2024, 2, 29), 10, D(2024, 12, 29)),  # from 29 February
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # 29 February + a year: no 29th
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2026, 3, 2), 10, D(2027, 1, 2)),  # a year boundary
        (D(2026, 12, 31), 10, D(2027, 10, 31)),
        (D(2026, 5, 31), 10, D(2027, 3, 31)),
        (D(2026, 1, 31), 13, D(2027, 2, 28)),
        (D(2025, 12, 5), 10, D(2026, 10, 5)),
        (D(2026, 8, 31), 10, D(2027, 6, 30)),
    ],
)
def test_add_months(published: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(published, months) == expected


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2900, 1, 1)), st.integers(0, 600))
def test_add_months_keeps_the_day_or_takes_the_last(start: dt.date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    if result.day != start.day:
        assert result.day < start.day
        assert (result + dt.timedelta(days=1)).day == 1  # the last day of its month


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2900, 1, 1)), st.integers(0, 300))
def test_later_publication_never_gives_an_earlier_deadline(start: dt.date, months: int) -> None:
    assert add_months(start + dt.timedelta(days=1), months) >= add_months(start, months)


def test_unpublished_deadline_has_no_date_and_says_so() -> None:
    deadline = Deadline(delay_months=10, published=None)
    assert deadline.date is None
    # the décret sets a minimum ("au moins dix mois"), the arrêté the delay
    assert deadline.label() == (
        "au moins 10 mois à compter de la publication de l'arrêté, non publié à ce jour."
    )
    assert deadline.label("en") == (
        "at least 10 months from the publication of the arrêté, not published to date."
    )
    assert Deadline(delay_months=14, published=None).label().startswith("au moins 14 mois")


def test_a_services_socles_arrete_sets_its_own_delay() -> None:
    # R. 421-78-4: no floor, and while the arrêté is not known, neither is its delay
    unknown = Deadline(delay_months=None, published=None, basis="r421-78-4")
    assert unknown.date is None
    assert unknown.label() == "Délai fixé par l'arrêté, non publié à ce jour."
    assert unknown.label("en") == "The delay will be set by the arrêté, not published to date."
    published = Deadline(delay_months=None, published=D(2026, 9, 1), basis="r421-78-4")
    assert published.date is None
    assert published.label() == "Délai fixé par l'arrêté publié le 1er septembre 2026."
    short = Deadline(delay_months=6, published=D(2026, 9, 1), basis="r421-78-4")
    assert short.date == D(2027, 3, 1)
    # beside a référentiel's unpublished arrêté, the sentence keeps the ten-month floor
    assert summary_label([unknown, Deadline(10, None)]).startswith("au moins 10 mois")
    assert summary_label([unknown]) == unknown.label()


def test_published_deadline_labels() -> None:
    deadline = Deadline(delay_months=10, published=D(2026, 4, 30))
    assert deadline.date == D(2027, 2, 28)
    assert deadline.label() == (
        "Mise en conformité au plus tard le 28 février 2027 "
        "(10 mois après la publication de l'arrêté le 30 avril 2026)."
    )
    assert "28 February 2027" in deadline.label("en")


def test_format_date() -> None:
    assert format_date(D(2027, 1, 31)) == "31 janvier 2027"
    assert format_date(D(2027, 1, 1)) == "1er janvier 2027"
    assert format_date(D(2027, 8, 15)) == "15 août 2027"
    assert format_date(D(2027, 1, 1), "en") == "1 January 2027"


def test_countdown() -> None:
    today = D(2026, 11, 23)
    assert countdown(D(2027, 1, 30), today) == "dans 68 jours"
    assert countdown(D(2026, 11, 24), today) == "dans 1 jour"
    assert countdown(today, today) == "aujourd'hui"
    assert countdown(D(2026, 11, 20), today) == "dépassée depuis 3 jours"
    assert countdown(D(2026, 11, 20), today, "en") == "passed 3 days ago"
    assert countdown(None, today) == "arrêté non publié à ce jour"


def test_a_referentiel_with_its_own_arrete_has_its_own_deadline() -> None:
    grid = load_catalogue(SAMPLE_GRIDS).get("sample", "2026.1")
    assert grid is not None
    dates = {r.id: d.date for r, d in zip(grid.referentiels, grid_deadlines(grid), strict=True)}
    # the grid's arrêté: 30 April 2026 + 10 months; sécurité's own: 31 March 2026 + 12 months
    assert dates == {"interoperabilite": D(2027, 2, 28), "securite": D(2027, 3, 31)}


def test_summary_of_mixed_deadlines_gives_the_earliest_and_warns_of_the_unknown() -> None:
    known = Deadline(10, D(2026, 3, 31))
    unknown = Deadline(10, None)
    assert summary_label([unknown, known]).startswith(
        "Mise en conformité au plus tard le 31 janvier 2027"
    )
    assert "non publié à ce jour" in summary_label([unknown, known])
    assert summary_label([unknown]) == unknown.label()


def test_a_moment_is_read_in_paris_time_and_a_naive_one_is_utc() -> None:
    new_year = in_paris(dt.datetime(2026, 12, 31, 23, 30))  # naive: UTC, as SQLite returns it
    assert (new_year.date(), new_year.hour) == (D(2027, 1, 1), 0)
    summer = in_paris(dt.datetime(2026, 7, 14, 22, 30, tzinfo=dt.UTC))
    assert (summer.date(), summer.hour) == (D(2026, 7, 15), 0)
