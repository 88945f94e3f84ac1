"""Views across the portfolio: dashboard, story list, competency matrix, question bank, packet.

Portfolio-wide views are made of ``index.portfolio()``: public stories that are the candidate's
own or drafts; examples (templates, someone else's stories) are left out of every count.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import groupby

from ..errors import ViewError, suggest
from ..stories import prompts as prompt_catalogue
from ..stories.body import PLACEHOLDER
from ..stories.loader import Story
from ..stories.model import CATEGORY_LABELS, KIND_LABELS, FollowUp
from ..stories.vocabulary import Competency
from . import formatting as fmt
from . import scorecard
from .anchors import followup_anchor, metric_anchor, story_anchor, story_link
from .escaping import cell, text
from .html import Html, table
from .story_views import RenderContext, backing_link

MARKS = {"own": "●", "draft": "◐"}
THIN = 2  # an axis backed by fewer own or draft stories than this is thin


def _draft_badge(story: Story) -> str:
    return ' <span class="pf-badge pf-badge-draft">draft</span>' if story.meta.provenance == "draft" else ""


def dashboard(ctx: RenderContext, page_src: str) -> str | Html:
    """Headline numbers of own stories and drafts (marked); examples are never on it."""
    rows = [
        (m.category, story, m)
        for story in ctx.index.portfolio()
        for m in story.meta.metrics
        if m.headline
    ]
    if not rows:
        return '!!! note "No headline numbers yet"\n    Mark metrics with `headline: true`.\n'
    order = list(CATEGORY_LABELS)
    rows.sort(key=lambda r: order.index(r[0]))
    parts = ['<div class="pf-dashboard">']
    for category, group in groupby(rows, key=lambda r: r[0]):
        cells = []
        for _, story, m in group:
            pct = fmt.percent_change(m) if m.before is not None else None
            change = f" ({fmt.signed(pct)})" if pct is not None else ""
            cells.append([f"<strong>{cell(fmt.headline(m))}</strong>{change}", cell(m.label),
                          story_anchor(page_src, story, metric_anchor(m)) + _draft_badge(story)])
        parts += [f"<p><strong>{CATEGORY_LABELS[category]}</strong></p>", table(["Number", "What", "Story"], cells)]
    parts.append("</div>")
    return Html("\n".join(parts))


def story_list(ctx: RenderContext, page_src: str) -> Html:
    """Own stories and drafts (marked); examples have their own section of the navigation."""
    rows = [
        [story_anchor(page_src, story) + _draft_badge(story), KIND_LABELS[story.meta.kind],
         "<br>".join(cell(p) for p in story.meta.prompts), ", ".join(cell(c) for c in story.meta.competencies)]
        for story in ctx.index.portfolio()
    ]
    return table(["Story", "Kind", "Answers", "Competencies"], rows)


# Words too common to say anything about a competency.
_COMMON_WORDS = frozenset({
    "about", "after", "again", "against", "their", "there", "these", "those", "which", "while",
    "where", "other", "others", "would", "could", "should", "being", "having", "every", "through",
    "under", "until", "clear", "makes", "without", "built",
})


@lru_cache(maxsize=4096)  # asked once per competency and story
def _story_words(story: Story) -> frozenset[str]:
    """The words of a story's own notes: title, description, prompts, cues and follow-ups."""
    meta = story.meta
    parts = [meta.title, meta.description or "", *meta.prompts]
    if meta.cues:
        parts += [meta.cues.situation, meta.cues.task, *meta.cues.action, meta.cues.result]
    parts += [f"{f.question} {f.answer}" for f in meta.follow_ups]
    said = PLACEHOLDER.sub(" ", " ".join(parts))  # a [TODO: ...] asks for evidence; it is none
    return frozenset(re.findall(r"[a-z]+", said.lower()))


