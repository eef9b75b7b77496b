"""The benchmark runs and writes its JSON (a smoke run: no timing is asserted)."""

import json
import subprocess
import sys

from conftest import ROOT


def test_bench_quick_writes_json(tmp_path):
    out = tmp_path / "bench.json"
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "bench.py"), "--quick", "--json", str(out)],
                       cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    report = json.loads(out.read_text())
    assert set(report) >= {"machine", "settings", "figures", "targets", "raw"}
    figures = report["figures"]
    for key in ("floor_s", "cold_full_s", "cold_full_ratio", "cold_one_page_s", "cold_one_page_ratio",
                "warm_full_ms", "warm_edit_ms", "warm_one_page_ms", "bare_reportlab_ms", "warm_full_vs_bare",
                "one_page_ratio", "fit_trials", "cold_full_peak_mib", "floor_peak_mib",
                "pdf_full_bytes", "pdf_one_page_bytes", "fonts_all_embedded", "scaling", "scaling_1000_vs_100"):
        assert key in figures, key
    for key in ("floor_s", "cold_full_s", "warm_full_ms", "warm_edit_ms", "bare_reportlab_ms", "cold_full_peak_mib"):
        assert figures[key] > 0, key
    assert figures["fonts_all_embedded"] is True
    assert set(figures["scaling"]) == {"5", "10", "20"}
    for s in figures["scaling"].values():
        assert s["pages"] >= 1 and s["bytes"] > 0 and s["ms_per_entry"] > 0
    assert set(report["targets"]) == {"cold_full_ratio", "warm_full_ms", "warm_edit_ms", "one_page_ratio", "cold_full_peak_mib",
                                      "pdf_full_kb", "fonts_all_embedded", "scaling_1000_vs_100",
                                      "cold_cjk_ratio", "pdf_cjk_kb", "cold_letter_ratio", "warm_letter_ms"}
    assert figures["cold_letter_s"] > 0 and figures["warm_letter_ms"] > 0 and figures["pdf_letter_bytes"] > 0
    assert "cold: cv-builder letter" in r.stdout and "warm: rebuild, letter" in r.stdout
    assert figures["cold_cjk_s"] > 0 and figures["cold_first_cjk_s"] > 0 and figures["pdf_cjk_bytes"] > 0
    assert "cold: a Chinese CV" in r.stdout
    assert report["machine"]["cpus"] >= 1 and report["machine"]["python"]
    assert "cold: cv-builder build (full)" in r.stdout
    assert "warm: rebuild after an edit, full" in r.stdout
