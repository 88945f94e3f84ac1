"""Print views: pure functions from the story index to the HTML of the cue cards.

A cue card shows a story's prompt, its STAR beats in a few words (the story's ``cues:``), its
three strongest numbers and its target time. Cues, not prose: the card shows the shape of the
answer and leaves the words to be said live. One card, three places:

- ``story_cue_card``: on the story's own page, collapsed under its header (``{{ cue_card() }}``);
- ``cue_cards``: every portfolio story's card on one page, ``docs/practice/cue-cards.md`` (with
  links to the stories) and ``docs/print/cue-cards.md``, the print source of the card PDFs
  (``export/pdf.py``: one card per page, four per sheet, 3 x 5 in cards).

Every piece of front-matter text is HTML escaped (``views.cell``); only ``**bold**`` and
```code``` spans are turned into markup. Pure module: no MkDocs import.
"""

from __future__ import annotations

import re

from ..stories.loader import Story
from ..stories.model import KIND_LABELS, Metric
from . import formatting as fmt
from .anchors import href
from .escaping import attr, cell, inline
from .html import Html
from .story_views import RenderContext

STRONGEST = 3  # numbers per card



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


def story_url(page_src: str, story: Story) -> str:
    """Relative URL of a story's built page from another page, for raw HTML (which MkDocs does
    not rewrite): from ``practice/cue-cards.md``, ``../../stories/SLUG/``."""
    return href(page_src, story.src_path)


def cue_card(story: Story, *, title: bool = True, href: str | None = None) -> str:
    """One card as one raw HTML block (no blank line). ``title=False`` leaves out the heading
    (the story's own page has it already); ``href`` links the heading to the story."""
    meta = story.meta
    prompt, *others = meta.prompts
    lines = [
        f'<section class="pf-card" id="card-{story.slug}">',
        f'<p class="pf-card-kind">{KIND_LABELS[meta.kind]} · <span title="target speaking time">'
        f"{fmt.seconds(meta.target_seconds)}</span> · {cell(meta.company)}</p>",
    ]
    if title:
        heading = inline(meta.title)
        if href:
            heading = f'<a href="{attr(href)}">{heading}</a>'
        lines.append(f'<h2 class="pf-card-title">{heading}</h2>')
    lines.append(f'<p class="pf-card-prompt">&ldquo;{cell(prompt)}&rdquo;</p>')
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


def story_cue_card(story: Story) -> Html:
    """The story's card on its own page, collapsed: Material's note, opened on a click."""
    # Raw <details> rather than `??? note`: one HTML block that Markdown leaves as it is.
    return Html(f'<details class="note pf-cue-card" data-search-exclude>\n<summary>Cue card</summary>\n'
                f"{cue_card(story, title=False)}\n</details>\n")


def cue_cards(ctx: RenderContext, page_src: str, links: bool = False) -> str | Html:
    """One card per portfolio story (public, not examples), in index order, as one raw HTML block.

    ``links`` links each card's title to its story (on the site; not in the print source, whose
    links would point at the exporter's temporary server).
    """
    stories = ctx.index.portfolio()
    if not stories:
        return '!!! note "No public stories yet"\n    Stories with `visibility: public` get a cue card here.\n'
    # One block with no blank line inside: Markdown leaves raw HTML blocks as they are.
    body = "\n".join(cue_card(s, href=story_url(page_src, s) if links else None) for s in stories)
    return Html(f'<div class="pf-cards" data-search-exclude>\n{body}\n</div>\n')
