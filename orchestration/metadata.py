"""Small helpers for the metadata the UI shows on each materialization."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

import dagster as dg

from newswh.store import Table

# Every ASCII punctuation mark CommonMark lets a backslash escape: with all of them escaped, text
# from an article (a title holding `![](http://…/pixel.png)`, `<img onerror=…>`, `**`) shows as
# literal text in the UI and never becomes an image, link, raw HTML or emphasis.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")
# A GFM "autolink literal" turns bare www./http text into a link; a zero-width joiner after the
# scheme or "www" keeps the text as shown while stopping the match.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftp|www)(?=[:.])")


def literal_markdown(value: object) -> str:
    """VALUE as Markdown that renders as exactly its text, on one line."""
    text = "" if value is None else str(value)
    text = html.escape(text.replace("\r", " ").replace("\n", " "), quote=False)
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    return _AUTOLINK.sub("\\1\u2060", text)


def raw_table_spec(table: Table, **attributes) -> dg.AssetSpec:
    """A raw table's asset, described column by column from its one definition (raw_tables.yml)."""
    columns = [dg.TableColumn(c.name, c.type, description=c.description) for c in table.columns]
    return dg.AssetSpec(
        ["raw", table.name],
        description=table.description,
        metadata={"dagster/column_schema": dg.TableSchema(columns=columns)},
        **attributes,
    )


def markdown_preview(headers: Sequence[str], rows: Sequence[Sequence[object]], width: int = 60) -> str:
    if not rows:
        return "_no rows_"

    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        text = text if len(text) <= width else text[: width - 1] + "…"
        return literal_markdown(text)

    # Headers are the warehouse's own column names, shown as they are; only cells carry article text.
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
