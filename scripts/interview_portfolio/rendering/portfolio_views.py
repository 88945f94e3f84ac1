"""Views across the portfolio: dashboard, story list, competency matrix, question bank, packet.

Portfolio-wide views are made of ``index.portfolio()``: public stories that are the candidate's
own or drafts; examples (templates, someone else's stories) are left out of every count.
"""

from __future__ import annotations

import re
from itertools import groupby

from ..errors import ViewError, suggest
from ..stories.loader import Story
from ..stories.model import CATEGORY_LABELS, KIND_LABELS, FollowUp
from . import formatting as fmt
from . import scorecard
from .anchors import followup_anchor, metric_anchor, story_link
from .escaping import cell, text
from .story_views import RenderContext, backing_link


def dashboard(ctx: RenderContext, page_src: str) -> str:
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
    lines = ['<div class="pf-dashboard" markdown="1">', ""]
    for category, group in groupby(rows, key=lambda r: r[0]):
        lines += [f"**{CATEGORY_LABELS[category]}**", "", "| Number | What | Story |", "|---|---|---|"]
        for _, story, m in group:
            change = ""
            pct = fmt.percent_change(m) if m.before is not None else None
            if pct is not None:
                change = f" ({fmt.signed(pct)})"
            lines.append(
                f"| **{cell(fmt.headline(m))}**{change} | {cell(m.label)} "
                f"| {story_link(page_src, story, metric_anchor(m))} |"
            )
        lines.append("")
    lines += ["</div>", ""]
    return "\n".join(lines)


def story_list(ctx: RenderContext, page_src: str) -> str:
    lines = ["| Story | Kind | Answers | Competencies |", "|---|---|---|---|"]
    for story in ctx.index.portfolio():
        lines.append(
            f"| {story_link(page_src, story)} | {KIND_LABELS[story.meta.kind]} "
            f"| {'<br>'.join(cell(p) for p in story.meta.prompts)} "
            f"| {', '.join(cell(c) for c in story.meta.competencies)} |"
        )
    return "\n".join(lines) + "\n"


def _suggest_story(ctx: RenderContext, competency) -> Story | None:
    words = {w for w in re.findall(r"[a-z]{5,}", (competency.name + " " + competency.listen_for).lower())}
    best, best_score = None, 0
    for story in ctx.index.portfolio():
        body = story.body.lower() + " ".join(f.question.lower() for f in story.meta.follow_ups)
        score = sum(body.count(w) for w in words)
        if score > best_score:
            best, best_score = story, score
    return best


def competency_matrix(ctx: RenderContext, page_src: str) -> str:
    stories = ctx.index.portfolio()
    vocabulary = ctx.index.vocabulary
    header = "| Competency | " + " | ".join(story_link(page_src, s, label=_short(s)) for s in stories) + " | Coverage |"
    lines = ['<div class="pf-matrix" markdown="1">', "", header, "|---|" + "---|" * (len(stories) + 1)]
    gaps = []
    for name, competency in vocabulary.items():
        marks = ["●" if name in s.meta.competencies else "" for s in stories]
        covered = sum(1 for m in marks if m)
        if covered:
            coverage = f"{covered} {'story' if covered == 1 else 'stories'}"
        else:
            coverage = '<span class="pf-gap">gap</span>'
            gaps.append(competency)
        lines.append(f"| {cell(name)} <small>{cell(competency.framework)}</small> | " + " | ".join(marks) + f" | {coverage} |")
    lines += ["", "</div>", ""]
    if gaps:
        lines += ["**Gaps and how to close them**", ""]
        for competency in gaps:
            candidate = _suggest_story(ctx, competency)
            hint = (f"extend {story_link(page_src, candidate)}, which already touches it"
                    if candidate else "write a new story")
            lines.append(f"- **{cell(competency.name)}**: no story claims it. Listen-for: "
                         f"{text(competency.listen_for)} Suggestion: {hint}.")
        lines.append("")
    else:
        lines += ["Every competency of the vocabulary is covered by at least one story.", ""]
    return "\n".join(lines)


