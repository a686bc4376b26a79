"""Tests of the validation of French identifiers: UAI, SIREN and SIRET."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from app.domain.identifiers import (
    LA_POSTE_HEAD_OFFICE_SIRET,
    LA_POSTE_SIREN,
    UAI_KEY_ALPHABET,
    InvalidIdentifier,
    is_valid_siren,
    is_valid_siret,
    is_valid_uai,
    luhn_check_digit,
    luhn_valid,
    normalise_siren,
    normalise_siret,
    normalise_uai,
    uai_check_letter,
)

# --- Independent oracles, written differently from the module on purpose. -----------------

_ORACLE_ALPHABET = "".join(c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in "IOQ")


def oracle_uai_letter(seven: str) -> str:
    """Check letter computed straight from the definition."""
    return _ORACLE_ALPHABET[int(seven) % 23]


def oracle_luhn(digits: str) -> bool:
    """Check Luhn as usually written: double every other digit from the right, sum the digits."""
    total = 0
    for index, char in enumerate(digits[::-1]):
        product = int(char) * (2 if index % 2 else 1)
        total += sum(int(d) for d in str(product))
    return total % 10 == 0


def oracle_luhn_digit(digits: str) -> str:
    """Find the check digit by trying all ten."""
    (digit,) = [d for d in "0123456789" if oracle_luhn(digits + d)]
    return digit


def error_of(func: object, raw: str) -> InvalidIdentifier:
    """Call ``func(raw)`` and return the InvalidIdentifier it must raise."""
    assert callable(func)
    with pytest.raises(InvalidIdentifier) as info:
        func(raw)
    return info.value


digit_strings = st.text(alphabet="0123456789", min_size=1, max_size=30)
sevens = st.text(alphabet="0123456789", min_size=7, max_size=7)
eights = st.text(alphabet="0123456789", min_size=8, max_size=8)
whitespace = st.sampled_from([" ", "\t", "\u00a0", "\u202f", "\n"])


def sprinkle(value: str, data: st.DataObject) -> str:
    """Insert random whitespace between the characters of ``value``."""
    parts = []
    for char in value:
        parts.append(data.draw(st.lists(whitespace, max_size=2)))
        parts.append([char])
    parts.append(data.draw(st.lists(whitespace, max_size=2)))
    return "".join("".join(part) for part in parts)


# --- Sanity of the oracles and of the constants. --------------------------------------------


def test_alphabet_is_the_alphabet_without_i_o_q() -> None:
    assert UAI_KEY_ALPHABET == _ORACLE_ALPHABET == "ABCDEFGHJKLMNPRSTUVWXYZ"
    assert len(UAI_KEY_ALPHABET) == 23


def test_la_poste_constants() -> None:
    assert LA_POSTE_SIREN == "356000000"
    assert LA_POSTE_HEAD_OFFICE_SIRET == "35600000000048"
    assert LA_POSTE_HEAD_OFFICE_SIRET.startswith(LA_POSTE_SIREN)


# --- UAI ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uai", "label"),
    [
        ("0750654D", "Lycée Henri-IV, Paris"),
        ("0750655E", "Lycée Louis-le-Grand, Paris"),
    ],
)
def test_real_uai_are_valid(uai: str, label: str) -> None:
    assert normalise_uai(uai) == uai, label
    assert is_valid_uai(uai)


def test_worked_example_of_the_check_letter() -> None:
    assert 750654 % 23 == 3
    assert uai_check_letter("0750654") == "D"


@pytest.mark.parametrize(
    "uai",
    [
        "0751710B",
        "0690026D",
        "0130001F",
        "0000000A",  # 0 % 23 == 0 -> A
        "9999999P",  # 9999999 % 23 == 13 -> P
        "6200001G",  # Corse-du-Sud (2A) is numbered 620 in UAIs
        "7200009X",  # Haute-Corse (2B) is numbered 720 in UAIs
    ],
)
def test_valid_uai_examples(uai: str) -> None:
    assert uai[-1] == oracle_uai_letter(uai[:7])
    assert normalise_uai(uai) == uai
    assert is_valid_uai(uai)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0750654d", "0750654D"),
        (" 0750654D ", "0750654D"),
        ("075 0654 d", "0750654D"),
        ("\t0750654D\n", "0750654D"),
        ("0750654\u00a0D", "0750654D"),
        ("\u202f0750654d\u202f", "0750654D"),
    ],
)
def test_uai_normalisation(raw: str, expected: str) -> None:
    assert normalise_uai(raw) == expected
    assert is_valid_uai(raw)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("\u00a0\t", "empty"),
        ("0750654", "missing_key"),
        ("075065D", "length"),
        ("07506540D", "length"),
        ("0750654DD", "length"),
        ("D", "length"),
        ("075065AD", "not_digits"),
        ("2A00001G", "not_digits"),  # Corsica is 620/720 in UAIs, never 2A/2B
        ("0750.54D", "not_digits"),
        ("07506541", "key_not_letter"),
        ("0750654-", "key_not_letter"),
        ("0750654é", "key_not_letter"),
        ("0750654I", "forbidden_letter"),
        ("0750654O", "forbidden_letter"),
        ("0750654Q", "forbidden_letter"),
        ("0750654q", "forbidden_letter"),
        ("0750654E", "checksum"),  # wrong key letter
        ("0750664D", "checksum"),  # one digit changed
        ("0705654D", "checksum"),  # two adjacent digits swapped
        ("0750645D", "checksum"),  # two adjacent digits swapped
    ],
)
def test_invalid_uai_reasons(raw: str, reason: str) -> None:
    error = error_of(normalise_uai, raw)
    assert error.kind == "uai"
    assert error.reason == reason
    assert not is_valid_uai(raw)


def test_wrong_uai_key_names_the_expected_letter() -> None:
    error = error_of(normalise_uai, "0750654E")
    assert error.value == "0750654E"
    assert error.message_fr == "Le code UAI 0750654E est invalide : la lettre clé attendue est D."
    assert error.message_en == "The UAI code 0750654E is invalid: the expected check letter is D."
    assert str(error) == error.message_fr


def test_wrong_uai_key_is_reported_upper_case() -> None:
    error = error_of(normalise_uai, " 0750654e")
    assert error.value == "0750654E"
    assert "attendue est D" in error.message_fr


def test_missing_uai_key_suggests_the_letter() -> None:
    error = error_of(normalise_uai, "0750654")
    assert "manquante" in error.message_fr
    assert "D" in error.message_fr
    assert "missing" in error.message_en


@pytest.mark.parametrize("letter", ["I", "O", "Q", "i", "o", "q"])
def test_forbidden_uai_letters_are_named(letter: str) -> None:
    error = error_of(normalise_uai, "0750654" + letter)
    assert "ni I, ni O, ni Q" in error.message_fr
    assert "neither I, O nor Q" in error.message_en


def test_uai_length_message_gives_the_length() -> None:
    error = error_of(normalise_uai, "07506540D")
    assert "8 caractères" in error.message_fr
    assert "et non 9" in error.message_fr
    assert "not 9" in error.message_en


@pytest.mark.parametrize(
    "bad",
    ["", "075065", "07506540", "075065A", "\uff10\uff17\uff15\uff10\uff16\uff15\uff14", "²750654"],
)
def test_uai_check_letter_rejects_anything_but_seven_ascii_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="7 ASCII digits"):
        uai_check_letter(bad)


@given(sevens)
@example("0000000")
@example("9999999")
def test_property_uai_with_its_check_letter_is_valid(seven: str) -> None:
    letter = uai_check_letter(seven)
    assert letter == oracle_uai_letter(seven)
    assert normalise_uai(seven + letter) == seven + letter
    assert normalise_uai(seven + letter.lower()) == seven + letter


@given(sevens, st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
def test_property_uai_with_any_other_letter_is_invalid(seven: str, letter: str) -> None:
    assume(letter != oracle_uai_letter(seven))
    error = error_of(normalise_uai, seven + letter)
    assert error.reason == ("forbidden_letter" if letter in "IOQ" else "checksum")
    assert not is_valid_uai(seven + letter.lower())


@given(sevens, st.data())
def test_property_uai_whitespace_and_case_do_not_matter(seven: str, data: st.DataObject) -> None:
    canonical = seven + oracle_uai_letter(seven)
    raw = sprinkle(seven + data.draw(st.sampled_from([canonical[-1], canonical[-1].lower()])), data)
    assert normalise_uai(raw) == canonical
    assert normalise_uai(normalise_uai(raw)) == canonical


@given(sevens, st.integers(min_value=0, max_value=6), st.integers(min_value=1, max_value=9))
def test_property_uai_single_digit_change_is_detected(seven: str, index: int, shift: int) -> None:
    # Changing one digit moves the number by delta * 10**k with 0 < |delta| < 23; 23 is prime
    # and divides neither factor, so the remainder modulo 23, hence the letter, changes.
    changed = seven[:index] + str((int(seven[index]) + shift) % 10) + seven[index + 1 :]
    assert not is_valid_uai(changed + oracle_uai_letter(seven))


# --- Luhn -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        ("0", True),
        ("18", True),
        ("79927398713", True),  # textbook example
        ("79927398710", False),
        ("", False),
        ("12a4", False),
        ("\uff11\uff18", False),  # full-width digits are not ASCII digits
        (" 18", False),  # luhn_valid does not normalise
    ],
)
def test_luhn_valid(digits: str, expected: bool) -> None:
    assert luhn_valid(digits) is expected


@pytest.mark.parametrize("bad", ["", "12 3", "x", "\u0663"])
def test_luhn_check_digit_rejects_non_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="ASCII digits"):
        luhn_check_digit(bad)


@given(digit_strings)
def test_property_luhn_matches_the_oracle(digits: str) -> None:
    assert luhn_valid(digits) is oracle_luhn(digits)


@given(digit_strings)
def test_property_luhn_check_digit_matches_the_oracle(digits: str) -> None:
    digit = luhn_check_digit(digits)
    assert digit == oracle_luhn_digit(digits)
    assert luhn_valid(digits + digit)


# --- SIREN ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("siren", "label"),
    [
        ("552081317", "Électricité de France (EDF)"),
        ("542051180", "TotalEnergies SE"),
        ("356000000", "La Poste"),
    ],
)
def test_real_siren_are_valid(siren: str, label: str) -> None:
    assert normalise_siren(siren) == siren, label
    assert is_valid_siren(siren)


@pytest.mark.parametrize("siren", ["443061841", "441639465", "123456782", "000000000"])
def test_valid_siren_examples(siren: str) -> None:
    assert oracle_luhn(siren)
    assert is_valid_siren(siren)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("552 081 317", "552081317"),
        (" 552081317\n", "552081317"),
        ("552\u00a0081\u00a0317", "552081317"),
        ("552\u202f081\u202f317", "552081317"),
        ("552\t081317", "552081317"),
    ],
)
def test_siren_normalisation(raw: str, expected: str) -> None:
    assert normalise_siren(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("  ", "empty"),
        ("55208131", "length"),
        ("5520813170", "length"),
        ("55208131A", "not_digits"),
        ("ABCDEFGHI", "not_digits"),
        ("552.081.317", "not_digits"),  # only whitespace is removed
        ("552-081-317", "not_digits"),
        (
            "\uff15\uff15\uff12\uff10\uff18\uff11\uff13\uff11\uff17",
            "not_digits",
        ),  # full-width digits
        ("552081318", "checksum"),  # last digit changed
        ("552081417", "checksum"),  # one digit changed
        ("525081317", "checksum"),  # two adjacent digits swapped
        ("552083117", "checksum"),  # two adjacent digits swapped
        ("775665019", "checksum"),
    ],
)
def test_invalid_siren_reasons(raw: str, reason: str) -> None:
    error = error_of(normalise_siren, raw)
    assert error.kind == "siren"
    assert error.reason == reason
    assert not is_valid_siren(raw)


def test_siren_messages() -> None:
    error = error_of(normalise_siren, "552 081 318")
    assert error.value == "552081318"
    assert error.message_fr.startswith("Le numéro SIREN 552081318 est invalide : ")
    assert "Luhn" in error.message_fr
    assert error.message_en.startswith("The SIREN number 552081318 is invalid: ")
    assert str(error) == error.message_fr
    assert "9 chiffres, et non 8" in error_of(normalise_siren, "55208131").message_fr
    assert "9 digits long, not 8" in error_of(normalise_siren, "55208131").message_en
    assert error_of(normalise_siren, " ").message_fr == "Le numéro SIREN est vide."
    assert error_of(normalise_siren, " ").message_en == "The SIREN number is empty."


@given(eights)
def test_property_siren_with_its_luhn_digit_is_valid(eight: str) -> None:
    siren = eight + oracle_luhn_digit(eight)
    assert normalise_siren(siren) == siren


@given(eights, st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=9))
def test_property_siren_single_digit_change_is_invalid(eight: str, index: int, shift: int) -> None:
    siren = eight + oracle_luhn_digit(eight)
    changed = siren[:index] + str((int(siren[index]) + shift) % 10) + siren[index + 1 :]
    assert not is_valid_siren(changed)


@given(eights, st.integers(min_value=0, max_value=7))
def test_property_siren_adjacent_swap_is_invalid(eight: str, index: int) -> None:
    siren = eight + oracle_luhn_digit(eight)
    pair = siren[index : index + 2]
    # Luhn catches every adjacent transposition except 09 <-> 90.
    assume(pair[0] != pair[1] and pair not in {"09", "90"})
    swapped = siren[:index] + pair[::-1] + siren[index + 2 :]
    assert not is_valid_siren(swapped)


@given(eights, st.data())
def test_property_siren_whitespace_does_not_matter(eight: str, data: st.DataObject) -> None:
    siren = eight + oracle_luhn_digit(eight)
    assert normalise_siren(sprinkle(siren, data)) == siren


# --- SIRET ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "siret",
    [
        "55208131766522",  # an EDF establishment number (SIREN 552081317)
        "44306184100047",
        "12345678200010",
        LA_POSTE_HEAD_OFFICE_SIRET,
    ],
)
def test_valid_siret_examples(siret: str) -> None:
    assert normalise_siret(siret) == siret
    assert is_valid_siret(siret)


def test_la_poste_head_office_follows_luhn_not_the_sum_rule() -> None:
    # The head office is the exception within the exception: sum 26, but Luhn holds.
    assert sum(int(d) for d in LA_POSTE_HEAD_OFFICE_SIRET) % 5 == 1
    assert oracle_luhn(LA_POSTE_HEAD_OFFICE_SIRET)
    assert is_valid_siret("356 000 000 00048")


@pytest.mark.parametrize(
    "siret",
    [
        "35600000000001",  # sum 15, not Luhn
        "35600000000056",  # sum 25, not Luhn
        "35600000000006",  # sum 20, Luhn too
        "35600000012341",  # sum 25
    ],
)
def test_la_poste_establishments_use_the_sum_of_digits(siret: str) -> None:
    assert sum(int(d) for d in siret) % 5 == 0
    assert normalise_siret(siret) == siret


@pytest.mark.parametrize(
    "siret",
    [
        "35600000000014",  # Luhn holds, but sum 19: La Poste's rule applies
        "35600000000055",  # Luhn holds, but sum 24
        "35600000000019",  # neither
        "35600000000049",  # head office with its last digit changed
    ],
)
def test_la_poste_establishments_reject_a_bad_sum(siret: str) -> None:
    error = error_of(normalise_siret, siret)
    assert error.reason == "checksum"
    assert "La Poste" in error.message_fr
    assert "La Poste" in error.message_en


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("552 081 317 66522", "55208131766522"),
        ("55208131766522\n", "55208131766522"),
        ("552\u00a0081\u00a0317\u00a066522", "55208131766522"),
    ],
)
def test_siret_normalisation(raw: str, expected: str) -> None:
    assert normalise_siret(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "empty"),
        ("\u00a0", "empty"),
        ("552081317", "length"),  # a SIREN is not a SIRET
        ("5520813176652", "length"),
        ("552081317665220", "length"),
        ("5520813176652A", "not_digits"),
        ("552.081.317.66522", "not_digits"),
        ("55208131766523", "checksum"),  # last digit changed
        ("55208131767522", "checksum"),  # one digit changed
        ("55208131765622", "checksum"),  # two adjacent digits swapped
        ("55208131800008", "siren_checksum"),  # Luhn over 14 holds, SIREN 552081318 does not
    ],
)
def test_invalid_siret_reasons(raw: str, reason: str) -> None:
    assert reason != "siren_checksum" or oracle_luhn(raw)
    error = error_of(normalise_siret, raw)
    assert error.kind == "siret"
    assert error.reason == reason
    assert not is_valid_siret(raw)


def test_siret_messages() -> None:
    error = error_of(normalise_siret, "55208131766523")
    assert error.message_fr.startswith("Le numéro SIRET 55208131766523 est invalide : ")
    assert error.message_en.startswith("The SIRET number 55208131766523 is invalid: ")
    error = error_of(normalise_siret, "55208131800008")
    assert "SIREN" in error.message_fr
    assert "SIREN" in error.message_en
    assert "14 chiffres, et non 9" in error_of(normalise_siret, "552081317").message_fr


valid_sirens = eights.map(lambda eight: eight + oracle_luhn_digit(eight)).filter(
    lambda siren: siren != LA_POSTE_SIREN
)


@given(valid_sirens, st.text(alphabet="0123456789", min_size=4, max_size=4))
def test_property_siret_from_a_valid_siren_is_valid(siren: str, nic_start: str) -> None:
    siret = siren + nic_start + oracle_luhn_digit(siren + nic_start)
    assert normalise_siret(siret) == siret


@given(
    valid_sirens,
    st.text(alphabet="0123456789", min_size=4, max_size=4),
    st.integers(min_value=0, max_value=13),
    st.integers(min_value=1, max_value=9),
)
def test_property_siret_single_digit_change_is_invalid(
    siren: str, nic_start: str, index: int, shift: int
) -> None:
    siret = siren + nic_start + oracle_luhn_digit(siren + nic_start)
    changed = siret[:index] + str((int(siret[index]) + shift) % 10) + siret[index + 1 :]
    assume(not changed.startswith(LA_POSTE_SIREN))
    assert not is_valid_siret(changed)


@given(st.text(alphabet="0123456789", min_size=5, max_size=5))
def test_property_la_poste_rule(nic: str) -> None:
    siret = LA_POSTE_SIREN + nic
    expected = (
        oracle_luhn(siret)
        if siret == LA_POSTE_HEAD_OFFICE_SIRET
        else sum(int(d) for d in siret) % 5 == 0
    )
    assert is_valid_siret(siret) is expected


# --- Whatever the input ---------------------------------------------------------------------


@given(st.text())
@example("0750654ß")
@example("\u0130" * 8)
def test_property_any_text_is_either_canonical_or_rejected_cleanly(raw: str) -> None:
    for normalise, is_valid, kind in [
        (normalise_uai, is_valid_uai, "uai"),
        (normalise_siren, is_valid_siren, "siren"),
        (normalise_siret, is_valid_siret, "siret"),
    ]:
        if is_valid(raw):
            canonical = normalise(raw)
            assert canonical.isascii()
            assert normalise(canonical) == canonical
        else:
            error = error_of(normalise, raw)
            assert error.kind == kind
            assert error.message_fr
            assert error.message_en
            assert str(error) == error.message_fr


def test_long_values_are_shortened_in_messages() -> None:
    error = error_of(normalise_siret, "1" * 200)
    assert error.value == "1" * 200
    assert len(error.message_fr) < 120
    assert "…" in error.message_fr


def test_invalid_identifier_is_a_value_error_and_pickles() -> None:
    error = error_of(normalise_uai, "0750654E")
    assert isinstance(error, ValueError)
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, InvalidIdentifier)
    assert (copy.kind, copy.value, copy.reason) == ("uai", "0750654E", "checksum")
    assert (copy.message_fr, copy.message_en) == (error.message_fr, error.message_en)
    assert str(copy) == str(error)
