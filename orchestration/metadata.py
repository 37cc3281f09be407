"""Small helpers for the metadata the UI shows on each materialization."""

from __future__ import annotations

from collections.abc import Sequence


def markdown_preview(headers: Sequence[str], rows: Sequence[Sequence[object]], width: int = 60) -> str:
    if not rows:
        return "_no rows_"

    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        text = text.replace("|", "\\|").replace("\n", " ")
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
