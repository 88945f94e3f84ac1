"""Keep a page's plain text out of Jinja: only its tags are lexed, parsed and compiled.

mkdocs-macros gives Jinja each page whole. Jinja's lexer finds a tag by trying every opening
delimiter at every character of the text before it, and its compiler writes every run of text
into the generated Python. A story page is mostly plain Markdown with a few ``{{ macro() }}``
calls, so that text was most of mkdocs-macros' work on the page (about 5 ms a story page).

``PlainText.set_aside`` finds the page's tags with a scanner of its own (below), and swaps each
run of text between them for a pair of tokens of letters and digits; ``put_back`` swaps the
rendered tokens back. Jinja renders the same tags in the same places, so the page comes out
the same:

- Only pages whose tags are expressions (``{{ }}``), comments and ``{% raw %}`` blocks are
  changed. A page with any other block tag (``if``, ``for``, ``set``, ``macro``, ``filter``, ...)
  goes to Jinja whole, since those tags may repeat, drop or transform the text inside them.
- The white space at either end of a run stays in place, so whitespace control (``-``, ``+``,
  ``trim_blocks``, ``lstrip_blocks``) finds what it would have found. Between its two tokens a
  run keeps its newlines, so Jinja's line numbers (in errors) do not move.
- The scanner follows Jinja's lexer (``jinja2/lexer.py``): delimiters from the environment,
  tried in the lexer's order; a tag ends at its closing delimiter outside strings and brackets.
  Anything it cannot follow (an unclosed tag, a stray bracket, line statements) leaves the page
  whole, and Jinja reports the error as it always did.
- The tokens hold a random number of the build, so a story cannot forge one.

Most story pages go one step further: when every expression tag is a plain call of a macro
(``plain_call``: a known name, literal arguments), ``set_aside`` makes the calls itself, in the
page's order, and sets their results aside like text. Parsing and compiling even the tags alone
cost Jinja about 2 ms a page. Raw blocks (code, which ``protect_code`` wraps in them) and comments
without whitespace control are then set aside too, as their text and as nothing, unless
``trim_blocks`` or ``lstrip_blocks`` is on. What is left is a page of tokens with no tag, which
mkdocs-macros is told not to compile (``macro_table.without_jinja``). Anything but a plain call
is Jinja's as before.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Container
from functools import lru_cache
from typing import Any

import jinja2
from jinja2.lexer import string_re as _JINJA_STRING

MIN_RUN = 80  # shorter runs cost Jinja less than their tokens
_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = set(_OPENING.values())


class _Delimiters:
    """The patterns that find a page's tags, for one set of delimiters."""

    def __init__(self, block_start_string: str, block_end_string: str, variable_start_string: str,
                 variable_end_string: str, comment_start_string: str, comment_end_string: str,
                 trim_blocks: bool) -> None:
        e = re.escape
        block_start, block_end = e(block_start_string), e(block_end_string)
        block_suffix = "\\n?" if trim_blocks else ""
        # Jinja's root rule: raw first, then the openings longest first (lexer.compile_rules).
        openings = sorted(
            [
                (len(comment_start_string), "comment", e(comment_start_string)),
                (len(block_start_string), "block", block_start),
                (len(variable_start_string), "variable", e(variable_start_string)),
            ],
            reverse=True,
        )
        self.opening = re.compile(
            "|".join([rf"(?P<raw>{block_start}(\-|\+|)\s*raw\s*(?:\-{block_end}\s*|{block_end}))"]
                     + [f"(?P<{name}>{pattern})" for _, name, pattern in openings]),
            re.M | re.S,
        )
        self.end_raw = re.compile(
            rf"{block_start}(\-|\+|)\s*endraw\s*(?:\+{block_end}|\-{block_end}\s*|{block_end}{block_suffix})",
            re.M | re.S,
        )
        self.comment_end = comment_end_string
        self.variable_end = variable_end_string
        # Tags with no whitespace control, whose output is fixed: a raw block's text, a comment's nothing.
        self.plain_raw = re.compile(rf"{block_start}\s*raw\s*{block_end}(?P<inner>.*?){block_start}\s*endraw\s*{block_end}\Z",
                                    re.S)
        self.plain_comment = re.compile(rf"{e(comment_start_string)}(?![-+]).*?(?<![-+]){e(comment_end_string)}\Z", re.S)
        # In a tag: its closing delimiter, a quote, or a bracket.
        self.in_variable = re.compile(rf"""{e(variable_end_string)}|['"()\[\]{{}}]""")


