"""Hostile text in every free-text field: never a 500, on SQLite and PostgreSQL alike, and
nothing stored carries a NUL, another control character, a lone surrogate or a bidi override.

Form posts arrive as bytes (a lone surrogate cannot be UTF-8: Werkzeug decodes it as U+FFFD);
the autosave's JSON may carry "\\ud800" escapes, which decode to lone surrogates.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app import accounts
from app.domain.text import has_unsafe_characters
from app.extensions import db
from app.models import AnswerRecord, Invitation, Organisation, Service, User
from tests.assessments.support import client_for, page_fields, token
from tests.auth.support import csrf_token

NASTY = [
    "\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\r", "\r\n",
    "\ud800", "\udfff", "\u202a", "\u202e", "\u2066", "\u2069", "\t", "\n", "é", "<b>",
]  # fmt: skip
hostile = st.lists(
    st.one_of(st.sampled_from(NASTY), st.characters(max_codepoint=0x2FFF)), min_size=1, max_size=40
).map("".join)
FEW = settings(
    max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)


def _clean(value: object) -> bool:
    if isinstance(value, str):
        return not has_unsafe_characters(value)
    if isinstance(value, list):
        return all(_clean(item) for item in value)
    return True


def _form_post(client: FlaskClient, path: str, fields: dict[str, str]) -> int:
    """POST a form as raw bytes: lone surrogates travel as the bytes a browser would send."""
    data = {"csrf_token": csrf_token(client), **fields}
    body = "&".join(
        f"{quote(name)}={quote(value.encode('utf-8', 'surrogatepass'))}"
        for name, value in data.items()
    )
    response = client.post(
        path, data=body.encode("ascii"), content_type="application/x-www-form-urlencoded"
    )
    return response.status_code


@FEW
@given(justification=hostile, comment=hostile, link=hostile)
def test_the_autosave_stores_clean_text_or_refuses(
    app: Flask, world: Any, draft: Any, justification: str, comment: str, link: str
) -> None:
    app.config["AUTOSAVE_RATE_LIMIT"] = "100000 per minute"
    client = client_for(app, world.alice)
    db.session.expire_all()
    revision = db.session.scalar(
        select(AnswerRecord.revision).where(
            AnswerRecord.assessment_id == draft.id, AnswerRecord.criterion_id == "SEC-HOM-02"
        )
    )
    payload = {
        "revision": revision or 0,
        "level": 2,
        "not_applicable": False,
        "justification": justification,
        "comment": comment,
        "evidence": "https://exemple.fr/" + "".join(link.split()),
    }
    response = client.post(
        f"/positionnements/{draft.id}/reponses/SEC-HOM-02",
        data=json.dumps(payload),  # ensure_ascii: a lone surrogate travels as "\ud800"
        content_type="application/json",
        headers={"X-CSRFToken": token(client)},
    )
    assert response.status_code in (200, 422), response.get_data(as_text=True)
    db.session.expire_all()
    records = db.session.scalars(select(AnswerRecord).where(AnswerRecord.assessment_id == draft.id))
    for record in records:
        assert _clean(record.justification) and _clean(record.comment)
        assert _clean(record.evidence)


@FEW
@given(name=hostile, description=hostile, path=hostile)
def test_service_names_and_descriptions_are_stored_clean(
    app: Flask, world: Any, name: str, description: str, path: str
) -> None:
    client = client_for(app, world.alice)
    url = "https://exemple.fr/" + path.replace(" ", "")
    code = _form_post(
        client,
        "/services/nouveau",
        {"name": name, "category": "ent", "description": description, "url": url},
    )
    assert code < 500
    db.session.expire_all()
    for service in db.session.scalars(select(Service)):
        assert _clean(service.name) and _clean(service.description) and _clean(service.url)


def _siren(base: int) -> str:
    """A valid SIREN (Luhn key) from 8 digits."""
    digits = f"{base:08d}"
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return digits + str((10 - total % 10) % 10)


@FEW
@given(organisation=hostile, person=hostile, password=hostile, base=st.integers(10**7, 10**8 - 1))
def test_registration_stores_clean_names(
    app: Flask, organisation: str, person: str, password: str, base: int
) -> None:
    client = app.test_client()
    code = _form_post(
        client,
        "/register",
        {
            "kind": "editeur",
            "organisation_name": organisation,
            "siren": _siren(base),
            "name": person,
            "email": f"u{base}@exemple.fr",
            "password": password + " une phrase assez longue",
            "password_confirm": password + " une phrase assez longue",
        },
    )
    assert code in (200, 302, 409)
    db.session.expire_all()
    for found in db.session.scalars(select(Organisation)):
        assert _clean(found.name)
    for user in db.session.scalars(select(User)):
        assert _clean(user.name) and _clean(user.email)


@FEW
@given(email=hostile, password=hostile)
def test_sign_in_invitations_and_names_never_fail(
    app: Flask, world: Any, email: str, password: str
) -> None:
    app.config["LOGIN_RATE_LIMIT"] = "100000 per minute"
    anonymous = app.test_client()
    # 429: the same address failed too often (app/auth/throttle.py): an answer too, not a 500
    assert _form_post(anonymous, "/login", {"email": email, "password": password}) in (200, 429)
    owner = client_for(app, world.alice)
    invitations = f"/organisations/{world.vendor.id}/invitations"
    assert _form_post(owner, invitations, {"email": email, "role": "member"}) < 500
    db.session.expire_all()
    for invitation in db.session.scalars(select(Invitation)):
        assert _clean(invitation.email)
    code = _form_post(owner, "/compte/mot-de-passe", {"current_password": password})
    assert code < 500


def test_a_nul_a_lone_surrogate_and_an_override_are_removed_not_refused(
    app: Flask, world: Any, draft: Any
) -> None:
    client = client_for(app, world.alice)
    body = (
        '{"revision": 0, "level": 1, "comment": "avant\\u0000\\ud800\\u202eapr\\u00e8s\\r\\nfin",'
        ' "justification": "", "evidence": "https://exemple.fr/\\u0000preuve"}'
    )
    response = client.post(
        f"/positionnements/{draft.id}/reponses/INT-ID-01",
        data=body,
        content_type="application/json",
        headers={"X-CSRFToken": token(client)},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    db.session.expire_all()
    record = db.session.scalars(
        select(AnswerRecord).where(
            AnswerRecord.assessment_id == draft.id, AnswerRecord.criterion_id == "INT-ID-01"
        )
    ).one()
    assert record.comment == "avantaprès\nfin"
    assert record.evidence == ["https://exemple.fr/preuve"]


@FEW
@given(comment=hostile, justification=hostile)
def test_a_questionnaire_page_saved_without_javascript_stores_clean_text(
    app: Flask, world: Any, draft: Any, comment: str, justification: str
) -> None:
    client = client_for(app, world.alice)
    url = f"/positionnements/{draft.id}/questionnaire/interoperabilite"
    fields = page_fields(client.get(url).get_data(as_text=True))
    fields.update(
        {
            "c-INT-DATA-01-level": "2",
            "c-INT-DATA-01-comment": comment,
            "c-INT-ID-01-not_applicable": "y",
            "c-INT-ID-01-justification": justification,
        }
    )
    assert _form_post(client, url, fields) in (200, 303, 409, 422)  # 422: "N/A" needs a reason
    db.session.expire_all()
    for record in db.session.scalars(
        select(AnswerRecord).where(AnswerRecord.assessment_id == draft.id)
    ):
        assert _clean(record.justification) and _clean(record.comment)


@FEW
@given(person=hostile, password=hostile)
def test_accepting_an_invitation_stores_a_clean_name(
    app: Flask, world: Any, person: str, password: str
) -> None:
    invitation, link_token = accounts.invite(world.alice, "invitee@vendor.test", "member")
    db.session.commit()
    chosen = password + " une phrase assez longue"
    code = _form_post(
        app.test_client(),
        f"/invitation/{link_token}",
        {"name": person, "password": chosen, "password_confirm": chosen},
    )
    assert code in (200, 302, 409, 410)
    db.session.expire_all()
    for user in db.session.scalars(select(User)):
        assert _clean(user.name)
    for invitation in db.session.scalars(select(Invitation).where(Invitation.used_at.is_(None))):
        db.session.delete(invitation)  # the next example invites the same address again
    db.session.commit()
