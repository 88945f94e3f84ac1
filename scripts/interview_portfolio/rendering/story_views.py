"""Views of one story: pure functions from a story (and the index) to HTML, or Markdown where
MkDocs must see it (``rendering/html.py`` says why tables are HTML).

Every piece of front-matter text goes through ``escaping`` (``cell``, ``text``, ``attr``); the
rendered page is sanitised afterwards. Views read what the loader found (headings, answers,
diagram calls); they never parse a body.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..errors import ViewError, suggest
from ..stories.loader import Story, StoryIndex, follow_up_keys
from ..stories.model import KIND_LABELS, PROVENANCE_LABELS, FollowUp, Metric
from ..stories.worked_examples import FormulaError, compute
from . import formatting as fmt
from .anchors import figure_id, followup_anchor, metric_anchor, story_anchor, story_link
from .escaping import answer_cell, answer_html, attr, cell, inline
from .html import Html, table


@dataclass(frozen=True)
class RenderContext:
    index: StoryIndex
    words_per_minute: int = 150


# --- per-story views ---------------------------------------------------------------------------

def story_header(ctx: RenderContext, story: Story, page_src: str) -> Html:
    meta = story.meta
    rows = [
        ("Kind", cell(KIND_LABELS[meta.kind])),
        ("Company", cell(meta.company)),
        ("System", cell(meta.system)),
        ("My role", cell(meta.role)),
        ("Target length", fmt.seconds(meta.target_seconds)),
        ("Answers", "<br>".join(f"&ldquo;{cell(p)}&rdquo;" for p in meta.prompts)),
        ("Competencies", " ".join(f'<span class="pf-chip">{cell(c)}</span>' for c in meta.competencies)),
    ]
    if meta.related:
        related = ", ".join(
            story_anchor(page_src, ctx.index.stories[s]) for s in meta.related if s in ctx.index.stories
        )
        rows.append(("Related", related))
    if not story.public:
        rows.append(("Visibility", "private: never in a public or interviewer build"))
    provenance = meta.provenance
    note = f" {cell(meta.provenance_note)}" if meta.provenance_note else ""
    rows.append(("Provenance", f'<span class="pf-badge pf-badge-{provenance}">'
                               f"{PROVENANCE_LABELS[provenance]}</span>{note}"))
    return table(["", ""], ([f"<strong>{name}</strong>", value] for name, value in rows),
                 attrs='class="pf-header" data-search-exclude')


def _bars(metric: Metric) -> str:
    """Two CSS bars (before, after) scaled to the larger; no JavaScript, no network."""
    if metric.before is not None and metric.after is not None:
        before, after = metric.before, metric.after
        before_label = fmt.quantity(before, metric.unit)
        after_label = fmt.quantity(after, metric.unit)
    elif metric.change is not None and metric.change_unit == "%":
        before, after = 100.0, 100.0 + metric.change
        before_label, after_label = "100 (indexed)", fmt.number(after)
    else:
        return ""
    top = max(abs(before), abs(after)) or 1.0
    verdict = fmt.direction(metric) or ""
    label = f"Before {before_label}, after {after_label}"
    return (
        f'<span class="pf-bars pf-{verdict}" role="img" aria-label="{attr(label)}">'
        f'<span class="pf-bar pf-bar-before" style="width:{max(abs(before) / top * 100, 1):.0f}%"></span>'
        f'<span class="pf-bar pf-bar-after" style="width:{max(abs(after) / top * 100, 1):.0f}%"></span>'
        f"</span>"
    )


def _change_cell(metric: Metric) -> str:
    if metric.before is not None and metric.after is not None:
        pct = fmt.percent_change(metric)
        return fmt.signed(pct) if pct is not None else "—"
    if metric.change is not None:
        return fmt.signed(metric.change, metric.change_unit)
    if metric.target is not None and metric.value is not None:
        return f"target {fmt.quantity(metric.target, metric.unit)}"
    return "—"


def _verdict_cell(metric: Metric) -> str:
    verdict = fmt.direction(metric)
    if metric.better is None:
        return "—"
    arrow = "↓" if metric.better == "lower" else "↑"
    if verdict is None:
        if metric.target is not None and metric.value is not None:
            met = metric.value <= metric.target if metric.better == "lower" else metric.value >= metric.target
            return f"{'meets' if met else 'misses'} target ({arrow} is better)"
        return f"{arrow} is better"
    return f'<span class="pf-{verdict}">{verdict}</span> ({arrow} is better)'


def _provenance(metric: Metric) -> str:
    """How it was measured and over what window, in small print under the label."""
    parts = [f"measured: {cell(metric.method)}" if metric.method else "",
             f"window: {cell(metric.window)}" if metric.window else ""]
    parts = [p for p in parts if p]
    if not parts and metric.outcome:
        parts = ["method not stated"]
    return f'<br><small class="pf-provenance">{" · ".join(parts)}</small>' if parts else ""


def metric_summary(ctx: RenderContext, story: Story) -> str | Html:
    metrics = story.meta.metrics
    if not metrics:
        return '!!! note "No metrics yet"\n    Add `metrics:` to the front matter to show them here.\n'
    rows = [
        [f'<span id="{metric_anchor(m)}"></span>{cell(m.label)}{_provenance(m)}',
         f"<strong>{cell(fmt.headline(m))}</strong>", _change_cell(m), _bars(m) or "—", _verdict_cell(m)]
        for m in metrics
    ]
    return table(["Metric", "Number", "Change", "Before → after", "Verdict"], rows,
                 attrs='class="pf-metrics" data-search-exclude')


def find_metric(ctx: RenderContext, ref: str, story: Story | None) -> tuple[Story, Metric]:
    slug, sep, metric_id = ref.rpartition(":")
    if sep:
        target = ctx.index.stories.get(slug)
        if target is None:
            raise ViewError(f"metric {ref!r}: no story {slug!r}; {suggest(slug, list(ctx.index.stories))}")
    else:
        if story is None:
            raise ViewError(f"metric {ref!r}: outside a story page, name the story: metric('story-slug:{ref}')")
        target, metric_id = story, ref
    for m in target.meta.metrics:
        if m.id == metric_id:
            return target, m
    raise ViewError(
        f"unknown metric {metric_id!r} in story {target.slug!r}; "
        f"{suggest(metric_id, [m.id for m in target.meta.metrics])}"
    )


def metric_inline(ctx: RenderContext, ref: str, story: Story | None) -> str:
    _, m = find_metric(ctx, ref, story)
    return f'<span class="pf-metric" title="{attr(m.label)}">{html.escape(fmt.headline(m))}</span>'


def speaking_time(ctx: RenderContext, story: Story) -> Html:
    marked = story.scan.answers
    if not marked:
        raise ViewError(
            f"speaking_time(): story {story.slug!r} marks no answer; wrap the spoken answer in "
            "<!-- answer: NAME --> ... <!-- /answer -->"
        )
    target = story.meta.target_seconds
    rows = []
    for answer in marked:
        name, words = answer.name, answer.words
        spoken = words / ctx.words_per_minute * 60
        if spoken > target:
            status = f'<span class="pf-worse">runs long by {fmt.seconds(spoken - target)}</span>'
        else:
            status = f'<span class="pf-better">fits, {fmt.seconds(target - spoken)} to spare</span>'
        rows.append([cell(name), str(words), fmt.seconds(spoken), fmt.seconds(target), status])
    head = ["Answer", "Words", f"Spoken at {ctx.words_per_minute} wpm", "Target", "Verdict"]
    note = (f"<p>Estimated from the word count at {ctx.words_per_minute} words per minute, a calm "
            "interview pace; time yourself aloud to calibrate.</p>")
    return Html(f'<div class="pf-speaking" data-search-exclude>\n{table(head, rows)}\n{note}\n</div>')


def _result_text(value: float, unit: str) -> str:
    return fmt.quantity(value, unit) if unit else fmt.number(value)


def worked_example(ctx: RenderContext, story: Story, example_id: str) -> Html:
    examples = {e.id: e for e in story.meta.worked_examples}
    if example_id not in examples:
        raise ViewError(
            f"unknown worked example {example_id!r} in story {story.slug!r}; "
            f"{suggest(example_id, list(examples))}"
        )
    example = examples[example_id]
    try:
        steps = compute(example, fmt=lambda v: fmt.number(v).replace(",", "").replace(fmt.MINUS, "-"))
    except FormulaError as exc:
        raise ViewError(f"worked example {example_id!r}: {exc}") from None
    parts = [f"<p><strong>{cell(example.title)}</strong></p>"]
    if example.note:
        parts.append(f"<p>{inline(example.note)}</p>")
    parts.append(table(["Input", "Value"], (
        [f"{cell(i.label)} (<code>{cell(i.name)}</code>)", cell(_result_text(i.value, i.unit))]
        for i in example.inputs)))
    rows = []
    for s in steps:
        if s.stated is None:
            check = "—"
        elif s.matches:
            check = f'{cell(_result_text(s.stated, s.unit))} <span class="pf-better">✓</span>'
        else:
            check = (f'{cell(_result_text(s.stated, s.unit))} <span class="pf-worse">✗ off by '
                     f"{(s.relative_error or 0) * 100:.1f}%: quote the computed value</span>")
        rows.append([cell(s.label), f"<code>{cell(s.formula)}</code> = {cell(s.substituted)}",
                     f"<strong>{cell(_result_text(s.value, s.unit))}</strong>", check])
    parts.append(table(["Step", "Formula", "Computed", "Notes say"], rows))
    body = "\n".join(parts)
    return Html(f'<div class="pf-worked" data-search-exclude>\n{body}\n</div>')


def also_answered_in(ctx: RenderContext, story: Story, follow_up: FollowUp) -> list[tuple[Story, str]]:
    """Other stories with the same follow-up (same explicit id or same question text), with its anchor."""
    found: dict[tuple[str, str], tuple[Story, str]] = {}
    for key in follow_up_keys(follow_up):
        for other, f in ctx.index.follow_ups_by_key.get(key, []):
            if other.slug != story.slug:
                anchor = followup_anchor(other, f)
                found.setdefault((other.slug, anchor), (other, anchor))
    return list(found.values())


def diagram_home(ctx: RenderContext, name: str) -> Story | None:
    """The story page that embeds diagram ``name`` (the target of 'diagram:NAME' links)."""
    return ctx.index.diagram_homes.get(name)


def backing_link(ctx: RenderContext, story: Story, target: str, page_src: str, *, markdown: bool = True) -> str:
    """A link to what backs a follow-up: Markdown (``markdown=True``) or HTML."""
    link = story_link if markdown else story_anchor
    if target.startswith("diagram:"):
        name = target.removeprefix("diagram:")
        home = diagram_home(ctx, name)
        if home is None:
            raise ViewError(f"{story.slug}: follow-up backed by 'diagram:{name}', but no story page embeds it")
        return link(page_src, home, figure_id(name), f"{name.replace('_', ' ')} diagram")
    slug, _, anchor = target.partition("#")
    other = ctx.index.stories[slug] if slug else story
    heading = next((h.title for h in other.headings if h.anchor == anchor), None)
    if slug and anchor:
        label = f"{other.title}: {heading}"
    elif anchor:
        label = heading or anchor
    else:
        label = other.title
    return link(page_src, other, anchor, re.sub(r"[*_`]", "", label))


def _follow_up_links(ctx: RenderContext, story: Story, f: FollowUp, page_src: str, *, markdown: bool) -> list[str]:
    """What backs a follow-up, then the other stories that answer it: Markdown or HTML links."""
    link = story_link if markdown else story_anchor
    return [backing_link(ctx, story, t, page_src, markdown=markdown) for t in f.backed_by] + [
        "also answered in " + link(page_src, other, anchor, other.title)
        for other, anchor in also_answered_in(ctx, story, f)
    ]


def follow_up_table(ctx: RenderContext, story: Story, page_src: str) -> str | Html:
    follow_ups = story.meta.follow_ups
    if not follow_ups:
        return '!!! note "No follow-ups yet"\n    Add `follow_ups:` to the front matter to show them here.\n'
    if any("](" in f.answer for f in follow_ups):  # a link in an answer: MkDocs must resolve it
        return _follow_up_markdown(ctx, story, page_src)
    rows = []
    for f in follow_ups:
        links = _follow_up_links(ctx, story, f, page_src, markdown=False)
        rows.append([
            cell(f.group), f'<span id="{followup_anchor(story, f)}"></span>{cell(f.question)}',
            f"<details data-search-exclude><summary>Answer</summary>{answer_html(f.answer)}</details>",
            "<br>".join(links) or "—",
        ])
    return table(["Group", "Question", "Answer", "Backed by"], rows, attrs='class="pf-followups"')


def _follow_up_markdown(ctx: RenderContext, story: Story, page_src: str) -> str:
    """The follow-up table as Markdown, for answers with links (MkDocs rewrites and checks them)."""
    lines = [
        '<div class="pf-followups" markdown="1">', "",
        "| Group | Question | Answer | Backed by |",
        "|---|---|---|---|",
    ]
    for f in story.meta.follow_ups:
        links = _follow_up_links(ctx, story, f, page_src, markdown=True)
        answer = answer_cell(f.answer)
        lines.append(
            f'| {cell(f.group)} | <span id="{followup_anchor(story, f)}"></span>{cell(f.question)} '
            f"| <details data-search-exclude><summary>Answer</summary>{answer}</details> | {'<br>'.join(links) or '—'} |"
        )
    lines += ["", "</div>", ""]
    return "\n".join(lines)
