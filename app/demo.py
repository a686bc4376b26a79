"""`flask --app wsgi demo [--password P] [--force]`: demo organisations, accounts, services and
positionings (INTERFACES.md §5), created idempotently: a second run changes nothing.

Scores of frozen positionings are computed by ``app/domain/scoring.py``, like everywhere else.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from werkzeug.security import check_password_hash

from . import accounts, journal
from .demo_audits import create_demo_audits
from .demo_data import (
    DEMO_ORGANISATIONS,
    DEMO_PLANS,
    DEMO_SERVICES,
    DEMO_USERS,
    DETAIL,
    SHOWCASE,
    DemoService,
)
from .demo_positionings import create_positioning, create_showcase
from .domain.grid import Grid
from .extensions import db
from .grid_registry import get_catalogue
from .models import Assessment, Organisation, Service, User

GRID_ID, GRID_VERSION = "doctrine", "2025.1"


@dataclass
class DemoReport:
    """What a run created, so that the command can say it."""

    created: dict[str, int] = field(default_factory=dict)
    passwords_set: int = 0

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1


def _organisation(fields: dict[str, str], report: DemoReport) -> Organisation:
    kind = fields["kind"]
    query = select(Organisation).where(Organisation.kind == kind)
    if kind == "editeur":
        query = query.where(Organisation.siren == fields["siren"])
    elif kind == "etablissement":
        query = query.where(Organisation.uai == fields["uai"])
    elif kind == "collectivite":
        query = query.where(
            Organisation.territory_kind == fields["territory_kind"],
            Organisation.territory_code == fields["territory_code"],
        )
    else:
        query = query.where(Organisation.name == fields["name"])
    organisation = db.session.scalars(query.limit(1)).first()
    if organisation is None:
        organisation = Organisation(**fields)
        db.session.add(organisation)
        db.session.flush()
        journal.record(
            None,
            "organisation.create",
            "organisation",
            organisation.id,
            organisation_id=organisation.id,
            detail=DETAIL,
            after=accounts.organisation_fields(organisation),
        )
        report.count("organisations")
    return organisation


def _user(
    email: str,
    name: str,
    organisation: Organisation,
    password: str,
    reset: bool,
    report: DemoReport,
) -> User:
    user = accounts.find_user(email)
    if user is None:
        user = User(
            email=email,
            name=name,
            password_hash=accounts.hash_password(password),
            organisation_id=organisation.id,
            role="owner",
        )
        db.session.add(user)
        db.session.flush()
        journal.record(
            None,
            "user.create",
            "user",
            user.id,
            organisation_id=organisation.id,
            detail=DETAIL,
            after=accounts.user_fields(user),
        )
        report.count("accounts")
        report.passwords_set += 1
    elif reset and not check_password_hash(user.password_hash, password):
        user.password_hash = accounts.hash_password(password)
        journal.record(
            None,
            "user.password",
            "user",
            user.id,
            organisation_id=user.organisation_id,
            detail=DETAIL,
        )
        report.passwords_set += 1
    return user


def _service(spec: DemoService, organisation: Organisation, report: DemoReport) -> Service:
    service = db.session.scalars(
        select(Service).where(Service.organisation_id == organisation.id, Service.name == spec.name)
    ).first()
    if service is None:
        service = Service(
            organisation_id=organisation.id,
            name=spec.name,
            category=spec.category,
            description=spec.description,
            url=spec.url,
        )
        db.session.add(service)
        db.session.flush()
        journal.record(
            None,
            "service.create",
            "service",
            service.id,
            organisation_id=organisation.id,
            detail=DETAIL,
            after={"name": service.name, "category": service.category},
        )
        report.count("services")
    return service


def build_demo(
    grid: Grid,
    password: str,
    *,
    reset_passwords: bool = False,
    showcase_grid: Grid | None = None,
) -> DemoReport:
    """Create whatever demo object is missing (in the current transaction); touch nothing
    that exists, except the demo accounts' password when ``reset_passwords``.

    The catalogue's published positionings (``SHOWCASE``) answer ``showcase_grid`` (the
    newest version of the grid; default ``grid``)."""
    report = DemoReport()
    organisations = {
        key: _organisation(fields, report) for key, fields in DEMO_ORGANISATIONS.items()
    }
    owners: dict[str, User] = {}
    for email, (name, key) in DEMO_USERS.items():
        owners[key] = _user(email, name, organisations[key], password, reset_passwords, report)
    services = {
        spec.key: _service(spec, organisations[spec.organisation], report) for spec in DEMO_SERVICES
    }
    done: dict[str, Assessment] = {}
    for plan in DEMO_PLANS:
        done[plan.key], created = create_positioning(
            plan,
            grid,
            services[plan.service],
            organisations[plan.organisation],
            owners[plan.organisation],
            done,
        )
        if created:
            report.count("positionings")
    for show in SHOWCASE:
        service = services[show.service]
        owner = owners[next(s.organisation for s in DEMO_SERVICES if s.key == show.service)]
        _assessment, created = create_showcase(show, showcase_grid or grid, service, owner)
        if created:
            report.count("positionings")
    create_demo_audits(done, organisations, owners, report)
    return report


@click.command("demo")
@click.option("--password", default=None, help="Password of the demo accounts (12+ chars).")
@click.option("--force", is_flag=True, help="Run even outside development (REPERE_ENV).")
@with_appcontext
def demo_command(password: str | None, force: bool) -> None:
    """Create the demo organisations, accounts, services and positionings (idempotent)."""
    env = current_app.config["ENV_NAME"]
    if env != "development" and not force:
        click.echo(
            f"demo: refused, this is not a development instance (REPERE_ENV={env}); "
            "add --force if you really want demo accounts here.",
            err=True,
        )
        raise click.exceptions.Exit(1)
    if password is not None and len(password) < accounts.PASSWORD_MIN_LENGTH:
        raise click.BadParameter("at least 12 characters", param_hint="--password")
    if password is not None and accounts.password_problem(password, None) == "common":
        raise click.BadParameter("one of the most common passwords", param_hint="--password")
    grid = get_catalogue(current_app).get(GRID_ID, GRID_VERSION)
    if grid is None:
        click.echo(f"demo: grid {GRID_ID} {GRID_VERSION} not found: run `grids check`", err=True)
        raise click.exceptions.Exit(1)
    chosen = password or secrets.token_urlsafe(12)
    newest = get_catalogue(current_app).latest(GRID_ID) or grid
    report = build_demo(grid, chosen, reset_passwords=password is not None, showcase_grid=newest)
    db.session.commit()
    if not report.created and not report.passwords_set:
        click.echo("Demo data already present: nothing changed.")
        return
    made = ", ".join(f"{count} {what}" for what, count in report.created.items()) or "nothing"
    click.echo(f"Demo data ready. Created: {made}.")
    click.echo("Accounts: " + ", ".join(DEMO_USERS))
    if report.passwords_set:
        shown = "the one given with --password" if password else chosen
        click.echo(f"Password of the demo accounts created or updated now: {shown}")
        if not password:
            click.echo("It is shown only once; run again with --password P to choose another.")
