"""Article text shown in the Dagster UI's Markdown previews renders as literal text, never as markup."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from orchestration.metadata import literal_markdown, markdown_preview

pytestmark = pytest.mark.unit

HOSTILE_TITLES = [
    "![](http://127.0.0.1:9977/pixel.png)",
    "[click](javascript:alert(1))",
    '<img src=x onerror="alert(1)">',
    "<script>alert(1)</script>",
    "**bold** _em_ `code` # heading",
    "http://127.0.0.1:9977/track and www.example.com",
    "a | b || c",
]


def _render(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_render_as_their_own_text(title):
    rendered = _render(markdown_preview(["article", "title"], [("a_1", title)], width=200))
    for tag in ("<img", "<a ", "<script", "<strong", "<em", "<code", "<h1"):
        assert tag not in rendered, (title, rendered)
    assert rendered.count("<td>") == 2  # a pipe in the title did not add a column


def test_the_shown_text_is_unchanged_apart_from_invisible_joiners():
    title = "Russia & the Taliban: 5 *years* [of] ties (2021-2025) <analysis>"
    rendered = _render(literal_markdown(title))
    assert "Russia &amp; the Taliban: 5 *years* [of] ties (2021-2025) &lt;analysis&gt;" in rendered


def test_long_cells_are_cut_before_escaping():
    preview = markdown_preview(["title"], [("x" * 100,)], width=10)
    assert "x" * 9 + "…" in preview and "x" * 10 not in preview
