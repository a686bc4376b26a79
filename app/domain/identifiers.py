"""Validation and normalisation of French administrative identifiers.

Three identifiers are handled:

* **UAI** (*Unité administrative immatriculée*, formerly RNE): the national code of a
  school or other education establishment. Eight characters: seven digits followed by a
  check letter. The check letter is the seven-digit number modulo 23, read in the
  alphabet ``ABCDEFGHJKLMNPRSTUVWXYZ`` (the 26 letters without I, O and Q; index 0 is A).
  Example: ``0750654D`` because ``750654 % 23 == 3`` and the letter at index 3 is D.
  Corsica's UAIs begin with ``620`` (Corse-du-Sud, 2A) or ``720`` (Haute-Corse, 2B) and
  are computed in the same way.
* **SIREN**: the nine-digit number of a company, whose last digit is a Luhn check digit.
* **SIRET**: the fourteen-digit number of a company's establishment: the SIREN followed by
  a five-digit NIC. The Luhn checksum applies to all fourteen digits. Exception: the
  establishments of La Poste (SIREN ``356000000``) do not use the Luhn key; their SIRET is
  valid when the sum of its fourteen digits is a multiple of 5. The head office of
  La Poste, ``35600000000048``, is the one La Poste SIRET that follows the Luhn rule
  instead.

Normalisation removes every whitespace character (including non-breaking and thin spaces)
and, for a UAI, upper-cases the check letter. No other separator (dot, dash…) is removed:
it makes the value invalid.

Every ``normalise_*`` function returns the canonical form or raises
:class:`InvalidIdentifier`, whose ``message_fr`` and ``message_en`` explain why, ready to be
shown to the user. Every ``is_valid_*`` function is the matching predicate and never raises
for a string argument.

This module is pure Python: it depends neither on Flask nor on SQLAlchemy.
"""

from __future__ import annotations

from typing import Literal

__all__ = [
    "LA_POSTE_HEAD_OFFICE_SIRET",
    "LA_POSTE_SIREN",
    "UAI_KEY_ALPHABET",
    "IdentifierKind",
    "InvalidIdentifier",
    "Reason",
    "is_valid_siren",
    "is_valid_siret",
    "is_valid_uai",
    "luhn_check_digit",
    "luhn_valid",
    "normalise_siren",
    "normalise_siret",
    "normalise_uai",
    "uai_check_letter",
]

IdentifierKind = Literal["uai", "siren", "siret"]
"""Which identifier was being validated."""

Reason = Literal[
    "empty",
    "length",
    "not_digits",
    "missing_key",
    "key_not_letter",
    "forbidden_letter",
    "checksum",
    "siren_checksum",
]
"""Machine-readable reason why an identifier was rejected.

* ``empty``: nothing left once whitespace is removed;
* ``length``: wrong number of characters;
* ``not_digits``: a character that is not a digit where digits are expected;
* ``missing_key``: a UAI made of its seven digits only, without the check letter;
* ``key_not_letter``: the last character of a UAI is not a letter A-Z;
* ``forbidden_letter``: the check letter of a UAI is I, O or Q, never used;
* ``checksum``: the check letter (UAI) or check digit (SIREN, SIRET) does not match;
* ``siren_checksum``: a SIRET whose own checksum is right but whose first nine digits are
  not a valid SIREN.
"""

UAI_KEY_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ"
"""The 23 check letters of a UAI, in order: the alphabet without I, O and Q."""

LA_POSTE_SIREN = "356000000"
"""SIREN of La Poste, whose establishments' SIRETs do not use the Luhn key."""

LA_POSTE_HEAD_OFFICE_SIRET = "35600000000048"
"""SIRET of La Poste's head office, the one La Poste SIRET that follows the Luhn rule."""

_DIGITS = frozenset("0123456789")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_FORBIDDEN_UAI_LETTERS = frozenset("IOQ")
_UAI_LENGTH = 8
_SIREN_LENGTH = 9
_SIRET_LENGTH = 14
_MAX_SHOWN = 20  # characters of a rejected value quoted in a message

_LABEL_FR: dict[IdentifierKind, str] = {
    "uai": "Le code UAI",
    "siren": "Le numéro SIREN",
    "siret": "Le numéro SIRET",
}
_LABEL_EN: dict[IdentifierKind, str] = {
    "uai": "The UAI code",
    "siren": "The SIREN number",
    "siret": "The SIRET number",
}


class InvalidIdentifier(ValueError):
    """An identifier that cannot be accepted, with the reason in French and in English.

    ``str(exc)`` is the French message. ``value`` is the input with whitespace removed
    (the empty string if nothing was left), ``kind`` says which identifier was expected
    and ``reason`` is a stable machine-readable code (see :data:`Reason`).
    """

    kind: IdentifierKind
    value: str
    reason: Reason
    message_fr: str
    message_en: str

    def __init__(
        self,
        kind: IdentifierKind,
        value: str,
        reason: Reason,
        message_fr: str,
        message_en: str,
    ) -> None:
        """Build the error; ``message_fr`` becomes the exception's text."""
        super().__init__(message_fr)
        self.kind = kind
        self.value = value
        self.reason = reason
        self.message_fr = message_fr
        self.message_en = message_en

    def __reduce__(self) -> tuple[type[InvalidIdentifier], tuple[str, str, str, str, str]]:
        """Support pickling (the constructor takes more than the message)."""
        return (
            type(self),
            (self.kind, self.value, self.reason, self.message_fr, self.message_en),
        )


