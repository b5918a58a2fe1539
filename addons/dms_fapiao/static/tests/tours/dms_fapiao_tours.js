/** @odoo-module **/
// VAT invoice (专票) request, in Chinese at phone width.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("dms_fapiao_request", {
    url: "/my/dms/fapiao",
    steps: () => [
        { content: "The page is in Chinese", trigger: ".o_dms_fapiao_request_form button:contains('申请')" },
        { content: "A special VAT invoice", trigger: "input.o_dms_fapiao_special", run: "click" },
        { content: "The whole order", trigger: "input.o_dms_fapiao_amount", run: "edit 1000" },
        { content: "Request", trigger: ".o_dms_fapiao_submit", run: "click" },
        { content: "Requested", trigger: ".o_dms_fapiao_state:contains('已申请')" },
        { trigger: ".o_dms_fapiao_name:contains('FP/')" },
    ],
});
