"""Drawing a plan's files: one job per file, shared between processes, and the files a book is
made of drawn before the book.

An output that ``needs`` others (a book needs its sessions' files) is drawn once every file it
needs is there: drawn in this build, or kept from the last one (``Work.kept`` reads it back, as
recorded). Everything else is drawn in any order, in as many processes as there are cores.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from toolkit.cache import KeyMaker
from toolkit.i18n import speaking
from toolkit.outputs import OUTPUTS
from toolkit.outputs.contract import Output, Target
from toolkit.plan import Plan


@dataclass(frozen=True)
class Job:
    """One file to draw: where it goes, its cache key, and which output makes it for what."""

    path: str
    key: str
    output: Output
    target: Target


def planned_jobs(plan: Plan) -> list[Job]:
    """Every file of a plan, in a stable order: each output's files, in the list's order."""
    keys = KeyMaker()
    return [Job(output.path(plan, target), keys.key(output.name, output.reads(plan, target)),
                output, target)
            for output in OUTPUTS for target in output.targets(plan)]


Parts = Sequence[Sequence[bytes]]
"""For each output a job needs, the bytes of that output's files in session order."""


def render_job(plan: Plan, job: Job, parts: Parts = ()) -> bytes:
    """Draw one file."""
    with speaking(plan.language):
        return job.output.draw(plan, job.target, parts)


def render_course(plan: Plan) -> dict[PurePosixPath, bytes]:
    """Every output of a plan, drawn here in this process: file contents by their path in the
    group folder (the reference a cached or parallel build must match byte for byte)."""
    jobs = planned_jobs(plan)
    drawn = {path: content for _, path, content in
             draw([Work(plan, jobs, list(jobs), lambda job: None)], workers=1)}
    return {PurePosixPath(job.path): drawn[job.path] for job in jobs}


@dataclass
class Work:
    """One plan's share of a build."""

    plan: Plan
    jobs: list[Job]
    """Every file of the plan."""
    stale: list[Job]
    """The files to draw."""
    kept: Callable[[Job], bytes | None]
    """A file kept from the last build, read back as recorded (None: it is not, any more)."""
    parts: dict[str, bytes] = field(default_factory=dict)
    """The files other jobs need, by path, as they are drawn or read."""
    waiting: list[Job] = field(default_factory=list)
    """Jobs to draw once every file they need is in ``parts``."""


def draw(work: list[Work], workers: int | None) -> Iterator[tuple[int, str, bytes]]:
    """Draw every stale job, in parallel processes when there is enough to share; yields (the
    plan's place in ``work``, path, content) as each finishes, so only a few files are held in
    memory at once. Each job is its own task (a plan pickles in about a millisecond); the files
    books need go first, and each book as soon as its files are there."""
    ready: list[tuple[int, Job]] = []
    for index, share in enumerate(work):
        ready += [(index, job) for job in _prepare(share)]
    ready.sort(key=lambda task: not _is_needed(work[task[0]], task[1]))
    total = len(ready) + sum(len(share.waiting) for share in work)
    count = max(1, min(workers or os.cpu_count() or 1, total))
    if count == 1 or total < 4:
        yield from _draw_here(work, ready)
        return
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    # Only as many tasks as processes are handed out at once, so that a book whose files
    # are all there goes next, ahead of files nothing waits for.
    queue: deque[tuple[int, Job, Parts]] = deque((index, job, ()) for index, job in ready)
    for index, share in enumerate(work):
        queue.extendleft((index, job, _parts(share.jobs, job, share.parts))
                         for job in _now_ready(share))
    with ProcessPoolExecutor(max_workers=count) as pool:
        futures: dict[Future[bytes], tuple[int, Job]] = {}

        def hand_out() -> None:
            while queue and len(futures) < count:
                index, job, parts = queue.popleft()
                futures[pool.submit(render_job, work[index].plan, job, parts)] = (index, job)

        hand_out()
        while futures:
            done, _ = wait(futures, return_when=FIRST_COMPLETED)
            finished = []
            for future in done:
                index, job = futures.pop(future)
                finished.append((index, job.path, future.result()))
                share = work[index]
                if _is_needed(share, job):
                    share.parts[job.path] = finished[-1][2]
                    queue.extendleft((index, waiting, _parts(share.jobs, waiting, share.parts))
                                     for waiting in _now_ready(share))
            hand_out()
            yield from finished


def _prepare(share: Work) -> list[Job]:
    """The jobs that can be drawn now; the others wait in ``share.waiting``. A needed file
    kept from the last build is read back (and drawn again if it is not as recorded)."""
    share.waiting = [job for job in share.stale if job.output.needs]
    stale = {job.path for job in share.stale}
    ready = [job for job in share.stale if not job.output.needs]
    for job in share.jobs:
        if _is_needed(share, job) and job.path not in stale:
            content = share.kept(job)
            if content is None:
                ready.append(job)
            else:
                share.parts[job.path] = content
    return ready


def _is_needed(share: Work, job: Job) -> bool:
    return any(job.output.name in waiting.output.needs for waiting in share.waiting)


def _now_ready(share: Work) -> list[Job]:
    """Waiting jobs whose every needed file is there: taken off the waiting list."""
    ready = [job for job in share.waiting
             if all(needed.path in share.parts for needed in share.jobs
                    if needed.output.name in job.output.needs)]
    share.waiting = [job for job in share.waiting if job not in ready]
    return ready


def _draw_here(work: list[Work], ready: list[tuple[int, Job]]
               ) -> Iterator[tuple[int, str, bytes]]:
    """The same, in this process."""
    for index, job in ready:
        content = render_job(work[index].plan, job)
        if _is_needed(work[index], job):
            work[index].parts[job.path] = content
        yield index, job.path, content
    for index, share in enumerate(work):
        for job in share.waiting:
            yield index, job.path, render_job(share.plan, job,
                                              _parts(share.jobs, job, share.parts))
        share.waiting = []


def _parts(jobs: list[Job], job: Job, files: dict[str, bytes]) -> Parts:
    """The files ``job`` needs, output by output, in session order."""
    return [[files[other.path] for other in jobs if other.output.name == name]
            for name in job.output.needs]