def stories_for(ctx: RenderContext, competency: str, page_src: str) -> str:
    """The public stories that show one competency, with the prompts each answers."""
    vocabulary = ctx.index.vocabulary
    if competency not in vocabulary:
        raise ViewError(f"unknown competency {competency!r}; {suggest(competency, list(vocabulary))}")
    stories = [s for s in ctx.index.portfolio() if competency in s.meta.competencies]
    if not stories:
        return f"*No story shows {text(competency)} yet: see the competency matrix for a suggestion.*\n"
    return "\n".join(
        f"- {story_link(page_src, s)}: {'; '.join(text(p) for p in s.meta.prompts[:2])}" for s in stories
    ) + "\n"


def _short(story: Story) -> str:
    return story.title.split(":")[0] if len(story.title) > 28 else story.title


def question_bank(ctx: RenderContext, page_src: str) -> str:
    stories = ctx.index.portfolio()
    lines = ["## Interview prompts", "", "| Prompt | Answered by |", "|---|---|"]
    prompts: dict[str, list[Story]] = {}
    for story in stories:
        for p in story.meta.prompts:
            prompts.setdefault(p, []).append(story)
    for prompt, answering in prompts.items():
        lines.append(f"| {cell(prompt)} | {'<br>'.join(story_link(page_src, s) for s in answering)} |")
    lines += ["", "## Follow-ups by theme", ""]
    by_group: dict[str, list[tuple[Story, FollowUp]]] = {}
    for story in stories:
        for f in story.meta.follow_ups:
            by_group.setdefault(f.group, []).append((story, f))
    for group in sorted(by_group):
        lines += [f"### {text(group)}", "", "| Follow-up | Answered in | Backed by |", "|---|---|---|"]
        for story, f in by_group[group]:
            backing = [backing_link(ctx, story, t, page_src) for t in f.backed_by]
            lines.append(
                f"| {cell(f.question)} | {story_link(page_src, story, followup_anchor(story, f))} "
                f"| {'<br>'.join(backing) or '—'} |"
            )
        lines.append("")
    return "\n".join(lines)


def interviewer_packet(ctx: RenderContext, page_src: str) -> str:
    """For a mock interviewer: what to ask, listen for and probe, the rubric and a scorecard.

    No answers and no links to them: only prompts, competencies, follow-up questions and the
    vocabulary's rubric. Each prompt is its own list item (they are alternatives).
    """
    lines = []
    vocabulary = ctx.index.vocabulary
    for story in ctx.index.portfolio():
        meta = story.meta
        lines += [f"## {text(meta.title)}", ""]
        lines += [f"*{KIND_LABELS[meta.kind]}* · about {fmt.seconds(meta.target_seconds)} · {text(meta.system)}", ""]
        lines += ["**Ask** (one of)" if len(meta.prompts) > 1 else "**Ask**", ""]
        lines += [f"- &ldquo;{text(p)}&rdquo;" for p in meta.prompts] + [""]
        lines += ["**Listen for**", ""]
        for c in meta.competencies:
            lines.append(f"- **{text(c)}**: {text(vocabulary[c].listen_for)}")
        lines.append("")
        if meta.follow_ups:
            lines += ["**Probe with**", ""]
            for f in meta.follow_ups:
                lines.append(f"- {text(f.question)} <small>({text(f.group)})</small>")
            lines.append("")
        lines += ["**Rubric**", "", "| Competency | Weak | Solid | Strong (senior) |", "|---|---|---|---|"]
        for c in meta.competencies:
            r = vocabulary[c]
            lines.append(f"| {cell(c)} | {cell(r.weak)} | {cell(r.solid)} | {cell(r.strong)} |")
        lines += ["", "**Scorecard**", "", scorecard.story_scorecard(story), ""]
    if not lines:
        return '!!! note "No public stories yet"\n    Public stories that are your own get a section here.\n'
    return "\n".join(lines)
