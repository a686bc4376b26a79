"""Base classes of every form: each field's text goes through ``domain.text.clean_text``.

WTForms' public hook ``Meta.bind_field`` adds the cleaning filter to every field as the form
is built, before the field's own filters and validators: NUL, other controls, lone
surrogates and bidi overrides never reach a validator, a page or the database, whether the
form is posted, built from a JSON body (the autosave) or a sub-form of a page.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import Form
from wtforms.fields import FieldList, FormField

from .domain.text import clean_text


def clean_value(value: Any) -> Any:
    """A field filter: text cleaned, anything else (numbers, booleans, None) as it is."""
    return clean_text(value) if isinstance(value, str) else value


class _CleaningMeta:
    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
        # A sub-form or a list cleans its own fields (WTForms refuses filters on them).
        if issubclass(unbound_field.field_class, FormField | FieldList):
            return unbound_field.bind(form=form, **options)
        filters = [clean_value, *unbound_field.kwargs.get("filters", ())]
        return unbound_field.bind(form=form, filters=filters, **options)


class CleanForm(FlaskForm):
    """A FlaskForm (CSRF-protected) whose every text field is cleaned."""

    class Meta(_CleaningMeta):
        pass


class CleanSubForm(Form):
    """A plain form (a sub-form of a page, or fed from JSON) whose every text is cleaned."""

    class Meta(_CleaningMeta):
        pass