def _compact(raw: str) -> str:
    """Remove every whitespace character (spaces, tabs, non-breaking spaces…)."""
    return "".join(raw.split())


def _is_digits(text: str) -> bool:
    """Tell whether ``text`` is non-empty and made of ASCII digits only.

    ``str.isdigit`` is not used because it accepts superscripts and non-Latin digits.
    """
    return bool(text) and all(char in _DIGITS for char in text)


def _shown(value: str) -> str:
    """Quote a rejected value in a message, shortened if it is very long."""
    return value if len(value) <= _MAX_SHOWN else value[: _MAX_SHOWN - 1] + "…"


def _invalid(
    kind: IdentifierKind, value: str, reason: Reason, detail_fr: str, detail_en: str
) -> InvalidIdentifier:
    """Build the error for ``value``, whose specific explanation is ``detail_fr/en``."""
    if reason == "empty":
        message_fr = f"{_LABEL_FR[kind]} est vide."
        message_en = f"{_LABEL_EN[kind]} is empty."
    else:
        shown = _shown(value)
        message_fr = f"{_LABEL_FR[kind]} {shown} est invalide : {detail_fr}."
        message_en = f"{_LABEL_EN[kind]} {shown} is invalid: {detail_en}."
    return InvalidIdentifier(kind, value, reason, message_fr, message_en)


