"""How fast cv-builder is, set beside baselines measured in the same run.

    make bench                          # or: .venv/bin/python bench/bench.py
    .venv/bin/python bench/bench.py --quick --json /tmp/b.json   # a smoke run

Every figure is the median of repeated runs, and each sits beside a baseline
measured in the same run on the same machine, so the ratios mean something on
any machine:

cold build     ``cv-builder build`` as a fresh process (full and one-page
               layouts) against the floor ``python -c "import reportlab.platypus,
               yaml, click"`` in the same environment; the runs are interleaved
               so that drift affects both alike.
warm rebuild   :func:`cv_builder.build.build` again in one process (load,
               validate, render, check, write: what a watch loop does) against
               a bare ReportLab build of a one-paragraph document; once with
               the data unchanged, and once after an edit of one paragraph
               (a new revision each time, so that the edited paragraph is never
               in the caches a process keeps between builds).
one-page fit   the one-page build against the full build (warm, in-process).
letter         ``cv-builder letter`` of the seed's research-scientist variant (full
               look), cold against the same floor and warm in one process, beside
               the CV's: the same targets.
memory         peak resident memory of a cold build (and of the floor), each
               read from its own process with ``os.wait4``.
size           bytes of each PDF, and whether every font is embedded.
scaling        synthetic CVs of 10, 100 and 1,000 entries (full layout, warm):
               time per entry, which must stay flat.

Before timing, the package's bytecode is compiled (what any first run does,
unless PYTHONDONTWRITEBYTECODE is set) and one build warms the caches: the
cold figures are those of the second and later runs. The very first build on
a machine (no font cache yet) is reported separately.

The result is printed as a table and written as JSON (``--json``, default
``build/bench.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "cv.yaml"
CJK_DATA = ROOT / "tests" / "inputs" / "languages" / "zh-Hans.yaml"  # a Chinese CV: the CJK font, its lines
FLOOR = "import reportlab.platypus, yaml, click"
LETTER_VARIANT = "research-scientist"  # its letter, in its own look (full)
# cv-builder with the structure pass of the tagged PDF switched off (render/tagging.py)
UNTAGGED = ("import sys; from cv_builder.render import tagging; tagging.structure = lambda story: None; "
            "sys.argv[0] = 'cv-builder'; from cv_builder.cli import run; run()")

TARGETS = {
    # figure key -> (limit, how it is compared, what it means)
    "cold_full_ratio": (1.5, "<=", "cold full build / import floor"),
    "cold_cjk_ratio": (2.0, "<=", "cold build of a Chinese CV / import floor (font cache filled)"),
    "pdf_cjk_kb": (250.0, "<=", "PDF of a Chinese CV, KB"),
    "warm_full_ms": (25.0, "<=", "warm rebuild of the seed CV, ms"),
    "warm_edit_ms": (25.0, "<=", "warm rebuild of the seed CV after an edit of one paragraph, ms"),
    "cold_letter_ratio": (1.5, "<=", "cold letter build (research-scientist, full) / import floor"),
    "warm_letter_ms": (25.0, "<=", "warm rebuild of the seed's letter (research-scientist, full), ms"),
    "one_page_ratio": (2.0, "<=", "one-page build / full build (warm)"),
    "cold_full_peak_mib": (60.0, "<=", "peak memory of a cold full build, MiB"),
    "pdf_full_kb": (100.0, "<=", "full-layout PDF of the seed CV, KB"),
    "fonts_all_embedded": (True, "==", "every font of the full PDF embedded"),
    "scaling_1000_vs_100": (1.5, "<=", "time per entry, 1,000 entries / 100 entries"),
}


# -- helpers -------------------------------------------------------------------
def cli_path() -> str:
    """The installed console script (what a user types), beside this Python."""
    script = Path(sys.executable).parent / "cv-builder"
    return str(script) if script.exists() else ""


def cli_command(*args: str) -> list[str]:
    script = cli_path()
    return [script, *args] if script else [sys.executable, "-m", "cv_builder", *args]


def run_child(cmd: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """Run a command as a fresh process: (wall seconds, peak RSS in MiB, CPU seconds).

    ``os.wait4`` returns the resource usage of exactly this child, so the peak
    memory of one run is not mixed with that of earlier ones (as
    RUSAGE_CHILDREN, a maximum over all children so far, would be)."""
    # Linux carries the peak memory of the process that forked across the exec
    # into the child's ru_maxrss, so the child is started by GNU time (a small C
    # program) and its own peak is read from time's report when time exists.
    timer = Path("/usr/bin/time").exists()
    marker = "cv-builder-bench-peak-kib="
    full = (["/usr/bin/time", "-f", marker + "%M", *cmd] if timer else cmd)
    start = time.perf_counter()
    proc = subprocess.Popen(full, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    peak_kib = usage.ru_maxrss  # KiB on Linux; an upper bound when GNU time is missing
    for line in err.splitlines():
        if line.startswith(marker):
            peak_kib = int(line[len(marker):])
    return seconds, peak_kib / 1024, usage.ru_utime + usage.ru_stime


def median(values) -> float:
    return statistics.median(values)


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    try:
        import reportlab
        rl = reportlab.Version
    except ImportError:  # pragma: no cover
        rl = "?"
    try:
        import _rl_accel  # noqa: F401
        accel = True
    except ImportError:
        accel = False
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = ""
    return {"cpus": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "reportlab": rl, "rl_accel": accel,
            "commit": commit, "date": time.strftime("%Y-%m-%d %H:%M")}


# -- synthetic CVs ---------------------------------------------------------------
WORDS = ("diffusion transformer latent training data pipeline evaluation model release "
         "research inference scaling distillation sampler architecture dataset").split()


def synthetic_cv(entries: int) -> str:
    """A CV with `entries` experience entries, each with a header, a note and two bullets."""
    lines = ["name: Ada Example", "headline: A synthetic CV for the benchmark",
             "email: ada@example.org", "sections:", "  experience:", "    items:"]
    for i in range(entries):
        w = [WORDS[(i * 7 + k) % len(WORDS)] for k in range(8)]
        year = 2025 - (i % 30)
        lines += [
            f"      - organisation: Organisation {i + 1}",
            f"        title: Research Scientist, {w[0]} team",
            "        place: London",
            f"        start: {year - 2}-0{1 + i % 9}",
            f"        end: {year}",
            f"        note: Working on {w[1]} and {w[2]}",
            "        bullets:",
            f"          - Led the **{w[3]}** work on {w[4]} {w[5]}, from the first prototype to a "
            f"release used by many teams ({i + 1}).",
            f"          - Built the {w[6]} {w[7]} that cut the cost of every run by a third.",
        ]
    return "\n".join(lines) + "\n"


# -- what a child process measures in-process ------------------------------------
def child_warm(args) -> dict:
    """Warm figures, measured inside one process (run as a child of the benchmark)."""
    import io

    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from cv_builder.build import build, render_cv
    from cv_builder import letter, schema

    out = Path(args.tmp)
    repeats = args.warm_repeats

    cpu = {}

    def timed(fn, n, name=None):
        """Median milliseconds of n calls after a first, untimed one (a rebuild, not a build)."""
        last = fn()
        times, cpus = [], []
        for _ in range(n):
            t, c = time.perf_counter(), time.process_time()
            last = fn()
            times.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
        if name:
            cpu[name] = median(cpus) * 1000
        return median(times) * 1000, last

    style = getSampleStyleSheet()["Normal"]

    def bare():
        SimpleDocTemplate(io.BytesIO()).build([Paragraph("A one-paragraph document, built by ReportLab alone.",
                                                         style)])

    # a rebuild after an edit, as in a watch loop: each time, one paragraph of the
    # CV is new (so not in the caches) and the file is written again (not timed)
    edited = out / "edited.yaml"
    source = DATA.read_text(encoding="utf-8")
    anchor = re.search(r"- text: >-\n\s+\S[^\n]*", source)
    if anchor is None:
        raise SystemExit("bench: no `- text: >-` paragraph in the data to edit")
    edit_times, edit_cpus = [], []
    for i in range(repeats + 1):
        edited.write_text(source[:anchor.end()] + f" (revision {i})" + source[anchor.end():], encoding="utf-8")
        t, c = time.perf_counter(), time.process_time()
        build(edited, "full", out / "edited.pdf")
        if i:  # the first build fills the caches
            edit_times.append(time.perf_counter() - t)
            edit_cpus.append(time.process_time() - c)
    cpu["edit"] = median(edit_cpus) * 1000

    result = {
        "warm_edit_ms": median(edit_times) * 1000,
        "bare_ms": timed(bare, repeats, "bare")[0],
        "warm_full_ms": timed(lambda: build(DATA, "full", out / "warm-full.pdf"), repeats, "full")[0],
        "warm_one_page_ms": timed(lambda: build(DATA, "one-page", out / "warm-one-page.pdf"), repeats,
                                  "one_page")[0],
        "warm_letter_ms": timed(lambda: letter.build(DATA, None, out / "warm-letter.pdf", variant=LETTER_VARIANT),
                                repeats, "letter")[0],
    }
    # the structure pass (render/tagging.py): the same rebuild with it and without it, interleaved
    # so that the machine's drift falls on both alike; then the archival path (--pdfa, --embed-data)
    # on its own (three builds in turn would each find the caches of the build before last gone:
    # they keep what the last two builds used, see cv_builder/memo.py)
    from cv_builder.render import tagging

    def untagged():
        real = tagging.structure
        tagging.structure = lambda story: None
        try:
            return build(DATA, "full", out / "warm-untagged.pdf")
        finally:
            tagging.structure = real

    runs = {"tagged": lambda: build(DATA, "full", out / "warm-tagged.pdf"), "untagged": untagged}
    walls = {k: [] for k in runs}
    cpus = {k: [] for k in runs}
    for fn in runs.values():
        fn()
    for _ in range(repeats):
        for key, fn in runs.items():
            t, c = time.perf_counter(), time.process_time()
            fn()
            walls[key].append(time.perf_counter() - t)
            cpus[key].append(time.process_time() - c)
    for key in runs:
        result[f"warm_{key}_ms"] = median(walls[key]) * 1000
        cpu[key] = median(cpus[key]) * 1000
    result["warm_archival_ms"] = timed(lambda: build(DATA, "full", out / "warm-pdfa.pdf", pdfa="3b", embed=True),
                                       repeats, "archival")[0]
    result["pdfa_bytes"] = (out / "warm-pdfa.pdf").stat().st_size
    result["untagged_bytes"] = (out / "warm-untagged.pdf").stat().st_size
    result["cpu_ms"] = cpu
    cv = schema.load(DATA)
    result["fit_trials"] = render_cv(cv, "one-page").trials

    scaling = {}
    for n in args.sizes:
        path = out / f"synthetic-{n}.yaml"
        path.write_text(synthetic_cv(n))
        reps = max(1, min(repeats, 3000 // (n * 3)))
        t, res = timed(lambda: build(path, "full", out / f"synthetic-{n}.pdf"), reps)
        scaling[str(n)] = {"ms": t, "ms_per_entry": t / n, "pages": res.pages, "bytes": res.size,
                           "repeats": reps}
    result["scaling"] = scaling
    return result


# -- the benchmark -----------------------------------------------------------------
def pdf_fonts(data: bytes) -> dict:
    """Fonts of a ReportLab PDF and whether each is embedded (its objects are plain text)."""
    names = sorted(set(m.decode() for m in re.findall(rb"/BaseFont /([^\s/>\]]+)", data)))
    descriptors = len(re.findall(rb"/Type /FontDescriptor", data))
    files = len(re.findall(rb"/FontFile2? ", data)) + len(re.findall(rb"/FontFile3 ", data))
    base14 = [n for n in names if "+" not in n]
    return {"names": names, "embedded": bool(names) and not base14 and files >= descriptors > 0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="few repeats and small CVs: a smoke run")
    ap.add_argument("--repeats", type=int, help="cold runs of each command (default 15, quick 1)")
    ap.add_argument("--json", default=str(ROOT / "build" / "bench.json"), help="where to write the JSON")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--tmp", help=argparse.SUPPRESS)
    ap.add_argument("--warm-repeats", type=int, default=30, help=argparse.SUPPRESS)
    ap.add_argument("--sizes", type=int, nargs="*", default=[10, 100, 1000], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child == "warm":
        json.dump(child_warm(args), sys.stdout)
        return 0

    repeats = args.repeats or (1 if args.quick else 15)
    warm_repeats = 2 if args.quick else 30
    sizes = [5, 10, 20] if args.quick else [10, 100, 1000]

    # bytecode as any second run has it (PYTHONDONTWRITEBYTECODE would otherwise
    # make every run compile the package from source)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "cv_builder")], check=True,
                   stdout=subprocess.DEVNULL)

    with tempfile.TemporaryDirectory(prefix="cv-bench-") as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, CV_BUILDER_CACHE=str(tmp / "cache"))
        full_pdf, one_pdf, cjk_pdf = tmp / "full.pdf", tmp / "one-page.pdf", tmp / "cjk.pdf"
        letter_pdf = tmp / "letter.pdf"
        commands = {
            "floor": [sys.executable, "-c", FLOOR],
            "full": cli_command("build", str(DATA), "--output", str(full_pdf)),
            "one_page": cli_command("build", str(DATA), "--layout", "one-page", "--output", str(one_pdf)),
            "cjk": cli_command("build", str(CJK_DATA), "--output", str(cjk_pdf)),
            "letter": cli_command("letter", str(DATA), "--variant", LETTER_VARIANT, "--output", str(letter_pdf)),
            # the same build with the structure pass switched off (what tagging costs), and the
            # archival one (PDF/A-3b with the data attached: pikepdf's import and rewrite)
            "untagged": [sys.executable, "-c", UNTAGGED, "build", str(DATA), "--output", str(tmp / "untagged.pdf")],
            "archival": cli_command("build", str(DATA), "--pdfa", "3b", "--embed-data", "--output",
                                    str(tmp / "archival.pdf")),
        }
        # the first run on a machine: no font cache yet (reported apart)
        first = [run_child(commands["full"], dict(os.environ, CV_BUILDER_CACHE=str(tmp / f"first-{i}")))[0]
                 for i in range(max(1, repeats // 3))]
        first_cjk = [run_child(commands["cjk"], dict(os.environ, CV_BUILDER_CACHE=str(tmp / f"first-cjk-{i}")))[0]
                     for i in range(max(1, repeats // 3))]
        for cmd in commands.values():  # warm the OS file cache and the font cache
            run_child(cmd, env)
        times = {k: [] for k in commands}
        rss = {k: [] for k in commands}
        cpu = {k: [] for k in commands}
        for _ in range(repeats):  # interleaved, so drift affects all alike
            for key, cmd in commands.items():
                s, m, c = run_child(cmd, env)
                times[key].append(s)
                rss[key].append(m)
                cpu[key].append(c)

        warm_cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "warm", "--tmp", str(tmp),
                    "--warm-repeats", str(warm_repeats), "--sizes", *map(str, sizes)]
        proc = subprocess.run(warm_cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"bench: the warm measurements failed:\n{proc.stderr}")
        warm = json.loads(proc.stdout)

        full_bytes, one_bytes, cjk_bytes = full_pdf.read_bytes(), one_pdf.read_bytes(), cjk_pdf.read_bytes()
        letter_bytes = letter_pdf.read_bytes()

    floor = median(times["floor"])
    cold_full = median(times["full"])
    cold_one = median(times["one_page"])
    scaling = warm["scaling"]
    big, mid = str(sizes[-1]), str(sizes[-2])
    fonts = pdf_fonts(full_bytes)
    figures = {
        "floor_s": floor,
        "cold_full_s": cold_full,
        "cold_full_ratio": cold_full / floor,
        "cold_one_page_s": cold_one,
        "cold_one_page_ratio": cold_one / floor,
        "cold_first_full_s": median(first),
        "cold_cjk_s": median(times["cjk"]),
        "cold_cjk_ratio": median(times["cjk"]) / floor,
        "cold_cjk_cpu_ratio": median(cpu["cjk"]) / median(cpu["floor"]),
        "cold_first_cjk_s": median(first_cjk),
        "cold_letter_s": median(times["letter"]),
        "cold_letter_ratio": median(times["letter"]) / floor,
        "cold_letter_cpu_ratio": median(cpu["letter"]) / median(cpu["floor"]),
        "cold_letter_peak_mib": max(rss["letter"]),
        "warm_letter_ms": warm["warm_letter_ms"],
        "warm_letter_cpu_ms": warm["cpu_ms"]["letter"],
        "warm_letter_vs_bare": warm["warm_letter_ms"] / warm["bare_ms"],
        "pdf_letter_bytes": len(letter_bytes),
        "cold_cjk_peak_mib": max(rss["cjk"]),
        "pdf_cjk_bytes": len(cjk_bytes),
        "pdf_cjk_kb": len(cjk_bytes) / 1000,
        # CPU time (user + system) of the same runs: steadier than wall time on a busy machine
        "floor_cpu_s": median(cpu["floor"]),
        "cold_full_cpu_ratio": median(cpu["full"]) / median(cpu["floor"]),
        "cold_one_page_cpu_ratio": median(cpu["one_page"]) / median(cpu["floor"]),
        "warm_full_cpu_ms": warm["cpu_ms"]["full"],
        "warm_one_page_cpu_ms": warm["cpu_ms"]["one_page"],
        "load_average": os.getloadavg()[0],
        "warm_full_ms": warm["warm_full_ms"],
        "warm_edit_ms": warm["warm_edit_ms"],
        "warm_edit_cpu_ms": warm["cpu_ms"]["edit"],
        "warm_edit_vs_bare": warm["warm_edit_ms"] / warm["bare_ms"],
        "warm_one_page_ms": warm["warm_one_page_ms"],
        "bare_reportlab_ms": warm["bare_ms"],
        "warm_full_vs_bare": warm["warm_full_ms"] / warm["bare_ms"],
        "warm_one_page_vs_bare": warm["warm_one_page_ms"] / warm["bare_ms"],
        "one_page_ratio": warm["warm_one_page_ms"] / warm["warm_full_ms"],
        "one_page_ratio_cold": cold_one / cold_full,
        "fit_trials": warm["fit_trials"],
        "floor_peak_mib": max(rss["floor"]),
        "cold_full_peak_mib": max(rss["full"]),
        "cold_one_page_peak_mib": max(rss["one_page"]),
        "pdf_full_bytes": len(full_bytes),
        "pdf_full_kb": len(full_bytes) / 1000,
        "pdf_one_page_bytes": len(one_bytes),
        "fonts": fonts["names"],
        "fonts_all_embedded": fonts["embedded"] and pdf_fonts(one_bytes)["embedded"],
        # the tagged PDF's cost (the structure pass: the same build without it, in the same runs)
        "cold_untagged_ratio": median(times["untagged"]) / floor,
        "cold_tagging_ms": (cold_full - median(times["untagged"])) * 1000,
        "cold_tagging_cpu_ms": (median(cpu["full"]) - median(cpu["untagged"])) * 1000,
        "warm_tagged_ms": warm["warm_tagged_ms"],
        "warm_untagged_ms": warm["warm_untagged_ms"],
        "warm_tagging_ms": warm["warm_tagged_ms"] - warm["warm_untagged_ms"],
        "warm_tagging_cpu_ms": warm["cpu_ms"]["tagged"] - warm["cpu_ms"]["untagged"],
        "pdf_untagged_kb": warm["untagged_bytes"] / 1000,
        # the archival path: --pdfa 3b --embed-data
        "cold_archival_ratio": median(times["archival"]) / floor,
        "warm_archival_ms": warm["warm_archival_ms"],
        "warm_archival_cpu_ms": warm["cpu_ms"]["archival"],
        "pdf_archival_kb": warm["pdfa_bytes"] / 1000,
        "scaling": scaling,
        "scaling_1000_vs_100": scaling[big]["ms_per_entry"] / scaling[mid]["ms_per_entry"],
    }
    targets = {}
    for key, (limit, op, what) in TARGETS.items():
        value = figures[key]
        met = value == limit if op == "==" else value <= limit
        targets[key] = {"what": what, "value": value, "limit": limit, "met": bool(met)}
    report = {
        "machine": machine(),
        "settings": {"cold_repeats": repeats, "warm_repeats": warm_repeats, "sizes": sizes,
                     "quick": args.quick, "bytecode": "compiled", "floor": FLOOR,
                     "cold_command": " ".join(Path(c).name if i == 0 else c
                                              for i, c in enumerate(cli_command("build")))},
        "figures": figures,
        "targets": targets,
        "raw": {"cold_s": times, "cold_cpu_s": cpu, "peak_mib": rss, "first_full_s": first,
                "first_cjk_s": first_cjk},
    }
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(table(report))
    print(f"\nwritten to {out}")
    return 0


def table(report: dict) -> str:
    f = report["figures"]
    m = report["machine"]
    t = report["targets"]

    def mark(key):
        return "  ok" if t[key]["met"] else "  MISSED"

    rows = [
        ("cold: import floor (python -c 'import reportlab.platypus, yaml, click')",
         f"{f['floor_s'] * 1000:7.0f} ms", f"(CPU {f['floor_cpu_s'] * 1000:.0f} ms)", ""),
        ("cold: cv-builder build (full)", f"{f['cold_full_s'] * 1000:7.0f} ms",
         f"{f['cold_full_ratio']:5.2f} x floor (CPU {f['cold_full_cpu_ratio']:.2f} x)",
         "<= 1.5" + mark("cold_full_ratio")),
        ("cold: cv-builder build --layout one-page", f"{f['cold_one_page_s'] * 1000:7.0f} ms",
         f"{f['cold_one_page_ratio']:5.2f} x floor (CPU {f['cold_one_page_cpu_ratio']:.2f} x)", ""),
        ("cold: first build on a machine (no font cache)", f"{f['cold_first_full_s'] * 1000:7.0f} ms",
         f"{f['cold_first_full_s'] / f['floor_s']:5.2f} x floor", ""),
        ("cold: a Chinese CV (tests/inputs/languages/zh-Hans.yaml)", f"{f['cold_cjk_s'] * 1000:7.0f} ms",
         f"{f['cold_cjk_ratio']:5.2f} x floor (CPU {f['cold_cjk_cpu_ratio']:.2f} x)", "<= 2" + mark("cold_cjk_ratio")),
        ("cold: a Chinese CV, first build (no font cache)", f"{f['cold_first_cjk_s'] * 1000:7.0f} ms",
         f"{f['cold_first_cjk_s'] / f['floor_s']:5.2f} x floor", ""),
        ("cold: cv-builder letter (research-scientist, full)", f"{f['cold_letter_s'] * 1000:7.0f} ms",
         f"{f['cold_letter_ratio']:5.2f} x floor (CPU {f['cold_letter_cpu_ratio']:.2f} x)",
         "<= 1.5" + mark("cold_letter_ratio")),
        ("warm: bare ReportLab, one paragraph", f"{f['bare_reportlab_ms']:7.1f} ms", "", ""),
        ("warm: rebuild, full", f"{f['warm_full_ms']:7.1f} ms",
         f"{f['warm_full_vs_bare']:5.1f} x bare (CPU {f['warm_full_cpu_ms']:.1f} ms)",
         "<= 25 ms" + mark("warm_full_ms")),
        ("warm: rebuild after an edit, full", f"{f['warm_edit_ms']:7.1f} ms",
         f"{f['warm_edit_vs_bare']:5.1f} x bare (CPU {f['warm_edit_cpu_ms']:.1f} ms)",
         "<= 25 ms" + mark("warm_edit_ms")),
        ("warm: rebuild, one-page", f"{f['warm_one_page_ms']:7.1f} ms",
         f"{f['warm_one_page_vs_bare']:5.1f} x bare", ""),
        ("warm: rebuild, letter (research-scientist, full)", f"{f['warm_letter_ms']:7.1f} ms",
         f"{f['warm_letter_vs_bare']:5.1f} x bare (CPU {f['warm_letter_cpu_ms']:.1f} ms)",
         "<= 25 ms" + mark("warm_letter_ms")),
        ("one-page / full (warm)", "", f"{f['one_page_ratio']:5.2f} x",
         "<= 2" + mark("one_page_ratio")),
        ("one-page fit: trial layouts measured", f"{f['fit_trials']:7d}", "", ""),
        ("memory: peak RSS, import floor", f"{f['floor_peak_mib']:7.1f} MiB", "", ""),
        ("memory: peak RSS, cold full build", f"{f['cold_full_peak_mib']:7.1f} MiB", "",
         "<= 60" + mark("cold_full_peak_mib")),
        ("memory: peak RSS, cold one-page build", f"{f['cold_one_page_peak_mib']:7.1f} MiB", "", ""),
        ("size: full PDF", f"{f['pdf_full_bytes'] / 1000:7.1f} KB",
         "fonts embedded" if f["fonts_all_embedded"] else "NOT ALL FONTS EMBEDDED",
         "<= 100 KB" + mark("pdf_full_kb")),
        ("size: one-page PDF", f"{f['pdf_one_page_bytes'] / 1000:7.1f} KB", "", ""),
        ("size: the letter's PDF", f"{f['pdf_letter_bytes'] / 1000:7.1f} KB", "", ""),
        ("size: a Chinese CV's PDF", f"{f['pdf_cjk_bytes'] / 1000:7.1f} KB", "", "<= 250 KB" + mark("pdf_cjk_kb")),
        ("tagged PDF: cold build, the structure pass off", f"{f['cold_untagged_ratio']:7.2f} x",
         f"tagging {f['cold_tagging_ms']:+.1f} ms (CPU {f['cold_tagging_cpu_ms']:+.1f} ms)", ""),
        ("tagged PDF: warm rebuild, the structure pass off", f"{f['warm_untagged_ms']:7.1f} ms",
         f"tagging {f['warm_tagging_ms']:+.1f} ms (CPU {f['warm_tagging_cpu_ms']:+.1f} ms)", ""),
        ("tagged PDF: size without the structure", f"{f['pdf_untagged_kb']:7.1f} KB",
         f"tagging {f['pdf_full_kb'] - f['pdf_untagged_kb']:+.1f} KB", ""),
        ("archival: cold build --pdfa 3b --embed-data", f"{f['cold_archival_ratio']:7.2f} x", "x floor", ""),
        ("archival: warm rebuild --pdfa 3b --embed-data", f"{f['warm_archival_ms']:7.1f} ms",
         f"(CPU {f['warm_archival_cpu_ms']:.1f} ms)", ""),
        ("archival: size", f"{f['pdf_archival_kb']:7.1f} KB", "", ""),
    ]
    for n, s in f["scaling"].items():
        rows.append((f"scaling: {n} entries ({s['pages']} pages)", f"{s['ms']:7.1f} ms",
                     f"{s['ms_per_entry']:6.3f} ms/entry", ""))
    rows.append(("scaling: per entry, largest / middle", "", f"{f['scaling_1000_vs_100']:5.2f} x",
                 "<= 1.5" + mark("scaling_1000_vs_100")))
    w = max(len(r[0]) for r in rows)
    head = (f"cv-builder benchmark: {m['cpus']} x {m['cpu']}, Python {m['python']}, ReportLab {m['reportlab']}"
            f"{' (rl_accel)' if m['rl_accel'] else ''}, commit {m['commit']}; medians of "
            f"{report['settings']['cold_repeats']} cold and {report['settings']['warm_repeats']} warm runs; "
            f"load average {f['load_average']:.2f}")
    lines = [head, ""]
    for name, value, ratio, target in rows:
        lines.append(f"{name:<{w}}  {value:>12}  {ratio:<32} {target}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
