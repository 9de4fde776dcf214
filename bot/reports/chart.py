"""The PNG bar chart of a report: dossiers by form, stacked by stage (headless, Agg canvas).

Fifteen status codes are too many colours for a phone screen, so statuses are grouped into the
stages an officer thinks in (`STAGES`); the caller passes the Vietnamese labels (from the
renderer) — this module holds no words.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from bot.reports.figures import Figures

# Stage key → the status codes it groups (contracts §4), in stacking order.
STAGES: dict[str, tuple[str, ...]] = {
    "preparing": ("draft", "checked"),
    "in_review": ("submitted", "received", "appraising", "consulting", "council_review",
                  "awaiting_decision", "forwarded_up"),
    "returned": ("needs_supplement",),
    "approved": ("approved", "delivered"),
    "not_approved": ("not_approved", "intake_rejected"),
    "withdrawn": ("withdrawn",),
}
COLOURS = {
    "preparing": "#b0bec5", "in_review": "#42a5f5", "returned": "#ffb300",
    "approved": "#43a047", "not_approved": "#e53935", "withdrawn": "#8d6e63",
}
STAGE_OF = {status: stage for stage, codes in STAGES.items() for status in codes}
MAX_LABEL = 28


def stage_counts(figures: Figures) -> dict[str, dict[str, int]]:
    """{award: {stage: dossiers}} — what the chart draws."""
    result: dict[str, dict[str, int]] = {}
    for row in figures.by_form_status:
        per_award = result.setdefault(row.award, dict.fromkeys(STAGES, 0))
        per_award[STAGE_OF.get(row.status, "in_review")] += row.dossiers
    return result


def dossiers_chart_png(
    figures: Figures,
    award_names: Mapping[str, str],
    stage_labels: Mapping[str, str],
    title: str,
    empty_text: str,
) -> bytes:
    """A horizontal stacked bar per award (most dossiers on top), as PNG bytes."""
    counts = stage_counts(figures)
    awards: Sequence[str] = sorted(counts, key=lambda a: sum(counts[a].values()))
    height = max(3.0, 1.0 + 0.55 * len(awards))
    # matplotlib (with its fonts) loads on the first chart, not with every instance (~25 MB).
    from matplotlib.figure import Figure as MplFigure
    from matplotlib.ticker import MaxNLocator

    # A bare matplotlib Figure draws with the Agg canvas: no pyplot, no GUI, no global state.
    fig = MplFigure(figsize=(8.0, height), dpi=110)
    ax = fig.add_subplot()
    if not awards:
        ax.text(0.5, 0.5, empty_text, ha="center", va="center", fontsize=12)
        ax.set_axis_off()
    else:
        left = [0] * len(awards)
        names = [_short(award_names.get(a, a)) for a in awards]
        for stage in STAGES:
            values = [counts[a][stage] for a in awards]
            if not any(values):
                continue
            ax.barh(names, values, left=left, color=COLOURS[stage],
                    label=stage_labels.get(stage, stage))
            left = [x + v for x, v in zip(left, values, strict=True)]
        ax.legend(loc="lower right", fontsize=8, frameon=False)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.spines[["top", "right"]].set_visible(False)
    ax.set_title(title, fontsize=11)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def _short(name: str) -> str:
    return name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1] + "…"
