"""Small helpers for the metadata the UI shows on each materialization."""

from __future__ import annotations

from collections.abc import Sequence

import dagster as dg

from newswh.store.tables import Table


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
        text = text.replace("|", "\\|").replace("\n", " ")
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
