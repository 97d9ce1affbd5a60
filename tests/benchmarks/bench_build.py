"""Benchmark the toolkit as a facilitator uses it: each figure is the median of several runs,
each run a fresh process. Not a test (pytest does not collect it); run it by hand:

    .venv/bin/python tests/benchmarks/bench_build.py [--runs 5]

It copies the shipped course into a temporary folder, so the repository is never touched.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TOOLKIT = [sys.executable, "-m", "toolkit"]
GROUP = REPO / "sessions" / "groups" / "tuesday-evening.yaml"


def timed(command: list[str], cwd: Path, prepare: Callable[[], None] | None = None,
          runs: int = 5) -> float:
    """Median wall time of ``command`` over ``runs`` fresh processes."""
    times = []
    for _ in range(runs):
        if prepare:
            prepare()
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def markdown_decks(sessions: Path, folder: Path) -> list[Path]:
    """The default course's decks as pandoc Markdown, one file a session, saying what our decks
    say: a title slide, the agenda, every content slide with its points, lead text, picture
    and speaker notes, the homework and the closing slide."""
    from toolkit.build import check
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--groups", type=int, default=20)
    runs = parser.parse_args().runs
    count = parser.parse_args().groups
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
        timed([*TOOLKIT, "build", "--out", str(work / "warm-up")], work, runs=1)
        floor = timed([sys.executable, "-c", "import pptx, reportlab.platypus"], work,
                      runs=runs)
        results.append(("import pptx + reportlab.platypus (the floor)", floor, ""))
        results.append(("toolkit --help", timed([*TOOLKIT, "--help"], work, runs=runs),
                         "target < 0.15 s"))
        results.append(("toolkit check", timed([*TOOLKIT, "check"], work, runs=runs),
                        "target < 0.5 s"))
        full = timed([*TOOLKIT, "build"], work, fresh, runs=max(3, runs // 2))
        results.append(("full build, default course (36 files)", full,
                        f"{full / floor:.1f} x the floor; target <= 3 x"))
        timed([*TOOLKIT, "build"], work, runs=1)
        results.append(("rebuild, nothing changed", timed([*TOOLKIT, "build"], work, runs=runs),
                        "target < 0.25 s"))
        plan = work / "sessions" / "week-03-the-avoidant-trap.yaml"
        original = plan.read_text()
        flip = [0]

        def edit_one() -> None:
            flip[0] += 1
            plan.write_text(original.replace("title: The avoidant trap",
                                             f"title: The avoidant trap {flip[0]}", 1))

        results.append(("rebuild, one session changed",
                        timed([*TOOLKIT, "build"], work, edit_one, runs=max(3, runs // 2)),
                        "that session and the books"))
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
        one = timed([*TOOLKIT, "build", "--force", "--group", arguments[1]], work, fresh,
                    runs=max(3, runs // 2))
        results.append(("one group, full build", one, ""))
        single = timed([*TOOLKIT, "build", "--force", "--jobs", "1", "--group", arguments[1]],
                       work, fresh, runs=max(3, runs // 2))
        results.append(("one group, full build in one process (--jobs 1)", single, ""))
        many = timed([*TOOLKIT, "build", "--force", *arguments], work, fresh, runs=1)
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


if __name__ == "__main__":
    main()
