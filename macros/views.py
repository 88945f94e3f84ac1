"""Views: pure functions from the story index to Markdown (with a little inline HTML).

Links are emitted as Markdown links to ``.md`` sources, so MkDocs rewrites them and its strict
link validation checks every one. Every piece of front-matter text goes through ``cell`` or
``text``, which escape HTML: a ``<script>`` in a follow-up shows as text, never runs.

Pure module: no MkDocs import.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from dataclasses import dataclass
from itertools import groupby

from . import formatting as fmt
from .diagram_render import figure_id
from .story_index import LoadedStory, StoryIndex
from .story_model import KIND_LABELS, FollowUp, Metric
from .worked_examples import FormulaError, compute

ANSWER_BLOCK = re.compile(
    r"<!--\s*answer:\s*(?P<name>.*?)\s*-->(?P<body>.*?)<!--\s*/answer\s*-->", re.S
)
FENCE_LINE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
CATEGORY_LABELS = {
    "latency": "Latency", "cost": "Cost", "reliability": "Reliability", "adoption": "Adoption",
    "efficiency": "Efficiency", "scale": "Scale", "quality": "Quality",
    "engagement": "Engagement", "delivery": "Delivery",
}


class ViewError(Exception):
    """A macro was called with something that does not exist; the message says what to use."""


@dataclass(frozen=True)
class RenderContext:
    index: StoryIndex
    words_per_minute: int = 150


# --- escaping and links ---------------------------------------------------------------------

def text(value: object) -> str:
    """Front-matter text for Markdown prose: HTML escaped, Markdown left to work."""
    return html.escape(str(value), quote=False)


def cell(value: object) -> str:
    """Front-matter text for a Markdown table cell: escaped, on one line, pipes neutralised."""
    escaped = html.escape(" ".join(str(value).split()), quote=True)
    return escaped.replace("|", "&#124;")


def answer_cell(markdown: str) -> str:
    """A multi-line answer in one table cell: paragraphs and bullets become line breaks."""
    lines = []
    for line in markdown.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        bullet = re.match(r"^[-*+]\s+(.*)", stripped)
        lines.append("• " + cell(bullet.group(1)) if bullet else cell(stripped))
    return "<br>".join(lines)


def attr(value: object) -> str:
    return html.escape(" ".join(str(value).split()), quote=True)


def rel(page_src: str, target_src: str, anchor: str = "") -> str:
    """Relative link from one docs page to another page's source file, as MkDocs expects."""
    path = posixpath.relpath(target_src, posixpath.dirname(page_src) or ".")
    return f"{path}#{anchor}" if anchor else path


def story_link(page_src: str, story: LoadedStory, anchor: str = "", label: str | None = None) -> str:
    return f"[{cell(label or story.title)}]({rel(page_src, story.src_path, anchor)})"


def metric_anchor(metric: Metric) -> str:
    """The HTML id of a metric's row in the metric summary (dashboard links point here)."""
    return "metric-" + metric.id.replace("_", "-")


def followup_anchor(story: LoadedStory, follow_up: FollowUp) -> str:
    """The HTML id of a follow-up's row in its story's follow-up table."""
    return "followup-" + story.follow_up_id(follow_up)


def _suggest(name: str, options: list[str]) -> str:
    close = difflib.get_close_matches(name, options, n=3, cutoff=0.5)
    if close:
        return f"did you mean {', '.join(map(repr, close))}?"
    return f"known: {', '.join(options) or '(none)'}"


# --- code protection ---------------------------------------------------------------------------

def protect_code(markdown: str) -> str:
    """Wrap fenced code blocks and inline code in Jinja raw blocks so they render as written.

    A GitHub Actions snippet with ``${{ secrets.X }}`` must appear verbatim, not be evaluated.
    """
    out: list[str] = []
    lines = markdown.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        opening = FENCE_LINE.match(lines[i])
        if opening:
            fence = opening.group("fence")
            j = i + 1
            while j < len(lines):
                closing = FENCE_LINE.match(lines[j])
                if closing and closing.group("fence")[0] == fence[0] and len(closing.group("fence")) >= len(fence) \
                        and not lines[j].strip()[len(closing.group("fence")):].strip():
                    break
                j += 1
            block = "".join(lines[i:j + 1])
            if ("{{" in block or "{%" in block) and "{% endraw %}" not in block:
                # The raw tags sit at the fence's own indentation so tabs and admonitions keep working.
                body = block.rstrip("\n")
                block = "{% raw %}" + body + "{% endraw %}" + block[len(body):]
            out.append(block)
            i = j + 1
            continue
        line = lines[i]
        if "`" in line and ("{{" in line or "{%" in line):
            line = INLINE_CODE.sub(
                lambda m: "{% raw %}" + m.group(0) + "{% endraw %}" if ("{{" in m.group(0) or "{%" in m.group(0)) else m.group(0),
                line,
            )
        out.append(line)
        i += 1
    return "".join(out)


