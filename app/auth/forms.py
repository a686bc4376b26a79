"""Forms of the accounts pages: sign in, register, invite, accept an invitation.

Labels and messages are French msgids translated lazily (``_l``); the hint of a field is its
``description``, shown under its label and tied to the input by ``aria-describedby``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, RadioField, SelectChoice, StringField
from wtforms.validators import EqualTo, InputRequired, Length, ValidationError

from .. import accounts
from ..domain.identifiers import InvalidIdentifier, normalise_siren, normalise_uai
from ..form_base import CleanForm
from .territories import InvalidTerritory, normalise_territory_code

ORGANISATION_KINDS = [
    SelectChoice("editeur", _l("Un éditeur de services numériques pour l'éducation")),
    SelectChoice("etablissement", _l("Un établissement scolaire (chef d'établissement)")),
    SelectChoice("collectivite", _l("Une collectivité : région ou département")),
]
TERRITORY_KINDS = [
    SelectChoice("region", _l("Région")),
    SelectChoice("departement", _l("Département")),
]
ROLES = [
    SelectChoice("member", _l("Membre : remplit les positionnements de l'organisation")),
    SelectChoice("owner", _l("Responsable : peut aussi inviter et lire le journal")),
]


def _values(choices: list[SelectChoice]) -> frozenset[str]:
    return frozenset(choice.value for choice in choices)


ALREADY_REGISTERED = _l(
    "Cette organisation est déjà inscrite sur Repère. Demandez à son responsable de vous "
    "inviter : il le fait depuis la page de son organisation."
)


def _identifier_message(error: InvalidIdentifier) -> str:
    return error.message_en if str(get_locale()) == "en" else error.message_fr


def check_email(form: FlaskForm, field: EmailField) -> None:
    """An e-mail address of a plausible shape (no message is sent to check it)."""
    if field.data and not accounts.is_valid_email(accounts.normalise_email(field.data)):
        raise ValidationError(
            _l("Indiquez une adresse électronique valide, par exemple nom@exemple.fr.")
        )


def _email_field(description: Any = None) -> EmailField:
    return EmailField(
        _l("Adresse électronique"),
        validators=[
            InputRequired(message=_l("Indiquez votre adresse électronique.")),
            Length(max=254, message=_l("L'adresse électronique est trop longue.")),
            check_email,
        ],
        description=description,
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )


def _name_field() -> StringField:
    return StringField(
        _l("Vos prénom et nom"),
        validators=[
            InputRequired(message=_l("Indiquez vos prénom et nom.")),
            Length(max=200, message=_l("200 caractères au plus.")),
        ],
        description=_l("200 caractères au plus."),
        render_kw={"autocomplete": "name"},
    )


PASSWORD_PROBLEMS = {
    "common": _l(
        "Ce mot de passe fait partie des plus courants : c'est l'un des premiers qu'essaie "
        "quiconque cherche à deviner un mot de passe. Choisissez-en un autre, par exemple une "
        "phrase de quelques mots."
    ),
    "email": _l(
        "Le mot de passe ne doit pas contenir votre adresse électronique : c'est la première "
        "chose qu'essaierait quelqu'un qui la connaît."
    ),
}


def check_password_rules(form: Any, field: PasswordField) -> None:
    """Refuse a common password, or one that contains the account's address: the form's
    ``email`` field, else its ``account_email`` (an invitation's, the signed-in person's)."""
    email_field = getattr(form, "email", None)
    email = email_field.data if email_field is not None else getattr(form, "account_email", None)
    problem = accounts.password_problem(field.data or "", email)
    if problem is not None:
        raise ValidationError(PASSWORD_PROBLEMS[problem])


def _new_password_fields(label: Any = None) -> tuple[PasswordField, PasswordField]:
    password = PasswordField(
        label or _l("Mot de passe"),
        validators=[
            InputRequired(message=_l("Choisissez un mot de passe.")),
            Length(
                min=accounts.PASSWORD_MIN_LENGTH,
                max=accounts.PASSWORD_MAX_LENGTH,
                message=_l("Le mot de passe doit comporter de 12 à 200 caractères."),
            ),
            check_password_rules,
        ],
        description=_l(
            "Au moins 12 caractères. Une phrase de quelques mots est facile à retenir et "
            "difficile à deviner. Les mots de passe les plus courants et ceux qui contiennent "
            "votre adresse électronique sont refusés."
        ),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Confirmation du mot de passe"),
        validators=[
            InputRequired(message=_l("Saisissez à nouveau le mot de passe.")),
            EqualTo("password", message=_l("Les deux mots de passe ne sont pas identiques.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


class LoginForm(CleanForm):
    """Sign in with an e-mail address and a password."""

    email = EmailField(
        _l("Adresse électronique"),
        validators=[
            InputRequired(message=_l("Indiquez votre adresse électronique.")),
            Length(max=254, message=_l("L'adresse électronique est trop longue.")),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )
    password = PasswordField(
        _l("Mot de passe"),
        validators=[
            InputRequired(message=_l("Indiquez votre mot de passe.")),
            Length(max=accounts.PASSWORD_MAX_LENGTH, message=_l("200 caractères au plus.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )


class RegisterForm(CleanForm):
    """An organisation and its first account, whose person becomes its owner."""

    kind = RadioField(
        _l("Vous représentez"),
        choices=ORGANISATION_KINDS,
        validate_choice=False,
        validators=[InputRequired(message=_l("Choisissez le type de votre organisation."))],
    )
    organisation_name = StringField(
        _l("Nom de l'organisation"),
        validators=[
            InputRequired(message=_l("Indiquez le nom de votre organisation.")),
            Length(max=200, message=_l("200 caractères au plus.")),
        ],
        description=_l(
            "Raison sociale de l'entreprise, nom de l'établissement ou de la collectivité "
            "(200 caractères au plus)."
        ),
        render_kw={"autocomplete": "organization"},
    )
    siren = StringField(
        _l("Numéro SIREN"),
        description=_l("9 chiffres, par exemple 552 081 317 ; les espaces sont acceptés."),
        render_kw={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"},
    )
    uai = StringField(
        _l("Code UAI de l'établissement"),
        description=_l("7 chiffres suivis d'une lettre, par exemple 0750654D."),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    territory_kind = RadioField(
        _l("Type de collectivité"), choices=TERRITORY_KINDS, validate_choice=False
    )
    territory_code = StringField(
        _l("Code INSEE de la collectivité"),
        description=_l(
            "Région : 2 chiffres (11 pour l'Île-de-France). Département : de 01 à 95, 2A, 2B, "
            "ou de 971 à 976."
        ),
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    name = _name_field()
    email = _email_field(_l("Elle vous servira à vous connecter."))
    password, password_confirm = _new_password_fields()

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields, then the identifier that goes with the kind of organisation."""
        valid: bool = super().validate(extra_validators)
        kind = self.kind.data
        if kind and kind not in _values(ORGANISATION_KINDS):
            self.kind.errors.append(_l("Choisissez le type de votre organisation."))
        elif kind == "editeur":
            self._check_identifier(self.siren, normalise_siren, siren=True)
        elif kind == "etablissement":
            self._check_identifier(self.uai, normalise_uai, siren=False)
        elif kind == "collectivite":
            self._check_territory()
        if self.email.data and not self.email.errors and accounts.find_user(self.email.data):
            self.email.errors.append(
                _l(
                    "Un compte existe déjà avec cette adresse : connectez-vous, ou choisissez "
                    "une autre adresse."
                )
            )
        return valid and not any(field.errors for field in self)

    def _check_identifier(self, field: StringField, normalise: Any, *, siren: bool) -> None:
        try:
            field.data = normalise(field.data or "")
        except InvalidIdentifier as error:
            field.errors = [*field.errors, _identifier_message(error)]
            return
        found = accounts.find_organisation(
            "editeur" if siren else "etablissement",
            siren=field.data if siren else None,
            uai=None if siren else field.data,
        )
        if found is not None:
            field.errors = [*field.errors, ALREADY_REGISTERED]

    def _check_territory(self) -> None:
        territory_kind = self.territory_kind.data
        if territory_kind not in _values(TERRITORY_KINDS):
            self.territory_kind.errors = [_l("Choisissez région ou département.")]
            return
        try:
            code = normalise_territory_code(territory_kind, self.territory_code.data or "")
        except InvalidTerritory as error:
            self.territory_code.errors = [str(error)]
            return
        self.territory_code.data = code
        if accounts.find_organisation("collectivite", territory=(territory_kind, code)):
            self.territory_code.errors = [ALREADY_REGISTERED]

    def new_organisation(self) -> accounts.NewOrganisation:
        """The checked organisation (call after a successful ``validate``)."""
        kind = self.kind.data
        return accounts.NewOrganisation(
            kind=kind,
            name=self.organisation_name.data.strip(),
            siren=self.siren.data if kind == "editeur" else None,
            uai=self.uai.data if kind == "etablissement" else None,
            territory_kind=self.territory_kind.data if kind == "collectivite" else None,
            territory_code=self.territory_code.data if kind == "collectivite" else None,
        )


