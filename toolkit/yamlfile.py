"""Read one YAML file into plain data, remembering where every key and value was written.

We compose the YAML into nodes with PyYAML's safe loader and build the data ourselves, because
PyYAML's own construction silently keeps the last of two duplicate keys, turns ``no`` into False
and ``1:30`` into 90, and would let an alias bomb or deep nesting exhaust memory or the stack.
Here every plain scalar stays the text the author wrote (the schema decides whether it must be a
number), duplicate keys are errors that name both lines, and limits keep hostile files cheap.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from toolkit.files import Unreadable, read_limited
from toolkit.nearby import looked_for
from toolkit.problems import Mark, Problem, excerpt

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000
MAX_TEXT_CHARACTERS = 4_000_000
"""All the text of a file, with every alias written out in full: a file of at most 2 MB holds
at most 2 million characters, unless aliases repeat a long text thousands of times."""

Location = tuple[str | int, ...]
"""Where a value sits in a document: keys and list positions from the top."""

_TAG = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_NULLS = {"", "~", "null", "Null", "NULL"}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML was built with it (much faster), else the pure one."""


@dataclass
class Document:
    """The data of one YAML file and where each part of it was written."""

    path: Path
    data: Any
    value_marks: dict[Location, Mark] = field(default_factory=dict)
    key_marks: dict[Location, Mark] = field(default_factory=dict)

    def mark(self, location: Location, *, key: bool = False) -> Mark:
        """The position of a value (or of its key), or of the nearest enclosing one we know."""
        loc = tuple(location)
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc:
            if loc in self.value_marks:
                return self.value_marks[loc]
            loc = loc[:-1]
        return self.value_marks.get((), Mark(1, 1))

    def problem(
        self, location: Location, message: str, hint: str | None = None, *, key: bool = False,
        severity: str = "error",
    ) -> Problem:
        """A problem about the value at ``location`` in this file."""
        return Problem(
            self.path, self.mark(location, key=key), message, hint,
            "warning" if severity == "warning" else "error",
        )