# --- per-story views ---------------------------------------------------------------------------

def story_header(ctx: RenderContext, story: LoadedStory, page_src: str) -> str:
    meta = story.meta
    rows = [
        ("Kind", KIND_LABELS[meta.kind]),
        ("Company", meta.company),
        ("System", meta.system),
        ("My role", meta.role),
        ("Target length", fmt.seconds(meta.target_seconds)),
    ]
    lines = ['<div class="pf-header" markdown="1">', "", "| | |", "|---|---|"]
    lines += [f"| **{name}** | {cell(value)} |" for name, value in rows]
    prompts = "<br>".join(f"&ldquo;{cell(p)}&rdquo;" for p in meta.prompts)
    lines.append(f"| **Answers** | {prompts} |")
    chips = " ".join(f'<span class="pf-chip">{cell(c)}</span>' for c in meta.competencies)
    lines.append(f"| **Competencies** | {chips} |")
    if meta.related:
        related = ", ".join(
            story_link(page_src, ctx.index.stories[s]) for s in meta.related if s in ctx.index.stories
        )
        lines.append(f"| **Related** | {related} |")
    if not story.public:
        lines.append("| **Visibility** | private: left out of portfolio-wide views and PDFs |")
    lines += ["", "</div>", ""]
    return "\n".join(lines)


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


def metric_summary(ctx: RenderContext, story: LoadedStory) -> str:
    metrics = story.meta.metrics
    if not metrics:
        return '!!! note "No metrics yet"\n    Add `metrics:` to the front matter to show them here.\n'
    lines = [
        '<div class="pf-metrics" markdown="1">', "",
        "| Metric | Number | Change | Before → after | Verdict |",
        "|---|---|---|---|---|",
    ]
    for m in metrics:
        lines.append(
            f'| <span id="{metric_anchor(m)}"></span>{cell(m.label)}{_provenance(m)} '
            f"| **{cell(fmt.headline(m))}** | {_change_cell(m)} | {_bars(m) or '—'} | {_verdict_cell(m)} |"
        )
    lines += ["", "</div>", ""]
    return "\n".join(lines)


def find_metric(ctx: RenderContext, ref: str, story: LoadedStory | None) -> tuple[LoadedStory, Metric]:
    slug, sep, metric_id = ref.rpartition(":")
    if sep:
        target = ctx.index.stories.get(slug)
        if target is None:
            raise ViewError(f"metric {ref!r}: no story {slug!r}; {_suggest(slug, list(ctx.index.stories))}")
    else:
        if story is None:
            raise ViewError(f"metric {ref!r}: outside a story page, name the story: metric('story-slug:{ref}')")
        target, metric_id = story, ref
    for m in target.meta.metrics:
        if m.id == metric_id:
            return target, m
    raise ViewError(
        f"unknown metric {metric_id!r} in story {target.slug!r}; "
        f"{_suggest(metric_id, [m.id for m in target.meta.metrics])}"
    )


def metric_inline(ctx: RenderContext, ref: str, story: LoadedStory | None) -> str:
    _, m = find_metric(ctx, ref, story)
    return f'<span class="pf-metric" title="{attr(m.label)}">{html.escape(fmt.headline(m))}</span>'


def answers(story: LoadedStory) -> list[tuple[str, int]]:
    """(name, word count) of each answer marked with <!-- answer: NAME --> ... <!-- /answer -->."""
    found = []
    for match in ANSWER_BLOCK.finditer(story.body):
        body = re.sub(r"\{\{.*?\}\}", " 12 units ", match.group("body"), flags=re.S)  # a quoted metric ~ 2 words
        body = re.sub(r"<[^>]+>|[#*_`>|=\[\]()!-]", " ", body)
        found.append((match.group("name"), len(re.findall(r"[\w$%.,'’]+", body))))
    return found


