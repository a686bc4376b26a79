"""The fixed words of the reports, in French and English, and how numbers are written."""

from __future__ import annotations

LANGS = ("fr", "en")

_LABELS: dict[str, tuple[str, str]] = {
    # key: (fr, en)
    "report_title": ("Rapport de positionnement", "Positioning report"),
    "product": (
        "Repère — auto-positionnement à la doctrine technique du numérique pour l'éducation",
        "Repère — self-assessment against the doctrine technique du numérique pour l'éducation",
    ),
    "service": ("Service", "Service"),
    "organisation": ("Organisation", "Organisation"),
    "category": ("Catégorie", "Category"),
    "audience": ("Positionnement rempli par", "Answered by"),
    "grid": ("Grille", "Grid"),
    "version": ("version", "version"),
    "report_date": ("Date du rapport", "Report date"),
    "verdict": ("Verdict", "Verdict"),
    "deadline": ("Échéance de mise en conformité", "Compliance deadline"),
    "deadline_unknown": ("Date non connue à ce jour", "Date not known yet"),
    "status_provisional": (
        "Grille provisoire : construite par Repère à partir des textes publics, ce n'est pas "
        "la grille officielle du ministère.",
        "Provisional grid: built by Repère from public texts, it is not the ministry's "
        "official grid.",
    ),
    "status_official": ("Grille officielle.", "Official grid."),
    "status_superseded": (
        "Grille remplacée par une version plus récente.",
        "Grid superseded by a newer version.",
    ),
    "key_figures": ("Chiffres clés", "Key figures"),
    "maturity": ("Maturité", "Maturity"),
    "conformity_rate": ("Taux de conformité", "Conformity rate"),
    "blockers": ("Bloquants", "Blockers"),
    "answered": ("Critères renseignés", "Criteria answered"),
    "not_applicable_count": ("Non applicables", "Not applicable"),
    "contents": ("Sommaire", "Contents"),
    "summary": ("Synthèse par référentiel", "Summary per référentiel"),
    "referentiel": ("Référentiel", "Référentiel"),
    "axis": ("Axe", "Axis"),
    "own_deadline": ("Échéance propre", "Own deadline"),
    "same_deadline": ("celle du rapport", "the report's"),
    "radar_title": ("Maturité par", "Maturity per"),
    "out_of": ("sur", "out of"),
    "chart_legend": (
        "Trait pointillé : niveau attendu ({expected} — {label}). Valeurs écrites : maturité "
        "sur {top} · taux de conformité ; « — » : non renseigné.",
        "Dashed line: expected level ({expected} — {label}). Written values: maturity out of "
        "{top} · conformity rate; '—': not answered.",
    ),
    "bars_title": ("Maturité par axe", "Maturity per axis"),
    "actions": ("Plan d'action", "Action plan"),
    "actions_intro": (
        "Les bloquants d'abord, puis les autres écarts, puis les critères à renseigner ; "
        "dans chaque groupe, le niveau le plus bas d'abord.",
        "Blockers first, then the other gaps, then the criteria still to answer; within each "
        "group, lowest level first.",
    ),
    "no_actions": (
        "Aucune action : tous les critères applicables sont au niveau attendu.",
        "Nothing to do: every applicable criterion is at the expected level.",
    ),
    "kind_blocker": ("Bloquant", "Blocker"),
    "in_force": ("obligation déjà en vigueur", "obligation already in force"),
    "expected": ("exigence attendue de l'arrêté", "requirement expected from the arrêté"),
    "deadline_word": ("échéance", "deadline"),
    "of_which_in_force": ("dont en vigueur", "of which in force"),
    "blockers_in_force": (
        "dont obligations déjà en vigueur",
        "of which obligations already in force",
    ),
    "group_blocker_in_force": (
        "Bloquants : obligations déjà en vigueur",
        "Blockers: obligations already in force",
    ),
    "group_blocker_expected": (
        "Bloquants : exigences attendues de l'arrêté",
        "Blockers: requirements expected from the arrêté",
    ),
    "declared_not_applicable": (
        "Non applicable déclaré sur une exigence obligatoire",
        "Not applicable declared on a mandatory requirement",
    ),
    "declared_not_applicable_intro": (
        "Ces exigences obligatoires ont été déclarées non applicables : elles ne comptent pas "
        "parmi les bloquants. La justification donnée est reproduite telle quelle.",
        "These mandatory requirements were declared not applicable: they do not count among "
        "the blockers. The justification given is reproduced as written.",
    ),
    "kind_gap": ("Écart", "Gap"),
    "kind_unanswered": ("À renseigner", "To answer"),
    "group_blocker": ("Bloquants", "Blockers"),
    "group_gap": ("Autres écarts", "Other gaps"),
    "group_unanswered": ("Critères à renseigner", "Criteria to answer"),
    "asks": ("Ce qui est demandé", "What is asked"),
    "evidence_expected": ("Preuve attendue", "Evidence expected"),
    "current_level": ("Niveau actuel", "Current level"),
    "by": ("Échéance", "Deadline"),
    "annex": ("Annexe : toutes les réponses", "Annex: every answer"),
    "level": ("Niveau", "Level"),
    "not_applicable": ("Non applicable", "Not applicable"),
    "justification": ("Justification", "Justification"),
    "comment": ("Commentaire", "Comment"),
    "evidence": ("Preuves", "Evidence"),
    "unanswered": ("Non renseigné", "Not answered"),
    "not_concerned": (
        "Ne concerne pas ce type de service ou ce public",
        "Does not concern this kind of service or audience",
    ),
    "mandatory": ("Obligatoire", "Mandatory"),
    "recommended": ("Recommandé", "Recommended"),
    "sources": ("Sources", "Sources"),
    "method": ("Méthode", "Method"),
    "scale": ("L'échelle", "The scale"),
    "conformity_rule": (
        "Un critère est atteint à partir du niveau {level} ({label}).",
        "A criterion is met from level {level} ({label}) up.",
    ),
    "rules": ("Les règles de calcul", "How figures are computed"),
    "source_status": ("Ce que disent les sources", "What the sources say"),
    "embedded": (
        "Le fichier des réponses (format repere/answers@1, JSON) est joint à ce PDF : il "
        "permet de réimporter ce positionnement dans Repère.",
        "The answers file (repere/answers@1 format, JSON) is attached to this PDF: it lets "
        "anyone import this positioning back into Repère.",
    ),
    "page": ("Page", "Page"),
    "of": ("sur", "of"),
    "none": ("aucun", "none"),
    "verdict_conforme": ("Conforme", "Compliant"),
    "verdict_incomplet": ("Incomplet", "Incomplete"),
    "verdict_non_conforme": ("Non conforme", "Not compliant"),
    "verdict_help_conforme": (
        "Tous les critères applicables sont renseignés et aucun critère obligatoire n'est "
        "sous le niveau attendu.",
        "Every applicable criterion is answered and no mandatory criterion is below the "
        "expected level.",
    ),
    "verdict_help_incomplet": (
        "Aucun bloquant, mais des critères applicables ne sont pas encore renseignés.",
        "No blocker, but some applicable criteria are not answered yet.",
    ),
    "verdict_help_non_conforme": (
        "Au moins un critère obligatoire est sous le niveau attendu.",
        "At least one mandatory criterion is below the expected level.",
    ),
    "audience_editeur": ("Éditeur du service", "Vendor of the service"),
    "audience_etablissement": ("Établissement scolaire", "School"),
    "audience_collectivite": ("Collectivité territoriale", "Local authority"),
    "attachment_description": (
        "Réponses de ce positionnement (format repere/answers@1), à réimporter dans Repère",
        "Answers of this positioning (repere/answers@1 format), to import into Repère",
    ),
    "status_texte": ("texte", "texte"),
    "status_section": ("section", "section"),
    "status_deduit": ("déduit", "deduit"),
    "status_help_texte": (
        "un texte public énonce l'exigence ; la référence le cite précisément.",
        "a public text states the requirement; the reference cites it precisely.",
    ),
    "status_help_section": (
        "le texte traite du sujet, sans énoncer l'exigence elle-même.",
        "the text covers the topic, without stating the requirement itself.",
    ),
    "edition_attachment_description": (
        "Document de l'édition (format repere/edition@1) : son empreinte SHA-256 vérifie ce "
        "rapport (flask verify)",
        "Edition document (repere/edition@1 format): its SHA-256 fingerprint verifies this "
        "report (flask verify)",
    ),
    "signature_reason": (
        "Rapport émis par cette instance de Repère",
        "Report issued by this Repère instance",
    ),
    "document_status": ("Statut du document", "Document status"),
    "edition_status_submitted": ("Édition soumise, non publiée", "Submitted, not published"),
    "edition_status_published": ("Édition publiée", "Published edition"),
    "edition_status_superseded": ("Édition remplacée", "Superseded edition"),
    "edition_status_withdrawn": ("Édition retirée", "Withdrawn edition"),
    "submitted_on_label": ("Soumise le", "Submitted on"),
    "published_on_label": ("Publiée le", "Published on"),
    "fingerprint": ("Empreinte SHA-256", "SHA-256 fingerprint"),
    "criterion": ("Critère", "Criterion"),
    "title": ("Intitulé", "Title"),
    "requirement": ("Exigence", "Requirement"),
    "conforme_zero_axis": (
        "Verdict « conforme » à côté d'un axe à 0 % : cet axe ne compte aucun critère "
        "obligatoire applicable ; ses critères sont des recommandations, qui ne bloquent pas.",
        "A 'compliant' verdict beside an axis at 0 %: that axis has no applicable mandatory "
        "criterion; its criteria are recommendations, which block nothing.",
    ),
    "opinion_favorable": ("Avis favorable", "Favourable opinion"),
    "opinion_favorable_reserves": (
        "Avis favorable avec réserves",
        "Favourable opinion with reservations",
    ),
    "opinion_defavorable": ("Avis défavorable", "Unfavourable opinion"),
    "synthesis_title": ("Synthèse du positionnement", "Positioning summary"),
    "draft_watermark": ("BROUILLON — document de travail", "DRAFT — working document"),
    "draft_help": (
        "positionnement en cours, ni soumis ni publié ; ses chiffres peuvent encore changer.",
        "positioning in progress, neither submitted nor published; its figures may change.",
    ),
    "edition": ("Édition", "Edition"),
    "submitted_on": ("soumise le", "submitted on"),
    "published_on": ("publiée le", "published on"),
    "superseded_by": ("Remplacée par l'édition", "Superseded by edition"),
    "withdrawn_on": ("Retirée le", "Withdrawn on"),
    "submitted_not_published": (
        "Édition soumise, non publiée au catalogue.",
        "Submitted edition, not published in the catalogue.",
    ),
    "self_declared": (
        "Auto-positionnement déclaré par l'éditeur, non vérifié.",
        "Self-assessment declared by the vendor, not verified.",
    ),
    "audited_by": ("Audité par", "Audited by"),
    "verify_code": ("Code de vérification", "Verification code"),
    "verify_at": (
        "Vérifier l'authenticité de ce document :",
        "Check that this document is authentic:",
    ),
    "qr_alt": ("Code QR de l'adresse", "QR code of the address"),
    "grid_provisional": ("grille provisoire", "provisional grid"),
    "grid_official": ("grille officielle", "official grid"),
    "grid_superseded": ("grille remplacée", "superseded grid"),
    "overall": ("Ensemble", "Overall"),
    "no_blockers": ("Aucun bloquant.", "No blocker."),
    "status_help_deduit": (
        "notre déduction à partir des sources ; à confirmer par les textes officiels.",
        "our inference from the sources; to be confirmed by the official texts.",
    ),
}

