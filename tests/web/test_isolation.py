"""Organisations are isolated: every route that takes an object id, enumerated from the URL
map, refuses another organisation's draft (404, or 403 for a write on what may be seen).

A new route with an id fails :func:`test_every_id_route_is_covered` until it is added to
``CASES`` below, with the requests that prove it keeps its organisation's work private.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Assessment, Audit, Invitation, Job, Organisation, Service, User
from tests.assessments.support import World, build_world, client_for, new_assessment, save, token


@dataclass
class Targets:
    """Someone else's objects: the vendor's draft, service and organisation; a principal's draft."""

    world: World
    vendor_draft: Assessment
    school_draft: Assessment
    invitation: Invitation
    audit: Audit  # another région's audit of the vendor's published positioning of a 2nd service
    job: Job  # that région's finished "all reports" job
    auditor: User


Request = tuple[str, str, dict[str, Any]]  # method, url, keyword arguments for client.open

OWNER_FORM = {"level": "2", "revision": "0"}


def _answer(t: Targets) -> dict[str, Any]:
    return {"json": {"level": 4, "revision": 0}}


def _page(t: Targets, form: bool) -> dict[str, Any]:
    return {"data": {"c-INT-ID-01-level": "4"}} if form else {}


# endpoint -> requests on the VENDOR's objects (as seen by another vendor and a principal)
CASES: dict[str, Callable[[Targets], list[Request]]] = {
    "assessments.view": lambda t: [("GET", f"/positionnements/{t.vendor_draft.id}", {})],
    "assessments.questionnaire_start": lambda t: [
        ("GET", f"/positionnements/{t.vendor_draft.id}/questionnaire", {})
    ],
    "assessments.questionnaire": lambda t: [
        ("GET", f"/positionnements/{t.vendor_draft.id}/questionnaire/interoperabilite", {}),
        (
            "POST",
            f"/positionnements/{t.vendor_draft.id}/questionnaire/interoperabilite",
            _page(t, True),
        ),
    ],
    "assessments.save_answer": lambda t: [
        ("POST", f"/positionnements/{t.vendor_draft.id}/reponses/INT-ID-01", _answer(t)),
        ("POST", f"/positionnements/{t.vendor_draft.id}/reponses/INT-ID-01", {"data": OWNER_FORM}),
    ],
    "assessments.submit_summary": lambda t: [
        ("GET", f"/positionnements/{t.vendor_draft.id}/soumettre", {}),
        ("POST", f"/positionnements/{t.vendor_draft.id}/soumettre", {"data": {"version": "1"}}),
    ],
    "assessments.publish_assessment": lambda t: [
        ("GET", f"/positionnements/{t.vendor_draft.id}/publier", {}),
        ("POST", f"/positionnements/{t.vendor_draft.id}/publier", {"data": {"incomplete": "y"}}),
    ],
    "assessments.withdraw_assessment": lambda t: [
        ("GET", f"/positionnements/{t.vendor_draft.id}/retirer", {}),
        ("POST", f"/positionnements/{t.vendor_draft.id}/retirer", {}),
    ],
    # public pages, but only of what was published: a draft is a 404 for everyone
    "catalogue.published": lambda t: [("GET", f"/catalogue/{t.vendor_draft.id}", {})],
    "catalogue.published_report": lambda t: [
        ("GET", f"/catalogue/{t.vendor_draft.id}/rapport.pdf", {})
    ],
    "assessments.edition_new": lambda t: [
        ("POST", f"/positionnements/{t.vendor_draft.id}/nouvelle-edition", {})
    ],
    "assessments.service_edit": lambda t: [
        ("GET", f"/services/{t.world.service.id}/modifier", {}),
        (
            "POST",
            f"/services/{t.world.service.id}/modifier",
            {"data": {"name": "pwned", "category": "ent"}},
        ),
    ],
    "assessments.report": lambda t: [
        ("GET", f"/positionnements/{t.vendor_draft.id}/rapport.pdf", {})
    ],
    "assessments.synthesis": lambda t: [
        ("GET", f"/positionnements/{t.vendor_draft.id}/synthese.pdf", {})
    ],
    "assessments.export": lambda t: [
        ("GET", f"/positionnements/{t.vendor_draft.id}/export.{kind}", {})
        for kind in ("xlsx", "csv", "json")
    ],
    "assessments.service_view": lambda t: [("GET", f"/services/{t.world.service.id}", {})],
    "auth.organisation_page": lambda t: [("GET", f"/organisations/{t.world.vendor.id}", {})],
    "auth.create_invitation": lambda t: [
        (
            "POST",
            f"/organisations/{t.world.vendor.id}/invitations",
            {"data": {"email": "x@evil.test", "role": "owner"}},
        ),
    ],
    "auth.revoke_invitation": lambda t: [
        ("POST", f"/organisations/{t.world.vendor.id}/invitations/{t.invitation.id}/revoke", {}),
    ],
    "auth.journal_page": lambda t: [("GET", f"/organisations/{t.world.vendor.id}/journal", {})],
    # audits: the auditing région's (t.auditor) objects, which the attackers may not reach
    "audits.view": lambda t: [("GET", f"/audits/{t.audit.id}", {})],
    "audits.save_criterion": lambda t: [
        (
            "POST",
            f"/audits/{t.audit.id}/criteres/INT-ID-01",
            {"data": {"status": "verifie", "level": "3", "revision": "0"}},
        )
    ],
    "audits.post_criterion_message": lambda t: [
        ("POST", f"/audits/{t.audit.id}/criteres/INT-ID-01/messages", {"data": {"body": "?"}})
    ],
    "audits.report": lambda t: [("GET", f"/audits/{t.audit.id}/rapport.pdf", {})],
    "audits.archive_status": lambda t: [("GET", f"/portefeuille/rapports/{t.job.id}", {})],
    "audits.archive_download": lambda t: [
        ("GET", f"/portefeuille/rapports/{t.job.id}/rapports.zip", {})
    ],
    "audits.issue": lambda t: [  # last: it closes the audit
        ("POST", f"/audits/{t.audit.id}/avis", {"data": {"opinion": "defavorable"}})
    ],
}

