"""Report charts drawn once, on the server, as SVG: the page shows it and the PDF (rendered from
the same template by WeasyPrint) embeds the same drawing. No script draws a chart (the CSP
forbids the interpreter a client-side grammar needs), and every chart carries a text alternative
listing its figures, so a screen reader or a tagged PDF says what the bars show.

Bar charts are horizontal (long category names stay readable), one bar per series in each
category; line charts run over the labels left to right. A hidden figure (None) is not drawn and
the alternative text says "not shown".
"""

import base64
from xml.sax.saxutils import escape

from safeguarding.reports.tables import Chart

PALETTE = ["#1d3557", "#d4351c", "#00703c", "#f47738", "#5694ca", "#912b88", "#85994b", "#6f777b"]
WIDTH = 640
LABEL_WIDTH = 210
VALUE_WIDTH = 52
BAR = 12
GAP = 8
LEGEND_ROW = 18
FONT = "font-family:Arial,Helvetica,sans-serif;font-size:11px"


def value_text(value: float | int | None, chart: Chart) -> str:
    if value is None:
        return "not shown"
    if chart.percent:
        return f"{value:.1f}%"
    if chart.reference is not None:
        return f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def alt_text(chart: Chart) -> str:
    """The chart in words: its title, then each category's figures."""
    parts = []
    for i, label in enumerate(chart.labels):
        figures = [
            f"{dataset['label']} {value_text(dataset['data'][i], chart)}"
            if len(chart.datasets) > 1
            else value_text(dataset["data"][i], chart)
            for dataset in chart.datasets
        ]
        parts.append(f"{label}: {', '.join(figures)}")
    kind = "Line chart" if chart.kind == "line" else "Bar chart"
    reference = f" A line marks {chart.reference:g}." if chart.reference is not None else ""
    return f"{kind}: {chart.title}. " + "; ".join(parts) + "." + reference


def _top(chart: Chart) -> float:
    values = [v for d in chart.datasets for v in d["data"] if v is not None]
    top = max([*values, chart.reference or 0, 0])
    if chart.percent:
        return min(100.0, max(10.0, -(-top * 1.15 // 10) * 10))
    return top * 1.1 if top else 1.0


def _legend(chart: Chart, y: float) -> tuple[list[str], float]:
    if len(chart.datasets) < 2:
        return [], y
    out, x = [], 0.0
    for i, dataset in enumerate(chart.datasets):
        width = 24 + 6.5 * len(dataset["label"])
        if x + width > WIDTH:
            x, y = 0.0, y + LEGEND_ROW
        colour = PALETTE[i % len(PALETTE)]
        out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="12" height="12" fill="{colour}"/>')
        out.append(
            f'<text x="{x + 16:.1f}" y="{y + 10:.1f}" style="{FONT}">{escape(dataset["label"])}</text>'
        )
        x += width
    return out, y + LEGEND_ROW + 4


def _bars(chart: Chart) -> tuple[list[str], float]:
    out, y = _legend(chart, 0.0)
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = _top(chart)
    series = max(len(chart.datasets), 1)
    start = y
    for i, label in enumerate(chart.labels):
        block = series * BAR + GAP
        out.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + block / 2 + 3:.1f}" text-anchor="end" style="{FONT}">'
            f"{escape(label[:40])}</text>"
        )
        for j, dataset in enumerate(chart.datasets):
            value = dataset["data"][i]
            bar_y = y + j * BAR
            if value is not None:
                length = max(0.0, plot * float(value) / top)
                colour = PALETTE[j % len(PALETTE)]
                out.append(
                    f'<rect x="{LABEL_WIDTH}" y="{bar_y:.1f}" width="{length:.1f}" height="{BAR - 2}" '
                    f'fill="{colour}"/>'
                )
                end = LABEL_WIDTH + length + 4
            else:
                end = LABEL_WIDTH + 4
            shown = escape(value_text(value, chart))
            out.append(f'<text x="{end:.1f}" y="{bar_y + BAR - 3:.1f}" style="{FONT}">{shown}</text>')
        y += block
    out.append(
        f'<line x1="{LABEL_WIDTH}" y1="{start:.1f}" x2="{LABEL_WIDTH}" y2="{y:.1f}" stroke="#0b0c0c"/>'
    )
    if chart.reference is not None:
        x = LABEL_WIDTH + plot * chart.reference / top
        out.append(
            f'<line x1="{x:.1f}" y1="{start:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#0b0c0c" '
            'stroke-dasharray="4 3"/>'
        )
    return out, y + 4


def _lines(chart: Chart) -> tuple[list[str], float]:
    out, y = _legend(chart, 0.0)
    height, left, bottom_pad = 180.0, 48.0, 40.0
    top = _top(chart)
    count = max(len(chart.labels), 1)
    step = (WIDTH - left - 10) / max(count - 1, 1)
    base = y + height
    for tick in range(5):
        value = top * tick / 4
        ty = base - height * tick / 4
        text = f"{value:.0f}%" if chart.percent else f"{value:,.0f}"
        out.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{WIDTH - 10}" y2="{ty:.1f}" stroke="#dddddd"/>')
        out.append(f'<text x="{left - 4}" y="{ty + 3:.1f}" text-anchor="end" style="{FONT}">{text}</text>')
    for i, label in enumerate(chart.labels):
        if count <= 12 or i % 2 == 0:
            out.append(
                f'<text x="{left + i * step:.1f}" y="{base + 14:.1f}" text-anchor="middle" style="{FONT}">'
                f"{escape(label[:12])}</text>"
            )
    for j, dataset in enumerate(chart.datasets):
        colour = PALETTE[j % len(PALETTE)]
        points = [
            (left + i * step, base - height * float(v) / top)
            for i, v in enumerate(dataset["data"])
            if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{py:.1f}" for x, py in points)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, py in points:
            out.append(f'<circle cx="{x:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>')
    return out, base + bottom_pad


def chart_svg(chart: Chart) -> str:
    """The chart as a standalone SVG document (title and description inside it)."""
    body, height = _lines(chart) if chart.kind == "line" else _bars(chart)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" role="img">'
        f"<title>{escape(chart.title)}</title><desc>{escape(alt_text(chart))}</desc>"
        + "".join(body)
        + "</svg>"
    )


def chart_image(chart: Chart) -> dict[str, str]:
    """For the template: the drawing as a data URI for an <img> (the same bytes on the page and
    in the PDF; the CSP allows data: images) and its text alternative."""
    svg = chart_svg(chart)
    return {
        "key": chart.key,
        "title": chart.title,
        "src": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
        "alt": alt_text(chart),
    }
