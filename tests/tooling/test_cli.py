import argparse

import dms_cli
import pytest


def test_test_options_keep_their_names():
    _parser, a, rest = dms_cli.parse(
        ["test", "--db", "dms_x", "--keep", "--modules", "dms_dealer,dms_order", "--test-tags", "-slow"]
        + ["--no-integration", "--no-demo"]
    )
    assert (a.cmd, a.db, a.keep, a.modules, a.test_tags) == ("test", "dms_x", True, "dms_dealer,dms_order", "-slow")
    assert a.no_integration and a.no_demo and not a.no_cache and rest == []


def test_test_defaults():
    _parser, a, _rest = dms_cli.parse(["test"])
    assert (a.db, a.keep, a.modules, a.test_tags, a.no_integration, a.no_demo) == (
        "dms_test", False, None, "", False, False,
    )  # fmt: skip


@pytest.mark.parametrize("argv", [["test", "--db", "bad name"], ["test", "--bogus"], ["update", "dms_dealer"]])
def test_bad_arguments_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        dms_cli.parse(argv)
    assert exc.value.code == 2


def test_pytest_shell_bench_pass_unknown_options_through():
    _parser, a, rest = dms_cli.parse(["pytest", "--db", "p", "addons/dms_dealer/tests/test_x.py", "-k", "move"])
    assert a.db == "p" and rest == ["addons/dms_dealer/tests/test_x.py", "-k", "move"]
    _parser, a, rest = dms_cli.parse(["bench", "pricing", "--db", "b", "--rules", "1000"])
    assert (a.name, a.db, rest) == ("pricing", "b", ["--rules", "1000"])


def test_every_command_of_the_old_launcher_exists():
    parser = dms_cli.build_parser()
    sub = next(x for x in parser._actions if isinstance(x, argparse._SubParsersAction))
    for cmd in ("demo", "init", "test", "pytest", "shell", "update", "bench", "lint", "deps", "doctor", "help"):
        assert cmd in sub.choices


def test_help_needs_no_odoo(capsys, monkeypatch):
    monkeypatch.setattr(dms_cli, "find_odoo", lambda: pytest.fail("help must not look for Odoo"))
    assert dms_cli.main(["help"]) == 0
    assert "test" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("spec", "scoped"),
    [
        ("", "/a,/b"),
        ("-slow", "-slow,/a,/b"),
        ("post_install", "post_install/a,post_install/b"),
        ("+slow:TestX.test_y", "+slow/a:TestX.test_y,+slow/b:TestX.test_y"),
        ("/a:TestX", "/a:TestX"),
        ("[weird]", "[weird]"),
    ],
)
def test_test_tags_are_scoped_to_our_modules(spec, scoped):
    assert dms_cli.scope_test_tags(spec, ["a", "b"]) == scoped
