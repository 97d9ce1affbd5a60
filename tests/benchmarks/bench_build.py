"""Benchmark the toolkit as a facilitator uses it: each figure is the median of several runs,
each run a fresh process. Not a test (pytest does not collect it); run it by hand:

    .venv/bin/python tests/benchmarks/bench_build.py [--runs 5] [--before REF]

It copies the shipped course into a temporary folder, so the repository is never touched.

With ``--before REF`` (a commit, tag or branch) it also compares that commit's toolkit with the
current one on the same machine in the same run: the full build and the rebuild after changing
one session, each building its own tree's course. The machine's speed drifts, so the two are
timed alternately, run by run, and the medians compared. The old tree is extracted with
``git archive`` into a temporary folder and run with ``PYTHONPATH`` pointing at it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOOLKIT = [sys.executable, "-m", "toolkit"]
COURSE = ["--sessions", "sessions"]
"""The work folder's copy of the course, which the timed edits change: without it a command
uses the course that comes with the toolkit, and an edited session would go unseen."""
GROUP = REPO / "sessions" / "groups" / "tuesday-evening.yaml"
WEEK_THREE = "week-03-the-avoidant-trap.yaml"
TITLE_LINE = re.compile(r"^title: .*$", re.MULTILINE)


def wall_time(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Wall time of ``command`` in one fresh process; stops the benchmark if it fails, with its
    output, since a figure for a failed build would mean nothing."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} (in {cwd}) exited {done.returncode}:\n"
                 f"{done.stdout}{done.stderr}")
    return seconds


def timed(command: list[str], cwd: Path, prepare: Callable[[], None] | None = None,
          runs: int = 5) -> float:
    """Median wall time of ``command`` over ``runs`` fresh processes."""
    times = []
    for _ in range(runs):
        if prepare:
            prepare()
        times.append(wall_time(command, cwd))
    return statistics.median(times)


def retitled(plan: str, number: int) -> str:
    """Week 3's plan with its title changed, so a rebuild has exactly one session to redraw."""
    if not TITLE_LINE.search(plan):
        sys.exit(f"{WEEK_THREE} has no 'title:' line: update the benchmark")
    return TITLE_LINE.sub(lambda line: f"{line.group(0)} {number}", plan, count=1)


def markdown_decks(sessions: Path, folder: Path) -> list[Path]:
    """The default course's decks as pandoc Markdown, one file a session, saying what our decks
    say: a title slide, the agenda, every content slide with its points, lead text, picture
    and speaker notes, the homework and the closing slide."""
    from toolkit.checked import check
    from toolkit.render.content import deck_contents, group_details, run_of_show

    plan = check(sessions).plans[0]
    folder.mkdir()
    files = []
    for entry in plan.sessions:
        lines = ["---", f"title: {json.dumps(entry.session.title)}",
                 f"subtitle: {json.dumps(plan.course.title + ' · ' + entry.label)}", "---", "",
                 *(f"{line}  " for line in group_details(plan, entry)), "", "# Agenda", "",
                 *(f"- {line.lstrip('• ')}" for line in run_of_show(entry)), ""]
        for content in deck_contents(plan, entry):
            lines += [f"# {content.title}", ""]
            if content.lead:
                lines += [content.lead, ""]
            lines += [f"- {point}" for point in content.points]
            if content.picture is not None:
                lines += ["", f"![{content.picture.alt}]({content.picture.path})"]
            lines += ["", "::: notes", content.notes, ":::", ""]
        path = folder / f"{entry.slug}.md"
        path.write_text("\n".join(lines))
        files.append(path)
    return files


def pandoc_decks(pandoc: str, files: list[Path], runs: int, parallel: int) -> float:
    """Median time for pandoc to turn every Markdown file into a .pptx, ``parallel`` at once."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with ThreadPoolExecutor(parallel) as pool:
            list(pool.map(lambda path: subprocess.run(
                [pandoc, str(path), "-o", str(path.with_suffix(".pptx"))], check=True,
                cwd=path.parent), files))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_memory_mb() -> float:
    """The largest resident size of any process run so far (children and their workers)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


