# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scaffold shared by the benchmarks of tests/bench/ (run as scripts: ``python tests/bench/NAME.py``).

``bench_parser`` gives the options every benchmark takes (``--config``, ``--db``, ``--addons-path``,
``--repeat``), ``load_env`` opens the database and installs the addon measured when it is missing,
``timed`` measures one callable (median ms and the SQL queries of one run) and ``ratio`` prints a
speed-up the same way everywhere.
"""

import argparse
import statistics
import time


def bench_parser(doc):
    """An argument parser described by the first line of ``doc`` with the common options."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--config", "-c", help="Odoo configuration file")
    parser.add_argument("--db", "-d", default="dms_bench")
    parser.add_argument("--addons-path")
    parser.add_argument("--repeat", type=int, default=5)
    return parser


_PARSED = []


class BenchError(Exception):
    """The benchmark cannot run (its database cannot be opened)."""


def load_env(args, module):
    """``(odoo, registry)`` of ``args.db``, created if missing, with ``module`` installed (no demo).

    Raises :class:`BenchError` with one clear line when the database cannot be opened.
    """
    try:
        return _load_env(args, module)
    except Exception as exc:  # noqa: BLE001 - one clear line for the user
        raise BenchError(f"bench: cannot open database {args.db!r}: {exc}") from exc


def _load_env(args, module):
    import odoo
    from odoo.tools import config

    if not _PARSED:
        # once per process: a benchmark may open a second database (vanilla Odoo) afterwards
        argv = []
        if args.config:
            argv += ["-c", args.config]
        if args.addons_path:
            argv += ["--addons-path", args.addons_path]
        argv += ["-d", args.db, "--log-level", "warn"]
        config.parse_config(argv)
        _PARSED.append(True)
    from odoo.modules.db import is_initialized
    from odoo.modules.registry import Registry
    from odoo.service import db as service_db

    row = None
    if not service_db.exp_db_exist(args.db):
        service_db._create_empty_database(args.db)
    with odoo.sql_db.db_connect(args.db).cursor() as cr:
        initialized = is_initialized(cr)
    if initialized:  # else initialised with base by the install below
        registry = Registry(args.db)
        with registry.cursor() as cr:
            cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [module])
            row = cr.fetchone()
    if not row or row[0] != "installed":
        config["init"] = {module: 1}
        config["without_demo"] = "all"
        registry = Registry.new(args.db, update_module=True)
        config["init"] = {}
    return odoo, registry


def timed(fn, repeat):
    """Median ms over ``repeat`` runs and the query count of one run."""
    import odoo

    times, queries = [], None
    for _ in range(repeat):
        before = odoo.sql_db.sql_counter
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        queries = odoo.sql_db.sql_counter - before
    return statistics.median(times), queries


def ratio(slow, fast):
    """``slow / fast`` as ``2.5x`` (``inf`` when ``fast`` is zero)."""
    return f"{slow / fast:.2f}x" if fast else "inf"
