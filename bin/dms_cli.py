"""bin/dms: run, test and inspect the DMS addons on Odoo 18 Community.

Glue around the tools Odoo integrators already use: click-odoo-initdb (template databases
keyed on the addons' content), click-odoo-dropdb, checklog-odoo (errors in an Odoo log),
manifestoo (addon lists and dependency order), pytest-odoo, ruff and pylint-odoo.
`bin/dms help` lists the commands; config/README.md explains the environment variables.
Runs with any python3: it finds the python that imports Odoo 18 and re-executes itself there.
"""

import argparse
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

BIN = Path(__file__).resolve().parent
REPO = BIN.parent
TOOLING = REPO / "tests" / "tooling"
TEMPLATE_RECIPE = "dms template v1: tests/ excluded, assets pregenerated"
FOUND = "DMS_ODOO_PYTHON"  # set when this program re-executes itself under Odoo's python
PROBE = (
    "import importlib.util, os, runpy; s = importlib.util.find_spec('odoo'); "
    "p = os.path.realpath(list(s.submodule_search_locations)[0]); "
    "r = runpy.run_path(os.path.join(p, 'release.py')); print(r['version_info'][0], r['version'], p)"
)


class DmsError(Exception):
    def __init__(self, message, code=2):
        super().__init__(message)
        self.code = code


def say(msg):
    print(f"dms: {msg}", flush=True)


# --------------------------------------------------------------------------- finding Odoo 18
class Odoo:
    def __init__(self, python, version, pkg, run, pythonpath=None):
        self.python, self.version, self.pkg, self.run, self.pythonpath = python, version, pkg, run, pythonpath


def probe(python, extra=None):
    """(major, version, package dir) of the odoo package PYTHON imports, or None."""
    env = dict(os.environ)
    if extra:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [extra, env.get("PYTHONPATH")]))
    try:
        out = subprocess.run([python, "-c", PROBE], env=env, capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    parts = out.stdout.split()
    return (int(parts[0]), parts[1], parts[2]) if out.returncode == 0 and len(parts) == 3 else None


def find_odoo(env=os.environ, probe=probe, which=shutil.which):
    """First match wins: ODOO_BIN / ODOO_PYTHON, python3 on PATH with Odoo 18, ~/odoo/venv."""
    wrong = []

    def attempt(cand, extra=None):
        path = cand if "/" in cand else which(cand)
        if not path or not os.access(path, os.X_OK):
            return None
        path = os.path.abspath(path)  # keep venv symlinks: their python has the venv's packages
        found = probe(path, extra)
        if found and found[0] != 18:
            wrong.append(f"found Odoo {found[1]} ({path}, {found[2]}), need 18")
            return None
        return (path, *found[1:]) if found else None

    def fail(msg):
        raise DmsError(wrong[0] if wrong else msg)

    if env.get("ODOO_BIN"):
        odoo_bin = os.path.abspath(env["ODOO_BIN"])
        if not os.path.isfile(odoo_bin):
            raise DmsError(f"ODOO_BIN={env['ODOO_BIN']}: no such file")
        src = os.path.dirname(odoo_bin)
        if env.get("ODOO_PYTHON"):
            cands = [env["ODOO_PYTHON"]]
        else:
            cands = [f"{src}/venv/bin/python", f"{src}/../venv/bin/python", "python3"]
        for cand in cands:
            hit = attempt(cand, src)
            if hit:
                return Odoo(hit[0], hit[1], hit[2], [hit[0], odoo_bin], pythonpath=src)
        fail(f"no python can import the odoo package next to ODOO_BIN={env['ODOO_BIN']}; set ODOO_PYTHON")
    if env.get("ODOO_PYTHON"):
        hit = attempt(env["ODOO_PYTHON"])
        if not hit:
            fail(f"ODOO_PYTHON={env['ODOO_PYTHON']} cannot import odoo")
    else:
        home = env.get("ODOO_HOME") or os.path.join(env.get("HOME", "~"), "odoo")
        hit = attempt("python3") or attempt(f"{home}/venv/bin/python")
        if not hit:
            fail(
                "Odoo 18 not found: set ODOO_PYTHON (a python that imports odoo) or ODOO_BIN (odoo-bin), "
                f"activate its venv, or keep it in {home}/venv"
            )
    return Odoo(hit[0], hit[1], hit[2], [hit[0], "-m", "odoo"])


# --------------------------------------------------------------------------- addons (manifestoo)
def repo_addons(addons_dir):
    """Installable addons of ADDONS_DIR in dependency order (manifestoo's topological sort)."""
    from graphlib import TopologicalSorter

    from manifestoo_core.addons_set import AddonsSet

    addons = AddonsSet()
    addons.add_from_addons_dir(Path(addons_dir))
    graph = {name: {d for d in a.manifest.depends if d in addons} for name, a in sorted(addons.items())}
    return list(TopologicalSorter(graph).static_order())


def missing_modules(mods, paths):
    from manifestoo_core.addon import is_addon_dir

    return [m for m in mods if not any(is_addon_dir(Path(p, m)) for p in paths)]


def scope_test_tags(spec, mods):
    """Odoo --test-tags value: include terms without /module are scoped to MODS (core tests never run)."""
    if not spec:
        return ",".join(f"/{m}" for m in mods)
    if "[" in spec:
        return spec
    out, include = [], False
    for term in spec.split(","):
        if term.startswith("-") or "/" in term:
            out.append(term)
            include = include or not term.startswith("-")
            continue
        include = True
        sign = "+" if term.startswith("+") else ""
        tag = re.match(r"[^:.]*", term[len(sign) :]).group()
        tail = term[len(sign) + len(tag) :]
        out += [f"{sign}{tag}/{m}{tail}" for m in mods]
    if not include:
        out += [f"/{m}" for m in mods]
    return ",".join(out)


# --------------------------------------------------------------------------- Odoo log
LINE_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z?]+) (?P<db>\S+) (?P<logger>[^\s:]+): (?P<msg>.*)$"
)
TEST_LOGGER_RE = re.compile(r"^odoo\.addons\.\w+\.tests(\.|$)")
RESULT_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
MODULE_RESULT_RE = re.compile(r"Module \S+: \d+ failures, \d+ errors of \d+ tests")
POST_TESTS_RE = re.compile(r"\d+ post-tests in")
ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")