@lru_cache(maxsize=8)
def _delimiters(*key) -> _Delimiters:
    return _Delimiters(*key)


def _key(env: jinja2.Environment) -> tuple | None:
    """What the scanner needs of ``env``; None when it cannot follow it (line statements)."""
    if env.line_statement_prefix is not None or env.line_comment_prefix is not None:
        return None
    return (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
            env.comment_start_string, env.comment_end_string, env.trim_blocks)


def _tag_end(text: str, pos: int, inside: re.Pattern[str], end: str) -> int | None:
    """Where a tag whose body starts at ``pos`` ends (after its closing delimiter), as Jinja's
    lexer sees it: the delimiter counts only outside strings and brackets. None: it does not
    close cleanly (Jinja will say why)."""
    brackets: list[str] = []
    while (found := inside.search(text, pos)) is not None:
        char = text[found.start()]
        if found.group() == end and not brackets:
            return found.end()
        if char in "'\"":
            string = _JINJA_STRING.match(text, found.start())
            if string is None:
                return None
            pos = string.end()
            continue
        if char in _OPENING:
            brackets.append(_OPENING[char])
        elif char in _CLOSING and (not brackets or brackets.pop() != char):
            return None
        pos = found.start() + 1
    return None


def _tags(text: str, marks: _Delimiters) -> list[tuple[int, int, str]] | None:
    """The spans and kinds of the page's tags, in order; None if the page must go to Jinja whole."""
    spans: list[tuple[int, int, str]] = []
    pos = 0
    while (found := marks.opening.search(text, pos)) is not None:
        kind = found.lastgroup or ""
        if kind == "raw":
            end = marks.end_raw.search(text, found.end())
            if end is None:
                return None
            stop = end.end()
        elif kind == "comment":
            close = text.find(marks.comment_end, found.end())
            if close < 0:
                return None
            stop = close + len(marks.comment_end)
        elif kind == "block":
            return None  # if, for, set, macro, filter...: Jinja sees the whole page
        else:
            tag_end = _tag_end(text, found.end(), marks.in_variable, marks.variable_end)
            if tag_end is None:
                return None
            stop = tag_end
        spans.append((found.start(), stop, kind))
        pos = stop
    return spans


# A call whose meaning is plain: `{{ name(literal, ..., key=literal) }}`, nothing else in the
# tag. Literals are strings without a backslash (Jinja reads those as written), whole numbers,
# and Jinja's True/False/None in either case.
_PLAIN_CALL = re.compile(r"\{\{[ \t\n]*(?P<name>[A-Za-z_][A-Za-z0-9_]*)[ \t\n]*\((?P<args>.*)\)[ \t\n]*\}\}\Z", re.S)
_ARGUMENT = re.compile(
    r"""[ \t\n]*(?:(?P<key>[A-Za-z_][A-Za-z0-9_]*)[ \t\n]*=[ \t\n]*)?"""
    r"""(?:'(?P<single>[^'\\]*)'|"(?P<double>[^"\\]*)"|(?P<number>-?[0-9]+)(?![0-9._eE])|(?P<word>True|False|None|true|false|none)\b)"""
    r"""[ \t\n]*(?P<end>,|\Z)""",
    re.S,
)
_WORDS = {"true": True, "false": False, "none": None}


