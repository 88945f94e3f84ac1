"""Print views: pure functions from the story index to the HTML of the printed outputs.

``cue_cards`` renders one card per public story for ``docs/print/cue-cards.md``: the prompt,
the STAR beats in a few words (the story's ``cues:``) and its three strongest numbers. Cues,
not prose: the card shows the shape of the answer and leaves the words to be said live.

Every piece of front-matter text is HTML escaped (``views.cell``); only ``**bold**`` and
```code``` spans are turned into markup. Pure module: no MkDocs import.
"""

from __future__ import annotations

import re

from ..stories.loader import Story
from ..stories.model import KIND_LABELS, Metric
from . import formatting as fmt
from .escaping import cell
from .story_views import RenderContext

STRONGEST = 3  # numbers per card

_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def inline(value: object) -> str:
    """Front-matter text as escaped inline HTML; `code` and **bold** keep their meaning."""
    escaped = cell(value)
    escaped = _CODE.sub(r"<code>\1</code>", escaped)
    return _BOLD.sub(r"<strong>\1</strong>", escaped)


def strongest_metrics(story: Story, count: int = STRONGEST) -> list[Metric]:
    """The numbers to quote first.

    Headline metrics before the rest; within each, measured improvements before plain levels,
    larger improvements first; design parameters last. Ties keep front-matter order.
    """
    def rank(metric: Metric) -> tuple:
        change = fmt.percent_change(metric)
        improved = fmt.direction(metric) == "better"
        return (not metric.headline, not metric.outcome, not improved, -abs(change or 0) if improved else 0)

    return sorted(story.meta.metrics, key=rank)[:count]


def _beats(story: Story) -> list[str]:
    cues = story.meta.cues
    if cues is None:
        sections = [h.title for h in story.headings if h.level == 2]
        lines = [
            '<p class="pf-card-missing">no cues yet: add <code>cues:</code> '
            f"(situation, task, action, result) to the front matter of docs/{cell(story.src_path)}</p>",
        ]
        if sections:
            lines.append('<p class="pf-card-label">Sections of the story</p>')
            lines.append('<ol class="pf-card-sections">'
                         + "".join(f"<li>{inline(re.sub(r'[*_`]', '', s))}</li>" for s in sections)
                         + "</ol>")
        return lines
    actions = "".join(f"<li>{inline(a)}</li>" for a in cues.action)
    return [
        '<dl class="pf-card-beats">',
        f'<dt title="Situation">S</dt><dd>{inline(cues.situation)}</dd>',
        f'<dt title="Task">T</dt><dd>{inline(cues.task)}</dd>',
        f'<dt title="Action">A</dt><dd><ol>{actions}</ol></dd>',
        f'<dt title="Result">R</dt><dd>{inline(cues.result)}</dd>',
        "</dl>",
    ]


def cue_card(story: Story) -> str:
    meta = story.meta
    prompt, *others = meta.prompts
    lines = [
        f'<section class="pf-card" id="card-{story.slug}">',
        f'<p class="pf-card-kind">{KIND_LABELS[meta.kind]} · {fmt.seconds(meta.target_seconds)}'
        f" · {cell(meta.company)}</p>",
        f'<h2 class="pf-card-title">{inline(meta.title)}</h2>',
        f'<p class="pf-card-prompt">&ldquo;{cell(prompt)}&rdquo;</p>',
    ]
    if others:
        lines.append('<p class="pf-card-also">Also answers: '
                     + " · ".join(f"&ldquo;{cell(p)}&rdquo;" for p in others) + "</p>")
    lines += _beats(story)
    numbers = strongest_metrics(story)
    if numbers:
        lines.append('<ul class="pf-card-numbers">')
        lines += [
            f'<li><strong>{cell(fmt.headline(m))}</strong><span>{cell(m.label)}</span></li>'
            for m in numbers
        ]
        lines.append("</ul>")
    else:
        lines.append('<p class="pf-card-missing">no numbers yet: add <code>metrics:</code></p>')
    lines.append(f'<p class="pf-card-competencies">{" · ".join(cell(c) for c in meta.competencies)}</p>')
    lines.append("</section>")
    return "\n".join(lines)


def cue_cards(ctx: RenderContext, page_src: str) -> str:
    """One card per public story, in index order, as one raw HTML block."""
    stories = ctx.index.portfolio()
    if not stories:
        return '!!! note "No public stories yet"\n    Stories with `visibility: public` get a cue card here.\n'
    # One block with no blank line inside: Markdown leaves raw HTML blocks as they are.
    body = "\n".join(cue_card(s) for s in stories)
    return f'<div class="pf-cards">\n{body}\n</div>\n'