# The scoring rules as people read them (INTERFACES.md §3, app/domain/scoring.py).
RULES: dict[str, tuple[str, ...]] = {
    "fr": (
        "Un critère s'applique quand le type de service et le public qui répond font partie "
        "des siens (une liste absente vaut pour tous) et qu'il n'est pas déclaré non "
        "applicable, avec une justification.",
        "Bloquant : critère applicable et obligatoire dont le niveau est sous le niveau attendu. "
        "Une obligation déjà en vigueur (RGPD, loi sur l'accessibilité, règlement sur l'IA…) "
        "s'impose dès aujourd'hui ; une exigence attendue de l'arrêté le deviendra à sa "
        "publication. Un critère obligatoire déclaré non applicable ne bloque pas, mais il est "
        "signalé avec sa justification.",
        "Verdict : « non conforme » dès qu'il y a un bloquant ; sinon « incomplet » tant qu'un "
        "critère applicable n'est pas renseigné ; sinon « conforme ».",
        "Maturité : moyenne des niveaux des critères applicables renseignés, pondérée par "
        "le poids de chaque critère.",
        "Taux de conformité : part pondérée (de 0 à 100 %) des critères applicables "
        "renseignés qui atteignent le niveau attendu.",
        "Les mêmes formules donnent les chiffres d'un axe, d'un référentiel et de la grille "
        "entière. Monter le niveau d'une réponse ne fait jamais baisser un chiffre.",
        "Échéance d'un référentiel : date de publication de son arrêté (sinon celui de la "
        "grille) plus le délai en mois, même quantième ou dernier jour du mois ; au moins dix "
        "mois pour les référentiels (art. R. 421-78-3), le délai que fixe l'arrêté pour les "
        "services socles (art. R. 421-78-4). L'échéance du rapport est la plus proche des "
        "échéances connues.",
    ),
    "en": (
        "A criterion applies when the kind of service and the audience answering are among "
        "its own (an absent list matches everything) and it is not declared not applicable, "
        "with a justification.",
        "Blocker: an applicable mandatory criterion whose level is below the expected level. "
        "An obligation already in force (GDPR, accessibility law, AI Act…) applies today; a "
        "requirement expected from the arrêté will once it is published. A mandatory "
        "criterion declared not applicable blocks nothing, but is flagged with its "
        "justification.",
        "Verdict: 'not compliant' as soon as there is a blocker; otherwise 'incomplete' while "
        "an applicable criterion is unanswered; otherwise 'compliant'.",
        "Maturity: mean of the levels of the applicable answered criteria, weighted by each "
        "criterion's weight.",
        "Conformity rate: weighted share (0 to 100 %) of the applicable answered criteria "
        "that reach the expected level.",
        "The same formulas give the figures of an axis, of a référentiel and of the whole "
        "grid. Raising one answer's level never lowers any figure.",
        "Deadline of a référentiel: the publication date of its arrêté (else the grid's) "
        "plus the delay in months, same day number or the month's last day; at least ten "
        "months for the référentiels (art. R. 421-78-3), the delay the arrêté sets for the "
        "services socles (art. R. 421-78-4). The report's deadline is the earliest known one.",
    ),
}


def label(key: str, lang: str) -> str:
    """The fixed word ``key`` in ``lang`` (French when the language is unknown)."""
    french, english = _LABELS[key]
    return english if lang == "en" else french


def label_or(key: str, lang: str, default: str) -> str:
    """The fixed word ``key`` in ``lang``, or ``default`` when there is none."""
    return label(key, lang) if key in _LABELS else default


def number(value: float | None, digits: int, lang: str) -> str:
    """A number as people write it: "2,4" in French, "2.4" in English, "—" when unknown."""
    if value is None:
        return "—"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang != "en" else text


def percent(value: float | None, lang: str) -> str:
    """A rate out of 100: "71,4 %" in French (no-break space), "71.4%" in English."""
    if value is None:
        return "—"
    digits = 0 if float(value).is_integer() else 1
    text = number(value, digits, lang)
    return f"{text}%" if lang == "en" else f"{text}\u00a0%"