class _Limit(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.hint = hint


def _mark(mark: yaml.Mark | None) -> Mark:
    if mark is None:
        return Mark(1, 1)
    return Mark(mark.line + 1, mark.column + 1)


def read_yaml(path: Path) -> tuple[Document | None, list[Problem]]:
    """Read ``path``; return its document, or None and the problems that stopped us."""
    try:
        raw = read_limited(path, MAX_FILE_BYTES)
    except Unreadable as error:
        return None, [_unreadable_problem(error)]
    return parse_yaml(path, raw)


def _unreadable_problem(error: Unreadable) -> Problem:
    path = error.path
    if error.reason == "missing":
        return Problem(path, None, "file not found",
                       f"{looked_for(path)} Check the name and the folder.")
    if error.reason == "folder":
        return Problem(path, None, "this is a folder, not a YAML file")
    if error.reason == "too_large":
        return _too_large(path)
    if error.reason == "special":
        return Problem(path, None, "this is not an ordinary file (it is a device, a pipe or a "
                       "socket)", "Name a plain text file saved as UTF-8.")
    return Problem(path, None, error.describe("this file"), error.hint)


def _too_large(path: Path) -> Problem:
    return Problem(
        path, None, f"the file is larger than {MAX_FILE_BYTES // 1000:,} kB, the most a plan "
        "or group file can be", "Split it up, or check that this is the file you meant.")


def parse_yaml(path: Path, raw: bytes) -> tuple[Document | None, list[Problem]]:
    """Parse the bytes of a YAML file named ``path``."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [_too_large(path)]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, [Problem(
            path, Mark(1, 1), "this file is saved as UTF-16 (Notepad calls it 'Unicode')",
            "Save it as UTF-8 (in Notepad: Save As, then Encoding: UTF-8).")]
    if b"\x00" in raw:
        return None, [Problem(
            path, Mark(1, 1), "this is not a text file (it holds binary data)",
            "Plans are plain text files saved as UTF-8; check that this is the file you meant.",
        )]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(
            path, Mark(line, column), "this file is not UTF-8 text",
            "Save it as UTF-8 (most editors offer 'Save with encoding' or 'Text encoding').",
        )]
    if not text.strip():
        return None, [Problem(path, Mark(1, 1), "the file is empty",
                              "Fill it in, or remove it if it is not needed.")]
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(path, text, exc)]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow anywhere
        return None, [_character_problem(path, text, exc)]
    except yaml.YAMLError as exc:
        return None, [Problem(path, None, f"this is not valid YAML ({exc})")]
    except RecursionError:
        return None, [Problem(path, None, f"the file is nested too deeply (more than "
                              f"{MAX_DEPTH} levels)", "Plans are only a few levels deep.")]
    if node is None:
        return None, [Problem(path, Mark(1, 1), "the file holds only comments",
                              "Fill it in, or remove it if it is not needed.")]
    document = Document(path, None)
    builder = _Builder(document)
    try:
        document.data = builder.build(node, (), 0)
    except _Limit as limit:
        return None, [Problem(path, _mark(limit.mark), limit.message, limit.hint)]
    if builder.problems:
        return None, builder.problems
    return document, []


_KEY_WITHOUT_SPACE = re.compile(r"^\s*(?:-\s+)?([a-z_][a-z0-9_]*):(?=[^\s:])")
_OPENING_QUOTE = re.compile(r"^\s*(?:-\s+)?(?:[\w-]+:\s+)?\"")
SLIP_REACH = 15
"""How many lines above a syntax error to look for the slip that caused it."""


def _likely_slip(path: Path, text: str, at: yaml.Mark | None) -> Problem | None:
    """The two slips that YAML reports lines later, at a line that is fine: a setting with
    no space after its colon (``location:Clínica``) and a quote never closed on its line
    (``contact: "Call Carmen``). Looked for just above the error, nearest first; the user's
    text is never repeated, only the setting's name."""
    if at is None:
        return None
    lines = text.splitlines()
    for index in range(min(at.line, len(lines) - 1), max(at.line - SLIP_REACH, 0) - 1, -1):
        line = lines[index]
        if line.lstrip().startswith("#"):
            continue
        key = _KEY_WITHOUT_SPACE.match(line)
        if key:
            return Problem(
                path, Mark(index + 1, key.end(1) + 2), f"'{key.group(1)}:' has no space "
                "after its colon, so this line is not read as a setting",
                f"Write a space after the colon: {key.group(1)}: ...")
        if _OPENING_QUOTE.match(line) and _unescaped_quotes(line) % 2 == 1:
            return Problem(
                path, Mark(index + 1, line.index('"') + 1), "the quote opened on this line "
                "is not closed", 'End the text with a closing " on the same line.')
    return None


def _unescaped_quotes(line: str) -> int:
    """The double quotes on a line, not counting escaped ones (``\\"``)."""
    return len(re.findall(r'(?<!\\)"', line))


def _character_problem(path: Path, text: str, exc: yaml.reader.ReaderError) -> Problem:
    """A control character YAML refuses, at its line and column."""
    before = text[: exc.position]
    line = before.count("\n") + 1
    column = exc.position - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    return Problem(path, Mark(line, column),
                   f"an invisible control character (U+{code:04X}) is in this file",
                   "Delete it (retype the text around it): such characters often come from "
                   "copying out of another program.")


def _syntax_problem(path: Path, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    heading = _switched_off_heading(path, text, exc.problem_mark)
    if heading is not None:
        return heading
    opened = exc.context and "quoted scalar" in exc.context
    likely = None if opened else _likely_slip(path, text, exc.problem_mark)
    if likely is not None:
        return likely
    # An unclosed quote is found at the end of the file; where it was opened is what helps.
    mark = _mark(exc.context_mark if opened and exc.context_mark else exc.problem_mark)
    what = exc.problem or "this is not valid YAML"
    if exc.context:
        what = f"{exc.context}, {what}"
    hint = "Check the indentation and quotes around this line."
    if "\t" in what or _character_at(text, exc.problem_mark) == "\t":
        what = "a tab character is used for indentation"
        hint = "YAML indents with spaces only: replace the tab with spaces."
    elif "mapping values are not allowed" in what:
        hint = ("Text that contains ': ' must be in quotes, e.g. title: \"Week 1: Welcome\"; "
                "or the indentation of this line is off.")
    elif "found unexpected end of stream" in what or "while scanning a quoted scalar" in what:
        hint = "A quote is opened but never closed: add the closing quote."
    elif "maximum nesting depth" in what:
        what = "the file is nested too deeply"
        hint = "Plans are only a few levels deep: check for runaway brackets."
    elif "expected a single document" in what:
        hint = "Remove the '---' line: each file holds one plan."
    elif "found character that cannot start any token" in what:
        hint = "Put this text in quotes, e.g. \"@home\" or \"`note`\"."
    return Problem(path, mark, f"YAML syntax: {what}", hint)


_COMMENTED_HEADING = re.compile(r"#\s?(\s*)([A-Za-z_][\w-]*):\s*(#.*)?")
_COMMENTED_PARENT = re.compile(r"#\s?(\s*)-\s")
_SETTING = re.compile(r"\s*(?:-\s+)?([A-Za-z_][\w-]*):")


def _switched_off_heading(path: Path, text: str, mark: yaml.Mark | None) -> Problem | None:
    """The commonest mistake in a group file's switched-off examples: a setting switched on
    (its ``#`` deleted) under a heading that is still switched off. YAML reports it as a broken
    block at the setting's line; what helps is the heading's line, where the ``#`` still is."""
    lines = text.splitlines()
    if mark is None or mark.line >= len(lines):
        return None
    line = lines[mark.line]
    indent = len(line) - len(line.lstrip(" "))
    setting = _SETTING.match(line)
    if setting is not None:
        what = f"'{setting.group(1)}'"
    elif line.lstrip(" ").startswith("- "):
        what = "the list item"
    else:
        return None
    if indent == 0:
        return None
    between: list[int] = []
    for number in range(mark.line - 1, -1, -1):
        above = lines[number]
        stripped = above.lstrip(" ")
        if not stripped:
            continue
        if not stripped.startswith("#"):
            return None  # a switched-on line holds it: some other mistake
        heading = _COMMENTED_HEADING.fullmatch(stripped)
        if heading is not None and len(heading.group(1)) < indent:
            where = [number + 1, *reversed(between)]
            named = " and ".join(f"line {n}" for n in where) if len(where) < 3 else (
                "lines " + ", ".join(str(n) for n in where[:-1]) + f" and {where[-1]}")
            return Problem(
                path, Mark(number + 1, 1),
                f"{what} on line {mark.line + 1} is switched on, but its heading "
                f"'{heading.group(2)}:' on line {number + 1} is still switched off (a note)",
                f"Delete the '# ' at the start of {named} too: a setting under a heading works "
                "only with its heading switched on.")
        parent = _COMMENTED_PARENT.match(stripped)
        if parent is not None and len(parent.group(1)) < indent:
            between.append(number + 1)  # a list item's first line, still switched off
    return None


def _character_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.splitlines()
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]


class _Builder:
    """Turns composed nodes into dicts, lists and strings, recording marks as it goes."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.visited = 0
        self.characters = 0

    def build(self, node: yaml.Node, location: Location, depth: int) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise _Limit(node.start_mark, f"the file has more than {MAX_NODES:,} values "
                         "(often a runaway alias '*name')",
                         "Plans are small; remove the repeated aliases.")
        if depth > MAX_DEPTH:
            raise _Limit(node.start_mark, f"the file is nested too deeply (more than "
                         f"{MAX_DEPTH} levels)", "Plans are only a few levels deep.")
        self.document.value_marks.setdefault(location, _mark(node.start_mark))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, location, depth)
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, "seq")
            return [self.build(item, (*location, i), depth + 1)
                    for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        self.characters += len(node.value)
        if self.characters > MAX_TEXT_CHARACTERS:
            raise _Limit(node.start_mark, f"the file's text, with every alias ('*name') written "
                         f"out, is more than {MAX_TEXT_CHARACTERS:,} characters",
                         "Plans and group files are small; remove the repeated aliases.")
        return self._scalar(node)

    def _check_tag(self, node: yaml.Node, kind: str) -> None:
        if node.tag != _TAG + kind:
            raise _Limit(node.start_mark, f"the tag '{_short(node.tag)}' is not allowed here",
                         "Remove the tag (the word starting with '!'): plans hold plain text, "
                         "numbers and lists only.")

    def _scalar(self, node: yaml.ScalarNode) -> str | None:
        if node.tag not in _ALLOWED_TAGS:
            self._check_tag(node, "str")
        value = str(node.value)
        quoted = node.style in ("'", '"')
        if not quoted and node.tag == _TAG + "null" and value in _NULLS:
            return None
        return value

    def _mapping(self, node: yaml.MappingNode, location: Location, depth: int) -> dict[str, Any]:
        self._check_tag(node, "map")
        result: dict[str, Any] = {}
        first_seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _TAG + "merge":
                self.problems.append(Problem(
                    self.document.path, _mark(key_node.start_mark),
                    "this key is not a plain name",
                    "Each key is a simple word followed by ':' (no lists, '?' or '<<' merges).",
                ))
                continue
            key = str(key_node.value)
            if key in first_seen:
                earlier = _mark(first_seen[key].start_mark)
                self.problems.append(Problem(
                    self.document.path, _mark(key_node.start_mark),
                    f"'{excerpt(key)}' appears twice in the same block "
                    f"(first at line {earlier.line})",
                    "Keep one of them: YAML would silently drop the first.",
                ))
                continue
            first_seen[key] = key_node
            child = (*location, key)
            self.document.key_marks[child] = _mark(key_node.start_mark)
            result[key] = self.build(value_node, child, depth + 1)
        return result


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
