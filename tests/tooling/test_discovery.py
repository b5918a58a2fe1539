import os
import stat

import dms_cli
import pytest


def fake_python(path, output, status=0):
    path.write_text(f"#!/bin/sh\necho '{output}'\nexit {status}\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_probe_reads_version_and_package(tmp_path):
    py = fake_python(tmp_path / "python", "18 18.0-20250506 /src/odoo")
    assert dms_cli.probe(py) == (18, "18.0-20250506", "/src/odoo")
    assert dms_cli.probe(fake_python(tmp_path / "broken", "", 1)) is None
    assert dms_cli.probe(str(tmp_path / "absent")) is None


def probes(table):
    return lambda path, extra=None: table.get(path)


def test_odoo_python_wins(tmp_path):
    py = fake_python(tmp_path / "py", "")
    odoo = dms_cli.find_odoo({"ODOO_PYTHON": py}, probes({py: (18, "18.0", "/o")}), lambda c: None)
    assert (odoo.python, odoo.run) == (py, [py, "-m", "odoo"])


def test_odoo_bin_uses_the_venv_next_to_it(tmp_path):
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    py = fake_python(tmp_path / "venv" / "bin" / "python", "")
    odoo_bin = tmp_path / "odoo-bin"
    odoo_bin.write_text("")
    odoo = dms_cli.find_odoo({"ODOO_BIN": str(odoo_bin)}, probes({py: (18, "18.0", "/o")}), lambda c: None)
    assert odoo.run == [py, str(odoo_bin)] and odoo.pythonpath == str(tmp_path)


def test_python3_on_path_before_the_home_venv(tmp_path):
    py3 = fake_python(tmp_path / "python3", "")
    (tmp_path / "home" / "venv" / "bin").mkdir(parents=True)
    home_py = fake_python(tmp_path / "home" / "venv" / "bin" / "python", "")
    table = {py3: (18, "18.0", "/a"), home_py: (18, "18.0", "/b")}
    env = {"ODOO_HOME": str(tmp_path / "home")}
    assert dms_cli.find_odoo(env, probes(table), lambda c: py3).pkg == "/a"
    table[py3] = (17, "17.0", "/a")  # python3 has another Odoo: the home venv is next
    assert dms_cli.find_odoo(env, probes(table), lambda c: py3).pkg == "/b"


def test_wrong_version_and_nothing_found_say_why(tmp_path):
    py3 = fake_python(tmp_path / "python3", "")
    with pytest.raises(dms_cli.DmsError, match="found Odoo 17.0 .* need 18"):
        dms_cli.find_odoo({"HOME": str(tmp_path)}, probes({py3: (17, "17.0", "/a")}), lambda c: py3)
    with pytest.raises(dms_cli.DmsError, match="Odoo 18 not found: set ODOO_PYTHON"):
        dms_cli.find_odoo({"HOME": str(tmp_path)}, probes({}), lambda c: None)
    with pytest.raises(dms_cli.DmsError, match="ODOO_BIN=.*: no such file"):
        dms_cli.find_odoo({"ODOO_BIN": str(tmp_path / "nope")}, probes({}), lambda c: None)


def test_the_real_python_is_found_by_the_real_probe():
    """The python running these tests imports Odoo 18 (Odoo's venv or the odoo:18 image)."""
    odoo = dms_cli.find_odoo({"ODOO_PYTHON": os.path.abspath(os.sys.executable)})
    assert odoo.version.startswith("18.")


def write_addon(root, name, depends=(), installable=True):
    (root / name).mkdir()
    (root / name / "__init__.py").write_text("")
    manifest = {"name": name, "depends": list(depends), "installable": installable, "license": "LGPL-3"}
    (root / name / "__manifest__.py").write_text(repr(manifest))


def test_addons_in_dependency_order(tmp_path):
    write_addon(tmp_path, "dms_portal", ["dms_order", "portal"])
    write_addon(tmp_path, "dms_order", ["dms_dealer", "sale_stock"])
    write_addon(tmp_path, "dms_dealer", ["sale_management"])
    write_addon(tmp_path, "dms_old", ["dms_dealer"], installable=False)
    (tmp_path / "docs").mkdir()
    assert dms_cli.repo_addons(tmp_path) == ["dms_dealer", "dms_order", "dms_portal"]
    assert dms_cli.missing_modules(["dms_order", "nope", "dms_old"], [str(tmp_path)]) == ["nope", "dms_old"]


def test_initdb_cache_key_ignores_tests(tmp_path):
    """bin/dms keys click-odoo-initdb templates on the addons without their tests/ folders."""
    initdb = pytest.importorskip("click_odoo_contrib.initdb", reason="bin/dms deps installs click-odoo-contrib")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text("")
    (tmp_path / "models.py").write_text("")
    saved = initdb._walk.__defaults__
    try:
        initdb._walk.__defaults__ = ((*initdb.EXCLUDE_PATTERNS, "tests/*"),)
        assert list(initdb._walk(str(tmp_path))) == ["models.py"]
    finally:
        initdb._walk.__defaults__ = saved


def test_reexec_only_when_another_python_or_a_source_checkout():
    venv = dms_cli.Odoo("/venv/bin/python", "18.0", "/o", ["/venv/bin/python", "-m", "odoo"])
    assert not dms_cli.needs_reexec(venv, "/venv/bin/python", {})
    assert dms_cli.needs_reexec(venv, "/usr/bin/python3", {})
    assert not dms_cli.needs_reexec(venv, "/usr/bin/python3", {dms_cli.FOUND: "/venv/bin/python"})  # no loop
    src = dms_cli.Odoo("/venv/bin/python", "18.0", "/o", ["/venv/bin/python", "/src/odoo-bin"], pythonpath="/src")
    assert dms_cli.needs_reexec(src, "/venv/bin/python", {})  # to put the source on PYTHONPATH
