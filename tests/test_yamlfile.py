"""Reading YAML: positions, duplicate keys, YAML 1.1 surprises and hostile input."""

from __future__ import annotations

import time
from pathlib import Path

from toolkit.problems import Mark
from toolkit.yamlfile import parse_yaml, read_yaml


def parse(text: str | bytes):  # type: ignore[no-untyped-def]
    raw = text.encode() if isinstance(text, str) else text
    return parse_yaml(Path("plan.yaml"), raw)


def only_problem(text: str | bytes) -> str:
    document, problems = parse(text)
    assert document is None
    assert len(problems) == 1, problems
    return problems[0].format(Path.cwd())


def test_marks_point_at_keys_and_values() -> None:
    document, problems = parse("title: Hi\nagenda:\n  - id: a\n    minutes: 10\n")
    assert not problems and document is not None
    assert document.mark(("agenda", 0, "minutes")) == Mark(4, 14)
    assert document.mark(("agenda", 0, "minutes"), key=True) == Mark(4, 5)
    # An unknown location falls back to its nearest known parent.
    assert document.mark(("agenda", 0, "nothing")) == Mark(3, 5)


def test_plain_scalars_stay_the_text_that_was_written() -> None:
    document, _ = parse("a: no\nb: 1:30\nc: 2026-01-05\nd: on\ne: 0x1F\nf:\ng: ~\nh: '~'\n")
    assert document is not None
    assert document.data == {
        "a": "no", "b": "1:30", "c": "2026-01-05", "d": "on", "e": "0x1F",
        "f": None, "g": None, "h": "~",
    }


def test_duplicate_keys_name_both_lines() -> None:
    message = only_problem("title: One\nweek: 1\ntitle: Two\n")
    assert message == (
        "plan.yaml:3:1: error: 'title' appears twice in the same block (first at line 1)\n"
        "    Keep one of them: YAML would silently drop the first."
    )


def test_tab_indentation() -> None:
    message = only_problem("agenda:\n\t- id: a\n")
    assert message.startswith("plan.yaml:2:1: error: YAML syntax: a tab character is used")
    assert "replace the tab with spaces" in message


def test_unclosed_quote_points_where_it_opened() -> None:
    message = only_problem('week: 2\ntitle: "Unclosed\nminutes: 30\n')
    assert message.startswith("plan.yaml:2:8: error: YAML syntax:")
    assert "add the closing quote" in message


def test_a_file_saved_as_utf16_is_named_as_such() -> None:
    """Notepad's "Unicode" is UTF-16: its zero bytes once made it "binary data"."""
    document, problems = parse_yaml(Path("plan.yaml"), "title: Week 1\n".encode("utf-16"))
    assert document is None
    assert problems[0].format() == (
        "plan.yaml:1:1: error: this file is saved as UTF-16 (Notepad calls it 'Unicode')\n"
        "    Save it as UTF-8 (in Notepad: Save As, then Encoding: UTF-8).")


def test_colon_in_text_suggests_quotes() -> None:
    message = only_problem("title: Week 1: Welcome: here\n")
    assert "plan.yaml:1:" in message
    assert "must be in quotes" in message


def test_empty_comment_only_and_binary_files() -> None:
    assert "the file is empty" in only_problem("  \n")
    assert "holds only comments" in only_problem("# nothing here\n")
    assert "not a text file" in only_problem(b"\x89PNG\r\n\x1a\n\x00\x00")


def test_not_utf8_names_the_position() -> None:
    message = only_problem(b"title: ok\nnote: caf\xe9\n")
    assert message.startswith("plan.yaml:2:10: error: this file is not UTF-8 text")


def test_python_tags_are_refused() -> None:
    message = only_problem("a: !!python/object/apply:os.system ['echo hi']\n")
    assert "the tag '!!python/object/apply:os.system' is not allowed here" in message
    assert "!!set" in only_problem("a: !!set {x, y}\n")


def test_alias_bomb_is_stopped_quickly() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},"
                     f"*{prev},*{prev}]")
    started = time.perf_counter()
    message = only_problem("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 2
    assert "more than 200,000 values" in message


def test_deep_nesting_is_refused() -> None:
    assert "nested too deeply" in only_problem("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested too deeply" in only_problem("a: " + "[" * 60 + "]" * 60 + "\n")


def test_huge_file_is_refused() -> None:
    message = only_problem("a: " + "x" * 2_100_000 + "\n")
    assert "larger than 2,000 kB, the most a plan or group file can be" in message


def test_a_pipe_or_a_device_is_refused_without_reading_it(tmp_path: Path) -> None:
    import os

    pipe = tmp_path / "course.yaml"
    os.mkfifo(pipe)  # nothing will ever write to it: a plain open would wait forever
    document, problems = read_yaml(pipe)
    assert document is None
    assert "not an ordinary file (it is a device, a pipe or a socket)" in problems[0].message
    endless = tmp_path / "endless.yaml"
    endless.symlink_to("/dev/zero")
    document, problems = read_yaml(endless)
    assert document is None and "not an ordinary file" in problems[0].message


def test_merge_keys_and_complex_keys_are_refused() -> None:
    assert "not a plain name" in only_problem("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert "not a plain name" in only_problem("? [a, b]\n: c\n")
