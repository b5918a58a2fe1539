# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib

from odoo import models
from odoo.tools.lru import LRU

from odoo.addons.base.models.res_users import INDEX_SIZE, KEY_CRYPT_CONTEXT

#: ``(stored hash, SHA-256 of the key)`` of the keys this worker has verified: the pbkdf2 comparison
#: (~3 ms of CPU, on every API request) done once per key and worker. Keyed by the row's salted hash, so
#: it only ever answers "this key matches this stored hash", the question the row must still be there
#: to ask; the keys themselves are not kept.
_VERIFIED = LRU(4096)


class ResUsersApikeys(models.Model):
    _inherit = "res.users.apikeys"

    def _check_credentials(self, *, scope, key):
        """Core's check (the same query: the key's row, its user active, its scope, not expired), each
        request; only the hash comparison is remembered. A key deleted, expired, or whose user is
        archived has no row any more and is refused at once, in every worker."""
        assert scope and key, "scope and key required"
        self.env.cr.execute(
            f"""
            SELECT user_id, key
              FROM {self._table} INNER JOIN res_users u ON (u.id = user_id)
             WHERE u.active AND index = %s
               AND (scope IS NULL OR scope = %s)
               AND (expiration_date IS NULL OR expiration_date >= now() at time zone 'utc')
            """,  # noqa: S608 - the table name is the model's own
            [key[:INDEX_SIZE], scope],
        )
        digest = hashlib.sha256(key.encode()).digest()
        for user_id, current_key in self.env.cr.fetchall():
            if (current_key, digest) in _VERIFIED:
                return user_id
            if KEY_CRYPT_CONTEXT.verify(key, current_key):
                _VERIFIED[current_key, digest] = True
                return user_id
        return None
