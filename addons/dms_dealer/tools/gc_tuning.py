# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Python's cyclic garbage collector, tuned for an Odoo server process.

A loaded Odoo registry is a few hundred thousand Python objects (models, fields, QWeb, caches) that
live as long as the process. CPython's collector walks all of them in each full (generation 2)
collection: with the DMS addons about 200 ms during which the request being served stands still,
a few times a minute per worker under load (measured with ``tests/load/trace.py``: 4 full
collections, 0.8 s, in a 10 s trace of three orders). Reference counting frees almost everything a
request allocates; the collector only finds cycles.

``freeze`` collects once, then moves every object alive (the loaded registry) to the permanent
generation the collector never walks, and raises the first threshold so young collections run
less often (each still finds the cycles a request leaves). The same trace then spends 0.17 s in the
collector instead of 0.8-1.0 s, with no full collection. Objects created later are collected as
before. What is frozen is never collected: a registry replaced in the same process (a module
installed or upgraded while the server runs) stays in memory until the worker is recycled
(``limit_memory_soft``), the price of freezing wherever it is used (Odoo itself tunes the thresholds
from 18.4 on, odoo/odoo#213524; freezing was proposed in odoo/odoo#213527).

Plain functions (no ``odoo`` import): the model hook passes the registry and the server options.
"""

import gc
import time

#: young collections every 5,000 allocations (Python's default 700; 2,000 from Python 3.13 on); measured with
#: the trace: the fewest seconds in the collector and no pause over ~10 ms (10,000 / 20 / 20: 70 ms pauses)
THRESHOLDS = (5000, 10, 10)
#: attribute set on a registry frozen in this process
FROZEN = "_dms_gc_frozen"


def enabled(option, dev_mode=()):
    """Whether to tune the collector, from the server option ``dms_gc_tuning`` (default on).

    Off with ``--dev=reload``: each code reload would freeze one more copy of the modules.

    >>> enabled(None), enabled("False"), enabled("0"), enabled(True), enabled("1", ["reload"])
    (True, False, False, True, False)
    """
    if "reload" in (dev_mode or ()):
        return False
    if option is None:
        return True
    return str(option).strip().lower() not in ("0", "false", "no", "off", "")


def freeze(registry, thresholds=THRESHOLDS):
    """Freeze what is alive once the registry is loaded (once per registry and process).

    Returns ``(objects frozen, milliseconds)``, or ``None`` when this registry was frozen already.
    """
    if getattr(registry, FROZEN, False):
        return None
    start = time.perf_counter()
    gc.collect()  # what is garbage now is collected, not frozen forever
    gc.freeze()
    gc.set_threshold(*thresholds)
    setattr(registry, FROZEN, True)
    return gc.get_freeze_count(), (time.perf_counter() - start) * 1000