def _suggest_story(ctx: RenderContext, competency: Competency) -> tuple[Story, str] | None:
    """A story that might show a competency it does not claim, and the evidence for saying so.

    First a story that answers a catalogue prompt testing the competency (its own ``prompts:``
    say so); else the story whose notes use most of the rubric's own words (at least two). The
    caller words it as a possibility: whether the story shows the competency is the candidate's call.
    """
    stories = [s for s in ctx.index.portfolio() if competency.name not in s.meta.competencies]
    for cov in prompt_catalogue.coverage(stories, tuple(prompt_catalogue.testing(competency.name))):
        for story, prompt in cov.stories:
            gist = prompt if len(prompt) <= 70 else prompt[:70].rsplit(" ", 1)[0] + " …"
            return story, f"it answers &ldquo;{cell(gist)}&rdquo;, a prompt that tests it"
    words = {w for w in re.findall(r"[a-z]{5,}", competency.listen_for.lower()) if w not in _COMMON_WORDS}
    best: tuple[Story, list[str]] | None = None
    for story in stories:
        found = sorted(words & _story_words(story))
        if len(found) >= 2 and (best is None or len(found) > len(best[1])):
            best = (story, found)
    if best is None:
        return None
    return best[0], "its notes mention " + ", ".join(f"&ldquo;{w}&rdquo;" for w in best[1])


def _coverage_cell(own: int, drafts: int) -> str:
    counts = " · ".join(part for part in (f"{own} own" if own else "", f"{drafts} draft" if drafts else "") if part)
    if own + drafts == 0:
        return '<span class="pf-gap">gap</span>'
    if own + drafts < THIN:
        return f'<span class="pf-thin">thin</span> ({counts})'
    return counts


def competency_matrix(ctx: RenderContext, page_src: str) -> list[str]:
    """Which own story (●) or draft (◐) claims which competency; thin axes, gaps, uncovered prompts."""
    stories = ctx.index.portfolio()
    vocabulary = ctx.index.vocabulary
    head = ["Competency", *(story_anchor(page_src, s, label=_short(s)) for s in stories), "Coverage"]
    rows = []
    short: list[tuple[Competency, list[Story]]] = []
    for name, competency in vocabulary.items():
        claiming = [s for s in stories if name in s.meta.competencies]
        marks = [MARKS[s.meta.provenance] if s in claiming else "" for s in stories]
        own = sum(1 for s in claiming if s.meta.provenance == "own")
        rows.append([f"{cell(name)} <small>{cell(competency.framework)}</small>", *marks,
                     _coverage_cell(own, len(claiming) - own)])
        if len(claiming) < THIN:
            short.append((competency, claiming))
    out: list[str] = [
        f"{MARKS['own']} own story · {MARKS['draft']} draft to confirm · examples are not counted. "
        f"An axis is thin with fewer than {THIN} own or draft stories.\n",
        table(head, rows, attrs='class="pf-matrix"'),
    ]
    lines = [""]
    if short:
        lines += ["**Gaps and thin axes**", ""]
        for competency, claiming in short:
            if claiming:
                (only,) = claiming
                state = (f"only {story_link(page_src, only)}"
                         f"{' (a draft)' if only.meta.provenance == 'draft' else ''} claims it.")
            else:
                state = "no own or draft story claims it."
            candidate = _suggest_story(ctx, competency)
            hint = (f"might fit: {story_link(page_src, candidate[0])}, as {candidate[1]}; claim it there "
                    "only if the story shows it" if candidate else "write a new story")
            lines.append(f"- **{cell(competency.name)}**: {state} Listen for: "
                         f"{text(competency.listen_for)} Suggestion: {hint}.")
        lines.append("")
    else:
        lines += [f"Every competency of the vocabulary has at least {THIN} own or draft stories.", ""]
    uncovered = [c.entry for c in prompt_catalogue.coverage(stories) if c.gap]
    if uncovered:
        lines += ["**Common prompts no own or draft story answers**", ""]
        lines += [f"- {text(e.prompt)} <small>(tests {', '.join(text(c) for c in e.competencies)})</small>"
                  for e in uncovered]
        lines.append("")
    out.append("\n".join(lines))
    return out


