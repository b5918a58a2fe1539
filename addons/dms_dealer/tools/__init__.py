"""Pure business logic of the dealer network, and the server's collector tuning (no ``odoo`` import)."""

from . import spreadsheet