def speaking_time(ctx: RenderContext, story: LoadedStory) -> str:
    marked = answers(story)
    if not marked:
        raise ViewError(
            f"speaking_time(): story {story.slug!r} marks no answer; wrap the spoken answer in "
            "<!-- answer: NAME --> ... <!-- /answer -->"
        )
    target = story.meta.target_seconds
    lines = [
        f'<div class="pf-speaking" markdown="1">', "",
        f"| Answer | Words | Spoken at {ctx.words_per_minute} wpm | Target | |",
        "|---|---|---|---|---|",
    ]
    for name, words in marked:
        spoken = words / ctx.words_per_minute * 60
        if spoken > target:
            status = f'<span class="pf-worse">runs long by {fmt.seconds(spoken - target)}</span>'
        else:
            status = f'<span class="pf-better">fits, {fmt.seconds(target - spoken)} to spare</span>'
        lines.append(f"| {cell(name)} | {words} | {fmt.seconds(spoken)} | {fmt.seconds(target)} | {status} |")
    lines += [
        "", f"Estimated from the word count at {ctx.words_per_minute} words per minute, a calm "
        "interview pace; time yourself aloud to calibrate.", "", "</div>", "",
    ]
    return "\n".join(lines)


def _result_text(value: float, unit: str) -> str:
    return fmt.quantity(value, unit) if unit else fmt.number(value)


def worked_example(ctx: RenderContext, story: LoadedStory, example_id: str) -> str:
    examples = {e.id: e for e in story.meta.worked_examples}
    if example_id not in examples:
        raise ViewError(
            f"unknown worked example {example_id!r} in story {story.slug!r}; "
            f"{_suggest(example_id, list(examples))}"
        )
    example = examples[example_id]
    try:
        steps = compute(example, fmt=lambda v: fmt.number(v).replace(",", "").replace(fmt.MINUS, "-"))
    except FormulaError as exc:
        raise ViewError(f"worked example {example_id!r}: {exc}") from None
    lines = [f'<div class="pf-worked" markdown="1">', "", f"**{text(example.title)}**", ""]
    if example.note:
        lines += [text(example.note), ""]
    lines += ["| Input | Value |", "|---|---|"]
    lines += [f"| {cell(i.label)} (`{i.name}`) | {cell(_result_text(i.value, i.unit))} |" for i in example.inputs]
    lines += ["", "| Step | Formula | Computed | Notes say |", "|---|---|---|---|"]
    for s in steps:
        if s.stated is None:
            check = "—"
        elif s.matches:
            check = f'{cell(_result_text(s.stated, s.unit))} <span class="pf-better">✓</span>'
        else:
            check = (f'{cell(_result_text(s.stated, s.unit))} <span class="pf-worse">✗ off by '
                     f"{s.relative_error * 100:.1f}%: quote the computed value</span>")
        lines.append(
            f"| {cell(s.label)} | `{cell(s.formula)}` = {cell(s.substituted)} "
            f"| **{cell(_result_text(s.value, s.unit))}** | {check} |"
        )
    lines += ["", "</div>", ""]
    return "\n".join(lines)


