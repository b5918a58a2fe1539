# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html

from ..tools import order_import

#: longest purchase-order reference and remarks accepted from the portal
MAX_REF_LENGTH = 64
MAX_NOTE_LENGTH = 2000


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dms_portal_cart = fields.Boolean(
        string="Portal Cart", copy=False, index=True, help="Draft being filled in the dealer portal."
    )
    dms_ordered_by_partner_id = fields.Many2one(
        "res.partner",
        string="Ordered by Dealer",
        index=True,
        copy=False,
        help="Upstream dealer that placed this order on behalf of the customer (代客下单).",
    )
    dms_ordered_by_user_id = fields.Many2one(
        "res.users",
        string="Ordered by",
        copy=False,
        groups="base.group_user",
        help="Portal user who placed the order (back office only: a dealer's staff is not shown upstream).",
    )

    # ------------------------------------------------------------------
    # Seeing is not acting
    # ------------------------------------------------------------------
    def _has_to_be_signed(self):
        return super()._has_to_be_signed() and self.partner_id._dms_portal_can_act()

    def _has_to_be_paid(self):
        return super()._has_to_be_paid() and self.partner_id._dms_portal_can_act()

    # ------------------------------------------------------------------
    # Portal cart
    # ------------------------------------------------------------------
    def _dms_portal_prepare_cart_vals(self, customer, user):
        ordering_dealer = user.partner_id.commercial_partner_id
        partner = user.partner_id if customer == ordering_dealer else customer
        return {
            "partner_id": partner.id,
            "company_id": self.env.company.id,
            "dms_portal_cart": True,
            "dms_ordered_by_user_id": user.id,
            "dms_ordered_by_partner_id": ordering_dealer.id if customer != ordering_dealer else False,
            "user_id": customer.user_id.id or False,
        }

    def _dms_portal_get_cart(self, customer, create=False):
        """The current user's cart for ``customer`` (its own dealer or a checked downstream one)."""
        user = self.env.user
        # sudo: explicit domain on the user's own cart
        cart = self.sudo().search(
            [
                ("dms_portal_cart", "=", True),
                ("state", "=", "draft"),
                ("dms_ordered_by_user_id", "=", user.id),
                ("partner_id.commercial_partner_id", "=", customer.id),
            ],
            limit=1,
            order="id desc",
        )
        if not cart and create:
            cart = self.sudo()._dms_portal_create_cart(customer, user)
        return cart

    def _dms_portal_create_cart(self, customer, user):
        """A new cart. It is not an order yet: the dealer's sales rep follows it but is not e-mailed
        "assigned to you" for every cart opened (and maybe abandoned); it hears of the order when it
        is submitted, through the approval activities. One e-mail and a dozen queries fewer."""
        vals = self._dms_portal_prepare_cart_vals(customer, user)
        cart = self.with_context(mail_auto_subscribe_no_notify=True).create(vals)
        return cart.with_context(self.env.context)

    def _dms_portal_add_products(self, quantities):
        """Add ``{product_id: qty}`` to the cart, merging with existing lines (one write)."""
        self.ensure_one()
        if self.state != "draft" or not self.dms_portal_cart:
            raise UserError(self.env._("This order can no longer be changed."))
        # never a product outside the customer's assortment (经营范围), whatever the route
        products = self.env["product.product"].browse([pid for pid, qty in quantities.items() if qty > 0])
        message = self.env["dms.assortment"]._get_refusal_message(
            self.partner_id.commercial_partner_id,
            products.sudo().filtered(lambda p: p.type != "service"),
            self.company_id,
        )
        if message:
            raise UserError(message)
        existing = {line.product_id.id: line for line in self._dms_portal_product_lines()}
        commands = []
        for product_id, qty in quantities.items():
            if qty <= 0:
                continue
            line = existing.get(product_id)
            if line:
                commands.append(Command.update(line.id, {"product_uom_qty": line.product_uom_qty + qty}))
            else:
                commands.append(Command.create({"product_id": product_id, "product_uom_qty": qty}))
        if commands:
            self.write({"order_line": commands})
            self._dms_portal_cart_changed()
        return True

    # ------------------------------------------------------------------
    # Promotions (sale_loyalty) and rebate wallet (dms_rebate) on the cart
    # ------------------------------------------------------------------
    def _dms_portal_product_lines(self):
        """The lines the dealer chose: not notes, promotion rewards or the rebate wallet line."""
        return self.order_line.filtered(
            lambda line: line.product_id and not line.display_type and not line.reward_id and not line.is_dms_rebate
        )

    def _dms_portal_cart_changed(self):
        """After any change of the cart's products: promotions recomputed by sale_loyalty's engine,
        the wallet line brought back within its cap."""
        self.ensure_one()
        self._dms_portal_update_promotions()
        self._dms_portal_fit_wallet()

    def _dms_portal_update_promotions(self):
        """Apply the automatic promotions (满减, 赠品) exactly as the back office does: sale_loyalty's
        ``_update_programs_and_rewards`` (dms_pricing's targeting is in its program domain), then each
        claimable reward that needs no choice is claimed with ``_apply_program_reward`` (the rule of
        the back office's *Promotions* button and of the webshop)."""
        self.ensure_one()
        # sudo: the user's own cart; loyalty cards and reward lines are the engine's, not the user's
        order = self.sudo()
        order._update_programs_and_rewards()
        for coupon, rewards in order._get_claimable_rewards().items():
            if not order._dms_portal_auto_claimable(coupon, rewards):
                continue
            order._apply_program_reward(rewards, coupon)
        return True

    def _dms_portal_auto_claimable(self, coupon, rewards):
        program = coupon.program_id
        return (
            program.trigger == "auto"
            and not program.is_nominative
            and len(program.reward_ids) == 1
            and len(rewards) == 1
            and not (rewards.reward_type == "product" and rewards.multi_product)
            and rewards not in self.order_line.reward_id
        )

    def _dms_portal_claimable_choices(self):
        """``[(coupon, reward)]`` the dealer may still claim by choosing (several rewards, or a gift
        among several products); the same list the back office's reward wizard offers."""
        self.ensure_one()
        order = self.sudo()
        return [
            (coupon, reward)
            for coupon, rewards in order._get_claimable_rewards().items()
            for reward in rewards
            if not order._dms_portal_auto_claimable(coupon, rewards)
        ]

    def _dms_portal_claim_reward(self, reward_id, product_id=None):
        """Claim a reward the engine offers this cart (anything else is refused)."""
        self.ensure_one()
        self._dms_portal_check_cart()
        order = self.sudo()
        for coupon, reward in order._dms_portal_claimable_choices():
            if str(reward.id) != str(reward_id):
                continue
            kwargs = {}
            if reward.reward_type == "product" and reward.multi_product:
                product = reward.reward_product_ids.filtered(lambda p: str(p.id) == str(product_id))
                if not product:
                    raise UserError(self.env._("Choose one of the gifts this promotion offers."))
                kwargs["product"] = product
            result = order._apply_program_reward(reward, coupon, **kwargs)
            if result.get("error"):
                raise UserError(result["error"])
            self._dms_portal_fit_wallet()
            return True
        raise UserError(self.env._("This promotion is not available for this order."))

    def _dms_portal_check_cart(self):
        if not self.dms_portal_cart or self.state != "draft":
            raise UserError(self.env._("This order can no longer be changed."))

    def _dms_portal_wallet_info(self):
        """Balance of the customer's rebate wallet, what this cart uses and may use at most."""
        self.ensure_one()
        order = self.sudo()
        dealer = order.partner_id.commercial_partner_id
        used = order.rebate_wallet_amount
        return {
            "allowed": order.partner_id._dms_portal_can_act() and dealer.is_dealer,
            "balance": dealer._dms_rebate_wallet_balance(order.company_id),
            "used": used,
            "max": order.currency_id.round(order._dms_rebate_max_amount() + used),
            "share": order.company_id.dms_rebate_wallet_max_share,
            "currency": order.currency_id,
        }

    def _dms_portal_set_wallet(self, amount):
        """Pay ``amount`` of the cart from the customer's rebate wallet, replacing what it used
        before (sending the same amount twice debits it once). dms_rebate's back-office method
        checks the cap and the balance and debits the wallet under its lock."""
        self.ensure_one()
        self._dms_portal_check_cart()
        if not self.partner_id._dms_portal_can_act():
            raise UserError(self.env._("Only the customer itself may spend its rebate wallet."))
        value = order_import.parse_amount(amount)
        if value is None:
            raise UserError(self.env._("The rebate wallet amount %(amount)s is not a valid amount.", amount=amount))
        # sudo: the checked user's own cart; the wallet line is made by dms_rebate only
        order = self.sudo()
        with self.env.cr.savepoint():
            order.order_line.filtered("is_dms_rebate").unlink()
            if order.currency_id.compare_amounts(value, 0.0) > 0:
                order._dms_apply_rebate_wallet(value)
        return True

    def _dms_portal_wallet_fits(self):
        """Whether the wallet line passes dms_rebate's own check at confirmation (cap, debit, balance)."""
        try:
            self._dms_rebate_check_wallet_lines()
        except UserError:
            return False
        return True

    def _dms_portal_fit_wallet(self):
        """Bring the wallet line back within the cap after the cart shrank (less is given back).

        dms_rebate's own check at confirmation tells whether the line still fits; if not, the line
        is removed (the wallet given back) and the amount that now fits is used again."""
        order = self.sudo()
        used = order.rebate_wallet_amount
        if not used:
            return
        if order._dms_portal_wallet_fits():
            return
        order.order_line.filtered("is_dms_rebate").unlink()
        amount = min(used, order._dms_rebate_max_amount())
        if order.currency_id.compare_amounts(amount, 0.0) > 0:
            order._dms_apply_rebate_wallet(amount)

    def _dms_portal_checkout(self, shipping_id=None, commitment_date=None, client_order_ref=None, note=None):
        """Write the checkout choices of the portal on the cart (whitelisted fields, checked).

        The delivery address is one of the customer's delivery addresses, chosen explicitly
        (never silently the first one); the customer's own address only when it has none.
        """
        self.ensure_one()
        if not self.dms_portal_cart or self.state != "draft":
            raise UserError(self.env._("This order was already submitted."))
        customer = self.partner_id.commercial_partner_id
        addresses = customer._dms_portal_delivery_addresses()
        if addresses:
            shipping = addresses.filtered(lambda address: str(address.id) == str(shipping_id or ""))
            if not shipping:
                raise UserError(self.env._("Choose the delivery address of this order."))
        else:
            shipping = customer
        date = False
        if commitment_date:
            try:
                date = fields.Date.to_date(commitment_date)
            except ValueError:
                raise UserError(
                    self.env._("The requested delivery date %(date)s is not a date.", date=commitment_date)
                ) from None
            if date < fields.Date.context_today(self):
                raise UserError(self.env._("The requested delivery date cannot be in the past."))
        reference = (client_order_ref or "").strip()
        if len(reference) > MAX_REF_LENGTH:
            raise UserError(
                self.env._("The purchase-order reference is longer than %(size)s characters.", size=MAX_REF_LENGTH)
            )
        remarks = (note or "").strip()
        if len(remarks) > MAX_NOTE_LENGTH:
            raise UserError(self.env._("The remarks are longer than %(size)s characters.", size=MAX_NOTE_LENGTH))
        vals = {
            "partner_shipping_id": shipping.id,
            # noon UTC: the same calendar day in every time zone from UTC-11 to UTC+11
            "commitment_date": datetime.datetime.combine(date, datetime.time(12)) if date else False,
            "client_order_ref": reference or False,
        }
        if remarks:
            vals["note"] = plaintext2html(remarks)
        # sudo: the portal user writes only these checked values on its own cart
        self.sudo().write(vals)
        return True

    def _dms_portal_price_explanations(self):
        """``{line_id: text}``: why each product line has its price, in the reader's language.

        dms_pricing stores the explanation in the language of whoever priced the line; it is
        rendered again here with the reader's language from the same inputs (customer, products,
        quantities, order date). A line whose policy would no longer be the same keeps the stored text.
        """
        self.ensure_one()
        order = self.sudo()
        lines = order._dms_portal_product_lines().filtered(lambda line: line.dms_price_source == "policy")
        result = {line.id: line.dms_price_explanation or "" for line in order._dms_portal_product_lines()}
        if not lines:
            return result
        engine = self.env["dms.price.engine"].sudo().with_company(order.company_id)
        items = [
            (
                line.product_id,
                line.product_uom._compute_quantity(line.product_uom_qty or 1.0, line.product_id.uom_id, False)
                if line.product_uom and line.product_uom != line.product_id.uom_id
                else line.product_uom_qty or 1.0,
            )
            for line in lines
        ]
        fresh = engine._resolve_policy_prices(
            order.partner_id, items, date=order.date_order, currency=order.currency_id, company=order.company_id
        )
        for line, res in zip(lines, fresh, strict=True):
            if res["source"] == "policy" and res["policy_line_id"] == line.dms_price_policy_line_id.id:
                result[line.id] = res["explanation"]
        return result

    def _dms_portal_line_label(self, line):
        """Label of a line in the reader's language: the product, the promotion's reward, or the
        wallet (reward and wallet lines store their name in the language of whoever made them)."""
        if line.is_dms_rebate:
            return self.env._("Rebate wallet")
        if line.reward_id:
            return line.reward_id.description or line.name
        return line.product_id.name

    def _dms_portal_summary(self):
        """Order summary shown before submitting: every priced line (products, promotions,
        rebate wallet) and the totals; the line subtotals add up to the untaxed amount."""
        self.ensure_one()
        order = self.sudo()
        explanations = order._dms_portal_price_explanations()
        lines = []
        for line in order.order_line.filtered(lambda line: not line.display_type):
            if line.is_dms_rebate:
                kind = "wallet"
            elif line.reward_id:
                kind = "promotion"
            else:
                kind = "product"
            lines.append(
                {
                    "line": line,
                    "kind": kind,
                    "code": line.product_id.default_code or "",
                    "name": order._dms_portal_line_label(line),
                    "qty": order_import.format_quantity(line.product_uom_qty),
                    "uom": line.product_uom.name,
                    "price_unit": line.price_unit,
                    "discount": line.discount,
                    "subtotal": line.price_subtotal,
                    "tax": line.price_tax,
                    "explanation": explanations.get(line.id, "") if kind == "product" else "",
                }
            )
        return {
            "lines": lines,
            "untaxed": order.amount_untaxed,
            "tax": order.amount_tax,
            "total": order.amount_total,
            "currency": order.currency_id,
        }

    def _dms_portal_submit(self):
        """Leave the cart and enter order control (approvals, credit hold) when available."""
        self.ensure_one()
        if not self.dms_portal_cart or self.state != "draft":
            raise UserError(self.env._("This order was already submitted."))
        if not self._dms_portal_product_lines():
            raise UserError(self.env._("Add at least one product before submitting."))
        self._dms_portal_update_promotions()
        # the wallet line still matches its debit and the cap (dms_rebate's check at confirmation)
        self.sudo()._dms_rebate_check_wallet_lines()
        self.dms_portal_cart = False
        self.action_dms_submit()
        return True

    def _dms_portal_timeline(self):
        """Timeline steps from submitted to signed (dms_order)."""
        self.ensure_one()
        return self._dms_get_timeline()

    def _dms_portal_reorder(self, cart):
        """Copy this order's product lines into ``cart``."""
        self.ensure_one()
        quantities = {}
        for line in self._dms_portal_product_lines():
            quantities[line.product_id.id] = quantities.get(line.product_id.id, 0.0) + line.product_uom_qty
        return cart._dms_portal_add_products(quantities)
