"""Pure business logic of the dealer network (no ``odoo`` import)."""

from . import spreadsheet
