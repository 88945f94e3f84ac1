"""Competency vocabulary: the axes a story can claim, with a senior-level rubric for each.

The default is Meta's five behavioural axes plus the eight focus areas many prep guides use.
A portfolio can replace it under ``extra.portfolio.competencies`` in ``mkdocs.yml``: a list of
names (rubric left generic) or a mapping of name -> {framework, listen_for, weak, solid, strong}.

Pure module: no MkDocs import.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Competency:
    name: str
    framework: str
    listen_for: str
    weak: str
    solid: str
    strong: str


def _c(name: str, framework: str, listen_for: str, weak: str, solid: str, strong: str) -> Competency:
    return Competency(name, framework, listen_for, weak, solid, strong)


META = "Meta behavioural axes"
FOCUS = "Eight focus areas"

DEFAULT_COMPETENCIES: tuple[Competency, ...] = (
    _c(
        "Driving Results", META,
        "Ownership of an outcome that mattered to the business, and numbers that prove it moved.",
        "Lists tasks; results are vague or belong to the team; no numbers.",
        "Owns a clear goal, names two or three measured outcomes and their own part in them.",
        "Set the goal others followed, chose what not to do, tied outcomes to business KPIs "
        "with before/after and how they were measured.",
    ),
    _c(
        "Embracing Ambiguity", META,
        "How they acted when the problem, the requirements or the path were unclear.",
        "Waited for direction or describes a well-specified task.",
        "Broke an unclear problem down, made reasonable assumptions and checked them.",
        "Framed the problem for others, de-risked it with experiments or data, and changed "
        "course when the evidence said so.",
    ),
    _c(
        "Resolving Conflicts", META,
        "A real disagreement handled with data and empathy, ending in a better decision.",
        "Conflict is trivial, one-sided, or 'won'; the other person is the villain.",
        "Understood the other view, used data, reached a workable compromise.",
        "Found the shared goal, reframed the choice, kept the relationship stronger afterwards "
        "and can say what they would concede next time.",
    ),
    _c(
        "Growing Continuously", META,
        "Feedback sought and acted on, skills built, lessons carried into later work.",
        "No failure or lesson; 'my weakness is working too hard'.",
        "Names a concrete mistake or gap and what they changed.",
        "Shows a pattern: hindsight they acted on, others they grew, habits that stuck.",
    ),
    _c(
        "Communicating Effectively", META,
        "Clarity with different audiences: engineers, managers, traders, other teams.",
        "Rambles; jargon without the why; no sense of the audience.",
        "Structured answer (STAR), adapts detail to the listener, uses written docs.",
        "Aligns several teams through design docs, dashboards or workshops; crisp under "
        "follow-up; makes trade-offs legible to non-experts.",
    ),
    _c(
        "Motivation", FOCUS,
        "Why this work mattered to them and what drives them.",
        "Generic enthusiasm.",
        "Specific reasons tied to the product or the users.",
        "Motivation visible in choices they made beyond the assignment.",
    ),
    _c(
        "Proactivity", FOCUS,
        "Work they started without being asked.",
        "Did what was assigned.",
        "Spotted a problem and fixed it within their scope.",
        "Widened their scope deliberately and brought others along.",
    ),
    _c(
        "Unstructured Environment", FOCUS,
        "Progress without a plan handed to them.",
        "Needed a spec to start.",
        "Created structure (plan, milestones) for their own work.",
        "Created structure a whole team used.",
    ),
    _c(
        "Perseverance", FOCUS,
        "Sticking with a hard problem through failed attempts.",
        "Gave up or escalated at the first obstacle.",
        "Tried several approaches and measured each.",
        "Kept going through setbacks and knew when to change approach rather than push harder.",
    ),
    _c(
        "Conflict Resolution", FOCUS,
        "Disagreements handled constructively.",
        "Avoided or escalated.",
        "Talked it through with data.",
        "Turned the disagreement into a better design and a stronger relationship.",
    ),
    _c(
        "Empathy", FOCUS,
        "Understanding of other people's constraints and feelings.",
        "Others appear only as obstacles.",
        "Acknowledges the other side's reasons.",
        "Acted on the other side's needs (training, interfaces, timelines) as part of the solution.",
    ),
    _c(
        "Growth", FOCUS,
        "Learning, and helping others learn.",
        "Nothing learned.",
        "Personal lesson applied later.",
        "Mentored others; lesson changed team practice.",
    ),
    _c(
        "Communication", FOCUS,
        "Clear, audience-aware communication.",
        "Unclear or one-size-fits-all.",
        "Clear updates and docs.",
        "Communication that changed a decision or aligned many teams.",
    ),
)


def build_vocabulary(config: object | None) -> dict[str, Competency]:
    """Return the competency vocabulary from the optional ``extra.portfolio.competencies`` value.

    ``None`` gives the default. A list of names keeps the default rubric for names it knows and
    a generic one for new names; a mapping may give every rubric field.
    """
    defaults = {c.name: c for c in DEFAULT_COMPETENCIES}
    if config is None:
        return dict(defaults)
    if isinstance(config, list):
        items: dict[str, dict[str, object]] = {str(name): {} for name in config}
    elif isinstance(config, dict):
        items = {str(k): (v or {}) for k, v in config.items()}
    else:
        raise ValueError(
            "extra.portfolio.competencies must be a list of names or a mapping of name -> rubric"
        )
    vocabulary: dict[str, Competency] = {}
    for name, fields in items.items():
        base = defaults.get(name) or Competency(
            name, "Custom", f"Evidence of {name.lower()}.", "Little evidence.",
            "Clear evidence with one example.", "Evidence that changed how others worked.",
        )
        vocabulary[name] = Competency(
            name=name,
            framework=str(fields.get("framework", base.framework)),
            listen_for=str(fields.get("listen_for", base.listen_for)),
            weak=str(fields.get("weak", base.weak)),
            solid=str(fields.get("solid", base.solid)),
            strong=str(fields.get("strong", base.strong)),
        )
    return vocabulary