# What a principal may see of a vendor by design: a service's page (services are public by
# name, so that any tool can be positioned); it must not reveal the vendor's draft.
PUBLIC_TO_OTHERS = {"assessments.service_view": ("etablissement", "collectivite", "admin")}
# Pages whose only purpose is a change: 403 is a fair answer when the object itself is visible.
WRITE_PAGES = {"assessments.service_edit"}


# a variable part of a rule as written: <name>, <converter:name> or <converter(args):name>
VARIABLE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _takes_an_id(rule: Any) -> bool:
    return any(
        converter == "int" or name.endswith("_id")
        for converter, name in VARIABLE.findall(rule.rule)
    )


def test_every_id_route_is_covered(app: Flask) -> None:
    id_routes = {rule.endpoint for rule in app.url_map.iter_rules() if _takes_an_id(rule)}
    missing = id_routes - set(CASES)
    assert not missing, f"routes with an object id and no isolation case: {sorted(missing)}"
    assert set(CASES) <= id_routes, "stale cases: " + ", ".join(sorted(set(CASES) - id_routes))
    for rule in app.url_map.iter_rules():
        if rule.endpoint in CASES:
            methods = {m for m in rule.methods or () if m not in ("HEAD", "OPTIONS")}
            tried = {method for method, _url, _kw in CASES[rule.endpoint](_dummy_targets())}
            assert methods <= tried, f"{rule.endpoint}: also try {sorted(methods - tried)}"


def _dummy_targets() -> Targets:
    class Anything:
        id = 0

        def __getattr__(self, _name: str) -> Any:
            return self

    anything: Any = Anything()
    return Targets(anything, anything, anything, anything, anything, anything, anything)


@pytest.fixture
def targets(app: Flask, make_org: Any, make_user: Any) -> Targets:
    world = build_world(make_org, make_user)
    alice, paul = client_for(app, world.alice), client_for(app, world.paul)
    vendor_draft = new_assessment(alice, world.service)
    assert (
        save(alice, vendor_draft.id, "INT-ID-01", 0, level=1, comment="secret").status_code == 200
    )
    school_draft = new_assessment(paul, world.service)
    assert (
        save(paul, school_draft.id, "INT-ID-01", 0, level=2, comment="private").status_code == 200
    )
    invitation = Invitation(
        organisation_id=world.vendor.id,
        email="new@vendor.test",
        role="member",
        token_hash="0" * 64,
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=7),
        created_by_id=world.alice.id,
    )
    db.session.add(invitation)
    db.session.commit()
    audit, job, auditor = _audit_targets(app, world, make_org, make_user)
    return Targets(world, vendor_draft, school_draft, invitation, audit, job, auditor)


def _audit_targets(app: Flask, world: World, make_org: Any, make_user: Any) -> tuple[Any, ...]:
    """Another région follows and audits a second service of the vendor, and has a ZIP job."""
    from app import jobs
    from tests.audits.support import follow, open_audit, published_positioning

    other = make_org("collectivite", "Autre Région", territory_kind="region", territory_code="84")
    auditor = make_user(other, "zoe@autre-region.test", "owner", "Zoé")
    service = Service(organisation_id=world.vendor.id, name="Vie scolaire", category="ent")
    db.session.add(service)
    db.session.commit()
    assessment = published_positioning(app, world, service)
    client = client_for(app, auditor)
    assert follow(client, service.id).status_code == 303
    audit = db.session.get(Audit, open_audit(client, assessment.id))
    job = jobs.create("portfolio_zip", other.id, auditor.id, 1)
    job.status = "done"
    db.session.commit()
    jobs.result_path(job).write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty ZIP
    return audit, job, auditor


def _send(client: FlaskClient, method: str, url: str, kwargs: dict[str, Any]) -> int:
    kwargs = dict(kwargs)
    csrf = token(client)
    if "json" in kwargs:
        kwargs["headers"] = {"X-CSRFToken": csrf}
    elif method == "POST":
        kwargs["data"] = {**kwargs.get("data", {}), "csrf_token": csrf}
    with client.open(url, method=method, **kwargs) as response:  # closes a file sent
        return response.status_code


