# pure helpers of the integration API (no odoo import)