class InviteForm(CleanForm):
    """An owner invites a person to join the organisation."""

    email = _email_field(_l("L'adresse de la personne invitée : elle sera son identifiant."))
    role = RadioField(
        _l("Rôle"), choices=ROLES, default="member", validate_choice=False, validators=[]
    )

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields, the role, and that no account has this address yet."""
        valid: bool = super().validate(extra_validators)
        if self.role.data not in _values(ROLES):
            self.role.errors = [_l("Choisissez un rôle.")]
        if self.email.data and not self.email.errors and accounts.find_user(self.email.data):
            self.email.errors = [
                _l("Cette adresse a déjà un compte Repère : une invitation ne peut pas servir.")
            ]
        return valid and not any(field.errors for field in self)


class AcceptInvitationForm(CleanForm):
    """The invited person chooses a name and a password."""

    name = _name_field()
    password, password_confirm = _new_password_fields()
    account_email: str | None = None  # the invitation's address, set by the view


class ChangePasswordForm(CleanForm):
    """The signed-in person replaces the password, after typing the current one."""

    current_password = PasswordField(
        _l("Mot de passe actuel"),
        validators=[InputRequired(message=_l("Indiquez votre mot de passe actuel."))],
        render_kw={"autocomplete": "current-password"},
    )
    password, password_confirm = _new_password_fields(_l("Nouveau mot de passe"))
    account_email: str | None = None  # the signed-in person's, set by the view


def error_fields(form: FlaskForm) -> Sequence[Any]:
    """The fields of ``form`` that carry errors, in the order they are shown."""
    return [field for field in form if field.errors and field.type != "CSRFTokenField"]