class LogScan:
    """Reads Odoo's log: test counts, skips, and which records happened outside tests.

    A test runs from its "Starting ..." line until module loading goes on or the post-install run
    ends. ERROR records of server loggers while a test runs are reported, not counted (the test
    result counts); records outside tests go to checklog-odoo.
    """

    def __init__(self, modules=()):
        self.ours = set(modules)
        self.result = None  # (failed, errors, tests) from odoo.tests.result
        self.skipped, self.test_errors, self.outside = [], [], []
        self.cache_hit = False
        self.in_test = self._show = self._out = False

    def feed(self, line):
        """Take one line; return what to print, or None."""
        line = ANSI_RE.sub("", line)
        m = LINE_RE.match(line)
        if not m:  # continuation of the current record (a traceback)
            if self._out:
                self.outside.append(line)
            return line if self._show else None
        level, logger, msg = m["level"], m["logger"], m["msg"].rstrip()
        test_logger = TEST_LOGGER_RE.match(logger) is not None
        loading = logger == "odoo.modules.loading"
        report = (
            test_logger
            or logger.startswith("odoo.tests")
            or (loading and (msg.startswith("At least one test failed") or MODULE_RESULT_RE.match(msg)))
        )
        starting = msg.startswith("Starting ") and (test_logger or msg == "Starting post tests")
        if starting:
            self.in_test = True
        elif (loading and not report) or (logger == "odoo.service.server" and POST_TESTS_RE.match(msg)):
            self.in_test = False
        if logger.startswith("odoo.tests.result") and RESULT_RE.search(msg):
            self.result = tuple(int(x) for x in RESULT_RE.search(msg).groups())
        if test_logger and msg.startswith("skipped "):
            self.skipped.append(msg)
        if "Found matching database template" in msg:
            self.cache_hit = True
        if level == "ERROR" and self.in_test and not report:
            self.test_errors.append(line)
        self._out = not report and (not self.in_test or level == "CRITICAL")
        if self._out:
            self.outside.append(line)
        self._show = level in ("WARNING", "ERROR", "CRITICAL")
        show = (
            self._show
            or starting
            or logger.startswith(("odoo.tests.result", "odoo.tests.stats"))
            or (loading and re.match(r"(loading \d+ modules|\d+ modules loaded in)", msg))
            or (loading and msg.startswith("Loading module ") and msg.split()[2] in self.ours)
            or (logger == "odoo.service.server" and POST_TESTS_RE.match(msg))
            or (test_logger and msg.startswith("skipped "))
            or "Found matching database template" in msg
        )
        return f"{line[11:19]} {level} {logger}: {msg}" if show else None

    def counts(self):
        """(passed, failed, skipped) of Odoo's runner; a skipped test is not a pass."""
        failed, errors, tests = self.result or (0, 0, 0)
        skipped = len(self.skipped)
        return max(tests - failed - errors - skipped, 0), failed + errors, skipped


def junit_counts(path):
    """(passed, failed, skipped) from a pytest junit xml file."""
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    tests = failed = skipped = 0
    for suite in suites:
        tests += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    return max(tests - failed - skipped, 0), failed, skipped


def summary_line(passed, failed, skipped):
    return f"dms: {passed} passed, {failed} failed, {skipped} skipped"