def _attackers(app: Flask, world: World) -> dict[str, FlaskClient]:
    return {
        "editeur": client_for(app, world.bob),
        "etablissement": client_for(app, world.paul),
        "collectivite": client_for(app, world.claire),
    }


def test_others_cannot_reach_the_vendors_draft(app: Flask, targets: Targets) -> None:
    world = targets.world
    for kind, client in _attackers(app, world).items():
        for endpoint, build in CASES.items():
            for method, url, kwargs in build(targets):
                status = _send(client, method, url, kwargs)
                if kind in PUBLIC_TO_OTHERS.get(endpoint, ()):
                    assert status == 200, (kind, method, url, status)
                    page = client.get(url).get_data(as_text=True)
                    assert f"/positionnements/{targets.vendor_draft.id}" not in page
                    assert "secret" not in page
                    continue
                writes = method != "GET" or endpoint in WRITE_PAGES
                expected = {403, 404} if writes else {404}
                assert status in expected, (kind, method, url, status)
    _assert_untouched(targets)


def test_the_vendors_own_members_reach_every_case(app: Flask, targets: Targets) -> None:
    """The same requests as the owner succeed: the refusals above are not wrong URLs."""
    alice = client_for(app, targets.world.alice)
    auditor = client_for(app, targets.auditor)
    order = [
        e
        for e in CASES
        if e
        not in (
            "assessments.publish_assessment",
            "assessments.edition_new",
            "assessments.submit_summary",
            "assessments.withdraw_assessment",
            "catalogue.published",
            "catalogue.published_report",
        )
    ]
    order += [
        "assessments.submit_summary",
        "assessments.publish_assessment",
        "catalogue.published",
        "catalogue.published_report",
        "assessments.withdraw_assessment",
        "assessments.edition_new",
    ]
    for endpoint in order:
        for method, url, kwargs in CASES[endpoint](targets):
            if endpoint == "assessments.submit_summary" and method == "POST":
                db.session.expire_all()
                version = db.session.get(Assessment, targets.vendor_draft.id).version
                kwargs = {"data": {"version": str(version)}}
            client = auditor if endpoint.startswith("audits.") else alice
            status = _send(client, method, url, kwargs)
            assert status not in (403, 404), (endpoint, method, url, status)


def test_a_principals_draft_is_private_too(app: Flask, targets: Targets) -> None:
    draft = targets.school_draft.id
    urls = [
        ("GET", f"/positionnements/{draft}", {}),
        ("GET", f"/positionnements/{draft}/questionnaire/interoperabilite", {}),
        ("POST", f"/positionnements/{draft}/reponses/INT-ID-01", {"json": {"level": 0}}),
        ("GET", f"/positionnements/{draft}/soumettre", {}),
        ("POST", f"/positionnements/{draft}/publier", {}),
        ("POST", f"/positionnements/{draft}/nouvelle-edition", {}),
    ]
    world = targets.world
    for user in (world.alice, world.bob, world.claire):
        client = client_for(app, user)
        for method, url, kwargs in urls:
            assert _send(client, method, url, kwargs) == 404, (user.email, method, url)
        assert "private" not in client.get("/tableau-de-bord").get_data(as_text=True)


def test_admins_read_drafts_but_change_nothing(app: Flask, targets: Targets) -> None:
    root = client_for(app, targets.world.root)
    draft = targets.vendor_draft.id
    assert root.get(f"/positionnements/{draft}").status_code == 200
    assert (
        _send(
            root,
            "POST",
            f"/positionnements/{draft}/reponses/INT-ID-01",
            {"json": {"level": 4, "revision": 1}},
        )
        == 403
    )
    assert _send(root, "POST", f"/positionnements/{draft}/soumettre", {}) == 403
    assert _send(root, "POST", f"/positionnements/{draft}/publier", {}) == 403
    _assert_untouched(targets)


def test_dashboards_and_lists_show_no_one_elses_draft(app: Flask, targets: Targets) -> None:
    world = targets.world
    for client in _attackers(app, world).values():
        for url in ("/tableau-de-bord", f"/services/{world.service.id}"):
            response = client.get(url)
            if response.status_code == 200:
                page = response.get_data(as_text=True)
                assert f'/positionnements/{targets.vendor_draft.id}"' not in page, url
                assert "secret" not in page, url


def _assert_untouched(targets: Targets) -> None:
    db.session.expire_all()
    vendor_draft = db.session.get(Assessment, targets.vendor_draft.id)
    assert vendor_draft is not None
    assert (vendor_draft.status, vendor_draft.edition) == ("draft", 1)
    assert [(a.criterion_id, a.level, a.comment) for a in vendor_draft.answers] == [
        ("INT-ID-01", 1, "secret")
    ]
    assert db.session.get(Invitation, targets.invitation.id).used_at is None
    organisation = db.session.get(Organisation, targets.world.vendor.id)
    assert organisation is not None
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(Assessment)
            .where(Assessment.previous_id.is_not(None))
        )
        == 0
    )
