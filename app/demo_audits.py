"""The demo's audits (part of `flask --app wsgi demo`): the région follows two services,
has one audit in progress with a question the vendor answered, and one finished with a
"favorable avec réserves" opinion. Idempotent: what exists is left alone."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from sqlalchemy import select

from . import journal
from .audits.opinions import Reservation, issue_opinion
from .audits.reviews import ReviewValue, save_review
from .audits.rules import is_followed
from .audits.threads import post_message
from .extensions import db
from .models import Assessment, Audit, FollowedService, Organisation, User


class Counter(Protocol):
    def count(self, what: str) -> None: ...


def _follow(region: Organisation, reviewer: User, assessment: Assessment) -> None:
    if not is_followed(region.id, assessment.service_id):
        db.session.add(
            FollowedService(
                organisation_id=region.id,
                service_id=assessment.service_id,
                followed_by_id=reviewer.id,
            )
        )
        journal.record(reviewer, "service.follow", "service", assessment.service_id)


def _new_audit(region: Organisation, reviewer: User, assessment: Assessment) -> Audit | None:
    """A new audit of ``assessment``, or None when the région already has one."""
    existing = db.session.scalar(
        select(Audit.id).where(
            Audit.organisation_id == region.id, Audit.assessment_id == assessment.id
        )
    )
    if existing is not None:
        return None
    audit = Audit(organisation_id=region.id, assessment_id=assessment.id, opened_by_id=reviewer.id)
    db.session.add(audit)
    db.session.flush()
    journal.record(reviewer, "audit.open", "audit", audit.id, after={"assessment": assessment.id})
    return audit


def create_demo_audits(
    done: dict[str, Assessment],
    organisations: dict[str, Organisation],
    owners: dict[str, User],
    report: Counter,
) -> None:
    """The région's portfolio and audits of the demo's frozen positionings."""
    matheo, agora = done.get("matheo-published"), done.get("agora-submitted")
    if matheo is None or agora is None or matheo.status == "draft" or agora.status == "draft":
        return
    region, reviewer = organisations["collectivite"], owners["collectivite"]
    for assessment in (matheo, agora):
        _follow(region, reviewer, assessment)
    in_progress = _new_audit(region, reviewer, matheo)
    if in_progress is not None:
        save_review(
            in_progress,
            "SOC-EDU-01",
            ReviewValue("verifie", 4, "ÉduConnect constaté sur l'instance de démonstration."),
            0,
            reviewer,
        )
        save_review(
            in_progress,
            "INT-DATA-06",
            ReviewValue("information_demandee", None, "Justification à préciser.", True),
            0,
            reviewer,
        )
        post_message(
            in_progress,
            "INT-DATA-06",
            "Les exercices générés peuvent-ils être exportés vers l'ENT des lycées ?",
            reviewer,
        )
        post_message(
            in_progress,
            "INT-DATA-06",
            "Oui : chaque séance s'exporte en PDF et en lien profond vers l'ENT.",
            owners["editeur2"],
        )
        report.count("audits")
    finished = _new_audit(region, reviewer, agora)
    if finished is not None:
        save_review(
            finished,
            "NR-DEC-09",
            ReviewValue("conteste", 1, "Le délai de 24 h n'est pas activé par défaut.", True),
            0,
            reviewer,
        )
        save_review(
            finished,
            "SOC-SCOPE-01",
            ReviewValue("verifie", 3, "Échanges SCOPE constatés.", True),
            0,
            reviewer,
        )
        issue_opinion(
            finished,
            "favorable_reserves",
            "Déploiement possible, sous réserve du délai de publication des notes.",
            [
                Reservation(
                    "Activer par défaut le délai avant l'envoi des notes aux familles.",
                    ("NR-DEC-09", "NR-DEC-10"),
                    dt.date(2027, 1, 31),
                )
            ],
            reviewer,
        )
        report.count("audits")
