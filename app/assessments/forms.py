"""Forms: services, new positionings, and the questionnaire composed at run time from a grid.

The questionnaire is never written per criterion: :func:`page_form_class` builds a fresh form
class for one référentiel page, adding one sub-form per criterion with ``setattr`` (the way
CTFd composes its forms from data). The JSON autosave feeds the same sub-form class, so a
page save and an autosave are validated by the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..domain.grid import Criterion, Scale
from ..form_base import CleanForm, CleanSubForm
from ..positioning import AnswerInput

HTTP_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$", re.IGNORECASE)
MAX_EVIDENCE = 20
MAX_TEXT = 20000


def is_http_url(value: object) -> bool:
    """An absolute http(s) address without spaces: the only links we store or render."""
    return isinstance(value, str) and len(value) <= 2000 and bool(HTTP_URL.match(value))


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def _http_url(_form: Form, field: Field) -> None:
    if field.data and not is_http_url(field.data.strip()):
        raise ValidationError(_l("Indiquez une adresse qui commence par https:// ou http://."))


class ServiceForm(CleanForm):
    """A vendor's service: the category list comes from the grids (set by the view)."""

    name = StringField(
        _l("Nom du service"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Indiquez le nom du service.")),
            Length(max=200, message=_l("200 caractères au plus.")),
        ],
    )
    category = SelectField(
        _l("Catégorie"), invalid_choice_message=_l("Choisissez une catégorie de la liste.")
    )
    description = TextAreaField(
        _l("Description courte"),
        validators=[Length(max=2000, message=_l("2 000 caractères au plus."))],
    )
    url = StringField(
        _l("Adresse du service (URL)"),
        validators=[
            Optional(),
            Length(max=2000, message=_l("2 000 caractères au plus.")),
            _http_url,
        ],
    )


class NewAssessmentForm(CleanForm):
    """Service × grid version (the audience comes from the organisation's kind)."""

    service = SelectField(
        _l("Service"), coerce=int, invalid_choice_message=_l("Choisissez un service de la liste.")
    )
    grid = SelectField(
        _l("Version de la grille"),
        invalid_choice_message=_l("Choisissez une version de la grille de la liste."),
    )
    prefill = BooleanField(_l("Partir des réponses publiées par l'éditeur"))


def choices(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """Select choices from (value, label) pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def _optional_int(value: object) -> int | None:
    if value is None or value == "":
        return None
    return int(str(value))


class _InScale:
    def __init__(self, scale: Scale) -> None:
        self.low, self.high = scale.minimum, scale.maximum

    def __call__(self, _form: Form, field: Field) -> None:
        if field.data is not None and not self.low <= field.data <= self.high:
            raise ValidationError(_l("Choisissez un niveau de l'échelle."))


def _evidence_links(_form: Form, field: Field) -> None:
    lines = (field.data or "").split()  # one per line; addresses never contain spaces
    if len(lines) > MAX_EVIDENCE:
        raise ValidationError(_l("%(n)s liens au plus.", n=MAX_EVIDENCE))
    for line in lines:
        if not is_http_url(line):
            raise ValidationError(
                _l(
                    "« %(line)s » n'est pas un lien : une adresse par ligne, qui commence "
                    "par https:// ou http://.",
                    line=line[:80],
                )
            )


def _revision(_form: Form, field: Field) -> None:
    if not str(field.data or "0").isdigit():
        raise ValidationError(_l("Révision inconnue : rechargez la page."))


class CriterionForm(CleanSubForm):
    """One criterion's answer; the ``level`` choices come from :func:`criterion_form_class`."""

    level: RadioField
    not_applicable = BooleanField(_l("Non applicable"))
    justification = TextAreaField(
        _l("Justification"),
        validators=[Length(max=MAX_TEXT, message=_l("20 000 caractères au plus."))],
    )
    comment = TextAreaField(
        _l("Commentaire"),
        validators=[Length(max=MAX_TEXT, message=_l("20 000 caractères au plus."))],
    )
    evidence = TextAreaField(
        _l("Preuves : des liens, un par ligne"),
        validators=[
            Length(max=MAX_EVIDENCE * 2001, message=_l("%(n)s liens au plus.", n=MAX_EVIDENCE)),
            _evidence_links,
        ],
    )
    revision = HiddenField(default="0", validators=[Length(max=9), _revision])
    seen = HiddenField(default="", validators=[Length(max=128)])

    def validate(self, extra_validators: Any = None) -> bool:
        """The fields' rules, then: "non applicable" needs a justification."""
        valid = bool(super().validate(extra_validators))
        if self.not_applicable.data and not (self.justification.data or "").strip():
            self.justification.errors = [
                *self.justification.errors,
                _l("Expliquez pourquoi ce critère ne s'applique pas (obligatoire)."),
            ]
            valid = False
        return valid

    def value(self) -> AnswerInput:
        """The answer typed, normalised (call after :meth:`validate`)."""
        return AnswerInput.clean(
            self.level.data,
            bool(self.not_applicable.data),
            self.justification.data,
            self.comment.data,
            (self.evidence.data or "").split(),
        )

    def base_revision(self) -> int:
        return int(self.revision.data or 0)


def criterion_form_class(scale: Scale, lang: str) -> type[CriterionForm]:
    """The answer form of a scale: its level choices labelled in ``lang``."""
    level = RadioField(
        _l("Niveau atteint"),
        choices=choices((lvl.level, lvl.label.get(lang)) for lvl in scale.levels),
        coerce=_optional_int,
        validate_choice=False,
        invalid_value_message=_l("Choisissez un niveau de l'échelle."),
        validators=[_InScale(scale)],
    )
    return type("CriterionForm", (CriterionForm,), {"level": level})


def field_name(criterion_id: str) -> str:
    """The page form's field of a criterion: ``c-INT-ID-01`` (ids never contain "_")."""
    return "c-" + criterion_id.replace(".", "_")


def page_form_class(scale: Scale, criteria: Iterable[Criterion], lang: str) -> type[FlaskForm]:
    """A fresh form class for one questionnaire page: one sub-form per criterion."""
    sub = criterion_form_class(scale, lang)
    page = type("QuestionnairePage", (CleanForm,), {})
    for criterion in criteria:
        setattr(page, field_name(criterion.id), FormField(sub, label=criterion.id))
    return page


def form_data(value: AnswerInput, revision: int) -> dict[str, Any]:
    """The sub-form's data for a stored answer (as a page shows it)."""
    return {
        "level": value.level,
        "not_applicable": value.not_applicable,
        "justification": value.justification or "",
        "comment": value.comment or "",
        "evidence": "\n".join(value.evidence),
        "revision": str(revision),
        "seen": value.digest(),
    }
