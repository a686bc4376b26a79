"""The public page "Mon outil est-il concerné ?": a GET form answered on the server."""

from __future__ import annotations

import re
from html import unescape

import pytest
from flask.testing import FlaskClient

from tests.assessments.support import World
from tests.auth.support import login_as

URL = "/mon-outil-est-il-concerne"


def answer_of(client: FlaskClient, **query: str) -> str:
    response = client.get(URL, query_string=query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_form_works_without_javascript_and_is_accessible(client: FlaskClient) -> None:
    html = answer_of(client)
    form = html.split('id="scope-form"')[0].rsplit("<form", 1)[1] + html.split('id="scope-form"')[1]
    assert 'method="get"' in form.split(">")[0]
    assert html.count("<fieldset") == 4 and html.count("<legend>") == 4
    for radio in re.findall(r'<input type="radio" id="([^"]+)"', html):
        assert f'<label for="{radio}">' in html
    assert "<h1>Mon outil est-il concerné ?</h1>" in html
    assert 'id="scope-answer"' not in html  # no answer before a question is answered
    # the legal basis is quoted, as seed 000 gives it
    text = unescape(html)
    assert "Art. R. 421-78-3.</em> – Les systèmes d'information, services et outils" in text
    assert "un délai minimal de dix mois, à compter de sa publication" in text
    assert "Art. R. 421-78-4.</em> – Afin d'assurer la mutualisation" in text


INSIDE = {"etablissement": "public", "territoire": "france", "missions": "oui",
          "professionnel": "non"}  # fmt: skip


@pytest.mark.parametrize("establishment", ["public", "agricole", "armees"])
def test_a_public_college_or_lycee_is_concerned(client: FlaskClient, establishment: str) -> None:
    text = unescape(answer_of(client, **(INSIDE | {"etablissement": establishment})))
    assert 'data-verdict="concerne"' in text
    assert "Oui : l'outil entre dans le champ du décret." in text
    assert "au moins dix mois" in text and "services socles" in text
    assert "l'établissement, la collectivité ou l'État" in text
    assert "Aucune sanction n'est prévue pour une collectivité" in text
    assert f'value="{establishment}" checked' in text  # the choice is kept


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"etablissement": "prive-sous-contrat"}, "L'enseignement privé sous contrat"),
        ({"etablissement": "ecole"}, "les écoles du premier degré sont en dehors"),
        ({"etablissement": "autre"}, "collèges et lycées publics"),
        ({"territoire": "nouvelle-caledonie"}, "Nouvelle-Calédonie et la Polynésie française"),
        ({"territoire": "polynesie-francaise"}, "Nouvelle-Calédonie et la Polynésie française"),
        ({"missions": "non"}, "missions éducatives"),
        ({"professionnel": "oui"}, "seuls enseignements technologiques et professionnels"),
    ],
)
def test_each_exclusion_says_why(client: FlaskClient, change: dict[str, str], words: str) -> None:
    text = unescape(answer_of(client, **(INSIDE | change)))
    assert 'data-verdict="non-concerne"' in text
    assert "Non : l'outil n'entre pas dans le champ du décret." in text
    assert words in text.split('id="scope-reason"')[1].split("</p>")[0]


def test_a_partial_answer_asks_for_the_rest(client: FlaskClient) -> None:
    text = unescape(answer_of(client, etablissement="public"))
    assert 'data-verdict="incomplet"' in text
    missing = text.split('id="scope-missing"')[1].split("</p>")[0]
    assert "Où se trouve l'établissement ?" in missing
    assert "Dans quel type d'établissement" not in missing


def test_an_odd_query_is_ignored_and_never_echoed(client: FlaskClient) -> None:
    html = answer_of(client, etablissement="<script>alert(1)</script>", missions="peut-être")
    assert "<script>alert(1)</script>" not in html and "peut-être" not in html
    assert 'id="scope-answer"' not in html and " checked" not in html


def test_english(client: FlaskClient) -> None:
    response = client.get(URL, query_string=INSIDE, headers={"Accept-Language": "en"})
    text = unescape(response.get_data(as_text=True))
    assert "Is my tool concerned?" in text
    assert "whoever chose the tool" in text


def test_linked_from_home_registration_and_the_new_service_form(
    client: FlaskClient, world: World
) -> None:
    link = f'href="{URL}"'
    assert link in client.get("/").get_data(as_text=True)
    assert link in client.get("/register").get_data(as_text=True)
    home = unescape(client.get("/").get_data(as_text=True))
    assert "doivent" not in home.split('class="lead"')[1].split("</p>")[0]
    login_as(client, world.alice)
    assert link in client.get("/services/nouveau").get_data(as_text=True)