@dataclass
class Side:
    """One toolkit of a before-and-after comparison: its source tree, its own work folder with
    its own tree's course, the environment that makes ``python -m toolkit`` import it, and its
    times."""

    name: str
    tree: Path
    work: Path
    env: dict[str, str]
    full: list[float] = field(default_factory=list)
    one_session: list[float] = field(default_factory=list)

    def build(self) -> float:
        """Wall time of one ``toolkit build`` of this side's course."""
        return wall_time([*TOOLKIT, "build", *COURSE, "--out", "output"], self.work, self.env)


def extract(ref: str, into: Path) -> str:
    """Extract ``ref``'s tree into ``into`` (the repository and its work tree are only read) and
    return its short hash."""
    short = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "--verify",
                            f"{ref}^{{commit}}"], capture_output=True, text=True)
    if short.returncode != 0:
        sys.exit(f"--before {ref}: not a commit of this repository\n{short.stderr}")
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", ref],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return short.stdout.strip()


def prepared(name: str, tree: Path, parent: Path, env: dict[str, str]) -> Side:
    """A side with ``tree``'s course copied into its own work folder, checked to import the
    toolkit from ``tree`` (an editable install must not win) and warmed up by one build, so
    Python has cached its compiled modules."""
    work = parent / name
    work.mkdir()
    shutil.copytree(tree / "sessions", work / "sessions")
    found = subprocess.run([sys.executable, "-c", "import toolkit; print(toolkit.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True)
    module = Path(found.stdout.strip()).resolve()
    if not module.is_relative_to(tree.resolve()):
        sys.exit(f"the {name} toolkit imports {module}, not the one in {tree}")
    side = Side(name, tree, work, env)
    side.build()
    return side


def compare(ref: str, runs: int) -> None:
    """Time ``ref``'s toolkit and the current one alternately, run by run, and print the
    medians against issue 14's targets."""
    parent = Path(tempfile.mkdtemp(prefix="toolkit-bench-before-"))
    try:
        tree = parent / "tree"
        tree.mkdir()
        short = extract(ref, tree)
        before = prepared("before", tree, parent, {**os.environ, "PYTHONPATH": str(tree)})
        after = prepared("after", REPO, parent, dict(os.environ))
        sides = (before, after)
        originals = [(side.work / "sessions" / WEEK_THREE).read_text() for side in sides]
        for run in range(runs):
            for side in sides:
                shutil.rmtree(side.work / "output", ignore_errors=True)
                side.full.append(side.build())
            for side, original in zip(sides, originals, strict=True):
                (side.work / "sessions" / WEEK_THREE).write_text(retitled(original, run + 1))
                side.one_session.append(side.build())
    finally:
        shutil.rmtree(parent, ignore_errors=True)
    full = [statistics.median(side.full) for side in sides]
    one = [statistics.median(side.one_session) for side in sides]
    faster = full[1] <= 0.75 * full[0]
    quick = one[1] < 0.8
    named = short if ref == short else f"{ref} = {short}"
    print(f"\nBefore ({named}) and after, timed alternately in this run; medians of {runs} runs")
    print(f"  {'what':<32} {'before ' + short:>14} {'after':>9} {'change':>7}  target")
    for name, (old, new), target in (
            ("full build, default course", full,
             f">= 25% faster (time <= 0.75 x before): {'met' if faster else 'NOT met'}"),
            ("rebuild, one session changed", one,
             f"< 0.8 s: {'met' if quick else 'NOT met'}")):
        print(f"  {name:<32} {old:12.2f} s {new:7.2f} s {(new - old) / old:+7.0%}  {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--groups", type=int, default=20)
    parser.add_argument("--before", metavar="REF",
                        help="also compare with this commit's toolkit (a commit, tag or branch)")
    options = parser.parse_args()
    runs = options.runs
    count = options.groups
    work = Path(tempfile.mkdtemp(prefix="toolkit-bench-"))
    try:
        shutil.copytree(REPO / "sessions", work / "sessions")
        out = work / "output"
        results: list[tuple[str, float, str]] = []

        def fresh() -> None:
            shutil.rmtree(out, ignore_errors=True)

        # Measure the toolkit as installed and run once before: Python has cached its compiled
        # modules. (With PYTHONDONTWRITEBYTECODE set, every run would compile each module
        # edited since that cache was written, which no facilitator's machine does.)
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        timed([*TOOLKIT, "build", *COURSE, "--out", str(work / "warm-up")], work, runs=1)
        floor = timed([sys.executable, "-c", "import pptx, reportlab.platypus"], work,
                      runs=runs)
        results.append(("import pptx + reportlab.platypus (the floor)", floor, ""))
        results.append(("toolkit --help", timed([*TOOLKIT, "--help"], work, runs=runs),
                         "target < 0.15 s"))
        results.append(("toolkit check", timed([*TOOLKIT, "check", *COURSE], work, runs=runs),
                        "target < 0.5 s"))
        full = timed([*TOOLKIT, "build", *COURSE], work, fresh, runs=max(3, runs // 2))
        made = sum(1 for path in (work / "output" / "default").rglob("*")
                   if path.is_file() and not path.name.startswith("."))
        results.append((f"full build, default course ({made} files)", full,
                        f"{full / floor:.1f} x the floor; target <= 3 x"))
        timed([*TOOLKIT, "build", *COURSE], work, runs=1)
        results.append(("rebuild, nothing changed",
                        timed([*TOOLKIT, "build", *COURSE], work, runs=runs),
                        "target < 0.25 s"))
        plan = work / "sessions" / WEEK_THREE
        original = plan.read_text()
        flip = [0]

        def edit_one() -> None:
            flip[0] += 1
            plan.write_text(retitled(original, flip[0]))

        results.append(("rebuild, one session changed",
                        timed([*TOOLKIT, "build", *COURSE], work, edit_one,
                              runs=max(3, runs // 2)),
                        "that session and the books"))
        # The edit must have been built, or the figure is an unchanged rebuild's.
        title = TITLE_LINE.search(retitled(original, flip[0]))
        assert title is not None
        if title.group(0).split(": ", 1)[1] not in (out / "default" / "index.html").read_text():
            sys.exit("the one-session rebuild did not build the changed session: update the "
                     "benchmark")
        plan.write_text(original)
        groups = work / "groups"
        groups.mkdir()
        shutil.copy(REPO / "sessions" / "groups" / "images" / "tuesday-logo.png", groups)
        text = GROUP.read_text().replace("images/tuesday-logo.png", "tuesday-logo.png")
        arguments = []
        for number in range(count):
            path = groups / f"group-{number:02d}.yaml"
            path.write_text(text.replace("name: Tuesday Evening", f"name: Group {number:02d}"))
            arguments += ["--group", str(path)]
        one = timed([*TOOLKIT, "build", *COURSE, "--force", "--group", arguments[1]], work,
                    fresh,
                    runs=max(3, runs // 2))
        results.append(("one group, full build", one, ""))
        single = timed([*TOOLKIT, "build", *COURSE, "--force", "--jobs", "1", "--group",
                        arguments[1]],
                       work, fresh, runs=max(3, runs // 2))
        results.append(("one group, full build in one process (--jobs 1)", single, ""))
        many = timed([*TOOLKIT, "build", *COURSE, "--force", *arguments], work, fresh, runs=1)
        cores = os.cpu_count() or 1
        results.append((f"{count} groups in one command", many,
                        f"{many / single:.1f} x one group in one process; target "
                        f"~{count / cores:.0f} x ({cores} cores)"))
        pandoc = shutil.which("pandoc")
        if pandoc is None:
            results.append(("pandoc, slides only", float("nan"), "not installed here"))
        else:
            files = markdown_decks(work / "sessions", work / "markdown")
            for parallel in (1, cores):
                seconds = pandoc_decks(pandoc, files, max(3, runs // 2), parallel)
                results.append((f"pandoc, {len(files)} decks only, {parallel} at a time",
                                seconds, f"full build is {full / seconds:.1f} x this"))
        print(f"{platform.node()}: {platform.processor() or platform.machine()}, "
              f"{os.cpu_count()} cores, Python {platform.python_version()}; "
              f"medians of {runs} runs")
        for name, seconds, note in results:
            shown = "      -" if seconds != seconds else f"{seconds:7.2f} s"
            print(f"  {name:<48} {shown}  {note}")
        print(f"  peak memory of any one process: {peak_memory_mb():.0f} MB (target < 300 MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if options.before:
        compare(options.before, runs)


if __name__ == "__main__":
    main()
