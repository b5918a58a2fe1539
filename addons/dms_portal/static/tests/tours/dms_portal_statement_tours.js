/** @odoo-module **/
// Statement tours of the dealer portal: generate on demand, dispute, confirm with the signature widget.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("dms_portal_statement_generate_dispute", {
    url: "/my/dms/statements",
    steps: () => [
        {
            content: "Pick November 2026 in the month picker",
            trigger: "input.o_dms_statement_month",
            run: () => {
                document.querySelector("input.o_dms_statement_month").value = "2026-11";
            },
        },
        { content: "Generate", trigger: ".o_dms_statement_generate_btn", run: "click" },
        { content: "The statement is named after its period", trigger: ".o_dms_statement_name:contains('2026-11')" },
        {
            content: "Explain the disputed line",
            trigger: ".o_dms_dispute_form .o_dms_dispute_comment",
            run: "edit Price should be 450",
        },
        { trigger: ".o_dms_dispute_form .o_dms_dispute_btn", run: "click" },
        { content: "The line is marked disputed", trigger: ".o_dms_row_bad:contains('Price should be 450')" },
        { trigger: ".o_dms_statement_state:contains('Disputed')" },
    ],
});

registry.category("web_tour.tours").add("dms_portal_statement_sign", {
    url: "/my/dms/statements",
    steps: () => [
        { trigger: ".o_dms_statement_row a:contains('2026-11')", run: "click" },
        { content: "Finance accepted the dispute", trigger: ".o_dms_resolution_accepted" },
        { content: "Confirm and sign", trigger: ".o_dms_statement_confirm", run: "click" },
        { trigger: ".modal .o_portal_sign_submit:enabled" },
        { content: "Select a signature style", trigger: ".modal .o_web_sign_auto_select_style button", run: "click" },
        { trigger: ".o-dropdown-item:eq(3)", run: "click" },
        {
            // the auto signature is drawn asynchronously (font loading): on a loaded machine the
            // submit could otherwise fire on an empty canvas ("Signature is missing")
            content: "Let the signature be drawn",
            trigger: ".modal .o_web_sign_signature",
            run: () => new Promise((resolve) => setTimeout(resolve, 1000)),
        },
        { content: "Sign", trigger: ".modal .o_portal_sign_submit:enabled", run: "click" },
        { content: "Signed", trigger: ".o_dms_statement_signed_msg" },
        { trigger: ".o_dms_statement_state:contains('Confirmed')" },
    ],
});