def _luhn_sum(digits: str) -> int:
    """Luhn sum of ``digits``: every second digit from the right is doubled."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = ord(char) - ord("0")
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total


def luhn_valid(digits: str) -> bool:
    """Tell whether ``digits`` passes the Luhn checksum (sum modulo 10 equal to 0).

    Returns ``False`` for an empty string or anything that is not made of ASCII digits
    only; no normalisation is applied.
    """
    return _is_digits(digits) and _luhn_sum(digits) % 10 == 0


def luhn_check_digit(digits: str) -> str:
    """Return the digit to append to ``digits`` so that the result passes Luhn.

    For example ``luhn_check_digit("55208131") == "7"`` (SIREN 552081317).

    Raises:
        ValueError: if ``digits`` is empty or not made of ASCII digits only.
    """
    if not _is_digits(digits):
        raise ValueError(f"Luhn check digit needs ASCII digits, got {digits!r}")
    return str(-_luhn_sum(digits + "0") % 10)


def uai_check_letter(seven: str) -> str:
    """Return the check letter of a UAI whose first seven characters are ``seven``.

    For example ``uai_check_letter("0750654") == "D"``: 750654 modulo 23 is 3, and the
    letter at index 3 of :data:`UAI_KEY_ALPHABET` is D.

    Raises:
        ValueError: if ``seven`` is not exactly seven ASCII digits.
    """
    if len(seven) != _UAI_LENGTH - 1 or not _is_digits(seven):
        raise ValueError(f"UAI check letter needs exactly 7 ASCII digits, got {seven!r}")
    return UAI_KEY_ALPHABET[int(seven) % len(UAI_KEY_ALPHABET)]


def normalise_uai(raw: str) -> str:
    """Return the canonical form of the UAI ``raw``, or raise :class:`InvalidIdentifier`.

    Whitespace is removed and the check letter upper-cased: ``" 0750654d "`` gives
    ``"0750654D"``.

    Raises:
        InvalidIdentifier: with reason ``empty``, ``missing_key`` (seven digits only),
            ``length``, ``not_digits`` (in the first seven characters), ``key_not_letter``,
            ``forbidden_letter`` (I, O or Q) or ``checksum`` (the message gives the
            expected letter).
    """
    value = _compact(raw)
    if not value:
        raise _invalid("uai", value, "empty", "", "")
    if len(value) == _UAI_LENGTH - 1 and _is_digits(value):
        raise _invalid(
            "uai",
            value,
            "missing_key",
            f"la lettre clé est manquante après les 7 chiffres "
            f"(attendue : {uai_check_letter(value)})",
            f"the check letter after the 7 digits is missing (expected: {uai_check_letter(value)})",
        )
    if len(value) != _UAI_LENGTH:
        raise _invalid(
            "uai",
            value,
            "length",
            f"il doit comporter 8 caractères (7 chiffres et une lettre clé), et non {len(value)}",
            f"it must be 8 characters long (7 digits and a check letter), not {len(value)}",
        )
    seven, key = value[:-1], value[-1]
    if not _is_digits(seven):
        raise _invalid(
            "uai",
            value,
            "not_digits",
            "les 7 premiers caractères doivent être des chiffres",
            "the first 7 characters must be digits",
        )
    if key not in _ASCII_LETTERS:
        raise _invalid(
            "uai",
            value,
            "key_not_letter",
            "le dernier caractère doit être une lettre clé (de A à Z)",
            "the last character must be a check letter (A to Z)",
        )
    key = key.upper()
    value = seven + key
    if key in _FORBIDDEN_UAI_LETTERS:
        raise _invalid(
            "uai",
            value,
            "forbidden_letter",
            f"la lettre clé ne peut être ni I, ni O, ni Q (ici {key})",
            f"the check letter can be neither I, O nor Q (here {key})",
        )
    expected = uai_check_letter(seven)
    if key != expected:
        raise _invalid(
            "uai",
            value,
            "checksum",
            f"la lettre clé attendue est {expected}",
            f"the expected check letter is {expected}",
        )
    return value


def _normalise_digits(kind: IdentifierKind, raw: str, length: int) -> str:
    """Remove whitespace and check that exactly ``length`` ASCII digits are left."""
    value = _compact(raw)
    if not value:
        raise _invalid(kind, value, "empty", "", "")
    if not _is_digits(value):
        raise _invalid(
            kind,
            value,
            "not_digits",
            "il ne doit contenir que des chiffres",
            "it must contain digits only",
        )
    if len(value) != length:
        raise _invalid(
            kind,
            value,
            "length",
            f"il doit comporter {length} chiffres, et non {len(value)}",
            f"it must be {length} digits long, not {len(value)}",
        )
    return value


def _checksum_error(kind: IdentifierKind, value: str) -> InvalidIdentifier:
    """Build the error for a number whose Luhn check digit is wrong."""
    return _invalid(
        kind,
        value,
        "checksum",
        "la clé de contrôle (formule de Luhn) est incorrecte ; vérifiez chaque chiffre",
        "the check digit (Luhn formula) is wrong; please check every digit",
    )


def normalise_siren(raw: str) -> str:
    """Return the canonical form of the SIREN ``raw``, or raise :class:`InvalidIdentifier`.

    Whitespace is removed: ``"552 081 317"`` gives ``"552081317"``.

    Raises:
        InvalidIdentifier: with reason ``empty``, ``not_digits``, ``length`` (not nine
            digits) or ``checksum`` (Luhn).
    """
    value = _normalise_digits("siren", raw, _SIREN_LENGTH)
    if not luhn_valid(value):
        raise _checksum_error("siren", value)
    return value


def normalise_siret(raw: str) -> str:
    """Return the canonical form of the SIRET ``raw``, or raise :class:`InvalidIdentifier`.

    Whitespace is removed: ``"552 081 317 66522"`` gives ``"55208131766522"``. The Luhn
    checksum must hold over the fourteen digits and the first nine must be a valid SIREN,
    except for La Poste's establishments (SIREN 356000000, head office excluded), whose
    fourteen digits must add up to a multiple of 5.

    Raises:
        InvalidIdentifier: with reason ``empty``, ``not_digits``, ``length`` (not fourteen
            digits), ``checksum`` or ``siren_checksum`` (the checksum is right but the
            first nine digits are not a valid SIREN).
    """
    value = _normalise_digits("siret", raw, _SIRET_LENGTH)
    if value.startswith(LA_POSTE_SIREN) and value != LA_POSTE_HEAD_OFFICE_SIRET:
        if sum(ord(char) - ord("0") for char in value) % 5 != 0:
            raise _invalid(
                "siret",
                value,
                "checksum",
                "pour un établissement de La Poste (SIREN 356000000), la somme des "
                "chiffres doit être un multiple de 5",
                "for an establishment of La Poste (SIREN 356000000), the digits must add "
                "up to a multiple of 5",
            )
        return value
    if not luhn_valid(value):
        raise _checksum_error("siret", value)
    if not luhn_valid(value[:_SIREN_LENGTH]):
        raise _invalid(
            "siret",
            value,
            "siren_checksum",
            "ses 9 premiers chiffres ne forment pas un numéro SIREN valide",
            "its first 9 digits are not a valid SIREN number",
        )
    return value


def is_valid_uai(raw: str) -> bool:
    """Tell whether ``raw`` is a valid UAI once normalised (see :func:`normalise_uai`)."""
    try:
        normalise_uai(raw)
    except InvalidIdentifier:
        return False
    return True


def is_valid_siren(raw: str) -> bool:
    """Tell whether ``raw`` is a valid SIREN once normalised (see :func:`normalise_siren`)."""
    try:
        normalise_siren(raw)
    except InvalidIdentifier:
        return False
    return True


def is_valid_siret(raw: str) -> bool:
    """Tell whether ``raw`` is a valid SIRET once normalised (see :func:`normalise_siret`)."""
    try:
        normalise_siret(raw)
    except InvalidIdentifier:
        return False
    return True
