"""Readiness and prompt coverage: what to confirm before an interview, and which common prompts have a story.

Pure functions from the index to Markdown with a little HTML (``readiness``, ``prompt_coverage``)
or to plain text lines (``check_summary``, for ``portfolio check``). Every piece of story text is
escaped; nothing here parses a body: the loader, the body scan and the lint did.
"""

from __future__ import annotations

import re

from ..stories import prompts as catalogue
from ..stories.loader import Story
from ..stories.model import PROVENANCE_LABELS
from ..stories.readiness import Readiness, StoryReadiness, Tally, method_stated
from ..stories.readiness import readiness as compute
from . import formatting as fmt
from .anchors import story_anchor, story_link
from .escaping import cell, text
from .html import table
from .story_views import RenderContext

_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_BOLD_LEAD = re.compile(r"^\*\*(.+?)\*\*")
MARKS = {"own": "●", "draft": "◐"}


def _plain(value: str) -> str:
    """Story text shown out of its page: links reduced to their text, escaped, braces inert."""
    return text(_LINK.sub(r"\1", value)).translate(_BRACES)


def _plain_cell(value: str) -> str:
    return cell(_LINK.sub(r"\1", value)).translate(_BRACES)


def _summary(item: str, limit: int = 140) -> str:
    """The gist of a bullet: its bold lead if it has one, else its start, cut at a word."""
    lead = _BOLD_LEAD.match(item)
    gist = lead.group(1) if lead else item
    gist = _LINK.sub(r"\1", gist).strip()
    if len(gist) > limit:
        gist = gist[:limit].rsplit(" ", 1)[0] + " …"
    return gist


def _badge(story: Story) -> str:
    provenance = story.meta.provenance
    return f'<span class="pf-badge pf-badge-{provenance}">{PROVENANCE_LABELS[provenance]}</span>'


def _pct(tally: Tally) -> str:
    return f"{tally.percent} %"


# --- readiness ---------------------------------------------------------------------------------

def formula(words_per_minute: int) -> list[str]:
    """How the score is computed, as the page shows it (the definition is stories/readiness.py's)."""
    return [
        "**score = checks done ÷ checks**, over own stories and drafts (examples never count), rounded "
        "down. One check each:", "",
        "- the story is confirmed as your own (`provenance: own`);",
        "- each number is confirmed (`source: confirmed`);",
        "- each outcome's method is stated and confirmed (`method_source: confirmed`);",
        f"- the shortest marked answer fits `target_seconds` at {words_per_minute} words per minute "
        "(a story other than an outline must mark one);",
        "- each open finding, never done while it is there: a cross-story tension (in each story it "
        "names), a question box titled \"To resolve …\", a `[TODO: …]` placeholder.", "",
        "So 100 % means every story is your own, every number and method is confirmed, every answer "
        "fits, and nothing is left to resolve.",
    ]


def _answer_times(r: StoryReadiness, separator: str = "<br>", names: bool = True) -> str:
    if not r.answers:
        return "no answer marked" if r.story.meta.kind != "outline" else "—"
    parts = []
    for a in r.answers:
        verdict = ('<span class="pf-better">fits</span>' if a.fits
                   else f'<span class="pf-worse">{fmt.seconds(a.seconds - a.target)} over</span>')
        name = f"{_plain_cell(a.name)}: " if names else f"<small>{_plain_cell(a.name)}</small><br>"
        parts.append(f"{name}{fmt.seconds(a.seconds)} of {fmt.seconds(a.target)}, {verdict}")
    return separator.join(parts)


def _open_items(r: StoryReadiness) -> str:
    counts = [(len(r.tensions), "tension"), (len(r.questions), "question box"), (len(r.placeholders), "TODO")]
    return "<br>".join(f"{n} {what}{'' if n == 1 else ('es' if what.endswith('x') else 's')}"
                       for n, what in counts if n) or "none"


def _overview(rd: Readiness, page_src: str) -> list[str]:
    lines = [
        f"{MARKS['own']} own story · {MARKS['draft']} draft to confirm", "",
        '<div class="pf-readiness" markdown="1">', "",
        "| Story | Score | Numbers | Open | Spoken length |",
        "|---|---|---|---|---|",
    ]
    for r in rd.stories:
        n = len(r.story.meta.metrics)
        numbers = "<br>".join([
            f"{n - len(r.unconfirmed_numbers)}/{n} confirmed",
            f"{r.before_after}/{n} before → after",
            f"{r.method_stated}/{n} with a method",
            f"{len(r.inferred_methods)}/{n} method inferred",
        ]) if n else "none"
        lines.append(
            f"| {MARKS[r.story.meta.provenance]} {story_link(page_src, r.story)} "
            f"| **{r.done * 100 // r.total} %**<br><small>{r.done} of {r.total}</small> "
            f"| {numbers} | {_open_items(r)} | {_answer_times(r, names=False)} |"
        )
    lines += ["", "</div>", ""]
    return lines


