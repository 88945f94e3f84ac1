"""Split a story file into front matter and body, and parse the front matter safely.

The split follows MkDocs' own rule (``mkdocs.utils.meta.YAML_RE``), so a file is a story with
front matter here exactly when MkDocs sees one. Parsing uses libyaml (``yaml.CSafeLoader``) and is
bounded whatever the input: the file size is capped, anchors and aliases are refused (an alias
bomb would otherwise expand into gigabytes), nesting depth is capped, and duplicate keys are an
error instead of a silent overwrite. Errors say the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

# MkDocs 1.6, mkdocs/utils/meta.py: the same pattern, so both agree on what is front matter.
YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 12


class FrontMatterError(ValueError):
    """The front matter cannot be read; ``line`` is 1-based in the file, when known."""

    def __init__(self, message: str, fix: str, line: int | None = None):
        super().__init__(message)
        self.fix = fix
        self.line = line


@dataclass(frozen=True)
class SplitFile:
    yaml_text: str | None  # None: the file has no front matter block
    body: str
    body_line: int  # 1-based line of the body's first line in the file


def decode(data: bytes) -> str:
    """The file's text as MkDocs reads it: UTF-8 with an optional BOM, newlines normalised."""
    if len(data) > MAX_FILE_BYTES:
        raise FrontMatterError(
            f"the file is {len(data) // 1024} KB; a story is at most {MAX_FILE_BYTES // 1024} KB",
            "split it, or move long material (logs, data) out of docs/stories/",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FrontMatterError(
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            "save the file as UTF-8 in your editor",
            line,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str) -> SplitFile:
    match = YAML_RE.match(text)
    if not match:
        return SplitFile(None, text, 1)
    body = text[match.end():]
    stripped = body.lstrip("\n")
    body_line = text[: match.end()].count("\n") + 1 + (len(body) - len(stripped))
    return SplitFile(match.group(1), stripped, body_line)


def _line(mark: Any, first_line: int = 1) -> int:
    """The line of ``mark`` in the file, the YAML text starting on the file's ``first_line``."""
    return mark.line + first_line if mark is not None else 0


class _StoryLoader(yaml.CSafeLoader):
    """libyaml's safe loader that refuses duplicate keys."""

    first_line = 1  # line of the YAML text's first line in the file, for messages

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                key = key_node.value
                if key in seen:
                    raise FrontMatterError(
                        f"the key `{key}` appears twice (lines {seen[key]} and "
                        f"{_line(key_node.start_mark, self.first_line)}); YAML would keep only the last one",
                        "keep one of them",
                        _line(key_node.start_mark, self.first_line),
                    )
                seen[key] = _line(key_node.start_mark, self.first_line)
        return super().construct_mapping(node, deep=deep)


def _check_shape(yaml_text: str, first_line: int) -> None:
    """Refuse aliases and deep nesting from the event stream, before anything is built."""
    depth = 0
    for event in yaml.parse(yaml_text, Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise FrontMatterError(
                "YAML anchors and aliases (`&name`, `*name`) are not allowed in a story",
                "write the value out where it is needed",
                _line(event.start_mark, first_line),
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise FrontMatterError(
                    f"the front matter nests deeper than {MAX_DEPTH} levels",
                    "a story needs at most a few levels (metrics -> one metric -> its keys)",
                    _line(event.start_mark, first_line),
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


# Composing nests one C call per level, without a limit: a deep enough document overflows the
# stack. Each collection starts at one of these characters (a key's `:` or `?`, an entry's `-`,
# a flow bracket), so a text with fewer of them than SAFE_NESTING cannot nest deeper than that.
_NESTING_MARKS = "[{-?:"
SAFE_NESTING = 2000


def _needs_event_check(yaml_text: str) -> bool:
    """Whether the text must pass ``_check_shape`` before it is composed: it may hold anchors, or
    nest too deep to compose safely. Other texts are composed at once and their depth is read
    from the tree (the event pass cost a third of the parse)."""
    return "&" in yaml_text or sum(yaml_text.count(mark) for mark in _NESTING_MARKS) >= SAFE_NESTING


def parse(yaml_text: str, first_line: int = 1) -> tuple[dict[str, Any], dict[str, int]]:
    """The front matter as a mapping, and the line of each key path.

    Lines (here and in errors) count from ``first_line``, the line of the YAML text's first line
    in the file (2 in a story: the line after the opening ``---``). Key paths are written as the
    model's error paths are: ``metrics[2].label``.
    """
    checked = _needs_event_check(yaml_text)
    try:
        if checked:
            _check_shape(yaml_text, first_line)
        loader = _StoryLoader(yaml_text)
        loader.first_line = first_line
        try:
            node = loader.get_single_node()
            if not checked and node is not None and _depth(node) > MAX_DEPTH:
                _check_shape(yaml_text, first_line)  # says where, as it does for every text
            data = loader.construct_document(node) if node is not None else None
            # After construction, which folds merge keys (`<<`) into their mapping.
            lines = _key_lines(node, first_line) if node is not None else {}
        finally:
            loader.dispose()
    except FrontMatterError:
        raise
    except yaml.YAMLError as exc:
        if not checked:
            exc = _event_check_error(yaml_text, first_line) or exc
        if isinstance(exc, yaml.MarkedYAMLError):
            mark = exc.problem_mark or exc.context_mark
            reason = exc.problem or exc.context or "invalid YAML"
            raise FrontMatterError(
                f"the front matter is not valid YAML: {reason}",
                "fix the YAML there (quote text that contains ': ' or starts with a special character)",
                _line(mark, first_line) if mark else None,
            ) from None
        raise FrontMatterError(f"the front matter is not valid YAML: {exc}", "fix the YAML") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterError(
            "the front matter must be a mapping of `key: value` lines",
            "write the story fields as `key: value` lines between the `---` lines",
            1,
        )
    return data, lines


def _event_check_error(yaml_text: str, first_line: int) -> yaml.YAMLError | None:
    """What the event pass finds wrong with a text that did not load, so that every text gets
    the same message: an alias or deep nesting is raised as such; a YAML error is returned."""
    try:
        _check_shape(yaml_text, first_line)
    except yaml.YAMLError as exc:
        return exc
    return None


def _depth(root: yaml.Node) -> int:
    """How deep the collections of a composed document nest (the root's is 1): level by level."""
    depth, level = 0, [root]
    while collections := [n for n in level if isinstance(n, (yaml.MappingNode, yaml.SequenceNode))]:
        depth += 1
        level = []
        for node in collections:
            if isinstance(node, yaml.MappingNode):
                for pair in node.value:
                    level.extend(pair)
            else:
                level.extend(node.value)
    return depth


def _key_lines(root: yaml.Node, first_line: int) -> dict[str, int]:
    lines: dict[str, int] = {}
    stack: list[tuple[str, yaml.Node]] = [("", root)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = f"{path}.{key_node.value}" if path else str(key_node.value)
                lines[key] = _line(key_node.start_mark, first_line)
                stack.append((key, value_node))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                key = f"{path}[{i}]"
                lines[key] = _line(item.start_mark, first_line)
                stack.append((key, item))
    return lines
