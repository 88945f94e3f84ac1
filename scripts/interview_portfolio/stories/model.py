"""The story model: one pydantic model for a story's front matter, validated strictly.

A story is a Markdown file under ``docs/stories/`` whose YAML front matter carries the data the
macros render (metrics, prompts, competencies, follow-ups...). Unknown keys are rejected so a
typo such as ``metircs`` cannot pass silently. Keys that MkDocs or Material for MkDocs read
themselves (``title``, ``tags``, ``hide``...) are declared here too, so they keep working.

Pure module: no MkDocs import. Competencies are checked against the vocabulary passed in the
validation context (``{"vocabulary": {...}}``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from ..errors import suggest

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
IDENT_PATTERN = r"^[a-z][a-z0-9_]*$"

Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
Ident = Annotated[str, Field(pattern=IDENT_PATTERN)]

StoryKind = Literal["star", "deep-dive", "outline"]
# Label of each kind; the order is the order of the Stories section and of every list.
KIND_LABELS: dict[str, str] = {
    "star": "STAR story",
    "deep-dive": "Project deep dive",
    "outline": "Outline / cue card",
}
KIND_PLURALS: dict[str, str] = {"star": "STAR stories", "deep-dive": "Project deep dives", "outline": "Outlines"}
KIND_ORDER = {kind: i for i, kind in enumerate(KIND_LABELS)}

Provenance = Literal["own", "draft", "example"]
PROVENANCE_LABELS: dict[str, str] = {
    "own": "Own story",
    "draft": "Draft to confirm",
    "example": "Example (not mine)",
}
Source = Literal["notes", "inferred", "confirmed"]

MAX_TITLE = 150
MAX_SLUG = 60
# Numbers a person says out loud; anything larger is a unit mistake (use a unit: 1.2 PB).
MAX_MAGNITUDE = 1e15
Number = Annotated[float, Field(ge=-MAX_MAGNITUDE, le=MAX_MAGNITUDE)]

MetricCategory = Literal[
    "latency", "cost", "reliability", "adoption", "efficiency", "scale", "quality",
    "engagement", "delivery",
]
CATEGORY_LABELS: dict[str, str] = {c: c.capitalize() for c in MetricCategory.__args__}  # type: ignore[attr-defined]


class StrictModel(BaseModel):
    # Unknown keys, empty strings, NaN and infinities are errors, never silently accepted.
    # defer_build: the validators are built when a story is first validated, not at import. A
    # build whose stories all come from the story cache (stories/story_cache.py) never validates,
    # and skips that cost (about 40 ms, a tenth of a small build's own work). Nothing else on the
    # build's path needs them: views and the page meta read attributes, never model_dump().
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, str_min_length=1, allow_inf_nan=False, defer_build=True,
    )


class Metric(StrictModel):
    """A number the story quotes.

    Give ``value`` for a level (99.99 % uptime), ``before`` and ``after`` for a change you
    measured at both ends, or ``change`` for a change known only as a delta (-70 %).
    """

    id: Ident = Field(description="Name used to quote the metric in prose: {{ metric('id') }}.")
    label: str
    category: MetricCategory
    value: Number | None = None
    before: Number | None = None
    after: Number | None = None
    change: Number | None = Field(
        None, description="Signed change, in change_unit (default %: relative change)."
    )
    change_unit: Literal["%", "pp", "pts", "x"] = "%"
    unit: str = Field("", min_length=0, description="Unit of value/before/after: %, ms, s, USD, USD/yr, tenants...")
    approx: bool = Field(False, description="Quoted as approximate (~).")
    at_least: bool = Field(False, description="Quoted as a floor (40+).")
    at_most: bool = Field(False, description="Quoted as a ceiling (under 1 s).")
    better: Literal["higher", "lower"] | None = Field(
        None, description="Which direction is an improvement; leave out for a plain count."
    )
    target: Number | None = Field(None, description="SLO or goal in the same unit, if any.")
    method: str | None = Field(None, description="How it was measured.")
    window: str | None = Field(None, description="Time window it covers.")
    source: Source = Field(
        "notes", description="Where the number comes from: stated in your notes, inferred, or confirmed."
    )
    method_source: Source = Field(
        "notes", description="Where the method comes from: stated in your notes, inferred, or confirmed."
    )
    system: str | None = Field(None, description="System the number is about; defaults to the story's.")
    headline: bool = Field(False, description="Show on the portfolio dashboard.")
    outcome: bool = Field(
        True, description="False for a design parameter or context number (frame size, canary "
        "share): lint then does not ask how it was measured, nor count it as an outcome.",
    )

    @model_validator(mode="after")
    def _has_a_number(self) -> Metric:
        if self.value is None and self.change is None and (self.before is None or self.after is None):
            raise ValueError(
                "give `value`, or both `before` and `after`, or `change` "
                "(for example `change: -70` for a 70 % reduction)"
            )
        if self.at_least and self.at_most:
            raise ValueError("`at_least` and `at_most` cannot both be true")
        if (self.before is None) != (self.after is None):
            raise ValueError("`before` and `after` go together: give both or neither")
        return self


class FollowUp(StrictModel):
    """An anticipated follow-up question, its answer, and what backs the answer."""

    question: str
    group: str = Field(description="Theme, e.g. System design, Challenges, Leadership.")
    answer: str = Field(description="Markdown. Cues, not a script.")
    backed_by: list[str] = Field(
        default_factory=list,
        description="Links: '#section' in this story, 'story-slug', 'story-slug#section', "
        "or 'diagram:name'.",
    )
    id: Slug | None = None


class Cues(StrictModel):
    """The skeleton for a cue card: a few words per STAR beat."""

    situation: str
    task: str
    action: list[str] = Field(min_length=1)
    result: str


class WorkedInput(StrictModel):
    name: Ident
    label: str
    value: Number
    unit: str = Field("", min_length=0)


class WorkedStep(StrictModel):
    name: Ident
    label: str
    formula: str = Field(max_length=300, description="Arithmetic over earlier names: + - * / ( ), ceil, floor, round, min, max.")
    unit: str = Field("", min_length=0)
    stated: Number | None = Field(None, description="The result as the notes state it, checked at build.")
    tolerance: float = Field(0.02, ge=0, description="Relative difference accepted as rounding.")


class WorkedExample(StrictModel):
    id: Ident
    title: str
    note: str | None = None
    inputs: list[WorkedInput] = Field(min_length=1)
    steps: list[WorkedStep] = Field(min_length=1)


class StoryFrontMatter(StrictModel):
    """Front matter of one story page."""

    # Keys MkDocs / Material read themselves.
    title: str = Field(max_length=MAX_TITLE)
    description: str | None = None
    tags: list[str] = Field(default_factory=list)
    hide: list[Literal["navigation", "toc", "footer", "feedback", "path", "tags"]] = Field(default_factory=list)
    icon: str | None = None
    status: str | None = None
    subtitle: str | None = None
    template: str | None = None
    search: dict[str, Any] | None = None
    render_macros: bool | None = None

    # The story itself.
    slug: Slug | None = Field(None, description="Defaults to the file name.")
    kind: StoryKind
    company: str
    system: str
    role: str
    prompts: list[str] = Field(min_length=1, description="Interview prompts this story answers.")
    competencies: list[str] = Field(min_length=1)
    metrics: list[Metric] = Field(default_factory=list)
    follow_ups: list[FollowUp] = Field(default_factory=list)
    related: list[Slug] = Field(default_factory=list)
    visibility: Literal["public", "private"] = "public"
    provenance: Provenance = Field(
        "own", description="own: your story; draft: generated or not yet confirmed by you; "
        "example: a template or someone else's story (left out of portfolio-wide views).",
    )
    provenance_note: str | None = Field(None, description="Where the story comes from, in a sentence.")
    target_seconds: int = Field(120, gt=0, le=1800, description="Target speaking time of the answer.")
    cues: Cues | None = None
    worked_examples: list[WorkedExample] = Field(default_factory=list)

    @field_validator("competencies")
    @classmethod
    def _known_competencies(cls, value: list[str], info: ValidationInfo) -> list[str]:
        vocabulary = (info.context or {}).get("vocabulary")
        if vocabulary is None:
            return value
        for name in value:
            if name not in vocabulary:
                hint = suggest(name, vocabulary, known=False)
                raise ValueError(
                    f"unknown competency {name!r}{f' ({hint})' if hint else ''}; known: {', '.join(vocabulary)}"
                )
        return value

    @model_validator(mode="after")
    def _unique_ids(self) -> StoryFrontMatter:
        seen: set[str] = set()
        for metric in self.metrics:
            if metric.id in seen:
                raise ValueError(f"metric id {metric.id!r} is used twice")
            seen.add(metric.id)
        return self


def slugify(text: str, max_length: int = MAX_SLUG) -> str:
    """Slug for follow-up ids and file names: transliterated, lowercase words joined by '-'.

    "Café" gives "cafe"; a title with no letters or digits at all gives "" (the caller decides).
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")