# --------------------------------------------------------------------------- environment
class Env:
    """Paths, generated config and tool commands of one run."""

    def __init__(self, odoo):
        self.odoo = odoo
        self.addons_dir = Path(os.environ.get("DMS_ADDONS_DIR") or REPO / "addons")
        self.state = Path(os.environ.get("DMS_STATE_DIR") or REPO / ".dms")
        self.conf = self.state / "odoo.conf"
        self.logs = self.state / "logs"
        self.data_dir = Path(os.environ.get("ODOO_DATA_DIR") or self.state / "data")
        self.addons_path = []
        digest = hashlib.sha1(str(self.state.resolve()).encode()).hexdigest()[:5]
        # click-odoo-initdb drops the oldest templates of a prefix: one prefix per state dir
        self.cache_prefix = os.environ.get("DMS_CACHE_PREFIX") or f"dms{digest}"

    def py(self, *args):
        return [self.odoo.python, *args]

    def tool(self, module, *args):
        return self.py("-c", f"import sys; from {module} import main; sys.argv[0] = {module!r}; main()", *args)

    def run(self, cmd, log=None, scan=None, quiet=False):
        """Run CMD; with LOG, stream its output to LOG and through SCAN. Return the exit code."""
        if log is None:
            return subprocess.call(cmd, stdin=subprocess.DEVNULL)
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        with open(log, "w", encoding="utf-8", buffering=1) as out:
            for raw in proc.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\n")
                out.write(line + "\n")
                shown = scan.feed(line) if scan else line
                if shown is not None and not quiet:
                    print(shown, flush=True)
        return proc.wait()

    def pg(self, dbname="postgres"):
        import psycopg2

        return psycopg2.connect(dbname=dbname, connect_timeout=5)

    def pg_check(self):
        if os.environ["PGUSER"] == "postgres":
            raise DmsError("PGUSER=postgres: Odoo refuses the postgres role; create another (createuser -s odoo)")
        try:
            with self.pg() as conn, conn.cursor() as cr:
                cr.execute(
                    "SELECT rolsuper OR rolcreatedb, current_setting('server_version')"
                    " FROM pg_roles WHERE rolname = current_user"
                )
                can_create, version = cr.fetchone()
        except Exception as exc:
            where = f"{os.environ['PGHOST']}:{os.environ['PGPORT']} as user {os.environ['PGUSER']}"
            first = (str(exc).strip() or type(exc).__name__).splitlines()[0]
            raise DmsError(f"PostgreSQL unreachable at {where}: {first}; start it or set PGHOST/PGPORT/PGUSER") from exc
        if not can_create:
            raise DmsError(f"role {os.environ['PGUSER']} may not create databases (needs CREATEDB or SUPERUSER)")
        return version

    def databases(self, like):
        with self.pg() as conn, conn.cursor() as cr:
            cr.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", (like,))
            return {r[0] for r in cr.fetchall()}

    def db_exists(self, name):
        return bool(self.databases(name.replace("_", r"\_")))

    def not_installed(self, db, mods):
        with self.pg(db) as conn, conn.cursor() as cr:
            cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)", (mods,))
            done = {r[0] for r in cr.fetchall()}
        return [m for m in mods if m not in done]

    def write_conf(self):
        """Write the config Odoo really uses (from ODOO_RC, DMS_EXTRA_ADDONS, PG*)."""
        import configparser

        parser = configparser.RawConfigParser()
        rc = os.environ.get("ODOO_RC")
        if rc and not parser.read(rc):
            raise DmsError(f"ODOO_RC={rc} cannot be read")
        if not parser.has_section("options"):
            parser.add_section("options")
        opts = parser["options"]
        paths = [str(self.addons_dir)] + [p.strip() for p in opts.get("addons_path", "").split(",")]
        extra = [p.strip() for p in os.environ.get("DMS_EXTRA_ADDONS", "").split(",") if p.strip()]
        for path in extra:
            if not os.path.isdir(path):
                raise DmsError(f"DMS_EXTRA_ADDONS: no such directory: {path}")
        self.addons_path = []
        for path in paths + extra:
            real = os.path.realpath(path) if path else ""
            if real and real not in self.addons_path and os.path.isdir(real):
                if path in extra or any((Path(real, n) / "__manifest__.py").is_file() for n in os.listdir(real)):
                    self.addons_path.append(real)
        if self.addons_path:
            opts["addons_path"] = ",".join(self.addons_path)
        else:
            opts.pop("addons_path", None)
        env = os.environ
        opts.update(db_host=env["PGHOST"], db_port=env["PGPORT"], db_user=env["PGUSER"])
        opts["db_password"] = env.get("PGPASSWORD") or "False"
        opts["data_dir"] = os.path.realpath(self.data_dir)
        opts["admin_passwd"] = opts.get("admin_passwd") or env.get("DMS_ADMIN_PASSWD", "admin")
        opts["without_demo"] = "False"  # chosen per command
        for key in ("logfile", "syslog", "log_handler", "db_name", "test_enable", "test_tags"):
            opts.pop(key, None)  # bin/dms reads Odoo's log on its output
        self.state.mkdir(parents=True, exist_ok=True)
        for d in (self.logs, self.data_dir):
            d.mkdir(parents=True, exist_ok=True)
        with open(self.conf, "w", encoding="utf-8") as f:
            f.write("; generated by bin/dms on every run: do not edit (set ODOO_RC, DMS_EXTRA_ADDONS, PG*)\n")
            parser.write(f)

    def modules(self, wanted=None):
        """WANTED (comma list) or every installable addon of addons/, checked against the addons path."""
        mods = [m for m in (wanted or "").split(",") if m] or repo_addons(self.addons_dir)
        miss = missing_modules(mods, [*self.addons_path, os.path.join(self.odoo.pkg, "addons")])
        if miss:
            raise DmsError(f"module(s) not found on the addons path ({','.join(self.addons_path)}): {','.join(miss)}")
        return mods

    def drop(self, db):
        self.run(self.tool("click_odoo_contrib.dropdb", "-c", str(self.conf), "--if-exists", db))

    def initdb(self, db, mods, demo, cache=True, modules_shown=()):
        """Create DB with MODS via click-odoo-initdb (a copy of a cached template when the addons did not
        change). Return (installed, problems)."""
        log = self.logs / f"init-{db}.log"
        before = self.databases(f"{self.cache_prefix}-%")
        args = ["-c", str(self.conf), "-n", db, "-m", ",".join(mods), "--demo" if demo else "--no-demo"]
        args += ["--cache-prefix", self.cache_prefix, "--cache-max-age", "14", "--cache-max-size", "4"]
        args += ["--log-level", "info"] if cache else ["--no-cache", "--log-level", "info"]
        say(f"creating {db} with {','.join(mods)} ({'with' if demo else 'without'} demo data; log {log})")
        scan = LogScan(modules_shown)
        t0 = time.time()
        rc = self.run(self.py(str(BIN / "dms_cli.py"), "_initdb", *args), log, scan)
        problems = [] if rc == 0 else [f"click-odoo-initdb failed for {db} (exit {rc}; log {log})"]
        if rc == 0:
            problems += [f"module {m} is not installed in {db}" for m in self.not_installed(db, mods)]
        installed = not problems  # the tests still run when the install only logged errors
        if rc == 0:
            problems += self.checklog(scan.outside, log)
        if problems and not scan.cache_hit:  # never reuse a template whose build logged errors
            for name in self.databases(f"{self.cache_prefix}-%") - before:
                self.drop(name)
        how = "copied from a cached template" if scan.cache_hit else "installed" if installed else "NOT installed"
        say(f"{db} {how} in {time.time() - t0:.0f}s")
        return installed, problems

    def checklog(self, records, log):
        """checklog-odoo on RECORDS (config/checklog-odoo.cfg: warnings are reported, not fatal)."""
        path = Path(f"{log}.checked")
        path.write_text("".join(line + "\n" for line in records), encoding="utf-8")
        cfg = REPO / "config" / "checklog-odoo.cfg"
        cmd = self.py("-m", "checklog_odoo", "-c", str(cfg), "--no-echo", "--no-err-if-empty", str(path))
        out = subprocess.run(cmd, capture_output=True, text=True)
        if out.returncode == 0:
            return []
        text = (out.stdout + out.stderr).split("errors that caused failure", 1)[-1]
        for line in text.splitlines()[:40]:
            print("    " + line[:300])
        return [f"ERROR/CRITICAL record(s) logged outside tests (checklog-odoo; log {log})"]


