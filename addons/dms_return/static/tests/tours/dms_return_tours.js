/** @odoo-module **/
// Tours of the dealer's return requests (dms_return), run at phone width by a zh_CN dealer user.
// Pages are server rendered: each form submit reloads the page, the steps wait for the new page.
import { registry } from "@web/core/registry";

function assertPhoneWidth() {
    if (window.innerWidth > 400) {
        throw new Error(`expected a phone-sized window, got ${window.innerWidth}px`);
    }
}

registry.category("web_tour.tours").add("dms_return_request", {
    steps: () => [
        { content: "The order page is shown at phone width", trigger: ".o_dms_order_state", run: assertPhoneWidth },
        { content: "Ask for a return (in Chinese)", trigger: "a.o_dms_return_request:contains('退换货')", run: "click" },
        { content: "The request form", trigger: "form.o_dms_return_form" },
        { content: "Choose the reason", trigger: "select.o_dms_return_reason", run: "selectByLabel 质量问题" },
        { trigger: "input#dms_rt_refund:checked" },
        { content: "Return one unit", trigger: "input.o_dms_return_qty", run: "edit 1" },
        { content: "Say what happened", trigger: "textarea.o_dms_return_description", run: "edit 瓶盖漏水" },
        { content: "Send", trigger: "button.o_dms_return_submit:contains('提交申请')", run: "click" },
        { content: "The request page confirms it", trigger: ".o_dms_return_created" },
        { content: "The request is submitted", trigger: ".o_dms_return_state:contains('已提交')" },
        { trigger: ".o_dms_return_timeline li.done.current:contains('已提交')" },
    ],
});

registry.category("web_tour.tours").add("dms_return_refunded", {
    url: "/my/dms/returns",
    steps: () => [
        { content: "The list of returns at phone width", trigger: ".o_dms_return_list", run: assertPhoneWidth },
        {
            content: "The request is done",
            trigger: ".o_dms_return_row:has(.o_dms_return_state:contains('已完成'))",
            run: "click",
        },
        { content: "The credit note is shown", trigger: ".o_dms_return_refund" },
        { content: "The last step is the refund", trigger: ".o_dms_return_timeline li.done:last-child:contains('已退款')" },
    ],
});