def _box(kind: str, title: str, rows: list[str], expanded: bool = False) -> list[str]:
    if not rows:
        return []
    head = f'{"???+" if expanded else "???"} {kind} "{title}"'
    return [head, ""] + [f"    {row}" for row in rows] + [""]


def _tensions(r: StoryReadiness, page_src: str) -> list[str]:
    if not r.tensions:
        return []
    rows = [
        "Numbers about the same measure of the same system (same category, unit and kind of number) "
        "that differ; *same id or label* marks the same metric quoted twice. Which one is right is "
        "yours to say.", "",
        "| Here | There | In |", "|---|---|---|",
    ]
    for t in r.tensions:
        mine = t.story.slug == r.story.slug
        here, there = (t.metric, t.other) if mine else (t.other, t.metric)
        other_story = t.other_story if mine else t.story
        same = " <small>*same id or label*</small>" if t.rule == "contradiction" else ""
        rows.append(
            f"| `{here.id}` **{cell(fmt.headline(here))}**<br><small>{_plain_cell(here.label)}</small> "
            f"| `{there.id}` **{cell(fmt.headline(there))}**{same}<br><small>{_plain_cell(there.label)}</small> "
            f"| {story_link(page_src, other_story)}<br><small>`{other_story.file}`</small> |"
        )
    return _box("warning pf-tensions", f"Cross-story tensions ({len(r.tensions)})", rows, expanded=True)


def _story_section(r: StoryReadiness, rd: Readiness, page_src: str) -> list[str]:
    story, meta = r.story, r.story.meta
    n = len(meta.metrics)
    lines = [f"### {text(story.title).translate(_BRACES)}", ""]
    status = f"{_badge(story)} · score **{r.done * 100 // r.total} %** ({r.done} of {r.total} checks) · "
    status += story_link(page_src, story, label="open the story")
    if not story.public:
        status += " · private"
    lines += [status, ""]
    if r.draft:
        note = f" {_plain(meta.provenance_note)}" if meta.provenance_note else ""
        lines += ['!!! warning "Draft: confirm it happened as told, or replace it"', "",
                  f"    Not yet your own account.{note}", ""]
    lines += [
        f"- **Numbers**: {n}; with before → after: {r.before_after}; with a stated method: {r.method_stated}.",
        f"- **Spoken length** at {rd.words_per_minute} words per minute, target {fmt.seconds(meta.target_seconds)}: "
        f"{_answer_times(r, ' · ')}.",
    ]
    lines.append("")
    questions = []
    for q in r.questions:
        questions.append(f"- line {q.line}: **{_plain(q.title)}**")
        questions += [f"    - line {line}: {_plain(_summary(item))}" for line, item in q.items]
    lines += _box("question", f"Open questions ({sum(len(q.items) or 1 for q in r.questions)})",
                  questions, expanded=True)
    lines += _tensions(r, page_src)
    lines += _box("warning", f"Methods inferred, not from your notes ({len(r.inferred_methods)})", [
        f"- `{m.id}` {_plain(m.label)}" for m in r.inferred_methods])
    unstated = [m for m in r.unconfirmed_methods if m not in r.inferred_methods]
    lines += _box("note", f"Other methods to confirm ({len(unstated)})", [
        f"- `{m.id}` {_plain(m.label)} ({'from your notes' if method_stated(m) else 'no method stated'})"
        for m in unstated])
    lines += _box("note", f"Numbers not confirmed ({len(r.unconfirmed_numbers)})", [
        f"- `{m.id}` **{text(fmt.headline(m))}** {_plain(m.label)} <small>(source: {m.source})</small>"
        for m in r.unconfirmed_numbers])
    lines += _box("note", f"Placeholders left in ({len(r.placeholders)})", [
        f"- line {p.line or '?'}{'' if p.where == 'body' else f' (`{p.where}`)'}: {_plain(p.text)}"
        for p in r.placeholders])
    if r.done == r.total:
        lines += ["Nothing left to confirm in this story.", ""]
    return lines


def readiness(ctx: RenderContext, page_src: str) -> str:
    rd = compute(ctx.index, ctx.words_per_minute)
    if not rd.stories:
        return '!!! note "No own or draft story yet"\n    Examples never count: write a story with `make new`.\n'
    own, drafts, total = rd.own, rd.drafts, rd.portfolio
    lines = [
        f"**Portfolio score: {_pct(total)}**: {total.done} of {total.total} checks done across "
        f"{total.stories} {'story' if total.stories == 1 else 'stories'} (own and drafts; examples are not counted).", "",
        '<div class="pf-readiness-score" markdown="1">', "",
        "| | Stories | Checks done | Score |", "|---|---|---|---|",
        f"| {MARKS['own']} Own stories | {own.stories} | {own.done} of {own.total} | {_pct(own)} |",
        f"| {MARKS['draft']} Drafts to confirm | {drafts.stories} | {drafts.done} of {drafts.total} | {_pct(drafts)} |",
        f"| Portfolio | {total.stories} | {total.done} of {total.total} | **{_pct(total)}** |",
        "", "</div>", "",
        '!!! info "How the score is computed"', "",
        *[f"    {line}" if line else "" for line in formula(rd.words_per_minute)], "",
        "## Per story", "",
    ]
    lines += _overview(rd, page_src)
    for r in rd.stories:
        lines += _story_section(r, rd, page_src)
    return "\n".join(lines)


