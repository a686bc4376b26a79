"""In a real browser: a région follows a published service, opens an audit, contests a
criterion and asks a question; the vendor answers it; the région issues its opinion and
downloads the audit report."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from pypdf import PdfReader
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models import Assessment, Organisation, User

pytestmark = pytest.mark.browser

PASSWORD = "une phrase de passe assez longue"
REGION = "claire@grand-est.test"
VENDOR = "editeur2@demo.test"  # Mathéo's vendor in the demo


def seed(app: Flask) -> int:
    """The demo data, and a second région that audits nothing yet; Mathéo's published id."""
    result = app.test_cli_runner().invoke(args=["demo", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    with app.app_context():
        region = Organisation(
            kind="collectivite", name="Région Grand Est", territory_kind="region",
            territory_code="44",
        )  # fmt: skip
        db.session.add(region)
        db.session.flush()
        db.session.add(
            User(
                email=REGION,
                name="Claire",
                password_hash=generate_password_hash(PASSWORD, app.config["PASSWORD_HASH_METHOD"]),
                organisation_id=region.id,
                role="owner",
            )
        )
        db.session.commit()
        published = db.session.scalars(
            select(Assessment).where(Assessment.status == "published").order_by(Assessment.id)
        ).first()
        assert published is not None
        return published.id


def sign_in(page: Any, server: str, email: str) -> None:
    page.goto(f"{server}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]:not(.link-button)")
    page.wait_for_url(f"{server}/tableau-de-bord*")


def test_an_audit_from_opening_to_its_report(live_app: Flask, server: str, browser: Any) -> None:
    published_id = seed(live_app)
    region = browser.new_context(accept_downloads=True, locale="fr-FR").new_page()
    sign_in(region, server, REGION)
    region.goto(f"{server}/positionnements/{published_id}")
    region.click("#follow")
    region.click("#open-audit")
    region.wait_for_url(f"{server}/audits/*")
    audit_url = region.url.split("#")[0]
    first = region.locator("article.audit-row").first
    criterion = first.get_attribute("id")
    assert criterion and criterion.startswith("c-")
    card = f"#{criterion}"
    region.check(f"{card} input[name=status][value=conteste]")
    region.select_option(f"{card} select[name=level]", "1")
    region.fill(f"{card} textarea[name=comment]", "Preuve insuffisante")
    region.click(f"{card} .review-form button[type=submit]")
    region.wait_for_selector(f'{card}[data-review="conteste"]')
    region.fill(f"{card} textarea[name=body]", "Pouvez-vous fournir le contrat ?")
    region.click(f"{card} .thread button[type=submit]")
    region.wait_for_selector("text=Demande d'information envoyée.")

    vendor = browser.new_context(locale="fr-FR").new_page()
    sign_in(vendor, server, VENDOR)
    assert vendor.text_content("#audit-requests-count") == "1"
    vendor.click("#audit-requests a")
    vendor.fill(f"{card} textarea[name=body]", "Le contrat est en annexe du marché.")
    vendor.click(f"{card} .thread button[type=submit]")
    vendor.wait_for_selector("text=Réponse envoyée.")
    assert "Preuve insuffisante" in (vendor.text_content(card) or "")

    region.goto(audit_url)
    assert "Le contrat est en annexe du marché." in (region.text_content(card) or "")
    region.check("input[name=opinion][value=defavorable]")
    region.fill("#opinion-comment", "Contrat non fourni à temps")
    region.click("#issue-opinion")
    region.wait_for_selector("#opinion")
    assert "Défavorable" in (region.text_content("#opinion") or "")
    with region.expect_download() as download:
        region.click("#audit-pdf")
    pdf = download.value.path().read_bytes()
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Défavorable" in text and "Preuve insuffisante" in text
