"""`toolkit show SESSION`: one session's ids, exactly as a group file's changes: takes them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOTS, run

from toolkit.checked import check
from toolkit.outline import ADDED

SESSIONS = Path(__file__).parent.parent / "sessions"
GROUPS = SESSIONS / "groups"
HEADINGS = {"Agenda items (changes: agenda:)": "agenda",
            "Slides (changes: slides:)": "slides",
            "Worksheet items (changes: worksheet_items:)": "worksheet_items"}


def test_show_prints_every_id_with_what_it_names() -> None:
    code, out, err = run("show", "week-01-hello", "--sessions", str(ROOTS / "minimal"))
    assert (code, err) == (0, "")
    assert out == (
        "week-01-hello: Hello & welcome\n"
        "Course week 1 · 30 minutes\n"
        "\n"
        "Agenda items (changes: agenda:)\n"
        "  arrival    10 min  check-in  Arrival\n"
        "  practice   20 min  activity  Practice\n"
        "\n"
        "Slides (changes: slides:)\n"
        "  arrival/slide-1   Welcome\n"
        "  practice/slide-1  Practice\n"
        "\n"
        "Worksheet items (changes: worksheet_items:)\n"
        "  hello-sheet/item-1  prompt    What brought you here?\n"
        "\n"
        "Homework (changes: homework:)\n"
        "  Notice one offer of help.\n")


def shown_ids(out: str) -> dict[str, list[str]]:
    """The ids under each heading of show's output, leaving out what the toolkit adds."""
    found: dict[str, list[str]] = {kind: [] for kind in HEADINGS.values()}
    kind = None
    for line in out.splitlines():
        if line in HEADINGS:
            kind = HEADINGS[line]
        elif not line.strip() or not line.startswith("  "):
            kind = None
        elif kind is not None and not line.endswith(ADDED):
            found[kind].append(line.split()[0])
    return found


def changes_naming(slug: str, ids: dict[str, list[str]]) -> str:
    """A group file's changes: block that names every id (changing nothing)."""
    text = f"  {slug}:\n"
    for kind, names in ids.items():
        if names:
            text += f"    {kind}:\n" + "".join(f'      "{name}": {{}}\n' for name in names)
    return text


def test_every_id_show_prints_is_one_changes_takes(tmp_path: Path) -> None:
    """Every id of every session of the course, and of a group that adds an agenda item and
    drops sessions, named in one changes: block: the group checks clean. The same block with
    one id that show never printed is an error, so the check can fail."""
    plan = check(SESSIONS).plans[0]
    slugs = [entry.slug for entry in plan.sessions]
    block = ""
    for slug in slugs:
        code, out, err = run("show", slug, "--sessions", str(SESSIONS))
        assert (code, err) == (0, ""), slug
        ids = shown_ids(out)
        assert ids["agenda"] and ids["slides"], slug
        block += changes_naming(slug, ids)
    group = tmp_path / "every-id.yaml"
    group.write_text("name: Every Id\nchanges:\n" + block, encoding="utf-8")
    checked = check(SESSIONS, [group])
    assert not checked.report.problems, [p.format() for p in checked.report.problems]
    group.write_text("name: Every Id\nchanges:\n" + block.replace(
        '"arrival": {}', '"arrival": {}\n      "not-shown": {}', 1), encoding="utf-8")
    assert check(SESSIONS, [group]).report.errors


def test_with_a_group_show_prints_the_session_as_the_group_runs_it(tmp_path: Path) -> None:
    group = tmp_path / "mine.yaml"
    group.write_text(
        "name: Mine\nsessions: [week-01-strong-but-at-what-cost, week-04-the-hidden-costs]\n"
        "changes:\n  week-04-the-hidden-costs:\n    slides:\n"
        "      \"break/slide-1\":\n        title: Tea and a stretch\n"
        "    add_agenda:\n      - id: our-own\n        after: break\n        title: Our own item\n"
        "        kind: discussion\n        minutes: 5\n", encoding="utf-8")
    code, out, err = run("show", "week-04-the-hidden-costs", "--sessions", str(SESSIONS),
                         "--group", str(group))
    assert (code, err) == (0, ""), err
    lines = out.splitlines()
    assert lines[1].startswith("mine.yaml: session 2 of 2 · course week 4 · ")
    assert "  break/slide-1" in out and "Tea and a stretch" in out
    assert any(line.split()[:1] == ["our-own"] for line in lines)
    code, out, _ = run("show", "week-04-the-hidden-costs", "--sessions", str(SESSIONS))
    assert "Tea and a stretch" not in out and "our-own" not in out


@pytest.mark.parametrize(("name", "expected"), [
    ("week-04", "Did you mean week-04-the-hidden-costs?"),
    ("week-4", "Did you mean week-04-the-hidden-costs?"),
    ("4", "Did you mean week-04-the-hidden-costs?"),
    ("avoidant", "Did you mean week-03-the-avoidant-trap?"),
    ("week-03-avoidant-trap", "Did you mean week-03-the-avoidant-trap?"),
    ("nothing-like-it", "`toolkit list` shows every name."),
])
def test_a_name_that_is_not_a_session_gets_close_names(name: str, expected: str) -> None:
    code, out, err = run("show", name, "--sessions", str(SESSIONS))
    assert code == 2 and out == ""
    assert f"the course has no session called '{name}'" in err
    assert expected in err


def test_a_session_the_group_does_not_run_is_named_as_such() -> None:
    code, _, err = run("show", "week-02-where-it-comes-from", "--sessions", str(SESSIONS),
                       "--group", str(GROUPS / "workplace-six-weeks.yaml"))
    assert code == 2
    assert "workplace-six-weeks.yaml does not run a session called" in err
    assert "`toolkit list --group workplace-six-weeks.yaml` shows every name." in err


def test_a_group_sees_which_items_fitting_its_length_moved(tmp_path: Path) -> None:
    """Fitting a shorter session takes minutes from flexible items without a word in the
    group file: show says what each moved item had in the course."""
    group = tmp_path / "short.yaml"
    group.write_text("name: Short\nchanges:\n  week-03-the-avoidant-trap:\n    minutes: 80\n",
                     encoding="utf-8")
    _, course, _ = run("show", "week-03-the-avoidant-trap")
    code, out, err = run("show", "week-03-the-avoidant-trap", "--group", str(group))
    assert code == 0, err
    moved = [line for line in out.splitlines() if "min in the course]" in line]
    assert moved, out
    for line in moved:
        item, minutes = line.split()[0], int(line.split()[1])
        was = int(line.rsplit("[", 1)[1].split()[0])
        assert was != minutes
        assert any(other.split()[:2] == [item, str(was)] for other in course.splitlines())
    assert "min in the course]" not in course


def test_the_courses_optional_sessions_can_be_shown() -> None:
    code, out, _ = run("show", "booster-keeping-it-going", "--sessions", str(SESSIONS))
    assert code == 0 and out.startswith("booster-keeping-it-going: ")
