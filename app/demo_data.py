"""What `flask demo` creates: organisations, people, services and positionings.

The organisations and identifiers are fictitious but valid (SIREN with a right Luhn key, a
UAI with its right letter, a real région code). Levels follow a plan per positioning (a vendor
strong on interoperability and behind on the droit à la déconnexion, …), never chance.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DETAIL = "flask demo"  # the journal's detail of what the command creates

DEMO_ORGANISATIONS: dict[str, dict[str, str]] = {
    "admin": {"kind": "admin", "name": "Administration de Repère"},
    "editeur": {"kind": "editeur", "name": "Édulogiciel SAS", "siren": "912345675"},
    "editeur2": {"kind": "editeur", "name": "Classe Ouverte SARL", "siren": "987654324"},
    "editeur3": {"kind": "editeur", "name": "Commun Numérique SCOP", "siren": "832415608"},
    "etablissement": {
        "kind": "etablissement",
        "name": "Lycée de démonstration (Paris 5e)",
        "uai": "0750654D",
    },
    "collectivite": {
        "kind": "collectivite",
        "name": "Région Île-de-France (démonstration)",
        "territory_kind": "region",
        "territory_code": "11",
    },
}

# email → (name, organisation key); every demo account is its organisation's owner.
DEMO_USERS: dict[str, tuple[str, str]] = {
    "admin@demo.test": ("Camille Martin", "admin"),
    "editeur@demo.test": ("Julien Bernard", "editeur"),
    "editeur2@demo.test": ("Sophie Leroy", "editeur2"),
    "editeur3@demo.test": ("Karim Haddad", "editeur3"),
    "etablissement@demo.test": ("Nadia Benali", "etablissement"),
    "collectivite@demo.test": ("Thomas Girard", "collectivite"),
}


@dataclass(frozen=True)
class DemoService:
    key: str
    organisation: str
    name: str
    category: str
    description: str
    url: str


DEMO_SERVICES = (
    DemoService(
        "horizon",
        "editeur",
        "Horizon ENT",
        "ent",
        "Espace numérique de travail pour collèges et lycées : cahier de textes, messagerie, "
        "espaces de classe, accès aux ressources du GAR.",
        "https://horizon-ent.example/",
    ),
    DemoService(
        "agora",
        "editeur",
        "Agora Vie scolaire",
        "vie-scolaire",
        "Notes, absences, emploi du temps et bulletins, reliés à l'ENT de l'établissement.",
        "https://agora-vie-scolaire.example/",
    ),
    DemoService(
        "matheo",
        "editeur2",
        "Mathéo",
        "apprentissage",
        "Exerciseur de mathématiques du collège au lycée, avec suivi des progrès par l'enseignant.",
        "https://matheo.example/",
    ),
    DemoService(
        "lettres",
        "editeur2",
        "Lettres en ligne",
        "ressource",
        "Manuels et textes annotés de français pour le lycée, distribués par le GAR.",
        "https://lettres-en-ligne.example/",
    ),
    # published for the catalogue and the comparison (app/demo_positionings.py, SHOWCASE)
    DemoService(
        "ecrin",
        "editeur",
        "Écrin ENT",
        "ent",
        "Espace numérique de travail pour les lycées : agenda, casier, blog de classe.",
        "https://ecrin-ent.example/",
    ),
    DemoService(
        "parole",
        "editeur",
        "Parole Messagerie",
        "communication",
        "Messagerie entre familles et équipes, avec notifications regroupées.",
        "https://parole-messagerie.example/",
    ),
    DemoService(
        "quiz",
        "editeur2",
        "Quiz Express",
        "apprentissage",
        "Exerciseur de révisions en langues vivantes, avec tableau de suivi de la classe.",
        "https://quiz-express.example/",
    ),
    DemoService(
        "plume",
        "editeur2",
        "Bibliothèque Plume",
        "ressource",
        "Bibliothèque numérique de textes classiques annotés, distribuée par le GAR.",
        "https://bibliotheque-plume.example/",
    ),
    DemoService(
        "commun-ent",
        "editeur3",
        "Commun ENT",
        "ent",
        "ENT libre mutualisé entre collectivités, hébergé en France.",
        "https://commun-ent.example/",
    ),
)


@dataclass(frozen=True)
class Showcase:
    """A vendor's published positioning of the catalogue's demo, answered by a profile
    (see ``demo_positionings.showcase_level``): the answers follow the grid version's
    criteria, whichever they are, never a list of ids."""

    service: str
    profile: str  # exemplary | solid | blocked | incomplete | uneven
    days_ago: int


SHOWCASE = (
    Showcase("ecrin", "solid", 20),
    Showcase("parole", "blocked", 15),
    Showcase("quiz", "incomplete", 12),
    Showcase("plume", "exemplary", 9),
    Showcase("commun-ent", "uneven", 5),
)


@dataclass(frozen=True)
class Planned:
    """A planned answer: a level (or not applicable), with its comment and evidence."""

    level: int | None
    comment: str | None = None
    evidence: tuple[str, ...] = ()
    justification: str | None = None


@dataclass(frozen=True)
class Plan:
    """How one organisation answered one service's positioning.

    ``levels`` gives, per référentiel, the level of mandatory criteria and of
    recommendations; ``answered`` lists the référentiels answered so far (all if None) and
    ``partly`` how many criteria of the first unfinished one; ``specific`` overrides a few
    criteria, with what the organisation wrote. A plan ``prefilled_from`` another starts from
    its answers, marked as the vendor's except those ``confirmed``.
    """

    key: str
    service: str
    organisation: str
    audience: str
    status: str
    levels: dict[str, tuple[int, int]] = field(default_factory=dict)
    answered: tuple[str, ...] | None = None
    partly: int = 0
    specific: dict[str, Planned] = field(default_factory=dict)
    prefilled_from: str | None = None
    confirmed: tuple[str, ...] = ()


DEMO_PLANS = (
    Plan(
        "horizon-draft",
        "horizon",
        "editeur",
        "editeur",
        "draft",
        levels={
            "interoperabilite": (3, 2),
            "securite": (3, 2),
            "numerique-responsable": (2, 1),
            "services-socles": (3, 2),
        },
        answered=("interoperabilite", "securite"),
        partly=6,
        specific={
            "INT-SSO-01": Planned(
                4,
                "SSO SAML et OpenID Connect, propagation vers les services partenaires.",
                ("https://horizon-ent.example/docs/sso",),
            ),
            "SEC-HOM-01": Planned(
                2, "Homologation en cours avec la collectivité, fin prévue en juin."
            ),
        },
    ),
    Plan(
        "agora-submitted",
        "agora",
        "editeur",
        "editeur",
        "submitted",
        levels={
            "interoperabilite": (3, 3),
            "securite": (3, 2),
            "numerique-responsable": (3, 2),
            "services-socles": (3, 2),
        },
        specific={
            "NR-DEC-09": Planned(
                2,
                "Le délai de 24 h avant l'envoi des notes aux parents existe, mais il n'est pas "
                "activé par défaut ; il le sera à la rentrée 2026.",
            ),
            "NR-DEC-10": Planned(
                2, "Les notes sont publiées dès leur saisie ; un report après 7 h est prévu."
            ),
            "SOC-SCOPE-01": Planned(
                3,
                "Emplois du temps et groupes échangés par SCOPE depuis septembre.",
                ("https://agora-vie-scolaire.example/docs/scope",),
            ),
        },
    ),
    Plan(
        "matheo-published",
        "matheo",
        "editeur2",
        "editeur",
        "published",
        levels={
            "interoperabilite": (4, 3),
            "securite": (3, 3),
            "numerique-responsable": (3, 2),
            "services-socles": (4, 3),
        },
        specific={
            "INT-DATA-06": Planned(
                None,
                justification="Mathéo génère ses exercices : il ne diffuse pas de contenus "
                "conditionnés à décrire ou à empaqueter.",
            ),
            "NR-ACC-01": Planned(
                3,
                "Déclaration d'accessibilité publiée : 87 % des critères RGAA respectés.",
                ("https://matheo.example/accessibilite",),
            ),
            "SOC-EDU-01": Planned(4, "ÉduConnect pour les élèves et les familles, par défaut."),
        },
    ),
    Plan(
        "matheo-principal",
        "matheo",
        "etablissement",
        "etablissement",
        "draft",
        prefilled_from="matheo-published",
        confirmed=("SOC-EDU-01", "SEC-RGPD-01"),
        specific={
            "SEC-RGPD-01": Planned(
                3, "Contrat de sous-traitance signé par le chef d'établissement."
            ),
        },
    ),
)


def planned_level(plan: Plan, referentiel: str, mandatory: bool, position: int) -> int:
    """The level planned for a criterion: the référentiel's level for its kind, with
    recommendations one step behind every third time and one step ahead every fifth."""
    for_mandatory, for_recommendation = plan.levels[referentiel]
    if mandatory:
        return for_mandatory
    if position % 3 == 2:
        return max(0, for_recommendation - 1)
    if position % 5 == 4:
        return min(4, for_recommendation + 1)
    return for_recommendation
