"""The package used as a library (issue 19): builds in threads make what builds one at a
time make, and a build leaves the process as it found it: ReportLab's settings, the
garbage collector, the font registry."""

from __future__ import annotations

import gc
import threading

import pytest
from reportlab import rl_config

from conftest import DATA
from cv_builder.build import build
from cv_builder.errors import CVError


def _one_at_a_time(tmp_path, layouts) -> dict:
    return {layout: (build(DATA, layout, tmp_path / f"alone-{layout}.pdf").output.read_bytes())
            for layout in set(layouts)}


def _together(tmp_path, layouts, round_: int) -> list[bytes]:
    barrier = threading.Barrier(len(layouts))
    out: list = [None] * len(layouts)

    def run(i, layout):
        try:
            barrier.wait(timeout=30)
            out[i] = build(DATA, layout, tmp_path / f"thread-{round_}-{i}.pdf").output.read_bytes()
        except BaseException as exc:  # noqa: BLE001 - reported below
            out[i] = exc

    threads = [threading.Thread(target=run, args=(i, layout)) for i, layout in enumerate(layouts)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return out


@pytest.mark.parametrize("layouts", [("full", "full"), ("full", "one-page"), ("one-page", "full", "full")])
def test_builds_in_threads_give_the_bytes_of_builds_one_at_a_time(tmp_path, layouts):
    """ReportLab's rl_config.useA85 was switched off while a build wrote its PDF and back on
    after: a build that ended first switched it on under the other, whose content streams
    then came out in ASCII85 (other bytes), and the last to end left it off for the process."""
    before = rl_config.useA85
    alone = _one_at_a_time(tmp_path, layouts)
    for round_ in range(3):
        results = _together(tmp_path, layouts, round_)
        for layout, pdf in zip(layouts, results):
            if isinstance(pdf, BaseException):
                raise pdf
            assert pdf == alone[layout], (round_, layout)
            assert b"/ASCII85Decode" not in pdf
    assert rl_config.useA85 == before


def test_a_build_never_switches_the_collector_off(tmp_path, monkeypatch):
    """gc.disable() is process-wide: a library switching it off for a moment races with
    its callers' threads (one thread's "was it on?" seeing another's "off" left it off
    for good). A build leaves the collector alone, whether it succeeds or fails."""
    from cv_builder.render import fonts

    monkeypatch.setenv("CV_BUILDER_CACHE", str(tmp_path / "cache"))
    calls = []
    real_disable = gc.disable
    monkeypatch.setattr(gc, "disable", lambda: calls.append("disable") or real_disable())
    assert gc.isenabled()
    try:
        fonts.reset()  # faces read (and cached, then restored) again: every path of the font cache
        build(DATA, "full", tmp_path / "a.pdf")
        fonts.reset()
        build(DATA, "one-page", tmp_path / "b.pdf")  # restored from the cache this time
        bad = tmp_path / "bad.yaml"
        bad.write_text("name: [unclosed\n", encoding="utf-8")
        with pytest.raises(CVError):
            build(bad, "full", tmp_path / "c.pdf")
    finally:
        fonts.reset()
    assert calls == [] and gc.isenabled()


def test_a_build_leaves_a_switched_off_collector_off(tmp_path):
    """(The command line switches it off for its short life; a build must not switch it on.)"""
    gc.disable()
    try:
        build(DATA, "full", tmp_path / "a.pdf")
        assert not gc.isenabled()
    finally:
        gc.enable()
