# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One workflow engine for every state machine of the product.

A model inherits ``dms.workflow.mixin``, names its state field and the fields
only the engine may write, and lists its moves in ``_workflow_transitions``.
Its buttons call ``_workflow_apply(name, reason=...)``, which checks the state,
the caller's groups, the model's own preconditions (``_workflow_check``) and
separation of duties, then writes the new state, logs who / when / why in
``dms.workflow.log`` and in the chatter.

Nothing a client sends can write those fields: ``write`` and ``create`` refuse
them unless the call comes from the engine, and the engine's mark is a Python
object no JSON-RPC payload can carry (a client sending the same text in its
context sends a plain string, not this object). Module installation (data and
demo files) is the only other writer.
"""

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import workflow

#: context key under which the engine marks its own writes
WORKFLOW_KEY = "dms_workflow"


class _EngineMark(str):
    """A string subclass: serialisable, but equal only to itself.

    Equality by identity matters: Odoo reuses an environment whose context
    compares equal, so a mark equal to its text would let a client's plain
    string fetch an environment that holds the real mark.
    """

    __slots__ = ()

    def __eq__(self, other):
        return self is other

    def __ne__(self, other):
        return self is not other

    __hash__ = str.__hash__


#: the one object that unlocks protected fields (compared with ``is``)
ENGINE = _EngineMark("dms_workflow_engine")


class DmsWorkflowMixin(models.AbstractModel):
    _name = "dms.workflow.mixin"
    _description = "Workflow Engine"

    #: the state field the engine owns
    _workflow_field = "state"
    #: other fields only the engine writes (approvers, dates, signatures)
    _workflow_protected_fields = ()
    #: fields that can only be edited while the record is in an editable state
    _workflow_frozen_fields = ()
    #: states in which the frozen fields can be edited
    _workflow_editable_states = ("draft",)

    workflow_seq = fields.Integer(
        string="Workflow Sequence",
        readonly=True,
        copy=False,
        default=0,
        help="Bumped by every transition, so two transitions of one record at once serialise.",
    )

    # ------------------------------------------------------------------
    # What a model declares
    # ------------------------------------------------------------------
    def _workflow_transitions(self):
        """The list of :class:`~odoo.addons.dms_dealer.tools.workflow.Transition` of this model."""
        return []

    def _workflow_initial_states(self):
        """States a record may be created in by a user (default: the field's default)."""
        field = self._fields[self._workflow_field]
        default = field.default(self) if field.default else False
        return (default,)

    def _workflow_check(self, transition, reason):
        """Model-specific preconditions and scope checks of ``transition`` (raise to refuse).

        Called once per record, after the state and groups were checked.
        """
        return True

    def _workflow_allow_self_approval(self):
        """Whether separation of duties is lifted (company setting for small teams)."""
        company = self.company_id if "company_id" in self._fields and self.company_id else self.env.company
        return company.sudo().dms_workflow_allow_self_approval

    def _workflow_after(self, transition, old_state, reason):
        """Hook run after a transition was written and logged (activities, side effects)."""
        return True

    # ------------------------------------------------------------------
    # Engine
    # ------------------------------------------------------------------
    @api.model
    def _workflow_is_engine(self):
        """Whether this call may write protected fields.

        Only the engine itself, module installation (data and demo files) and
        server code in superuser mode (``sudo()``: scheduled jobs, fixtures,
        controllers that whitelist what they write). No request from a client
        is any of these: JSON-RPC never runs in superuser mode, and no context
        key a client can send is the engine's mark.
        """
        return self.env.context.get(WORKFLOW_KEY) is ENGINE or not self.pool.ready or self.env.su

    @api.model
    def _workflow_engine_marked(self):
        """Stricter than ``_workflow_is_engine``: only the engine's own writes (and module installation).

        For content that even superuser-mode code must not edit in place (an approved price list).
        """
        return self.env.context.get(WORKFLOW_KEY) is ENGINE or not self.pool.ready

    def _workflow_write(self, vals):
        """Write protected fields (state, approvers, signatures) from trusted server code."""
        return self.with_context(**{WORKFLOW_KEY: ENGINE}).write(vals)

    @api.model
    def _workflow_create(self, vals_list):
        """Create records in a non-initial state from trusted server code."""
        return self.with_context(**{WORKFLOW_KEY: ENGINE}).create(vals_list)

    def _workflow_guarded_fields(self):
        return {self._workflow_field, "workflow_seq", *self._workflow_protected_fields}

    def _workflow_state_label(self, state):
        selection = self._fields[self._workflow_field]._description_selection(self.env)
        return dict(selection).get(state, state or "")

    def _workflow_transition_label(self, transition):
        return str(transition.label) if getattr(transition, "label", None) else transition.name.replace("_", " ")

    def _workflow_cycle(self):
        """(submitter id, [approver ids]) of this record's open approval cycle."""
        self.ensure_one()
        # the log is read by the engine only, for this one record
        rows = (
            self.env["dms.workflow.log"]
            .sudo()
            .search_fetch(
                [("res_model", "=", self._name), ("res_id", "=", self.id)],
                ["kind", "user_id"],
                order="id",
            )
        )
        return workflow.current_cycle([(row.kind, row.user_id.id) for row in rows])

    def _workflow_check_groups(self, transition):
        user = self.env.user
        if not transition.groups or any(user.has_group(group) for group in transition.groups):
            return
        raise AccessError(
            self.env._(
                "You are not allowed to %(action)s %(record)s.",
                action=self._workflow_transition_label(transition),
                record=self.display_name,
            )
        )

    def _workflow_check_separation(self, transition):
        if transition.kind != workflow.APPROVE or self._workflow_allow_self_approval():
            return
        submitter, approvers = self._workflow_cycle()
        problem = workflow.check_separation(self.env.uid, submitter, approvers)
        if problem == "submitter":
            raise AccessError(
                self.env._("%(record)s was submitted by you: someone else must approve it.", record=self.display_name)
            )
        if problem == "repeat":
            raise AccessError(
                self.env._(
                    "You already approved a step of %(record)s: the next step needs another approver.",
                    record=self.display_name,
                )
            )

    def _workflow_apply(self, name, reason=None, vals=None):
        """Run transition ``name`` on each record; returns True.

        :param reason: why (required by transitions declared with ``reason=True``)
        :param vals: more protected fields to write with the new state
        """
        reason = (reason or "").strip() or False
        for record in self:
            record._workflow_apply_one(name, reason, vals or {})
        return True

    def _workflow_apply_one(self, name, reason, vals):
        self.ensure_one()
        old_state = self[self._workflow_field]
        transition, problem = workflow.find_transition(self._workflow_transitions(), name, old_state)
        if problem == "unknown":
            raise UserError(self.env._("%(model)s has no step %(name)s.", model=self._description, name=name))
        if problem == "state":
            transition = next(t for t in self._workflow_transitions() if t.name == name)
            raise UserError(
                self.env._(
                    "%(record)s is %(state)s: %(action)s is not possible now.",
                    record=self.display_name,
                    state=self._workflow_state_label(old_state),
                    action=self._workflow_transition_label(transition),
                )
            )
        system = self.env.uid == SUPERUSER_ID
        if not system:
            self._workflow_check_groups(transition)
            if not self.env.su:
                # whoever acts must be allowed to change this very record (record rules)
                self.check_access("write")
        if transition.reason and not reason:
            raise UserError(
                self.env._(
                    "Give a reason to %(action)s %(record)s.",
                    action=self._workflow_transition_label(transition),
                    record=self.display_name,
                )
            )
        self._workflow_check(transition, reason)
        if not system:
            self._workflow_check_separation(transition)
        write_vals = dict(vals, workflow_seq=self.workflow_seq + 1)
        if transition.target:
            write_vals[self._workflow_field] = transition.target
        self._workflow_write(write_vals)
        self._workflow_log(transition, old_state, reason)
        self._workflow_after(transition, old_state, reason)
        return True

    def _workflow_log(self, transition, old_state, reason):
        new_state = self[self._workflow_field]
        # the log is append-only and written by the engine alone
        self.env["dms.workflow.log"].sudo().create(
            {
                "res_model": self._name,
                "res_id": self.id,
                "transition": transition.name,
                "kind": transition.kind,
                "from_state": old_state or False,
                "to_state": new_state or False,
                "user_id": self.env.uid,
                "reason": reason,
            }
        )
        if hasattr(self, "_message_log"):
            if new_state != old_state:
                body = self.env._(
                    "%(action)s: %(old)s → %(new)s",
                    action=self._workflow_transition_label(transition),
                    old=self._workflow_state_label(old_state),
                    new=self._workflow_state_label(new_state),
                )
            else:
                body = self.env._("%(action)s", action=self._workflow_transition_label(transition))
            if reason:
                body = self.env._("%(body)s. Reason: %(reason)s", body=body, reason=reason)
            if new_state != old_state and self._workflow_state_tracked():
                # one chatter entry per step: the note is the body of Odoo's message for the tracked state
                # (logged at commit with the old -> new values), not a second message beside it; several
                # steps of one transaction are listed in that one message
                bodies = self.env.cr.precommit.data.setdefault(f"mail.tracking.message.{self._name}", {})
                pending = bodies.get(self.id)
                body = Markup("<br/>").join([pending, body]) if pending else body
                initial = self.env.cr.precommit.data[f"mail.tracking.{self._name}"][self.id][self._workflow_field]
                if new_state == initial:
                    # back to the state the transaction started from: no tracked change will carry the notes
                    bodies.pop(self.id, None)
                    self._message_log(body=body)
                else:
                    self._track_set_log_message(body)
            else:
                self._message_log(body=body)

    def _workflow_state_tracked(self):
        """Whether the change of the state just written is tracked in the chatter (Odoo's tracking: the state
        field is tracked on this model, not disabled by the context, and prepared by the write)."""
        context = self.env.context
        if context.get("tracking_disable") or context.get("mail_notrack"):
            return False
        if self._workflow_field not in self._track_get_fields():
            return False
        prepared = self.env.cr.precommit.data.get(f"mail.tracking.{self._name}", {})
        return self._workflow_field in (prepared.get(self.id) or {})

    def _workflow_as_system(self):
        """This recordset acting as the system (scheduled jobs, automatic consequences)."""
        return self.with_user(SUPERUSER_ID)

    # ------------------------------------------------------------------
    # ORM guards
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self._workflow_is_engine():
            guarded = self._workflow_guarded_fields()
            initial = self._workflow_initial_states()
            # a client's default_<field> in context must not set a guarded field either
            defaults = {f"default_{name}" for name in guarded}
            if defaults & self.env.context.keys():
                # dropping keys needs a whole new context, not kwargs merged into it
                self = self.with_context({k: v for k, v in self.env.context.items() if k not in defaults})  # pylint: disable=context-overridden
            for vals in vals_list:
                # empty values grant nothing (res.users passes its partner's defaults through)
                given = {name for name in guarded & vals.keys() if vals[name]}
                if self._workflow_field in given and vals[self._workflow_field] in initial:
                    given = given - {self._workflow_field}
                if given:
                    raise AccessError(
                        self.env._(
                            "%(model)s: %(fields)s cannot be set when creating a record; "
                            "they change only through its workflow actions.",
                            model=self._description,
                            fields=", ".join(sorted(given)),
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        if not self._workflow_is_engine():
            given = self._workflow_guarded_fields() & vals.keys()
            field = self._workflow_field
            if field in given and all(record[field] == vals[field] for record in self):
                given = given - {field}  # writing the current value back changes nothing
            if given:
                raise AccessError(
                    self.env._(
                        "%(model)s: %(fields)s change only through its workflow actions.",
                        model=self._description,
                        fields=", ".join(sorted(given)),
                    )
                )
            frozen = set(self._workflow_frozen_fields) & vals.keys()
            if frozen:
                locked = self.filtered(lambda r: r[field] not in self._workflow_editable_states)
                if locked:
                    raise UserError(
                        self.env._(
                            "%(record)s is %(state)s: %(fields)s can no longer be changed.",
                            record=locked[0].display_name,
                            state=self._workflow_state_label(locked[0][field]),
                            fields=", ".join(self._fields[name].string for name in sorted(frozen)),
                        )
                    )
        return super().write(vals)

    def copy_data(self, default=None):
        # a copy starts its own life: never the original's state or approvals
        default = dict(default or {})
        vals_list = super().copy_data(default)
        guarded = self._workflow_guarded_fields()
        for vals in vals_list:
            for name in guarded:
                if name not in default:
                    vals.pop(name, None)
        return vals_list
