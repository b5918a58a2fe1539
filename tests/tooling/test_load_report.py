"""The load test's verdict (tests/load/run.py ``report``): what it says about each target, from locust's table."""

import importlib.util
import types
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[1] / "load" / "run.py"


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("dms_load_run", RUN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _row(name, p95, count=100, errors=0, kind="GET"):
    return {
        "Type": kind, "Name": name, "Request Count": count, "Failure Count": errors, "50%": 100, "95%": p95, "99%": p95
    }  # fmt: skip


def _check(broken=0):
    names = ("orders", "channel_orders", "confirmed", "credit_hold", "shipped", "signed", "paid_by_wallet")
    counts = dict.fromkeys((*names, "orders_in_run"), 10)
    counts["confirmed_in_run"] = 620
    return {"counts": counts, "no dealer over its credit limit": {"checked": 6, "broken": broken, "sample": []}}


def _report(run, rows, capsys, strict=False, broken=0):
    args = types.SimpleNamespace(users=30, workers=3, saturate=False, loadavg=(1.0, 3.0), strict_targets=strict)
    code = run.report(rows, [], _check(broken), 300.0, args)
    return code, capsys.readouterr().out


def test_pages_writes_and_first_visit_are_judged_apart(run, capsys):
    rows = [
        _row("portal: catalog", 700),
        _row("portal: quick order preview", 900, kind="POST"),
        _row("portal: add to cart (Excel)", 1300, kind="POST"),
        _row("portal: submit (quick order)", 1100, kind="POST"),
        _row("portal: home (first visit)", 2500),
        _row("api: approve", 4000, kind="POST"),
        _row("Aggregated", 1200, kind=""),
    ]
    code, out = _report(run, rows, capsys)
    assert "portal pages p95 900 ms (target < 1000): met" in out
    writes = out.split("portal writes p95", 1)[1].splitlines()[0]
    assert writes.startswith(" 1300 ms") and writes.endswith("MISSED")
    assert (
        "portal first visit p95 2500 ms" in out
        and "MISSED" in out.split("portal first visit p95", 1)[1].splitlines()[0]
    )
    assert "confirmations/s 2.07 (target >= 2.0): met" in out
    # a missed latency target is reported, and fails the run only when asked (--strict-targets)
    assert code == 0 and "dms load: passed" in out
    code, out = _report(run, rows, capsys, strict=True)
    assert code == 1 and "dms load: FAILED" in out


def test_a_slow_page_misses_whatever_the_writes(run, capsys):
    rows = [_row("portal: dashboard", 1000), _row("portal: submit (Excel)", 800, kind="POST")]
    code, out = _report(run, rows, capsys, strict=True)
    assert "portal pages p95 1000 ms (target < 1000): MISSED" in out
    assert out.split("portal writes p95", 1)[1].splitlines()[0].endswith(": met")
    assert code == 1


def test_a_slow_first_visit_still_fails_a_strict_run(run, capsys):
    rows = [_row("portal: cart", 300), _row("portal: submit (Excel)", 800, kind="POST")]
    rows.append(_row("portal: home (first visit)", 1500))
    code, out = _report(run, rows, capsys)
    assert out.split("portal first visit p95", 1)[1].splitlines()[0].endswith("MISSED")
    assert code == 0
    code, out = _report(run, rows, capsys, strict=True)
    assert code == 1


def test_errors_and_broken_promises_always_fail(run, capsys):
    code, out = _report(run, [_row("portal: cart", 300, errors=2)], capsys)
    assert code == 1 and "errors 2 (target 0)" in out
    code, out = _report(run, [_row("portal: cart", 300)], capsys, broken=1)
    assert code == 1 and "BROKEN 1" in out
