"""What a build promises when processes are killed, run at once, or run out of room
(issue 19's limits, issue 20's items 4 and 5 and what held):

* kill -9 (or SIGTERM, or Ctrl-C) at any point of a build or a batch leaves every previous
  PDF whole, and the next build leaves no temporary file behind;
* 20 builds to one file at once leave a whole PDF that passes `cv-builder check`;
* a batch's workers die with it, and their memory does not grow with the number of files;
* a full disk or `ulimit -f` fail the build (exit 1), the previous PDF as it was;
* the output folder removed during a build is made again, or the build says why not;
* `watch` under many invalid saves keeps its memory flat.

Every process here is started by the test, in a tmp_path folder, and killed by its id.
"""

from __future__ import annotations

import gc
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from cv_builder import build as build_module
from cv_builder import files
from cv_builder.cli import main

A = "name: Ada Lovelace\nsections:\n  about: Wrote the first program.\n"
B = ("name: Ada Lovelace\nheadline: Mathematician\nsections:\n  about: Wrote the first program, "
     "for the Analytical Engine.\n  skills:\n    - Mathematics\n    - Translation\n")
CLI = [sys.executable, "-m", "cv_builder"]


def variants(n: int, base: str = A) -> str:
    return base + "variants:\n" + "".join(f"  v{i}:\n    headline: Variant {i}\n" for i in range(n))


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".*.tmp"))


def start(*args, cwd, **kw) -> subprocess.Popen:
    return subprocess.Popen([*CLI, *args], cwd=cwd, stdout=kw.pop("stdout", subprocess.DEVNULL),
                            stderr=kw.pop("stderr", subprocess.DEVNULL), **kw)


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (read from /proc)."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if int(fields[1]) == pid:
                out.append(int(entry))
    return out


def running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def references(tmp_path: Path, *texts: str, args=()) -> list[bytes]:
    """The PDF each text builds to, built without disturbance."""
    out = []
    for i, text in enumerate(texts):
        folder = tmp_path / f"reference-{i}"
        folder.mkdir()
        (folder / "cv.yaml").write_text(text)
        r = subprocess.run([*CLI, "build", "cv.yaml", "-o", "cv.pdf", *args], cwd=folder, capture_output=True)
        assert r.returncode == 0, r.stderr
        out.append((folder / "cv.pdf").read_bytes())
    return out


needs_proc = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc to find the workers")


# -- signals --------------------------------------------------------------------
def test_a_killed_build_leaves_the_previous_pdf_whole(tmp_path):
    """Kill -9, SIGTERM and SIGINT at points spread over a whole build (from the start of
    Python to the rename): the PDF is always one of the two whole versions, and after the
    next build no temporary file is left."""
    whole = references(tmp_path, A, B)
    (tmp_path / "cv.yaml").write_text(A)
    began = time.monotonic()
    assert subprocess.run([*CLI, "build", "cv.yaml", "-o", "cv.pdf"], cwd=tmp_path).returncode == 0
    duration = time.monotonic() - began
    rng = random.Random(20)
    kills = [(sig, duration * (i + rng.random()) / 6) for i in range(6)
             for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT)]
    for n, (sig, delay) in enumerate(kills):
        (tmp_path / "cv.yaml").write_text((A, B)[n % 2])
        proc = start("build", "cv.yaml", "-o", "cv.pdf", cwd=tmp_path)
        time.sleep(delay)
        proc.send_signal(sig)
        proc.wait(60)
        assert (tmp_path / "cv.pdf").read_bytes() in whole, f"damaged after {sig.name} at {delay:.2f} s"
    (tmp_path / "cv.yaml").write_text(B)
    assert subprocess.run([*CLI, "build", "cv.yaml", "-o", "cv.pdf"], cwd=tmp_path).returncode == 0
    assert (tmp_path / "cv.pdf").read_bytes() == whole[1]
    assert temporaries(tmp_path) == []