def setup(odoo):
    env = Env(odoo)
    env.pg_check()
    env.write_conf()
    return env


def check_db_name(name):
    if not re.match(r"^[A-Za-z][A-Za-z0-9_.-]*$", name):
        raise argparse.ArgumentTypeError(f"invalid database name: {name}")
    return name


def freeport():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- commands
class TestRun:
    """bin/dms test: each step adds its (passed, failed, skipped) and its problems; any problem fails."""

    def __init__(self, env, a):
        self.env, self.a, self.db = env, a, a.db
        self.total, self.problems, self.times = [0, 0, 0], [], {}
        self.scan = LogScan()

    def add(self, counts, problems=()):
        self.total = [x + y for x, y in zip(self.total, counts, strict=True)]
        self.problems += problems

    def timed(self, name, step, *args):
        t0 = time.time()
        step(*args)
        self.times[name] = time.time() - t0

    def pytest(self, name, cmd, xml):
        xml.unlink(missing_ok=True)
        log = self.env.logs / f"pytest-{name}.log"
        rc = self.env.run(cmd + [f"--junitxml={xml}"], log, quiet=name == "tooling")
        if rc and name == "tooling":
            print("".join(log.read_text(encoding="utf-8").splitlines(keepends=True)[-30:]), end="")
        self.add(junit_counts(xml) if xml.exists() else (0, 1, 0), [f"pytest {name} exited with {rc}"] * (rc > 1))

    def tooling(self):  # the launcher's own tests: pure pytest, no Odoo
        say("running tests/tooling (the launcher's own tests)")
        cmd = self.env.py("-m", "pytest", "-q", "-p", "no:odoo", "-p", "no:cacheprovider", str(TOOLING))
        self.pytest("tooling", cmd, self.env.logs / "pytest-tooling.xml")

    def database(self, mods):  # a copy of a cached template when the addons did not change
        for name in (self.db, f"{self.db}_demo"):
            if self.env.db_exists(name):
                say(f"dropping the old {name}")
                self.env.drop(name)
        self.ok, problems = self.env.initdb(self.db, mods, False, not self.a.no_cache, mods)
        self.add((0, 0, 0), problems)

    def odoo_tests(self, mods, spec):  # tests of MODS on the installed database (no -i / -u)
        env, self.scan = self.env, LogScan(mods)
        log = env.logs / f"test-{self.db}.log"
        say(f"testing {','.join(mods)} on {self.db} (test tags {spec}; log {log})")
        opts = f"--stop-after-init --log-level=info --workers=0 --max-cron-threads=0 --http-port={freeport()}"
        rc = env.run(env.odoo.run + ["-c", str(env.conf), "-d", self.db, "--test-enable", f"--test-tags={spec}",
                                     *opts.split()], log, self.scan)  # fmt: skip
        result = self.scan.result
        self.add(self.scan.counts(), [f"Odoo exited with status {rc}"] * bool(rc))
        self.add((0, 0, 0), ["Odoo logged no test result line"] * (result is None))
        self.add((0, 0, 0), ["Odoo's runner ran no test"] * (result is not None and not result[2]))
        self.add((0, 0, 0), env.checklog(self.scan.outside, log))

    def integration(self):  # cross-addon tests of tests/ with pytest-odoo on the same database
        env = self.env
        if subprocess.call(env.py("-c", "import pytest_odoo"), stderr=subprocess.DEVNULL):
            return self.add((0, 1, 0), ["pytest-odoo is not installed (bin/dms deps): tests/ not run"])
        if self.scan.result is None:
            return self.add((0, 0, 0), ["tests/ not run because the Odoo run did not finish"])
        say(f"running tests/ with pytest-odoo on {self.db}")
        cmd = env.py(str(BIN / "dms_cli.py"), "_pytest", str(REPO / "tests"), "-c", str(REPO / "pyproject.toml"),
                     f"--rootdir={REPO}", f"--odoo-config={env.conf}", f"--odoo-database={self.db}", "--odoo-http",
                     f"--ignore={REPO / 'tests' / 'bench'}", f"--ignore={TOOLING}")  # fmt: skip
        self.pytest(self.db, cmd, env.logs / "pytest.xml")

    def demo(self, mods):  # the demo database is part of the product: a demo that does not load fails
        _ok, problems = self.env.initdb(f"{self.db}_demo", mods, True, not self.a.no_cache)
        self.add((0, 0, 0), [f"demo database: {p}" for p in problems])
        if not self.a.keep:
            self.env.drop(f"{self.db}_demo")

    def run(self):
        t0, a = time.time(), self.a
        mods = self.env.modules(a.modules)
        if TOOLING.is_dir():
            self.timed("tooling", self.tooling)
        self.timed("database", self.database, mods)
        if self.ok:
            self.timed("Odoo tests", self.odoo_tests, mods, scope_test_tags(a.test_tags, mods))
            if not a.no_integration and list((REPO / "tests").glob("test_*.py")):
                self.timed("pytest", self.integration)
        if not a.modules and not a.no_demo:
            self.timed("demo", self.demo, mods)
        if a.keep:
            say(f"kept database {self.db}")
        elif self.env.db_exists(self.db):
            self.env.drop(self.db)
        return self.report(time.time() - t0)

    def report(self, elapsed):
        if self.scan.test_errors:
            say(f"note: {len(self.scan.test_errors)} ERROR record(s) of server loggers while tests ran (not "
                "counted, the test result counts; mute expected ones with odoo.tools.mute_logger):")  # fmt: skip
            for line in self.scan.test_errors[:10]:
                print("    " + line[:200])
        for line in self.scan.skipped:
            say(f"SKIPPED: {line[:200]}")
        passed, failed, skipped = self.total
        self.problems += [f"{failed} test(s) failed"] * bool(failed) + ["no test ran"] * (not passed + failed)
        self.problems += [f"{skipped} test(s) skipped or not run: a skipped test is a failure"] * bool(skipped)
        say("times: " + ", ".join(f"{k} {v:.0f}s" for k, v in self.times.items()) + f", total {elapsed:.0f}s")
        for p in self.problems:
            say(f"FAILED: {p}")
        print(summary_line(*self.total), flush=True)
        return 1 if self.problems else 0


