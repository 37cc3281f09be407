"""Reports: this package owns the pictures an analyst opens, drawn from the marts (`timeline`)."""

from newswh.reports.timeline import render_timeline

__all__ = ["render_timeline"]
