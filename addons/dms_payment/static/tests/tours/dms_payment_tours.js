/** @odoo-module **/
// Prepayment top-up with its bank slip (打款凭证), in Chinese at phone width.
import { registry } from "@web/core/registry";

const PNG =
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAD0lEQVR4nGP4jwMwDC0JALoev0Ewkwr8AAAAAElFTkSuQmCC";

registry.category("web_tour.tours").add("dms_payment_topup", {
    url: "/my/dms/prepayment",
    steps: () => [
        { content: "The page is in Chinese", trigger: ".o_dms_topup_form button:contains('提交')" },
        { content: "Amount", trigger: "input.o_dms_topup_amount", run: "edit 2000" },
        { content: "Bank reference", trigger: "input.o_dms_bank_reference", run: "edit 工行 8899" },
        {
            content: "Attach the bank slip",
            trigger: "input.o_dms_proof",
            run: () => {
                const bytes = Uint8Array.from(atob(PNG), (c) => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], "打款凭证.png", { type: "image/png" }));
                const input = document.querySelector("input.o_dms_proof");
                input.files = transfer.files;
            },
        },
        { content: "Submit", trigger: ".o_dms_topup_submit", run: "click" },
        { content: "Waiting for finance", trigger: ".o_dms_topup_waiting" },
        { trigger: ".o_dms_topup_state:contains('待财务确认')" },
        { trigger: ".o_dms_topup_proof:contains('打款凭证.png')" },
        { content: "Back to the balance page", trigger: ".o_dms_nav a[href$='/my/dms/prepayment']", run: "click" },
        { trigger: ".o_dms_topup_row .o_dms_topup_state:contains('待财务确认')" },
    ],
});