def _count(n: int, what: str, plural: str | None = None) -> str:
    return f"{n} {what if n == 1 else (plural or what + ('es' if what.endswith('x') else 's'))}"


def check_summary(rd: Readiness) -> list[str]:
    """Plain-text lines for the end of ``portfolio check``."""
    own, drafts, total = rd.own, rd.drafts, rd.portfolio
    lines = [
        f"Readiness: {total.percent}% ({total.done} of {total.total} checks done over own stories and "
        "drafts; examples not counted)",
        f"  own stories {own.percent}% ({own.done} of {own.total}, {_count(own.stories, 'story', 'stories')})"
        f" · drafts {drafts.percent}% ({drafts.done} of {drafts.total}, {_count(drafts.stories, 'draft')})",
    ]
    for r in rd.stories:
        n = len(r.story.meta.metrics)
        parts = [f"{n - len(r.unconfirmed_numbers)} of {n} numbers confirmed" if n else "no numbers"]
        if n:
            parts += [_count(len(r.inferred_methods), "inferred method"),
                      f"{r.before_after} before/after", f"{r.method_stated} with a method"]
        parts += [_count(len(r.tensions), "tension"), _count(len(r.questions), "open question box"),
                  _count(len(r.placeholders), "placeholder")]
        if r.long_answers:
            parts.append("over-long: " + ", ".join(
                f"{a.name} {fmt.seconds(a.seconds)} > {fmt.seconds(a.target)}" for a in r.long_answers))
        elif not r.answers and r.story.meta.kind != "outline":
            parts.append("no answer marked")
        lines.append(f"  {r.story.file} ({r.story.meta.provenance}) {r.done * 100 // r.total}%: " + ", ".join(parts))
    lines.append("  Each item, and how the score is computed: the Readiness page (docs/views/readiness.md).")
    return lines


# --- coverage of common prompts ----------------------------------------------------------------

def _answered_by(cov: catalogue.Coverage, page_src: str) -> str:
    rows = [
        f"{MARKS[s.meta.provenance]} {story_anchor(page_src, s)} <small>via &ldquo;{_plain_cell(_summary(p, 70))}&rdquo;</small>"
        for s, p in cov.stories
    ]
    return "<br>".join(rows) or "—"


def _status(cov: catalogue.Coverage) -> str:
    if cov.gap:
        return '<span class="pf-gap">gap</span>'
    if not cov.own:
        return '<span class="pf-thin">draft only</span>'
    return "covered"


def prompt_coverage(ctx: RenderContext, page_src: str) -> list[str]:
    stories = [s for s in ctx.index.portfolio()]
    covered = catalogue.coverage(stories)
    own = sum(1 for c in covered if c.own)
    draft_only = sum(1 for c in covered if c.stories and not c.own)
    gaps = [c for c in covered if c.gap]
    intro = (
        f"**{own} of {len(covered)}** common prompts have an own story, **{draft_only}** only a draft, "
        f"and **{len(gaps)}** none. {MARKS['own']} own story · {MARKS['draft']} draft to confirm · "
        "examples never count.\n\n"
    )
    # HTML written here, like the other views' tables: the links are the index's, not Markdown's.
    rows = [
        [f"<strong>{cell(c.entry.prompt)}</strong><br><small>also asked as "
         f"{' · '.join(f'&ldquo;{cell(v)}&rdquo;' for v in c.entry.variants)}</small>",
         f"<small>{', '.join(cell(x) for x in c.entry.competencies)}</small>", _answered_by(c, page_src), _status(c)]
        for c in covered
    ]
    lines = [""]
    if gaps:
        lines += ["**Prompts no own or draft story answers yet**", ""]
        for c in gaps:
            lines.append(f"- {text(c.entry.prompt)} <small>(tests {', '.join(text(x) for x in c.entry.competencies)})</small>")
        lines += ["", "Write a story for each, or add the prompt under `prompts:` of a story that truly answers it.", ""]
    else:
        lines += ["Every common prompt has at least one own or draft story.", ""]
    outside = catalogue.unmatched(stories)
    if outside:
        lines += ["**Story prompts outside the catalogue**", ""]
        lines += [f"- &ldquo;{_plain(p)}&rdquo; ({story_link(page_src, s)})" for s, p in outside]
        lines.append("")
    return [intro, table(["Prompt", "Tests", "Answered by", "Status"], rows, attrs='class="pf-coverage"'),
            "\n".join(lines)]