def cmd_test(env, a):
    return TestRun(env, a).run()


def ensure_db(env, db, mods, demo, reinstall=False):
    """Create DB (initdb cache) or install what is missing in it; --reinstall updates MODS."""
    if not env.db_exists(db):
        ok, problems = env.initdb(db, mods, demo)
        for p in problems:
            say(f"FAILED: {p}")
        if not ok:
            env.drop(db)
            raise DmsError(f"could not create {db}", 1)
        return
    todo = env.not_installed(db, mods)
    args = (["-i", ",".join(todo)] if todo else []) + (["-u", ",".join(mods)] if reinstall else [])
    if args:
        say(f"{'installing ' + ','.join(todo) if todo else 'updating'} in {db}")
        cmd = env.odoo.run + ["-c", str(env.conf), "-d", db, "--stop-after-init", "--no-http", *args]
        if env.run(cmd + ([] if demo else ["--without-demo=all"]), env.logs / f"init-{db}.log", LogScan(mods)):
            raise DmsError(f"Odoo failed while updating {db}; log {env.logs}/init-{db}.log", 1)


def cmd_init(env, a):
    if a.reset:
        env.drop(a.db)
    mods = os.environ.get("DMS_DEMO_MODULES", "").split(",") if os.environ.get("DMS_DEMO_MODULES") else None
    ensure_db(env, a.db, env.modules(",".join(mods or [])) or ["web"], demo=not a.no_demo)
    return 0