def plain_call(tag: str) -> tuple[str, list[Any], dict[str, Any]] | None:
    """The name and arguments of a tag that only calls a name with literal arguments; None for
    any other tag (Jinja renders it)."""
    found = _PLAIN_CALL.match(tag)
    if found is None:
        return None
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    text, pos = found.group("args"), 0
    if not text.strip():
        return found.group("name"), args, kwargs
    while pos < len(text):
        argument = _ARGUMENT.match(text, pos)
        if argument is None or (argument.group("end") == "," and argument.end() == len(text)):
            return None
        if argument.group("number") is not None:
            value: Any = int(argument.group("number"))
        elif argument.group("word") is not None:
            value = _WORDS[argument.group("word").lower()]
        else:
            value = argument.group("single") if argument.group("single") is not None else argument.group("double")
        key = argument.group("key")
        if key is None:
            if kwargs:
                return None  # Jinja refuses a positional argument after a keyword one
            args.append(value)
        elif key in kwargs:
            return None
        else:
            kwargs[key] = value
        pos = argument.end()
    return found.group("name"), args, kwargs


Call = Callable[[str, list[Any], dict[str, Any]], str]


class PlainText:
    """One build's runs of plain text, set aside while Jinja renders their pages."""

    def __init__(self) -> None:
        self._prefix = f"pftext{secrets.token_hex(8)}n"
        self._runs: dict[int, str] = {}
        self._count = 0
        self._back = re.compile(rf"{self._prefix}(\d+)b\n*{self._prefix}\1e")

    def set_aside(self, text: str, env: jinja2.Environment, *, call: Call | None = None,
                  callable_names: Container[str] = ()) -> str:
        """The page as Jinja needs to see it: its tags, and a pair of tokens for each long run of
        text between them. The page itself when it cannot be done exactly.

        When every expression tag of the page is a plain call (``plain_call``) of one of
        ``callable_names``, ``call`` makes each call, in the page's order, and its result is set
        aside like text: Jinja then has nothing left to evaluate. An exception from ``call``
        leaves the calls to Jinja.
        """
        key = _key(env)
        if key is None or "\r" in text:
            return text
        marks = _delimiters(*key)
        spans = _tags(text, marks)
        if spans is None:
            return text
        results = self._call_all(text, spans, call, callable_names) if call is not None else None
        # With every call made, a raw block or comment without whitespace control is set aside
        # too (as its text, or as nothing): the page is then left with no tag at all.
        fixed = results is not None and not env.lstrip_blocks and not env.trim_blocks
        out: list[str] = []
        pos = 0
        for number, (start, stop, kind) in enumerate([*spans, (len(text), len(text), "")]):
            out.append(self._run(text[pos:start]))
            output = None
            if results is not None and kind == "variable":
                output = results[number]
            elif fixed and kind == "raw" and (raw := marks.plain_raw.match(text, start, stop)):
                output = raw.group("inner")
            elif fixed and kind == "comment" and marks.plain_comment.match(text, start, stop):
                output = ""
            out.append(text[start:stop] if output is None else self._keep(output, text.count("\n", start, stop)))
            pos = stop
        return "".join(out)

    def _call_all(self, text: str, spans: list[tuple[int, int, str]], call: Call,
                  callable_names: Container[str]) -> dict[int, str] | None:
        calls = {}
        for number, (start, stop, kind) in enumerate(spans):
            if kind != "variable":
                continue
            found = plain_call(text[start:stop])
            if found is None or found[0] not in callable_names:
                return None
            calls[number] = found
        results = {}
        for number, (name, args, kwargs) in calls.items():
            try:
                results[number] = str(call(name, args, kwargs))
            except Exception:  # any error: Jinja makes the calls again and reports it its own way
                return None
        return results

    def _keep(self, core: str, newlines: int = 0) -> str:
        number = self._count
        self._count += 1
        self._runs[number] = core
        return f"{self._prefix}{number}b{chr(10) * newlines}{self._prefix}{number}e"

    def _run(self, run: str) -> str:
        core = run.strip()
        if len(core) < MIN_RUN:
            return run
        lead = run[: len(run) - len(run.lstrip())]
        trail = run[len(lead) + len(core):]
        return f"{lead}{self._keep(core, core.count(chr(10)))}{trail}"

    def put_back(self, rendered: str) -> str:
        """The rendered page with each run of text back in place of its tokens."""
        if self._prefix not in rendered:
            return rendered
        return self._back.sub(lambda m: self._runs.pop(int(m.group(1)), ""), rendered)
