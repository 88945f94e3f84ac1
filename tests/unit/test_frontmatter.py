"""Front matter: MkDocs' own split, and YAML parsing that is bounded whatever the input."""

from __future__ import annotations

import pytest
from interview_portfolio.stories import frontmatter
from interview_portfolio.stories.frontmatter import FrontMatterError


def test_split_follows_mkdocs_rule():
    assert frontmatter.split("---\na: 1\n...\nbody\n").yaml_text == "a: 1\n"
    # MkDocs needs a newline after the closing line: without one there is no front matter.
    assert frontmatter.split("---\na: 1\n---").yaml_text is None
    assert frontmatter.split(" ---\na: 1\n---\n").yaml_text is None


def test_decode_strips_a_bom_and_normalises_newlines():
    assert frontmatter.decode("\ufeff---\r\na: 1\r\n".encode()) == "---\na: 1\n"


def test_decode_names_the_line_of_bad_bytes():
    with pytest.raises(FrontMatterError, match="not valid UTF-8") as err:
        frontmatter.decode(b"---\ntitle: ok\nbad: \xff\n")
    assert err.value.line == 3


def test_size_is_capped():
    with pytest.raises(FrontMatterError, match="at most"):
        frontmatter.decode(b"x" * (frontmatter.MAX_FILE_BYTES + 1))


def test_aliases_are_refused():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    with pytest.raises(FrontMatterError, match="anchors and aliases") as err:
        frontmatter.parse(bomb)
    assert err.value.line == 1


def test_nesting_is_capped():
    with pytest.raises(FrontMatterError, match="nests deeper"):
        frontmatter.parse("a: " + "[" * 200 + "]" * 200 + "\n")


@pytest.mark.parametrize("text, line", [
    ("a:\n" + "".join("  " * depth + "- \n" for depth in range(1, 15)), 13),  # block style
    ("top: 1\nb: " + "[" * 13 + "]" * 13 + "\n", 2),  # flow style, under the event-check threshold
    ("b: " + "[" * 3000 + "]" * 3000 + "\n", 1),  # over it: refused before composing
])
def test_too_deep_nesting_is_refused_with_its_line_either_way(text, line):
    with pytest.raises(FrontMatterError, match="nests deeper than 12") as err:
        frontmatter.parse(text)
    assert err.value.line == line


def test_only_texts_that_may_hold_anchors_or_deep_nesting_get_the_event_pass(monkeypatch):
    passes = []
    real = frontmatter._check_shape
    monkeypatch.setattr(frontmatter, "_check_shape", lambda *a: passes.append(a) or real(*a))
    frontmatter.parse("title: 'R&D, a *bold* claim'\nmetrics:\n  - id: a\n    label: '[TODO: x]'\n")
    assert len(passes) == 1  # `&`: anchors are possible
    frontmatter.parse("title: plain *bold*\nmetrics:\n  - id: a\n    label: '[TODO: x]'\n")
    assert len(passes) == 1  # composed at once
    with pytest.raises(FrontMatterError, match="anchors and aliases"):
        frontmatter.parse("a: *undefined\n")  # composing failed: the event pass names the alias
    assert len(passes) == 2


def test_duplicate_keys_are_errors_with_both_lines():
    with pytest.raises(FrontMatterError, match=r"`title` appears twice \(lines 1 and 3\)") as err:
        frontmatter.parse("title: a\nkind: star\ntitle: b\n")
    assert err.value.line == 3


def test_syntax_errors_carry_the_line():
    with pytest.raises(FrontMatterError, match="not valid YAML") as err:
        frontmatter.parse("title: ok\nrole: [unclosed\n")
    assert err.value.line == 3


def test_key_lines_follow_nested_paths():
    data, lines = frontmatter.parse("title: T\nmetrics:\n  - id: a\n    label: L\n")
    assert data["metrics"][0]["label"] == "L"
    assert lines == {"title": 1, "metrics": 2, "metrics[0]": 3, "metrics[0].id": 3, "metrics[0].label": 4}


def test_not_a_mapping():
    with pytest.raises(FrontMatterError, match="must be a mapping"):
        frontmatter.parse("- a\n- b\n")


def _outcome(text: str):
    try:
        data, lines = frontmatter.parse(text, 2)
        return "ok", repr(data), lines
    except FrontMatterError as exc:
        return "error", str(exc), exc.fix, exc.line


def test_composing_at_once_and_the_event_pass_agree_on_every_text(monkeypatch):
    """Texts without `&` skip the event pass; mutated texts check that nothing else changes."""
    import random

    seeds = [
        "title: T\nmetrics:\n  - id: a\n    label: L\n    value: 3\n", "a: [x, {b: c}]\n", "a: *x\n",
        "<<: {a: 1}\nb: 2\n", "a: 1\na: 2\n", "[" * 12 + "]" * 12 + "\n", "? [a]\n: 1\n", "a: 2020-01-01\n",
        "a:\n" + "".join("  " * depth + "- \n" for depth in range(1, 14)),
    ]
    chosen, mutations = random.Random(7), "[]{}-?:*!|>'\"\n #,<"
    texts = list(seeds)
    for _ in range(1500):
        text = list(chosen.choice(seeds))
        for _ in range(chosen.randint(1, 4)):
            text.insert(chosen.randrange(len(text) + 1), chosen.choice(mutations))
        texts.append("".join(text))
    direct = [_outcome(text) for text in texts]
    monkeypatch.setattr(frontmatter, "_needs_event_check", lambda text: True)
    assert [_outcome(text) for text in texts] == direct
