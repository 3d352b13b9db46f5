"""The run summary (text) and the trend report (one self-contained HTML file with inline SVG charts).

The report needs no script, font or stylesheet from anywhere: charts are SVG drawn here from the
trend views, so the file opens offline and can be mailed as is.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import duckdb

SUMMARY_SQL = {
    "totals": "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM articles WHERE on_topic), "
    "(SELECT count(*) FROM mentions), (SELECT count(*) FROM quotes), (SELECT count(*) FROM speakers)",
    "top_speakers": """
        SELECT name, coalesce(titles[1], ''), coalesce(affiliations[1], ''), coalesce(role, ''), quote_count
        FROM speakers WHERE kind = 'person' ORDER BY quote_count DESC, name LIMIT ?""",
}


def summary(con: duckdb.DuckDBPyConnection, top: int = 10) -> str:
    articles, on_topic, mentions, quotes, speakers = con.execute(SUMMARY_SQL["totals"]).fetchone() or (0,) * 5
    lines = [
        f"articles: {articles} ({on_topic} on topic)   mentions: {mentions}   quotes: {quotes}   speakers: {speakers}",
        "",
        "top quoted speakers:",
    ]
    for name, title, affiliation, role, count in con.execute(SUMMARY_SQL["top_speakers"], [top]).fetchall():
        desc = ", ".join(x for x in (title, affiliation) if x)
        lines.append(f"  {count:3d}  {name}" + (f" — {desc}" if desc else "") + (f" [{role}]" if role else ""))
    return "\n".join(lines)


def _bar_chart(title: str, rows: list[tuple[str, float]], width: int = 640, bar_h: int = 20) -> str:
    if not rows:
        return f"<section><h2>{html.escape(title)}</h2><p>No data yet.</p></section>"
    label_w = 260
    peak = max(v for _, v in rows) or 1
    height = bar_h * len(rows) + 10
    bars = []
    for i, (label, value) in enumerate(rows):
        w = (width - label_w - 60) * value / peak
        y = i * bar_h + 5
        bars.append(
            f'<text x="{label_w - 6}" y="{y + bar_h * 0.7:.1f}" text-anchor="end">{html.escape(label[:40])}</text>'
            f'<rect class="bar" x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 4}"></rect>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h * 0.7:.1f}">{value:g}</text>'
        )
    return (
        f'<section><h2>{html.escape(title)}</h2><svg class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{"".join(bars)}</svg></section>'
    )


def _time_chart(
    title: str,
    points: list[tuple[str, float]],
    events: list[tuple[str, str]],
    width: int = 900,
    height: int = 260,
    signed: bool = False,
) -> str:
    """A line over days, with key events as dashed markers; ``signed`` charts allow negative values."""
    if not points:
        return f"<section><h2>{html.escape(title)}</h2><p>No data yet.</p></section>"
    import datetime as dt

    days = [dt.date.fromisoformat(d) for d, _ in points]
    lo, hi = min(days), max(days)
    span = max(1, (hi - lo).days)
    values = [v for _, v in points]
    floor = min(0.0, min(values)) if signed else 0.0
    peak = max(values) if max(values) > floor else floor + 1
    left, bottom, top = 60, height - 30, 10

    def x(day: dt.date) -> float:
        return left + (width - left - 20) * (day - lo).days / span

    def y(v: float) -> float:
        return bottom - (bottom - top) * (v - floor) / (peak - floor)

    path = " ".join(
        f"{'M' if i == 0 else 'L'}{x(d):.1f},{y(v):.1f}" for i, (d, (_, v)) in enumerate(zip(days, points, strict=True))
    )
    marks = []
    for day_text, label in events:
        day = dt.date.fromisoformat(day_text)
        if lo <= day <= hi:
            marks.append(
                f'<line class="event" x1="{x(day):.1f}" x2="{x(day):.1f}" y1="{top}" y2="{bottom}"></line>'
                f'<text class="event-label" x="{x(day) + 3:.1f}" y="{top + 12}">{html.escape(label)}</text>'
            )
    axis = (
        f'<line class="axis" x1="{left}" x2="{width - 20}" y1="{bottom}" y2="{bottom}"></line>'
        f'<text x="{left}" y="{height - 8}">{lo.isoformat()}</text>'
        f'<text x="{width - 20}" y="{height - 8}" text-anchor="end">{hi.isoformat()}</text>'
        f'<text x="{left - 4}" y="{top + 10}" text-anchor="end">{peak:.3g}</text>'
        + (f'<text x="{left - 4}" y="{bottom}" text-anchor="end">{floor:.3g}</text>' if signed else "")
    )
    dots = "".join(
        f'<circle class="dot" cx="{x(d):.1f}" cy="{y(v):.1f}" r="3"></circle>'
        for d, (_, v) in zip(days, points, strict=True)
    )
    return (
        f'<section><h2>{html.escape(title)}</h2><svg class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{axis}{"".join(marks)}<path class="line" d="{path}"></path>{dots}</svg>'
        f"</section>"
    )


STYLE = """body{font-family:system-ui,sans-serif;margin:2rem;max-width:1000px;color:#222}
h1{font-size:1.5rem}h2{font-size:1.1rem;margin-top:2rem}.chart text{font-size:12px;fill:#333}
.bar{fill:#3b6ea8}.line{fill:none;stroke:#3b6ea8;stroke-width:2}.dot{fill:#3b6ea8}
.event{stroke:#c0392b;stroke-dasharray:4 3}.event-label{fill:#c0392b;font-size:11px}.axis{stroke:#888}
table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}"""


def write_report(con: duckdb.DuckDBPyConnection, out: Path, events: list[tuple[str, str]] | None = None) -> Path:
    """Write the HTML report to ``out`` (atomically) and return its path."""
    daily = con.execute(
        "SELECT CAST(day AS VARCHAR), sum(mentions) FROM v_daily_mentions_entity WHERE day IS NOT NULL "
        "GROUP BY day ORDER BY day"
    ).fetchall()
    experts = con.execute(
        "SELECT speaker || coalesce(' (' || affiliation || ')', ''), quote_count FROM v_top_quoted_experts LIMIT 15"
    ).fetchall()
    voice = con.execute(
        "SELECT source, sum(articles) FROM v_daily_mentions_source GROUP BY source ORDER BY 2 DESC, 1"
    ).fetchall()
    entities = con.execute(
        "SELECT entity_name, sum(mentions) FROM v_daily_mentions_entity GROUP BY entity_name "
        "ORDER BY 2 DESC, 1 LIMIT 15"
    ).fetchall()
    tone = con.execute(
        "SELECT CAST(day AS VARCHAR), article_tone FROM v_tone_daily WHERE article_tone IS NOT NULL ORDER BY day"
    ).fetchall()
    roles = con.execute(
        "SELECT speaker_role, sum(quotes) FROM v_quotes_by_role GROUP BY speaker_role ORDER BY 2 DESC, 1"
    ).fetchall()
    body = [
        "<h1>newswatch: coverage of the US–North Korea negotiations</h1>",
        f"<pre>{html.escape(summary(con))}</pre>",
        _time_chart("Mentions over time (key events marked)", [(d, float(v)) for d, v in daily], events or []),
        _bar_chart("Top quoted experts", [(n, float(c)) for n, c in experts]),
        _bar_chart("Share of voice by outlet (on-topic articles)", [(n, float(c)) for n, c in voice]),
        _time_chart(
            "Tone over time (mean VADER compound of on-topic articles)",
            [(d, float(v)) for d, v in tone],
            events or [],
            signed=True,
        ),
        _bar_chart("Who is quoted: quotes by speaker role", [(str(n), float(c)) for n, c in roles]),
        _bar_chart("Most mentioned entities", [(n, float(c)) for n, c in entities]),
    ]
    page = (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>newswatch report</title>"
        f"<style>{STYLE}</style></head><body>{''.join(body)}</body></html>\n"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    return out


def gazetteer_events(gaz: Any) -> list[tuple[str, str]]:
    return sorted((e.date, e.name) for e in gaz.entities.values() if e.category == "event" and e.date)
