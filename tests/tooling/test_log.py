import subprocess
import sys
from pathlib import Path

import dms_cli

REPO = Path(__file__).resolve().parents[2]


def rec(level, logger, msg, db="dms_test"):
    return f"2025-05-06 10:00:00,123 4242 {level} {db} {logger}: {msg}"


T = "odoo.addons.dms_dealer.tests.test_hierarchy"
LOG = [
    rec("INFO", "odoo.modules.loading", "loading 66 modules..."),
    rec("INFO", "odoo.modules.loading", "66 modules loaded in 3.10s, 0 queries (+0 extra)"),
    rec("WARNING", "odoo.addons.base.models.ir_model", "a warning outside tests"),
    rec("INFO", "odoo.service.server", "Starting post tests"),
    rec("INFO", T, "Starting TestHierarchy.test_move ..."),
    rec("ERROR", "odoo.http", "expected error of a controller under test"),
    "Traceback (most recent call last):",
    '  File "x.py", line 1',
    rec("INFO", T, "Starting TestHierarchy.test_tour ..."),
    rec("INFO", T, "skipped TestHierarchy.test_tour : Chrome not found"),
    rec("INFO", T, "Starting TestHierarchy.test_fail ..."),
    rec("ERROR", T, "FAIL: TestHierarchy.test_fail"),
    "AssertionError: 1 != 2",
    rec("INFO", "odoo.service.server", "3 post-tests in 1.00s, 10 queries"),
    rec("ERROR", "odoo.models", "error after the tests"),
    rec("ERROR", "odoo.tests.result", "1 failed, 0 error(s) of 3 tests when loading database 'dms_test'"),
]


def scan(lines, mods=("dms_dealer",)):
    s = dms_cli.LogScan(mods)
    shown = [s.feed(line) for line in lines]
    return s, [x for x in shown if x is not None]


def test_counts_failures_and_skips():
    s, _shown = scan(LOG)
    assert s.result == (1, 0, 3)
    assert s.counts() == (1, 1, 1)  # 3 tests: 1 failed, 1 skipped (not a pass), 1 passed
    assert s.skipped == ["skipped TestHierarchy.test_tour : Chrome not found"]


def test_errors_inside_tests_are_reported_not_checked():
    s, _shown = scan(LOG)
    assert s.test_errors == [LOG[5]]
    assert not any("expected error" in line or "FAIL:" in line for line in s.outside)
    assert LOG[2] in s.outside and LOG[14] in s.outside  # outside tests: checklog-odoo decides
    assert not any("tests.result" in line for line in s.outside)


def test_traceback_lines_follow_their_record():
    s, shown = scan(LOG)
    assert "AssertionError: 1 != 2" in shown  # the FAIL record is shown with its traceback
    assert "Traceback (most recent call last):" in shown
    assert "Traceback (most recent call last):" not in s.outside


def test_no_result_line_means_no_counts():
    s, _shown = scan(LOG[:3])
    assert s.result is None and s.counts() == (0, 0, 0)


def test_cache_hit_is_noticed():
    s, shown = scan([rec("INFO", "click_odoo_contrib.initdb", "\x1b[32mFound matching database template!\x1b[0m", "?")])
    assert s.cache_hit and shown


def test_junit_counts_skipped_apart(tmp_path):
    xml = tmp_path / "j.xml"
    xml.write_text('<testsuites><testsuite name="pytest" tests="7" failures="1" errors="1" skipped="2"/></testsuites>')
    assert dms_cli.junit_counts(xml) == (3, 2, 2)


def test_checklog_config_fails_on_errors_only(tmp_path):
    cfg = REPO / "config" / "checklog-odoo.cfg"

    def checklog(*lines):
        path = tmp_path / "log"
        path.write_text("".join(line + "\n" for line in lines))
        cmd = [sys.executable, "-m", "checklog_odoo", "-c", str(cfg), "--no-echo", "--no-err-if-empty", str(path)]
        return subprocess.run(cmd, capture_output=True, text=True).returncode

    assert checklog(LOG[0], LOG[2]) == 0
    assert checklog(LOG[0], LOG[14]) == 1
    assert checklog(rec("CRITICAL", "odoo.service.server", "Failed to initialize database")) == 1
    assert checklog() == 0
    # a demo that did not load is only a WARNING for Odoo, but the demo is part of the product
    assert (
        checklog(
            rec(
                "WARNING",
                "odoo.modules.loading",
                "Module dms_dealer demo data failed to install, installed without demo data",
            )
        )
        == 1
    )
    assert checklog(rec("WARNING", "odoo.models", "some harmless warning")) == 0


class FakeArgs:
    db, keep = "dms_test", False


def test_summary_is_the_last_line_and_a_skip_fails(capsys):
    run = dms_cli.TestRun(None, FakeArgs())
    run.total = [10, 0, 1]
    assert run.report(1.0) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "dms: 10 passed, 0 failed, 1 skipped"
    assert any("skipped" in line and "FAILED" in line for line in out)


def test_no_test_at_all_fails(capsys):
    run = dms_cli.TestRun(None, FakeArgs())
    assert run.report(1.0) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "dms: 0 passed, 0 failed, 0 skipped"


def test_all_green_passes(capsys):
    run = dms_cli.TestRun(None, FakeArgs())
    run.total = [5, 0, 0]
    assert run.report(1.0) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "dms: 5 passed, 0 failed, 0 skipped"


def test_colours_are_stripped():
    _s, shown = scan([rec("INFO", "click_odoo_contrib.initdb", "\x1b[32mFound matching database template!\x1b[0m")])
    assert shown == ["10:00:00 INFO click_odoo_contrib.initdb: Found matching database template!"]
