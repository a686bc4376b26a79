"""The audit report: opinion and reservations, declared against audited figures, the verified
and contested criteria with the reviewer's comment, a summary of the threads.

Laid out by the project's isolated renderer (reports.isolation), which fetches nothing but
our own assets. Every text is escaped by the report templates' autoescaping.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _

from reports.isolation import html_to_pdf_isolated
from reports.pdf import environment

from ..domain.scoring import Figures
from .pages import AuditView
from .presentation import OPINION_LABELS, REVIEW_LABELS, VERDICT_LABELS, date_text, lang, number

EXCERPT = 300


def _figures(title: str, declared: Figures, audited: Figures) -> dict[str, str]:
    return {
        "title": title,
        "declared_maturity": number(declared.maturity),
        "audited_maturity": number(audited.maturity),
        "declared_rate": number(declared.conformity_rate),
        "audited_rate": number(audited.conformity_rate),
        "declared_blockers": str(len(declared.blockers)),
        "audited_blockers": str(len(audited.blockers)),
    }


def report_context(view: AuditView) -> dict[str, Any]:
    """The report's content as plain texts, in the current language."""
    language = lang()
    audit, edition, scale = view.audit, view.edition, view.grid.scale
    figures = [
        _figures(
            view.referentiel_title(ref.id, language),
            ref.figures,
            view.audited.referentiel(ref.id).figures,
        )
        for ref in view.declared.referentiels
    ]
    figures.append(_figures(_("Ensemble"), view.declared.figures, view.audited.figures))
    reviewed = [
        {
            "id": row.criterion.id,
            "title": row.criterion.title.get(language),
            "status": str(REVIEW_LABELS[row.review.status]),
            "level": (
                f"{row.review.level} — {scale.label(row.review.level, language)}"
                if row.review.level is not None
                else ""
            ),
            "comment": row.review.comment,
        }
        for row in view.rows
        if row.review.status in ("verifie", "conteste")
    ]
    threads = [
        {
            "id": row.criterion.id,
            "count": len(row.thread),
            "state": _("en attente de l'éditeur") if row.open_request else _("répondu"),
            "last": row.thread[-1].body[:EXCERPT],
        }
        for row in view.rows
        if row.thread
    ]
    return {
        "lang": language,
        "title": _("Rapport d'audit"),
        "service": edition.service_name,
        "vendor": edition.vendor_name,
        "auditor": audit.organisation.name,
        "edition": _(
            "Édition %(n)s, grille %(grid)s %(version)s",
            n=edition.edition,
            grid=edition.grid_id,
            version=edition.grid_version,
        ),
        "date": date_text(dt.date.today()),
        "opinion": str(OPINION_LABELS[audit.opinion])
        if audit.opinion
        else _("Audit en cours : pas encore d'avis"),
        "opinion_meta": (
            _(
                "rendu le %(date)s par %(who)s",
                date=date_text(audit.opinion_at),
                who=audit.opinion_by.name if audit.opinion_by else "",
            )
            if audit.opinion
            else ""
        ),
        "opinion_comment": audit.opinion_comment or "",
        "reservations": [
            {"text": r.text, "criteria": ", ".join(r.criteria), "due": date_text(r.due_date)}
            for r in view.reservations
        ],
        "verdicts": _(
            "Verdict déclaré : %(declared)s ; verdict audité : %(audited)s",
            declared=VERDICT_LABELS[view.declared.verdict],
            audited=VERDICT_LABELS[view.audited.verdict],
        ),
        "figures": figures,
        "reviewed": reviewed,
        "threads": threads,
        "labels": {
            "opinion": _("Avis"),
            "reservations": _("Réserves"),
            "criteria": _("critères"),
            "due": _("échéance"),
            "figures": _("Chiffres déclarés et audités"),
            "scope": _("Périmètre"),
            "maturity": _("Maturité"),
            "rate": _("Conformité (%)"),
            "blockers": _("Bloquants"),
            "declared": _("déclaré"),
            "audited": _("audité"),
            "reviewed": _("Critères vérifiés ou contestés"),
            "none_reviewed": _("Aucun critère vérifié ni contesté pour l'instant."),
            "threads": _("Échanges avec l'éditeur"),
            "no_threads": _("Aucune demande d'information."),
            "messages": _("messages"),
            "by": _("Audit mené par"),
        },
    }


def audit_report_html(view: AuditView) -> str:
    return environment().get_template("audit.html").render(**report_context(view))


def audit_report_pdf(view: AuditView) -> bytes:
    """The report as a PDF, laid out in the recycled child process that fetches nothing."""
    return html_to_pdf_isolated(audit_report_html(view))