def cmd_demo(env, a):
    a.no_demo = False
    cmd_init(env, a)
    say(f"serving {a.db} on http://localhost:{a.port} (login admin / admin; Ctrl-C stops)")
    filt = "^" + re.escape(a.db) + "$"
    os.execv(
        env.odoo.python,
        env.odoo.run + ["-c", str(env.conf), "-d", a.db, f"--db-filter={filt}", f"--http-port={a.port}"],
    )


def cmd_pytest(env, a, rest):
    if subprocess.call(env.py("-c", "import pytest_odoo"), stderr=subprocess.DEVNULL):
        raise DmsError(f"pytest-odoo is not installed in {env.odoo.python}: run bin/dms deps")
    ensure_db(env, a.db, env.modules() or ["web"], demo=False, reinstall=a.reinstall)
    if not rest:
        rest = [str(p) for p in (env.addons_dir, REPO / "tests") if p.is_dir()] + [f"--ignore={REPO}/tests/bench"]
    http = [] if a.no_http else ["--odoo-http"]
    return env.run(
        env.py(
            str(BIN / "dms_cli.py"),
            "_pytest",
            "-c",
            str(REPO / "pyproject.toml"),
            f"--rootdir={REPO}",
            f"--odoo-config={env.conf}",
            f"--odoo-database={a.db}",
            *http,
            *rest,
        )
    )


def cmd_shell(env, a, rest):
    if not env.db_exists(a.db):
        raise DmsError(f"database {a.db} does not exist (bin/dms init --db {a.db})", 1)
    os.execv(env.odoo.python, env.odoo.run + ["shell", "-c", str(env.conf), "-d", a.db, "--no-http", *rest])


def cmd_update(env, a):
    if not env.db_exists(a.db):
        raise DmsError(f"database {a.db} does not exist", 1)
    mods = env.modules(a.modules)
    return env.run(
        env.odoo.run + ["-c", str(env.conf), "-d", a.db, "-u", ",".join(mods), "--stop-after-init", "--no-http"]
    )


def cmd_bench(env, a, rest):
    script = REPO / "tests" / "bench" / f"{a.name}.py"
    if not script.is_file():
        raise DmsError(f"no benchmark {script}")
    ensure_db(env, a.db, env.modules() or ["web"], demo=False)
    return env.run(env.py(str(script), "--config", str(env.conf), "--db", a.db, *rest))


def cmd_lint(odoo):
    """ruff check + ruff format --check, then pylint-odoo's mandatory checks on addons/."""
    py = odoo.python if odoo else sys.executable
    ruff = [shutil.which("ruff")] if shutil.which("ruff") else [py, "-m", "ruff"]
    paths = [p for p in ("addons", "tests", "bin") if (REPO / p).exists()]
    rc = 0
    for args in (["check", *paths], ["format", "--check", *paths]):
        rc |= subprocess.call(ruff + args, cwd=REPO)
    addons = [str(p.parent) for p in sorted((REPO / "addons").glob("*/__manifest__.py"))]
    out = subprocess.run(
        [py, "-m", "pylint", "--rcfile=.pylintrc-mandatory", *addons], cwd=REPO, capture_output=True, text=True
    )
    findings = [line for line in out.stdout.splitlines() if re.match(r"^\S+:\d+: \[", line)]
    print(out.stdout.rstrip() or out.stderr.rstrip())
    if out.returncode and not findings:
        print(out.stderr.rstrip())
        say("pylint-odoo could not run (bin/dms deps installs it)")
        return 1
    say(f"pylint-odoo (.pylintrc-mandatory): {len(findings)} finding(s)")
    return 1 if rc or findings else 0


