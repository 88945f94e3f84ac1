"""The mock interviewer's scorecard, as HTML: fields to fill in at the top of the packet, and per
story a score from 1 to 4 for each competency it claims, with ruled room for the evidence heard.

On screen the scores are radio buttons (one per competency row, nothing is stored or sent); on
paper they print as empty boxes to tick, and the notes as ruled lines (``scorecard.css``). Every
piece of story text is escaped. Pure module: no MkDocs import.
"""

from __future__ import annotations

from ..stories.loader import Story
from .escaping import attr, cell

# The score scale; its words match the rubric's columns (weak, solid, strong).
SCALE = ((1, "weak"), (2, "mixed"), (3, "solid"), (4, "strong"))
FIELDS = ("Candidate", "Date", "Interviewer", "Role and level")
EVIDENCE_LINES = 2  # ruled lines per competency
NOTE_LINES = 4  # ruled lines for the story's overall notes
OVERALL = "Overall for this story"


def ruled(lines: int, label: str) -> str:
    """Empty ruled lines to write on; ``label`` names them for screen readers."""
    rules = '<div class="pf-rule"></div>' * lines
    return f'<div class="pf-ruled" role="group" aria-label="{attr(label)}">{rules}</div>'


def fields() -> str:
    """The fields at the top of the packet: candidate, date, interviewer, role."""
    items = "".join(
        f'<div class="pf-field"><span class="pf-field-label">{label}</span>'
        f'<span class="pf-field-line"></span></div>'
        for label in FIELDS
    )
    return f'<div class="pf-fields" role="group" aria-label="Interview details">{items}</div>\n'


def _boxes(group: str, what: str) -> str:
    boxes = "".join(
        f'<label class="pf-score" title="{number} {word}">'
        f'<input type="radio" name="{attr(group)}" aria-label="{attr(what)}: {number} ({word})">'
        f"<span>{number}</span></label>"
        for number, word in SCALE
    )
    return f'<span class="pf-scores">{boxes}</span>'


def story_scorecard(story: Story) -> str:
    """One story's scorecard: a row per competency (score boxes, ruled evidence), then notes."""
    scale = " · ".join(f"{number} {word}" for number, word in SCALE)
    rows = []
    names = [*story.meta.competencies, OVERALL]
    for i, name in enumerate(names):
        row_class = ' class="pf-score-overall"' if name == OVERALL else ""
        rows.append(
            f'<tr{row_class}><th scope="row">{cell(name)}</th>'
            f"<td>{_boxes(f'score-{story.slug}-{i}', name)}</td>"
            f"<td>{ruled(EVIDENCE_LINES, f'Evidence heard: {name}')}</td></tr>"
        )
    return (
        f'<div class="pf-scorecard" id="scorecard-{attr(story.slug)}">'
        f'<p class="pf-scorecard-scale">Score each competency: {scale}.</p>'
        f'<table class="pf-scorecard-table"><thead><tr><th scope="col">Competency</th>'
        f'<th scope="col">Score</th>'
        f'<th scope="col">Evidence heard</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
        f'<p class="pf-scorecard-notes">Notes</p>{ruled(NOTE_LINES, "Notes")}'
        "</div>\n"
    )