@needs_proc
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_batch_workers_die_with_their_parent(tmp_path, sig):
    """Killing `build --all-variants` left both workers running for good, holding its output open."""
    (tmp_path / "cv.yaml").write_text(variants(400))
    proc = start("build", "cv.yaml", "--all-variants", "--output-dir", "apps", "-j", "2", cwd=tmp_path,
                 stdout=subprocess.PIPE)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
            workers = children(proc.pid)
            time.sleep(0.01)
        assert len(workers) == 2, "the workers did not start"
        proc.send_signal(sig)
        proc.wait(30)
        done = threading.Event()
        threading.Thread(target=lambda: (proc.stdout.read(), done.set()), daemon=True).start()
        assert done.wait(20), "something still holds the batch's standard output open"
        deadline = time.monotonic() + 20
        while any(running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [w for w in workers if running(w)], "workers outlived their parent"
    finally:
        for pid in workers:  # (on failure only: the workers this test started, by their ids)
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        proc.stdout.close()


@needs_proc
def test_a_killed_batch_leaves_every_previous_pdf_whole(tmp_path):
    n = 6
    whole: dict[str, set] = {}
    for text in (variants(n, A), variants(n, B)):
        (tmp_path / "cv.yaml").write_text(text)
        r = subprocess.run([*CLI, "build", "cv.yaml", "--all-variants", "--output-dir", "apps", "-j", "2"],
                           cwd=tmp_path, capture_output=True)
        assert r.returncode == 0, r.stderr
        for pdf in (tmp_path / "apps").iterdir():
            whole.setdefault(pdf.name, set()).add(pdf.read_bytes())
    assert len(whole) == n and all(len(v) == 2 for v in whole.values())
    rng = random.Random(19)
    for i in range(6):
        (tmp_path / "cv.yaml").write_text(variants(n, (A, B)[i % 2]))
        proc = start("build", "cv.yaml", "--all-variants", "--output-dir", "apps", "-j", "2", cwd=tmp_path)
        time.sleep(0.3 + rng.random() * 1.5)
        workers = children(proc.pid)
        proc.kill()
        proc.wait(30)
        deadline = time.monotonic() + 20
        while any(running(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        for w in workers:
            if running(w):
                os.kill(w, signal.SIGKILL)
                pytest.fail("a worker outlived its parent")
        for pdf in (tmp_path / "apps").glob("*.pdf"):
            assert pdf.read_bytes() in whole[pdf.name], f"{pdf.name} damaged by a kill"
    r = subprocess.run([*CLI, "build", "cv.yaml", "--all-variants", "--output-dir", "apps", "-j", "2"],
                       cwd=tmp_path, capture_output=True)
    assert r.returncode == 0, r.stderr
    assert temporaries(tmp_path) == []


def test_twenty_builds_to_one_file_at_once_leave_a_whole_pdf(tmp_path):
    whole = references(tmp_path, A, B)
    for name, text in (("a.yaml", A), ("b.yaml", B)):
        (tmp_path / name).write_text(text)
    procs = [start("build", ("a.yaml", "b.yaml")[i % 2], "-o", "out/cv.pdf", cwd=tmp_path,
                   stderr=subprocess.PIPE) for i in range(20)]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    assert (tmp_path / "out" / "cv.pdf").read_bytes() in whole
    r = subprocess.run([*CLI, "check", "out/cv.pdf"], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert temporaries(tmp_path) == []


# -- memory --------------------------------------------------------------------------
def batch_peak(tmp_path: Path, n: int, jobs: int) -> float:
    """The largest resident memory (MB) of any process of a batch of ``n`` variants."""
    folder = tmp_path / f"batch-{n}-{jobs}"
    folder.mkdir()
    (folder / "cv.yaml").write_text(variants(n))
    measure = ("import resource, subprocess, sys\n"
               "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
               "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    r = subprocess.run([sys.executable, "-c", measure, *CLI, "build", "cv.yaml", "--all-variants",
                        "--output-dir", "apps", "-j", str(jobs)], cwd=folder, capture_output=True, text=True)
    code, peak = r.stdout.split()
    assert code == "0", r.stderr
    return int(peak) / 1024


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_memory_does_not_grow_with_the_number_of_files(tmp_path, jobs):
    """With the collector off (as for any command), each file left ~0.55 MB behind in its worker:
    3,000 variants took 6.4 GB. Measured here: 160 files against 20."""
    small, large = batch_peak(tmp_path, 20, jobs), batch_peak(tmp_path, 160, jobs)
    per_file = (large - small) / (140 / jobs)
    assert per_file < 0.15, f"{per_file:.2f} MB more per file ({small:.0f} MB for 20 files, {large:.0f} MB for 160)"


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_the_cv_goes_to_each_worker_once_not_with_every_job(tmp_path, monkeypatch):
    """Sent (pickled) with every job, the CV made the work grow with variants × files: 400
    variants took twice the CPU time on two workers as in one process."""
    from cv_builder import batch, schema
    from cv_builder.model import CV

    (tmp_path / "cv.yaml").write_text(variants(8))
    cv = schema.load(tmp_path / "cv.yaml")
    sent = []
    real = CV.__reduce_ex__
    monkeypatch.setattr(CV, "__reduce_ex__", lambda self, protocol: sent.append(1) or real(self, protocol))
    jobs = batch.plan(cv, folder=tmp_path / "apps")
    outcomes = batch.build_all(cv, jobs, workers=2)
    assert [o.ok for o in outcomes] == [True] * 8
    assert len(sent) == 0  # forked: the workers have it already


def test_watch_memory_stays_flat_under_invalid_saves(tmp_path):
    """Many saves of broken data (a syntax error, a misspelt key, a bad date, in turn):
    each rebuild fails and is reported; what stays allocated does not grow."""
    import tracemalloc

    from cv_builder.watch import Watcher

    data = tmp_path / "cv.yaml"
    data.write_text(A)
    watcher = Watcher(data, output=tmp_path / "cv.pdf")
    assert watcher.build().ok
    broken = [A + "  bad: [unclosed\n", A.replace("name:", "nmae:"),
              A + "  experience:\n    - title: X\n      start: 1842-13\n"]
    enabled = gc.isenabled()
    gc.enable()  # as `watch` runs

    def saves(n):
        for i in range(n):
            data.write_text(broken[i % 3] + f"# save {i}\n")
            assert not watcher.build([data]).ok

    try:
        saves(60)
        tracemalloc.start()
        saves(60)
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        saves(600)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
    finally:
        if not enabled:
            gc.disable()
    assert grown < 150_000, f"{grown:,} bytes more after 600 invalid saves"


# -- room to write ---------------------------------------------------------------------
def test_ulimit_f_fails_the_build_and_keeps_the_previous_pdf(tmp_path):
    (tmp_path / "cv.yaml").write_text(A)
    assert subprocess.run([*CLI, "build", "cv.yaml", "-o", "cv.pdf"], cwd=tmp_path).returncode == 0
    before = (tmp_path / "cv.pdf").read_bytes()
    (tmp_path / "cv.yaml").write_text(B)
    limit = len(before) // 2

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    r = subprocess.run([*CLI, "build", "cv.yaml", "-o", "cv.pdf"], cwd=tmp_path, capture_output=True, text=True,
                       preexec_fn=small_files)
    assert r.returncode == 1, r.stderr
    assert r.stderr == "cv.pdf: the PDF cannot be written: File too large\n"
    assert (tmp_path / "cv.pdf").read_bytes() == before
    assert temporaries(tmp_path) == []


def test_a_full_disk_fails_the_build_and_keeps_the_previous_pdf(tmp_path):
    """A real full disk: a 256 KB tmpfs mounted in a mount namespace of its own (so nothing
    outside the test sees it), filled up after the first build."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs unshare and root to mount a small file system")
    disk = tmp_path / "disk"
    disk.mkdir()
    (tmp_path / "a.yaml").write_text(A)
    (tmp_path / "b.yaml").write_text(B)
    cli = " ".join(CLI)
    script = f"""
set -e
mount -t tmpfs -o size=256k none {disk}
{cli} build a.yaml -o {disk}/cv.pdf
cp {disk}/cv.pdf before.pdf
{sys.executable} -c "
f = open('{disk}/filler', 'wb')
try:
    while True:
        f.write(b'x' * 1024); f.flush()
except OSError:
    pass
" 2>/dev/null || true
set +e
{cli} build b.yaml -o {disk}/cv.pdf 2> stderr
echo $? > rc
cp {disk}/cv.pdf after.pdf
ls -a {disk} > listing
"""
    r = subprocess.run(["unshare", "--mount", "sh", "-c", script], cwd=tmp_path, capture_output=True, text=True)
    if r.returncode != 0 and "mount" in r.stderr:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "rc").read_text().strip() == "1"
    assert (tmp_path / "stderr").read_text().startswith(f"{disk}/cv.pdf: the PDF cannot be written: "
                                                        "No space left on device")
    assert (tmp_path / "after.pdf").read_bytes() == (tmp_path / "before.pdf").read_bytes()
    assert (tmp_path / "listing").read_text().split() == [".", "..", "cv.pdf", "filler"]


def test_the_output_folder_removed_during_the_build(tmp_path, monkeypatch):
    """Removed while the PDF is drawn: it is made again. Removed while the PDF is being
    written: the build fails with the reason, and leaves nothing behind."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cv.yaml").write_text(A)
    out = tmp_path / "out"
    real_render, real_fsync = build_module.render_cv, os.fsync

    def render_then_remove(*args, **kwargs):
        rendered = real_render(*args, **kwargs)
        shutil.rmtree(out, ignore_errors=True)
        return rendered

    assert CliRunner().invoke(main, ["build", "cv.yaml", "-o", "out/cv.pdf"]).exit_code == 0
    monkeypatch.setattr(build_module, "render_cv", render_then_remove)
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "out/cv.pdf"])
    assert result.exit_code == 0, result.output
    assert (out / "cv.pdf").read_bytes().startswith(b"%PDF-")
    monkeypatch.setattr(build_module, "render_cv", real_render)

    def remove_then_sync(fd):
        shutil.rmtree(out)
        real_fsync(fd)

    monkeypatch.setattr(files.os, "fsync", remove_then_sync)
    result = CliRunner().invoke(main, ["build", "cv.yaml", "-o", "out/cv.pdf"])
    assert result.exit_code == 1
    assert result.stderr == "out/cv.pdf: the PDF cannot be written: No such file or directory\n"
    assert not out.exists()
