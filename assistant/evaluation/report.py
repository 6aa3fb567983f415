"""A self-contained HTML report of a run: metric tables, plots as base64 PNG, per-case tables.

Every piece of text from the data (questions, answers, ids, reasons) is HTML-escaped: a question such as
``<script>`` in a dataset shows as text. The page loads nothing from anywhere.
"""

from __future__ import annotations

import base64
import html
import io
import math
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot
import matplotlib.pyplot as plt  # noqa: E402

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:1200px}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.skipped{color:#8a5a00}.bad{background:#fde8e8}details{margin:.3rem 0 1rem}img{max-width:100%}
code{font-size:12px}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _fmt(value: Any) -> str:
    if value is None:
        return "&mdash;"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return "&mdash;" if not math.isfinite(value) else f"{value:.3f}"
    if isinstance(value, list | tuple):
        return _e(", ".join(str(v) for v in value))
    if isinstance(value, dict):
        return _e(", ".join(f"{k}: {_fmt_plain(v)}" for k, v in value.items()))
    return _e(value)


def _fmt_plain(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    plt.close(fig)
    return f'<img alt="plot" src="data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}">'


def metric_bars(aggregate: dict[str, dict[str, Any]], title: str) -> str | None:
    rows = [(k, v) for k, v in aggregate.items() if v.get("mean") is not None]
    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(8, 0.35 * len(rows) + 1))
    names = [k for k, _ in rows]
    means = [v["mean"] for _, v in rows]
    errs = [v.get("std") or 0.0 for _, v in rows]
    ax.barh(names, means, xerr=errs, color="#4c78a8")
    ax.set_xlim(0, 1.05)
    ax.invert_yaxis()
    ax.set_title(title)
    for y, m in enumerate(means):
        ax.text(min(m + 0.01, 0.95), y, f"{m:.3f}", va="center", fontsize=8)
    return _png(fig)


def case_histogram(rows: list[dict[str, Any]], metric: str, title: str) -> str | None:
    values = [r.get(metric) for r in rows]
    kept = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)]
    if len(kept) < 2:
        return None
    fig, ax = plt.subplots(figsize=(5, 2.4))
    ax.hist(kept, bins=10, range=(0, 1), color="#72b7b2", edgecolor="white")
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(metric)
    ax.set_ylabel("cases")
    return _png(fig)


def _table(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    if not rows:
        return "<p>No cases.</p>"
    cols = columns or list(dict.fromkeys(k for r in rows for k in r))
    head = "".join(f"<th>{_e(c)}</th>" for c in cols)
    body = []
    for r in rows:
        cells = []
        for c in cols:
            v = r.get(c)
            num = isinstance(v, int | float) and not isinstance(v, bool)
            bad = num and c not in ("id", "seconds", "turns", "claims", "citations", "expected", "actual") and v == 0
            cls = ' class="num bad"' if bad else (' class="num"' if num else "")
            cells.append(f"<td{cls}>{_fmt(v)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _side_by_side_table(data: dict[str, Any], repeat: int) -> str:
    """One row per metric: its dev and test means with their record counts (and spreads when repeated)."""
    rows = []
    splits = list(data.get("splits", {}))
    metrics: dict[str, dict[str, Any]] = {}
    for split, part in data.get("splits", {}).items():
        for name, v in part.get("aggregate", {}).items():
            metrics.setdefault(name, {})[split] = v
    for name, by_split in metrics.items():
        row: dict[str, Any] = {"metric": name}
        for split in splits:
            v = by_split.get(split) or {}
            row[split] = v.get("mean")
            row[f"{split} records"] = v.get("scored")
            if repeat > 1:
                row[f"{split} std"] = v.get("std")
        rows.append(row)
    return _table(rows)


def _split_section(suite: str, split: str, part: dict[str, Any]) -> list[str]:
    parts = [f"<h3>{_e(split)} split</h3>"]
    fams = [{"family": f, "status": v.get("status"), "seconds": v.get("seconds"), "runs": v.get("runs"),
             "reason": v.get("reason")} for f, v in part.get("families", {}).items()]
    parts.append(_table(fams))
    aggregate = part.get("aggregate", {})
    bars = metric_bars(aggregate, f"{suite} ({split}): mean score per metric")
    if bars:
        parts.append(bars)
    for family, rows in part.get("cases", {}).items():
        metric_names = [k.split(".", 1)[1] for k in aggregate if k.startswith(family + ".")]
        parts.append(f"<h4>{_e(family)} ({_e(split)}): per case</h4>")
        hist = next((h for m in metric_names if (h := case_histogram(rows, m, f"{family}: {m}"))), None)
        if hist:
            parts.append(hist)
        parts.append(f"<details><summary>{len(rows)} cases</summary>{_table(rows)}</details>")
    return parts


def render_html(results: dict[str, Any]) -> str:
    """The report for a ``results.json`` dictionary (see :mod:`assistant.evaluation.results`)."""
    repeat = int(results.get("repeat", 1))
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<title>ISL assistant evaluation</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>ISL Competency Assistant: evaluation report</h1>",
        f"<p>Run {_e(results.get('created_at', ''))} &middot; index {_e(results.get('index_version', ''))} "
        f"&middot; repeat {repeat}</p>",
        "<p>Every metric is shown for the <b>dev</b> split (used for tuning and calibration) and the held-out "
        "<b>test</b> split (never tuned on), with the number of records it was measured on.</p>",
    ]
    for suite, data in results.get("suites", {}).items():
        parts.append(f"<h2>Suite {_e(suite)} <small>(generator {_e(data.get('generator'))})</small></h2>")
        if data.get("status") != "ok":
            parts.append(f"<p class='skipped'>Skipped: {_e(data.get('reason'))}</p>")
            continue
        parts.append("<h3>Metrics: dev and test</h3>" + _side_by_side_table(data, repeat))
        for split, part in data.get("splits", {}).items():
            parts.extend(_split_section(suite, split, part))
    parts.append("</body></html>")
    return "\n".join(parts)
