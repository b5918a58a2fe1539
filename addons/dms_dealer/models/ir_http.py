# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import models
from odoo.tools import config

from ..tools import gc_tuning

_logger = logging.getLogger(__name__)


class IrHttp(models.AbstractModel):
    """Once the registry is loaded, the process's garbage collector stops walking it (``tools/gc_tuning``).

    Server option ``dms_gc_tuning = False`` (odoo.conf) turns it off; ``--dev=reload`` too.
    """

    _inherit = "ir.http"

    def _register_hook(self):
        super()._register_hook()
        if not gc_tuning.enabled(config.get("dms_gc_tuning"), config.get("dev_mode")):
            return
        result = gc_tuning.freeze(self.pool)
        if result:
            _logger.info("garbage collector: %d objects of the loaded registry frozen in %.0f ms", *result)
