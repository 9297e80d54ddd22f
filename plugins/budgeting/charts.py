"""A bar chart as accessible SVG: a title, each bar labelled; the page puts a table with the figures beside it."""
from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup, escape

from plugins.budgeting.money import euro

WIDTH, BAR, GAP, LABEL = 560, 26, 10, 190


def bars(values: dict[str, Decimal], title: str) -> Markup:
    if not values:
        return Markup("")
    top = max(values.values()) or Decimal(1)
    height = len(values) * (BAR + GAP)
    rows = []
    for index, (label, value) in enumerate(values.items()):
        y = index * (BAR + GAP)
        length = int((WIDTH - LABEL - 110) * value / top)
        rows.append(f'<g><text x="0" y="{y + 18}">{escape(label)}</text>'
                    f'<rect x="{LABEL}" y="{y}" width="{max(length, 1)}" height="{BAR}" fill="#1d6b5f"></rect>'
                    f'<text x="{LABEL + length + 6}" y="{y + 18}">{escape(euro(value))}</text></g>')
    return Markup(f'<svg role="img" aria-label="{escape(title)}" width="100%" viewBox="0 0 {WIDTH} {height}" '
                  f'font-size="14" class="chart"><title>{escape(title)}</title>{"".join(rows)}</svg>')
