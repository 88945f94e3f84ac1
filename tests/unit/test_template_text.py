"""rendering/template_text.py: Jinja sees a page's tags only, and the page comes out the same."""

from __future__ import annotations

import random

import jinja2
import pytest
from interview_portfolio.rendering.template_text import MIN_RUN, PlainText, plain_call

LONG = "Plain Markdown, long enough to be set aside: " + "words and more words " * 5
assert len(LONG.strip()) >= MIN_RUN

# Delimiters as mkdocs.yml sets them (comments are {## ##}), Jinja's own, and Jinja's own with
# the whitespace options on.
ENVIRONMENTS = {
    "site": dict(comment_start_string="{##", comment_end_string="##}"),
    "jinja": {},
    "trimmed": dict(trim_blocks=True, lstrip_blocks=True),
}


def calls() -> tuple[list[tuple], dict]:
    made: list[tuple] = []

    def f(*args, **kwargs):
        made.append(("f", args, kwargs))
        return f"<f {args} {sorted(kwargs.items())}>"

    def g(*args, **kwargs):
        made.append(("g", args, kwargs))
        return "g{{ not evaluated }}\n  indented"

    return made, {"f": f, "g": g, "n": 7}


def render_whole(env: jinja2.Environment, page: str):
    made, names = calls()
    try:
        return env.from_string(page).render(**names), made
    except Exception as exc:
        return (type(exc).__name__, getattr(exc, "lineno", None)), made


def render_set_aside(env: jinja2.Environment, page: str, direct: bool):
    made, names = calls()
    text = PlainText()
    options = dict(call=lambda name, args, kwargs: names[name](*args, **kwargs), callable_names={"f", "g"}) if direct else {}
    template = text.set_aside(page, env, **options)
    try:
        return text.put_back(env.from_string(template).render(**names)), made
    except Exception as exc:
        return (type(exc).__name__, getattr(exc, "lineno", None)), made


PIECES = [
    LONG, LONG + "\n\n" + LONG, "\n", "\n\n  ", "  ", "x", "{", "}", "}}", "{#", "#}", "%}",
    "{{ f('a') }}", "{{ f(\"b\", 2, key='v') }}", "{{f()}}", "{{ g() }}", "{{ f(1, True, none) }}",
    "{{- f('trim') -}}", "{{ '}}' }}", "{{ {'k': 'v'}}}", "{{ [1, {'a': (2)}]}}", "{{ {'a': '}}'}['a'] }}",
    "{{ n }}", "{{ n + 1 }}", "{{ f('x') | upper }}",
    "{{ f('a', x=1, x=2) }}", "{{ f(x=1, 2) }}", "{{ f('a',) }}", "{{ f('\\n') }}",
    "{## a comment ##}", "{##- trimmed -##}", "{# a Jinja comment #}",
    "{% raw %}{{ n }} kept{% endraw %}", "{%- raw -%}  {{ n }}  {%- endraw -%}", "{% raw %}\n{{ x }}\n{% endraw %}\n",
    "{% if n %}shown {{ f('if') }}{% endif %}", "{{ unclosed", "{{ f('a' }}", "{{ ) }}", "{% raw %}never closed",
    "{## never closed",
]


@pytest.mark.parametrize("env_name", ENVIRONMENTS)
@pytest.mark.parametrize("direct", [False, True])
def test_random_pages_render_the_same_whole_or_set_aside(env_name, direct):
    env = jinja2.Environment(**ENVIRONMENTS[env_name])
    chosen = random.Random(f"{env_name}{direct}")
    for _ in range(600):
        page = "".join(chosen.choice(PIECES) for _ in range(chosen.randint(1, 9)))
        whole, whole_calls = render_whole(env, page)
        aside, aside_calls = render_set_aside(env, page, direct)
        assert aside == whole, page
        if not isinstance(whole, tuple):  # on an error Jinja made no call; the direct path may have made some
            assert aside_calls == whole_calls, page


def test_a_story_page_reaches_jinja_as_its_tags():
    env = jinja2.Environment(**ENVIRONMENTS["site"])
    page = f"# Title\n\n{{{{ f('header') }}}}\n\n{LONG}\n\n{{## note ##}}\n{LONG}\n"
    text = PlainText()
    template = text.set_aside(page, env)
    assert LONG not in template and "{{ f('header') }}" in template and "{## note ##}" in template
    assert template.count("\n") == page.count("\n")  # Jinja's line numbers do not move
    made, names = calls()
    direct = PlainText().set_aside(page, env, call=lambda name, a, k: names[name](*a, **k), callable_names={"f"})
    assert "{{" not in direct and made == [("f", ("header",), {})]


def test_a_page_with_a_block_tag_goes_to_jinja_whole():
    env = jinja2.Environment()
    page = f"{LONG}\n{{% for i in [1, 2] %}}{LONG}{{% endfor %}}"
    assert PlainText().set_aside(page, env) == page


def test_a_call_that_raises_is_left_to_jinja():
    env = jinja2.Environment()

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    page = f"{LONG}\n{{{{ f('a') }}}}"
    template = PlainText().set_aside(page, env, call=broken, callable_names={"f"})
    assert "{{ f('a') }}" in template and LONG not in template


def test_tokens_of_another_build_are_not_put_back():
    env = jinja2.Environment()
    ours, theirs = PlainText(), PlainText()
    forged = theirs.set_aside(LONG, env)
    assert forged != LONG and ours.put_back(forged) == forged


@pytest.mark.parametrize("tag, call", [
    ("{{ story_header() }}", ("story_header", [], {})),
    ("{{ metric('uptime') }}", ("metric", ["uptime"], {})),
    ('{{ diagram("bsp", caption="A: b, c (d)") }}', ("diagram", ["bsp"], {"caption": "A: b, c (d)"})),
    ("{{ cue_cards(links=true) }}", ("cue_cards", [], {"links": True})),
    ("{{\n  f(-3, None)\n}}", ("f", [-3, None], {})),
])
def test_plain_calls_are_read(tag, call):
    assert plain_call(tag) == call


@pytest.mark.parametrize("tag", [
    "{{ f(x) }}", "{{ f('a\\n') }}", "{{ f('a') }}{{ g() }}", "{{ f('a') | upper }}", "{{ f(1.5) }}",
    "{{ f('a',) }}", "{{ f(k=1, 2) }}", "{{ f(k=1, k=2) }}", "{{- f() }}", "{{ obj.f() }}", "{{ f }}",
])
def test_other_tags_are_left_to_jinja(tag):
    assert plain_call(tag) is None
