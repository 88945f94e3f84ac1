"""What stories say about each other: related stories, follow-up backings, quoted metrics.

Every link must point at a story, section or diagram that exists. In a public or interviewer
build a public story must not point at a private one (its title and numbers would leak).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import Problem, suggest
from .loader import Story, StoryIndex


def check_links(
    index: StoryIndex, diagram_names: Iterable[str] | None = None,
    unreadable: Iterable[str] = (), *, private_excluded: bool = False,
) -> list[Problem]:
    """Problems with the links between stories.

    Links to ``unreadable`` stories (files that failed to load) are skipped: the file's own
    error already says what is wrong. With ``private_excluded`` (public and interviewer builds)
    a link from a shown story to a private one is an error naming both files.
    """
    skipped = set(unreadable)
    problems: list[Problem] = []
    diagrams = set(diagram_names) if diagram_names is not None else None
    for story in index.stories.values():
        if private_excluded and not story.public:
            continue

        def link(where: str, slug: str, story: Story = story) -> None:
            if slug in skipped:
                return
            other = index.stories.get(slug)
            if other is None:
                problems.append(_unknown_story(story, where, slug, index))
            elif private_excluded and not other.public:
                problems.append(Problem(
                    story.file, where,
                    f"links to the private story {other.file}; in a public or interviewer build "
                    "its title, sections and numbers would leak into this page",
                    f"remove the link from {story.file}, or make {other.file} `visibility: public`",
                    line=story.line_of(where),
                ))

        for i, slug in enumerate(story.meta.related):
            link(f"related[{i}]", slug)
        for slug in dict.fromkeys(story.scan.metric_stories):
            link(f"body: metric('{slug}:...')", slug)
        seen_ids: set[str] = set()
        for i, follow_up in enumerate(story.meta.follow_ups):
            fid = story.follow_up_id(follow_up)
            if fid in seen_ids:
                problems.append(Problem(
                    story.file, f"follow_ups[{i}]", f"two follow-ups share the id {fid!r}",
                    "give one of them an explicit `id:`", line=story.line_of(f"follow_ups[{i}]"),
                ))
            seen_ids.add(fid)
            for j, target in enumerate(follow_up.backed_by):
                where = f"follow_ups[{i}].backed_by[{j}]"
                if target.startswith("diagram:"):
                    name = target.removeprefix("diagram:")
                    if diagrams is not None and name not in diagrams:
                        problems.append(Problem(
                            story.file, where, f"no diagram named {name!r}",
                            f"{suggest(name, sorted(diagrams), known=False)} the diagrams are the "
                            f"scripts in diagrams/: {', '.join(sorted(diagrams)) or '(none)'}".strip(),
                            line=story.line_of(where),
                        ))
                    continue
                slug, _, anchor = target.partition("#")
                if slug:
                    link(where, slug)
                other = index.stories.get(slug) if slug else story
                if other is None or not anchor or anchor in other.anchors:
                    continue
                problems.append(Problem(
                    story.file, where, f"story {other.slug!r} has no section with the anchor {anchor!r}",
                    f"{suggest(anchor, sorted(other.anchors), known=False)} its sections: "
                    f"{', '.join('#' + a for a in sorted(other.anchors))}".strip(),
                    line=story.line_of(where),
                ))
    return problems


def _unknown_story(story: Story, where: str, slug: str, index: StoryIndex) -> Problem:
    return Problem(
        story.file, where, f"no story has the slug {slug!r}",
        f"{suggest(slug, list(index.stories), known=False)} known stories: "
        f"{', '.join(index.stories)}".strip(),
        line=story.line_of(where),
    )