def _normal(question: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", question.lower()).strip()


def also_answered_in(ctx: RenderContext, story: LoadedStory, follow_up: FollowUp) -> list[tuple[LoadedStory, str]]:
    """Other stories with the same follow-up (same explicit id or same question text), with its anchor."""
    key, fid = _normal(follow_up.question), follow_up.id
    found = []
    for other in ctx.index.stories.values():
        if other.slug == story.slug:
            continue
        for f in other.meta.follow_ups:
            if _normal(f.question) == key or (fid and f.id == fid):
                found.append((other, followup_anchor(other, f)))
    return found


def diagram_home(ctx: RenderContext, name: str) -> LoadedStory | None:
    """The story page that embeds diagram ``name`` (the target of 'diagram:NAME' links)."""
    call = re.compile(r"diagram\(\s*['\"]" + re.escape(name) + r"['\"]")
    for story in ctx.index.stories.values():
        if call.search(story.body):
            return story
    return None


def backing_link(ctx: RenderContext, story: LoadedStory, target: str, page_src: str) -> str:
    if target.startswith("diagram:"):
        name = target.removeprefix("diagram:")
        home = diagram_home(ctx, name)
        if home is None:
            raise ViewError(f"{story.slug}: follow-up backed by 'diagram:{name}', but no story page embeds it")
        return story_link(page_src, home, figure_id(name), f"{name.replace('_', ' ')} diagram")
    slug, _, anchor = target.partition("#")
    other = ctx.index.stories[slug] if slug else story
    heading = next((h.title for h in other.headings if h.anchor == anchor), None)
    if slug and anchor:
        label = f"{other.title}: {heading}"
    elif anchor:
        label = heading or anchor
    else:
        label = other.title
    return story_link(page_src, other, anchor, re.sub(r"[*_`]", "", label))


def follow_up_table(ctx: RenderContext, story: LoadedStory, page_src: str) -> str:
    follow_ups = story.meta.follow_ups
    if not follow_ups:
        return '!!! note "No follow-ups yet"\n    Add `follow_ups:` to the front matter to show them here.\n'
    lines = [
        '<div class="pf-followups" markdown="1">', "",
        "| Group | Question | Answer | Backed by |",
        "|---|---|---|---|",
    ]
    for f in follow_ups:
        links = [backing_link(ctx, story, t, page_src) for t in f.backed_by]
        links += [
            "also answered in " + story_link(page_src, other, anchor, other.title)
            for other, anchor in also_answered_in(ctx, story, f)
        ]
        answer = answer_cell(f.answer)
        lines.append(
            f'| {cell(f.group)} | <span id="{followup_anchor(story, f)}"></span>{cell(f.question)} '
            f"| <details><summary>Answer</summary>{answer}</details> | {'<br>'.join(links) or '—'} |"
        )
    lines += ["", "</div>", ""]
    return "\n".join(lines)


# --- portfolio-wide views ----------------------------------------------------------------------

def _system_metrics(story: LoadedStory, m: Metric) -> str:
    return m.system or story.meta.system


def dashboard(ctx: RenderContext, page_src: str) -> str:
    rows = [
        (m.category, story, m)
        for story in ctx.index.public()
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
    for story in ctx.index.public():
        lines.append(
            f"| {story_link(page_src, story)} | {KIND_LABELS[story.meta.kind]} "
            f"| {'<br>'.join(cell(p) for p in story.meta.prompts)} "
            f"| {', '.join(cell(c) for c in story.meta.competencies)} |"
        )
    return "\n".join(lines) + "\n"


def _suggest_story(ctx: RenderContext, competency) -> LoadedStory | None:
    words = {w for w in re.findall(r"[a-z]{5,}", (competency.name + " " + competency.listen_for).lower())}
    best, best_score = None, 0
    for story in ctx.index.public():
        body = story.body.lower() + " ".join(f.question.lower() for f in story.meta.follow_ups)
        score = sum(body.count(w) for w in words)
        if score > best_score:
            best, best_score = story, score
    return best


def competency_matrix(ctx: RenderContext, page_src: str) -> str:
    stories = ctx.index.public()
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
        raise ViewError(f"unknown competency {competency!r}; {_suggest(competency, list(vocabulary))}")
    stories = [s for s in ctx.index.public() if competency in s.meta.competencies]
    if not stories:
        return f"*No story shows {text(competency)} yet: see the competency matrix for a suggestion.*\n"
    return "\n".join(
        f"- {story_link(page_src, s)}: {'; '.join(text(p) for p in s.meta.prompts[:2])}" for s in stories
    ) + "\n"


def _short(story: LoadedStory) -> str:
    return story.title.split(":")[0] if len(story.title) > 28 else story.title


def question_bank(ctx: RenderContext, page_src: str) -> str:
    stories = ctx.index.public()
    lines = ["## Interview prompts", "", "| Prompt | Answered by |", "|---|---|"]
    prompts: dict[str, list[LoadedStory]] = {}
    for story in stories:
        for p in story.meta.prompts:
            prompts.setdefault(p, []).append(story)
    for prompt, answering in prompts.items():
        lines.append(f"| {cell(prompt)} | {'<br>'.join(story_link(page_src, s) for s in answering)} |")
    lines += ["", "## Follow-ups by theme", ""]
    by_group: dict[str, list[tuple[LoadedStory, FollowUp]]] = {}
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
    """For a mock interviewer: what to ask and listen for. No answers, no links to them."""
    lines = []
    vocabulary = ctx.index.vocabulary
    for story in ctx.index.public():
        meta = story.meta
        lines += [f"## {text(meta.title)}", ""]
        lines += [f"*{KIND_LABELS[meta.kind]}* · about {fmt.seconds(meta.target_seconds)} · {text(meta.system)}", ""]
        lines += ["**Ask**", ""] + [f"> {text(p)}" for p in meta.prompts] + [""]
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
        lines += ["", "**Notes**", "", '<div class="pf-notes"></div>', ""]
    return "\n".join(lines)
