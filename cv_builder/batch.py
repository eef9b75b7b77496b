"""Build every variant (and layout) of a CV at once, in parallel.

:func:`plan` lists the files to build: one per variant and layout, each variant
in its default layout (its ``layout``, else `full`) plus any layouts asked for,
and the cover letter of each variant that has one, in the variant's layout.
:func:`build_all` builds them in worker processes, one job per file. A job
never raises: whatever goes wrong (a problem with the variant, a layout, the
disk, even a worker process that dies) becomes that job's failed
:class:`Outcome`, and the other jobs go on. Every PDF is written atomically by
its own worker, so a failed job leaves the file at its path as it was.

Workers die with the process that started them (a worker left running after
its parent was killed held the terminal's output open for good), and collect
their garbage: ``cv-builder`` turns the collector off for a short command, and
a worker inherits that, but a worker builds many files (with the collector off,
each file left ~0.55 MB behind: 3,000 variants took 6.4 GB).
"""

from __future__ import annotations

import ctypes
import dataclasses
import gc
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Optional

from . import variants
from .build import BuildResult, build_cv, default_output
from .errors import CVError, Problem
from .letter import build_letter, default_output as letter_output
from .model import CV
from .render import document  # noqa: F401  (imported before the workers fork: they inherit it)
from .variants import has_letter

FOLDER = Path("build") / "applications"


@dataclass(frozen=True)
class Job:
    variant: str
    layout: str
    output: Path
    document: str = "CV"  # or "letter": the variant's cover letter (cv_builder.letter)

    @property
    def label(self) -> str:
        return f"{self.variant} {'letter ' if self.document == 'letter' else ''}({self.layout})"


@dataclass
class Outcome:
    job: Job
    result: Optional[BuildResult] = None
    error: Optional[str] = None  # what went wrong, as the user should read it

    @property
    def ok(self) -> bool:
        return self.error is None


def plan(cv: CV, layouts: Iterable[str] = (), folder: Path | str = FOLDER) -> list[Job]:
    """One job per variant and layout: the variant's default layout first, then ``layouts``;
    then the variant's letter, if it has one, in its default layout."""
    if not cv.variants:
        raise CVError([Problem("the data defines no variants, so there is nothing to build for applications",
                               hint="add them under `variants:` (see the README), or build the CV with `cv-builder build`")])
    jobs, seen = [], set()
    for name, variant in cv.variants.items():
        for layout in [variant.layout or "full", *layouts]:
            out = default_output(cv, layout, name, Path(folder))
            if out not in seen:
                seen.add(out)
                jobs.append(Job(name, layout, out))
        if has_letter(cv, variant):
            tailored = dataclasses.replace(cv, variant=variant)  # (the name: the file's, as a build names it)
            layout = variant.layout or "full"
            jobs.append(Job(name, layout, letter_output(tailored, layout, folder), "letter"))
    return jobs


def cores() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def run_job(cv: CV, job: Job, paper: Optional[str] = None, allow_unsupported_scripts: bool = False) -> Outcome:
    """Tailor, render and write one file; any failure becomes the outcome's error."""
    try:
        tailored = variants.apply(cv, job.variant)
        if job.document == "letter":
            return Outcome(job, build_letter(tailored, job.layout, job.output, paper))
        return Outcome(job, build_cv(tailored, job.layout, job.output, paper,
                                     allow_unsupported_scripts=allow_unsupported_scripts))
    except CVError as exc:
        return Outcome(job, error=exc.format())
    except Exception as exc:  # a bug in one job must not stop the others
        return Outcome(job, error=f"internal error: {type(exc).__name__}: {exc}")


def build_all(cv: CV, jobs: list[Job], paper: Optional[str] = None, workers: Optional[int] = None,
              on_done: Optional[Callable[[Outcome], None]] = None, allow_unsupported_scripts: bool = False
              ) -> list[Outcome]:
    """Build every job, ``workers`` at a time (default: one per core; 1 builds in this process).

    ``on_done`` is called with each outcome as it completes; the list returned
    is in the order of ``jobs``.
    """
    done: dict[Job, Outcome] = {}

    def finish(outcome: Outcome) -> None:
        done[outcome.job] = outcome
        if on_done:
            on_done(outcome)

    workers = max(1, min(workers or cores(), len(jobs)))
    if workers == 1:
        collecting = gc.isenabled()
        gc.enable()  # many builds in this process: their cycles must be collected (see above)
        try:
            for job in jobs:
                finish(run_job(cv, job, paper, allow_unsupported_scripts))
        finally:
            if not collecting:
                gc.disable()
        return [done[j] for j in jobs]

    retry: list[Job] = []
    pool = _pool(workers, cv, (paper, allow_unsupported_scripts))
    try:
        futures = {pool.submit(_run, job): job for job in jobs}
        for future in as_completed(futures):
            job = futures[future]
            try:
                finish(future.result())
            except BrokenProcessPool:
                retry.append(job)  # a worker died: its job, or one beside it; try each alone
            except Exception as exc:  # e.g. the CV could not be sent to the worker
                finish(Outcome(job, error=f"internal error: {type(exc).__name__}: {exc}"))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    for job in sorted(retry, key=jobs.index):
        with _pool(1, cv, (paper, allow_unsupported_scripts)) as alone:
            try:
                finish(alone.submit(_run, job).result())
            except BrokenProcessPool:
                finish(Outcome(job, error="the process building this file died unexpectedly; "
                                          "nothing was written for it"))
    return [done[j] for j in jobs]


def _pool(workers: int, cv: CV, settings: tuple) -> ProcessPoolExecutor:
    """Worker processes that collect their garbage and die with this process. On Linux they
    are forked, so they start with the fonts and ReportLab already imported, and with the CV:
    it is given to each worker once, not pickled with every job (with the CV sent per job, the
    work grew with variants × files: 400 variants took twice the CPU time on two workers as
    in one process)."""
    context = multiprocessing.get_context("fork") if sys.platform.startswith("linux") else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                               initargs=(os.getpid(), cv, settings))


_WORK: tuple = ()  # in a worker: (the CV, (the paper, allow_unsupported_scripts)) that every job builds from


def _run(job: Job) -> Outcome:
    cv, settings = _WORK
    return run_job(cv, job, *settings)


PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def _start_worker(parent: int, cv: CV, settings: tuple) -> None:
    global _WORK
    _WORK = (cv, settings)
    gc.enable()  # (off in a command, and so in a worker forked from it: see above)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # it died before the line above
                    os._exit(1)
                return
        except (OSError, AttributeError):  # pragma: no cover - no prctl to call: watch instead
            pass
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()


def _watch_parent(parent: int) -> None:  # pragma: no cover - where there is no prctl
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