def cmd_deps(odoo):
    req = REPO / "test-requirements.txt"
    pip = [odoo.python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", str(req)]
    purelib = subprocess.run(
        odoo.run[:1]
        + ["-c", "import sys, sysconfig; print(sys.prefix != sys.base_prefix, sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
    )
    venv, _, lib = purelib.stdout.strip().partition(" ")
    if venv == "False" and not os.access(lib, os.W_OK):
        pip.append("--user")  # a system python (the odoo:18 image) is not writable for a normal user
    out = subprocess.run(pip, capture_output=True, text=True)
    if out.returncode and "externally-managed" in out.stderr:
        out = subprocess.run(pip + ["--break-system-packages"], capture_output=True, text=True)
    sys.stderr.write("".join(ln + "\n" for ln in out.stderr.splitlines() if ln and "WARNING: Location" not in ln))
    if out.returncode:
        raise DmsError("pip install -r test-requirements.txt failed", 1)
    say(f"test requirements installed for {odoo.python}")
    return 0


def cmd_doctor(odoo, quiet):
    if quiet:
        print(odoo.python)
        return 0
    env, rc = Env(odoo), 0
    print(f"repo          {REPO}")
    print(f"python        {odoo.python} ({sys.version.split()[0]})")
    print(f"odoo          {odoo.version} at {odoo.pkg}")
    print(f"odoo cli      {' '.join(odoo.run)}")
    try:
        print(
            f"postgresql    {env.pg_check()} at {os.environ['PGHOST']}:{os.environ['PGPORT']} as {os.environ['PGUSER']}"
        )
        env.write_conf()
        print(f"config        {env.conf} (from {os.environ.get('ODOO_RC') or 'defaults'})")
        print(f"addons_path   {','.join(env.addons_path) or '(core only)'} + {odoo.pkg}/addons")
    except DmsError as exc:
        print(f"postgresql    {exc}")
        rc = 1
    try:
        print(f"repo addons   {','.join(repo_addons(env.addons_dir))} (dependency order)")
    except ImportError:
        print("repo addons   manifestoo not installed (bin/dms deps)")
        rc = 1
    print(f"data_dir      {env.data_dir}")
    print(f"initdb cache  templates {env.cache_prefix}-*")
    from importlib import metadata

    for dist in ("click-odoo-contrib", "checklog-odoo", "manifestoo-core", "pytest-odoo", "pylint-odoo", "ruff"):
        try:
            print(f"{dist:<16} {metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            print(f"{dist:<16} not installed (bin/dms deps)")
    chrome = subprocess.run(
        env.py("-c", "import odoo.tests.common as c; print(c._find_executable())"), capture_output=True, text=True
    ).stdout.strip()
    print(f"chrome        {chrome or 'not found (browser tests are skipped, which fails bin/dms test)'}")
    print(f"wkhtmltopdf   {shutil.which('wkhtmltopdf') or 'not found (PDF reports render as HTML)'}")
    return rc


# --------------------------------------------------------------------------- internal helpers
def internal(cmd, args):
    """Helpers run under Odoo's python in a child process."""
    if cmd == "_initdb":  # click-odoo-initdb, with a template that also holds the compiled assets
        import click_odoo
        from click_odoo_contrib import initdb

        # template key: the addons' content without tests/ (editing a test keeps the cache) + this recipe
        initdb._walk.__defaults__ = ((*initdb.EXCLUDE_PATTERNS, "tests/*"),)
        addons_hash = initdb.addons_hash
        initdb.addons_hash = lambda *a: hashlib.sha1(f"{addons_hash(*a)}{TEMPLATE_RECIPE}".encode()).hexdigest()
        createdb = initdb.odoo_createdb

        def odoo_createdb(dbname, *a, **kw):
            createdb(dbname, *a, **kw)
            with initdb._patch_ir_attachment_store(True), click_odoo.OdooEnvironment(database=dbname) as env:
                env["ir.qweb"]._pregenerate_assets_bundles()  # what every HttpCase run does first

        initdb.odoo_createdb = odoo_createdb
        sys.argv = ["click-odoo-initdb", *args]
        return initdb.main()
    if cmd == "_pytest":
        return run_pytest(args)
    raise DmsError(f"unknown command: {cmd}")


def run_pytest(args):
    """pytest.main with defaults for the BaseCase classes of tests/ (Odoo tags only odoo.addons.*)."""
    import pytest

    class DmsDefaultTags:
        @pytest.hookimpl(tryfirst=True)
        def pytest_pycollect_makeitem(self, collector, name, obj):
            if isinstance(obj, type) and getattr(obj, "test_tags", None) is None:
                from odoo.tests.common import BaseCase

                if issubclass(obj, BaseCase):
                    obj.test_tags = {"standard", "at_install"}
                    obj.test_module = obj.__module__.rsplit(".", 1)[-1]
                    obj.test_class = obj.__name__

    return pytest.main(["-p", "no:cacheprovider", *args], plugins=[DmsDefaultTags()])


# --------------------------------------------------------------------------- command line
def build_parser():
    p = argparse.ArgumentParser(
        prog="bin/dms",
        description="Run, test and inspect the DMS addons on Odoo 18.",
        epilog="Environment: ODOO_PYTHON, ODOO_BIN, ODOO_HOME, ODOO_RC, DMS_EXTRA_ADDONS, "
        "ODOO_DATA_DIR, DMS_STATE_DIR, DMS_CACHE_PREFIX, PGHOST, PGPORT, PGUSER, PGPASSWORD "
        "(see config/README.md).",
    )
    sub = p.add_subparsers(dest="cmd", metavar="COMMAND")
    c = sub.add_parser("demo", help="create the database with demo data on first use, then serve it")
    c.add_argument("--db", default="dms_demo", type=check_db_name)
    c.add_argument("--port", default=8069, type=int)
    c.add_argument("--reset", action="store_true", help="drop the database first")
    c = sub.add_parser("init", help="only create the database (with demo data unless --no-demo)")
    c.add_argument("--db", default="dms_demo", type=check_db_name)
    c.add_argument("--no-demo", action="store_true")
    c.add_argument("--reset", action="store_true")
    c = sub.add_parser(
        "test", help="the whole suite on a fresh database; last line 'dms: N passed, M failed, K skipped'"
    )
    c.add_argument("--db", default="dms_test", type=check_db_name)
    c.add_argument("--keep", action="store_true", help="keep the databases")
    c.add_argument("--modules", help="m1,m2 (default: every installable addon of addons/; no demo build)")
    c.add_argument("--test-tags", default="", help="Odoo --test-tags spec, scoped to the modules")
    c.add_argument("--no-integration", action="store_true", help="skip tests/ (pytest-odoo)")
    c.add_argument("--no-demo", action="store_true", help="skip building DB_demo with demo data")
    c.add_argument("--no-cache", action="store_true", help="install from scratch (no initdb template)")
    c = sub.add_parser("pytest", help="fast loop with pytest-odoo on a kept database")
    c.add_argument("--db", default="dms_pytest", type=check_db_name)
    c.add_argument("--reinstall", action="store_true")
    c.add_argument("--no-http", action="store_true")
    c = sub.add_parser("shell", help="Odoo's python shell on the database")
    c.add_argument("--db", default="dms_demo", type=check_db_name)
    c = sub.add_parser("update", help="update (-u) modules and stop")
    c.add_argument("--db", required=True, type=check_db_name)
    c.add_argument("modules")
    c = sub.add_parser("bench", help="run tests/bench/NAME.py --config .dms/odoo.conf --db DB")
    c.add_argument("name")
    c.add_argument("--db", default="dms_bench", type=check_db_name)
    sub.add_parser("lint", help="ruff check + ruff format --check + pylint-odoo mandatory checks")
    sub.add_parser("deps", help="pip install test-requirements.txt into Odoo's python")
    c = sub.add_parser("doctor", help="show what was found")
    c.add_argument("--quiet", action="store_true", help="only the python path")
    sub.add_parser("help", help="this text")
    return p


PASSTHROUGH = {"pytest", "shell", "bench"}  # unknown options go to pytest / odoo shell / the benchmark


def parse(argv):
    parser = build_parser()
    for i, arg in enumerate(argv[:-1]):  # "--test-tags -slow": a value that starts with "-"
        if arg == "--test-tags":
            argv = [*argv[:i], f"--test-tags={argv[i + 1]}", *argv[i + 2 :]]
            break
    if argv and argv[0] in PASSTHROUGH:
        return parser, *parser.parse_known_args(argv)
    return parser, parser.parse_args(argv), []


def needs_reexec(odoo, executable, environ):
    if environ.get(FOUND) == odoo.python:  # already re-executed once: never loop
        return False
    return os.path.abspath(executable) != odoo.python or bool(odoo.pythonpath)


def reexec(odoo, argv):
    """Run this program under Odoo's python (unless it already is)."""
    if not needs_reexec(odoo, sys.executable, os.environ):
        return
    env = dict(os.environ, **{FOUND: odoo.python})
    if odoo.pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [odoo.pythonpath, env.get("PYTHONPATH")]))
    os.execve(odoo.python, [odoo.python, str(BIN / "dms_cli.py"), *argv], env)


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    for key, default in (("PGHOST", "127.0.0.1"), ("PGPORT", "5432"), ("PGUSER", "odoo")):
        os.environ[key] = os.environ.get(key) or default
    if not os.environ.get("PGPASSWORD"):
        os.environ.pop("PGPASSWORD", None)
    os.environ.update(TZ="UTC", PYTHONUNBUFFERED="1")
    try:
        if argv and argv[0].startswith("_"):
            return internal(argv[0], argv[1:])
        parser, a, rest = parse(argv)
        if a.cmd in (None, "help"):
            parser.print_help()
            return 0
        if a.cmd == "lint":
            try:
                odoo = find_odoo()
            except DmsError:
                odoo = None
            return cmd_lint(odoo)
        odoo = find_odoo()
        reexec(odoo, argv)
        if a.cmd in ("doctor", "deps"):
            return cmd_doctor(odoo, a.quiet) if a.cmd == "doctor" else cmd_deps(odoo)
        env = setup(odoo)
        if a.cmd in PASSTHROUGH:
            return {"pytest": cmd_pytest, "shell": cmd_shell, "bench": cmd_bench}[a.cmd](env, a, rest)
        return {"test": cmd_test, "init": cmd_init, "demo": cmd_demo, "update": cmd_update}[a.cmd](env, a)
    except DmsError as exc:
        print(f"dms: {exc}", file=sys.stderr)
        return exc.code
    except ModuleNotFoundError as exc:
        print(f"dms: {exc.name} is not installed in {sys.executable}: run bin/dms deps", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
