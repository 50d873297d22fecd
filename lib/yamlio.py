"""Strict, safe YAML reading for case files.

Built on PyYAML's C loader (fast) with four refusals on top of the safe loader:
dates stay strings, duplicate keys, aliases (and anchors), and any tag the safe
loader does not know (e.g. !!python/object). Errors come back as Issue records
with a line number, never as exceptions.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from lib.issues import Issue, issue

MAX_BYTES = 2_000_000  # a real case file is well under 200 kB
MAX_DEPTH = 40
SHARED_LEN = 24  # strings up to this length are interned (see StrictLoader.construct_scalar)

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Refused(yaml.constructor.ConstructorError):
    """A node the strict loader refuses, with its catalogue code and values (lib/problems.py)."""

    def __init__(self, code: str, node: yaml.Node, **values):
        self.code, self.values = code, values
        super().__init__(None, None, issue(code, "", 0, **values).message, node.start_mark)


class StrictLoader(_Base):
    """Safe loader that keeps dates as strings and refuses duplicate keys and aliases."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node, deep=False):
        keys = [k.value if isinstance(k, yaml.ScalarNode) else None for k, _ in node.value]
        if None in keys or len(set(keys)) < len(keys):  # the slow walk only to say where the bad key is
            seen: dict[str, int] = {}
            for key_node, _ in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise Refused("key-not-plain", key_node)
                if key_node.value in seen:
                    raise Refused("duplicate-key", key_node, key=key_node.value, first=seen[key_node.value])
                seen[key_node.value] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node, deep=False):
        """A scalar Python refuses to build (an integer of more than 4,300 digits, an impossible !!timestamp, an
        empty !!int) is a marked YAML error with the scalar's line, not a ValueError that escapes the parser."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError, IndexError) as exc:  # IndexError: an empty !!int
            if "integer string conversion" in str(exc):  # Python's limit on int() says so only in its text
                raise Refused("number-too-long", node, length=len(node.value)) from None
            raise Refused("value", node, detail=str(exc)) from None

    def construct_scalar(self, node):
        """Short strings (keys, codes, source refs) are interned: one object each instead of one per
        occurrence, a third less memory for 514 parsed files."""
        value = super().construct_scalar(node)
        return sys.intern(value) if len(value) <= SHARED_LEN else value


def _alias_or_anchor(text: str) -> Issue | None:
    """The first alias or anchor, found on the event stream (linear: an alias bomb is never expanded)."""
    if "&" not in text and "*" not in text:
        return None
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            return issue("alias", "", event.start_mark.line + 1)
        if getattr(event, "anchor", None):
            return issue("anchor", "", event.start_mark.line + 1)
    return None


def _depth(node, limit: int = MAX_DEPTH) -> int:
    """Nesting depth of a composed node tree (a scalar leaf counts as a level), iteratively (no recursion
    limit); only collections are walked, the scalars (four nodes in five) are counted with their parent."""
    deepest, stack = 1, [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, yaml.MappingNode):
            children = [v for _, v in current.value]
        elif isinstance(current, yaml.SequenceNode):
            children = current.value
        else:
            continue
        if children:
            deepest = max(deepest, depth + 1)
            if deepest > limit:
                return deepest
            stack.extend((c, depth + 1) for c in children if not isinstance(c, yaml.ScalarNode))
    return deepest


def read_text(path: Path, shown: str) -> tuple[str | None, list[Issue]]:
    """The file's text, or the reason it cannot be read."""
    def fail(code: str, line: int = 0, **values):
        return None, [issue(code, shown, line, **values)]
    if path.is_dir() or (path.exists() and not path.is_file()):  # a pipe or a device would block or never end
        return fail("not-a-file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return fail("too-large", size=size, limit=MAX_BYTES)
        raw = path.read_bytes()
    except OSError as exc:
        return fail("unreadable", reason=exc.strerror or str(exc))
    return decode(raw, shown)


def too_large(size: int, shown: str, limit: int) -> list[Issue]:
    """The size check of every text that comes in (a file, an upload, a pasted draft): [] or the one problem."""
    return [issue("too-large", shown, 1, size=size, limit=limit)] if size > limit else []


def decode(raw: bytes, shown: str, limit: int = MAX_BYTES) -> tuple[str | None, list[Issue]]:
    """Bytes (a file read, an upload) as text, or why not: larger than `limit`, or not UTF-8."""
    problems = too_large(len(raw), shown, limit)
    if problems:
        return None, problems
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [issue("encoding", shown, line, byte=exc.start)]


def parse(text: str, shown: str) -> tuple[Any, list[Issue]]:
    """Parse one YAML document strictly; (data, []) or (None, [issue])."""
    def fail(code: str, line: int, **values):
        return None, [issue(code, shown, line, **values)]
    try:
        found = _alias_or_anchor(text)
        if found:
            return fail(found.code, found.line)
        loader = StrictLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return fail("empty", 1)
            if _depth(node) > MAX_DEPTH:
                return fail("too-deep", node.start_mark.line + 1, limit=MAX_DEPTH)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
        return data, []
    except Refused as exc:
        return fail(exc.code, exc.problem_mark.line + 1, **exc.values)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, problem = mark.line + 1 if mark else 0, exc.problem or str(exc)
        if "could not determine a constructor" in problem and "tag " in problem:  # PyYAML says so only in text
            return fail("tag", line, tag=problem.split("tag ")[-1])
        return fail("yaml", line, detail=problem)
    except yaml.YAMLError as exc:
        return fail("yaml", 0, detail=str(exc).splitlines()[0])
    except RecursionError:
        return fail("too-deep", 0, limit=MAX_DEPTH)


def load(path: Path, shown: str | None = None) -> tuple[Any, list[Issue]]:
    """Read and parse one file."""
    shown = shown or str(path)
    text, issues = read_text(Path(path), shown)
    if text is None:
        return None, issues
    return parse(text, shown)


class LineIndex:
    """The line of every node of one YAML text, by JSON path (keys and indexes).

    The text is composed once, on the first question, and only a file with problems asks: a file with
    thousands of problems costs one pass over it, not one per problem (that was quadratic; docs/performance.md
    has the figures)."""

    def __init__(self, text: str):
        self._text = text
        self._lines: dict[tuple, int] | None = None

    def line(self, json_path) -> int:
        """1-based line of the node at json_path, or of its nearest ancestor (0 if the text has no node)."""
        if self._lines is None:
            self._lines = self._build()
        path = tuple(json_path)
        while path not in self._lines:
            path = path[:-1]
        return self._lines[path]

    def _build(self) -> dict[tuple, int]:
        node = yaml.compose(self._text, Loader=_Base)
        lines: dict[tuple, int] = {(): node.start_mark.line + 1 if node is not None else 0}
        stack = [((), node)]
        while stack:
            path, node = stack.pop()
            if isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    step = (*path, key.value)
                    if step not in lines:  # the first of duplicate keys, as before
                        lines[step] = key.start_mark.line + 1
                        stack.append((step, value))
            elif isinstance(node, yaml.SequenceNode):
                for i, value in enumerate(node.value):
                    lines[(*path, i)] = value.start_mark.line + 1
                    stack.append(((*path, i), value))
        return lines
