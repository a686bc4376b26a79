"""Text written by strangers goes into the PDF as text: nothing fetched, nothing run."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable

import pytest
from weasyprint import HTML

from reports.fetcher import ForbiddenResource
from reports.pdf import html_to_pdf
from tests.reports.support import Listener, Rendered, answers_data

Render = Callable[..., Rendered]


def payloads(port: int) -> list[str]:
    """Markup and URLs that would fetch from the listener if they were ever interpreted."""
    local = f"http://127.0.0.1:{port}"
    return [
        '<img src="file:///etc/passwd">',
        f'<link rel="stylesheet" href="{local}/link.css">',
        f"<style>@import url({local}/import.css);</style>",
        f'<p style="background: url({local}/background.png)">fond</p>',
        f"body {{ background-image: url('{local}/plain.png') }}",
        f'<iframe src="{local}/frame"></iframe>',
        f'<object data="{local}/object"></object><embed src="{local}/embed">',
        f'<svg><image href="{local}/svg.png"/></svg>',
        f'<base href="{local}/"><img src="relative.png">',
        '<a href="javascript:alert(1)">clic</a> javascript:alert(document.cookie)',
        "<script>alert('x')</script>",
        "</div></section><h1>Conforme</h1>",
        "{{ 7 * 7 }} {% if true %}jinja{% endif %}",
        '=HYPERLINK("http://example.invalid") & \'quotes\' "double"',
    ]


def test_the_listener_sees_what_an_unguarded_renderer_fetches(listener: Listener) -> None:
    # Control: the listener records a plain connection, and WeasyPrint left with its default
    # fetcher does reach it. The tests below would notice a fetch.
    socket.create_connection(("127.0.0.1", listener.port), timeout=2).close()
    HTML(string=f'<img alt="" src="http://127.0.0.1:{listener.port}/x.png">').write_pdf()
    _wait_for(listener, 2)
    assert len(listener.connections) >= 2


def _wait_for(listener: Listener, count: int) -> None:
    for _ in range(100):
        if len(listener.connections) >= count:
            return
        time.sleep(0.01)


def test_hostile_text_everywhere_is_printed_not_fetched(render: Render, listener: Listener) -> None:
    hostile = payloads(listener.port)
    joined = " | ".join(hostile)
    answers = {
        "INT-ID-01": {"level": 1, "comment": joined, "evidence": hostile},
        "SEC-HOM-01": {"not_applicable": True, "justification": joined},
        "INT-DATA-01": {"level": 4, "comment": hostile[0], "evidence": [hostile[4]]},
    }
    rendered = render(answers_data(answers, name=joined, organisation=joined))
    assert listener.connections == []
    squeezed = rendered.squeezed
    for text in hostile:
        assert re.sub(r"\s+", "", text) in squeezed, text
    # Whole, in the service name, the organisation, the comment (twice: in the action plan,
    # beside its blocker, and in the annex) and the justification (twice: in the annex, and
    # beside the blockers as a mandatory criterion declared not applicable).
    assert rendered.body_squeezed.count(re.sub(r"\s+", "", joined)) == 6
    # the Jinja expression stayed text ("49" alone: the listener's port may contain 49)
    assert re.search(r"\b49\b", rendered.text) is None


@pytest.mark.parametrize(
    "markup",
    [
        '<img alt="" src="file:///etc/passwd">',
        '<img alt="" src="http://127.0.0.1:{port}/x.png">',
        '<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">',
        "<style>@import url(http://127.0.0.1:{port}/i.css);</style>",
        '<p style="background: url(http://127.0.0.1:{port}/b.png)">x</p>',
        '<svg><image href="http://127.0.0.1:{port}/s.png"/></svg>',
        '<img alt="" src="../app/config.py">',
        "<style>@font-face {{ font-family: x; src: url(file:///etc/passwd) }}"
        " p {{ font-family: x }}</style><p>x</p>",
    ],
)
def test_the_renderer_refuses_to_fetch_even_if_markup_got_through(
    markup: str, listener: Listener, weasyprint_log: pytest.LogCaptureFixture
) -> None:
    # Second line of defence: were some markup ever to escape the templates' escaping, the
    # renderer's fetcher refuses it: the rendering stops (or, inside an SVG, where WeasyPrint
    # catches every error, the image is left out with an error in the log).
    html = f"<html lang=fr><title>t</title>{markup.format(port=listener.port)}</html>"
    try:
        html_to_pdf(html)
    except ForbiddenResource:
        pass
    else:
        messages = [r.getMessage() for r in weasyprint_log.records]
        assert any("Failed to render SVG" in m for m in messages), messages
    assert listener.connections == []


def test_very_long_texts_and_words_wrap_inside_the_page(render: Render) -> None:
    long_word = "Sans" + "x" * 4000 + "Espace"
    long_text = " ".join(["Un commentaire très long, écrit sans retenue."] * 400)
    answers = {
        "INT-ID-01": {"level": 2, "comment": long_text, "evidence": ["https://e.fr/" + "a" * 1900]},
        "SEC-HOM-01": {"not_applicable": True, "justification": long_word},
    }
    rendered = render(answers_data(answers, name="Service" + "N" * 300))
    assert long_word in rendered.squeezed
    for page in rendered.reader.pages:
        for line in page.extract_text().splitlines():
            assert len(line) <= 140, f"a line runs off the page: {line[:60]}…"


def test_control_characters_do_not_spoil_the_text(render: Render) -> None:
    # A NUL once turned the whole extracted text into garbage; a right-to-left override
    # would display the rest of the comment reversed. Both are dropped, the words stay.
    odd = "nul\x00 bell\x07 rtl\u202eabc zero\u200bwidth ﬁ ligature, accents àéîõü"
    rendered = render(answers_data({"INT-ID-01": {"level": 3, "comment": odd}}))
    assert "Commentaire : nul bell rtlabc zero" in rendered.text
    assert "ligature, accents àéîõü" in rendered.text
    assert "\x00" not in rendered.text
