# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo.tests import TransactionCase, new_test_user, tagged

from ..models import res_users_apikeys


@tagged("post_install", "-at_install")
class TestApiKeyCheck(TransactionCase):
    """A key's hash is compared once per worker; revoking, expiring or archiving still refuses it at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(cls.env, login="apikey_check_user", groups="base.group_portal")
        cls.Keys = cls.env["res.users.apikeys"]

    def _key(self, expiration=None):
        expiration = expiration or datetime.now() + timedelta(days=30)
        # sudo keeps the user as owner and lets the test pick the expiration date
        return self.Keys.with_user(self.user).sudo()._generate(None, "check", expiration)

    def _check(self, key):
        calls = []
        context = res_users_apikeys.KEY_CRYPT_CONTEXT

        class Counting:
            def verify(self, *args):
                calls.append(args)
                return context.verify(*args)

        with patch.object(res_users_apikeys, "KEY_CRYPT_CONTEXT", Counting()):
            uid = self.Keys._check_credentials(scope="rpc", key=key)
        return uid, len(calls)

    def test_hash_compared_once(self):
        key = self._key()
        self.assertEqual(self._check(key), (self.user.id, 1))
        self.assertEqual(self._check(key), (self.user.id, 0), "the second request costs no pbkdf2")

    def test_wrong_key_never_remembered(self):
        key = self._key()
        self._check(key)
        forged = key[:8] + ("0" if key[8] != "0" else "1") + key[9:]
        self.assertEqual(self._check(forged), (None, 1))
        self.assertEqual(self._check(forged), (None, 1), "a refused key is compared again, never cached")

    def test_revoked_key_refused_at_once(self):
        key = self._key()
        self._check(key)
        self.Keys.sudo().search([("user_id", "=", self.user.id)])._remove()
        self.assertEqual(self._check(key), (None, 0))

    def test_expired_key_refused_at_once(self):
        key = self._key()
        self._check(key)
        row = self.Keys.sudo().search([("user_id", "=", self.user.id)])
        self.env.cr.execute(
            "UPDATE res_users_apikeys SET expiration_date = now() - interval '1 minute' WHERE id = %s", [row.id]
        )
        self.assertEqual(self._check(key), (None, 0))

    def test_archived_user_refused_at_once(self):
        key = self._key()
        self._check(key)
        self.user.active = False
        self.env.flush_all()
        self.assertEqual(self._check(key), (None, 0))

    def test_other_scope_refused(self):
        key = self.Keys.with_user(self.user).sudo()._generate("other", "scoped", datetime.now() + timedelta(days=3))
        self.assertEqual(self._check(key), (None, 0))
        self.assertEqual(self.Keys._check_credentials(scope="other", key=key), self.user.id)
