"""The INSEE codes of the collectivités that fund schools: régions (lycées), départements
(collèges). Only the shape and the list of existing codes are checked, not the name."""

from __future__ import annotations

from flask_babel import gettext as _

TERRITORY_KINDS = ("region", "departement")

# Régions since 2016, including the overseas régions and collectivités uniques (Guyane,
# Martinique, Mayotte) and the Collectivité de Corse, with their INSEE codes.
REGION_CODES = frozenset(
    [
        "01",
        "02",
        "03",
        "04",
        "06",
        "11",
        "24",
        "27",
        "28",
        "32",
        "44",
        "52",
        "53",
        "75",
        "76",
        "84",
        "93",
        "94",
    ]
)

# Départements: 01 to 95 (20 became 2A and 2B in 1976), and the overseas ones 971 to 976.
DEPARTEMENT_CODES = frozenset(
    [
        *(f"{number:02d}" for number in range(1, 96) if number != 20),
        "2A",
        "2B",
        *(str(number) for number in range(971, 977)),
    ]
)


class InvalidTerritory(ValueError):
    """A territory code that does not exist for the kind of collectivité chosen."""


def normalise_territory_code(kind: str, raw: str) -> str:
    """The canonical code (``"2a"`` → ``"2A"``, ``"5"`` → ``"05"``) or InvalidTerritory."""
    code = "".join(raw.split()).upper()
    if not code:
        raise InvalidTerritory(_("Indiquez le code INSEE de la collectivité."))
    if len(code) == 1 and code.isdigit():
        code = "0" + code
    if kind == "region":
        if code not in REGION_CODES:
            raise InvalidTerritory(
                _(
                    "%(code)s n'est pas un code de région : indiquez 2 chiffres, par exemple "
                    "11 pour l'Île-de-France ou 84 pour Auvergne-Rhône-Alpes.",
                    code=code,
                )
            )
        return code
    if kind == "departement":
        if code == "20":
            raise InvalidTerritory(_("La Corse a deux départements : indiquez 2A ou 2B."))
        if code not in DEPARTEMENT_CODES:
            raise InvalidTerritory(
                _(
                    "%(code)s n'est pas un code de département : indiquez de 01 à 95, 2A, 2B, "
                    "ou de 971 à 976 outre-mer.",
                    code=code,
                )
            )
        return code
    raise InvalidTerritory(_("Choisissez d'abord région ou département."))