def stories_for(ctx: RenderContext, competency: str, page_src: str) -> str | Html:
    """The own stories and drafts that show one competency, with the prompts each answers."""
    vocabulary = ctx.index.vocabulary
    if competency not in vocabulary:
        raise ViewError(f"unknown competency {competency!r}; {suggest(competency, list(vocabulary))}")
    stories = [s for s in ctx.index.portfolio() if competency in s.meta.competencies]
    if not stories:
        return f"*No story shows {text(competency)} yet: see the competency matrix for a suggestion.*\n"
    return Html("<ul>" + "".join(
        f"<li>{story_anchor(page_src, s)}{_draft_badge(s)}: "
        + " · ".join(f"&ldquo;{cell(p)}&rdquo;" for p in s.meta.prompts) + "</li>"
        for s in stories
    ) + "</ul>")


def _short(story: Story) -> str:
    return story.title.split(":")[0] if len(story.title) > 28 else story.title


def question_bank(ctx: RenderContext, page_src: str) -> list[str]:
    stories = ctx.index.portfolio()
    prompts: dict[str, list[Story]] = {}
    for story in stories:
        for p in story.meta.prompts:
            prompts.setdefault(p, []).append(story)
    out: list[str] = ["## Interview prompts\n", table(
        ["Prompt", "Answered by"],
        ([cell(prompt), "<br>".join(story_anchor(page_src, s) for s in answering)]
         for prompt, answering in prompts.items()),
    ), "\n## Follow-ups by theme\n"]
    by_group: dict[str, list[tuple[Story, FollowUp]]] = {}
    for story in stories:
        for f in story.meta.follow_ups:
            by_group.setdefault(f.group, []).append((story, f))
    for group in sorted(by_group):
        rows = [
            [cell(f.question), story_anchor(page_src, story, followup_anchor(story, f)),
             "<br>".join(backing_link(ctx, story, t, page_src, markdown=False) for t in f.backed_by) or "—"]
            for story, f in by_group[group]
        ]
        out += [f"\n### {text(group)}\n", table(["Follow-up", "Answered in", "Backed by"], rows)]
    return out


def interviewer_packet(ctx: RenderContext, page_src: str) -> str | list[str]:
    """For a mock interviewer: what to ask, listen for and probe, the rubric and a scorecard.

    No answers and no links to them: only prompts, competencies, follow-up questions and the
    vocabulary's rubric. Each prompt is its own list item (they are alternatives). Headings stay
    Markdown (the table of contents lists them); the rest of each section is HTML.
    """
    out: list[str] = []
    vocabulary = ctx.index.vocabulary
    for story in ctx.index.portfolio():
        meta = story.meta
        out.append(f"\n## {text(meta.title)}\n")
        parts = [
            f"<p><em>{KIND_LABELS[meta.kind]}</em> · about {fmt.seconds(meta.target_seconds)} · {cell(meta.system)}</p>",
            "<p><strong>Ask</strong> (one of)</p>" if len(meta.prompts) > 1 else "<p><strong>Ask</strong></p>",
            "<ul>" + "".join(f"<li>&ldquo;{cell(p)}&rdquo;</li>" for p in meta.prompts) + "</ul>",
            "<p><strong>Listen for</strong></p>",
            "<ul>" + "".join(f"<li><strong>{cell(c)}</strong>: {cell(vocabulary[c].listen_for)}</li>"
                             for c in meta.competencies) + "</ul>",
        ]
        if meta.follow_ups:
            parts += ["<p><strong>Probe with</strong></p>",
                      "<ul>" + "".join(f"<li>{cell(f.question)} <small>({cell(f.group)})</small></li>"
                                       for f in meta.follow_ups) + "</ul>"]
        parts += [
            "<p><strong>Rubric</strong></p>",
            table(["Competency", "Weak", "Solid", "Strong (senior)"],
                  ([cell(c), cell(vocabulary[c].weak), cell(vocabulary[c].solid), cell(vocabulary[c].strong)]
                   for c in meta.competencies)),
            "<p><strong>Scorecard</strong></p>",
            scorecard.story_scorecard(story),
        ]
        out.append(Html("\n".join(parts)))
    if not out:
        return '!!! note "No public stories yet"\n    Public stories that are your own get a section here.\n'
    return out
