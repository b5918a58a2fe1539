/** @odoo-module **/
import { registry } from "@web/core/registry";

// Finance opens the credit-hold queue, releases the held order with a reason and sees it confirmed.
registry.category("web_tour.tours").add("dms_order_release_tour", {
    url: "/odoo/action-dms_order.action_dms_credit_hold",
    steps: () => [
        {
            content: "The held order is in the queue",
            trigger: ".o_list_view .o_data_row:contains('Tour Hold Dealer') td[name='name']",
            run: "click",
        },
        {
            content: "The form shows the credit hold",
            trigger: ".o_form_view .o_field_widget[name='dms_state'] .badge:contains('Credit Hold')",
        },
        {
            content: "Release it",
            trigger: "button[name='action_dms_open_release_wizard']",
            run: "click",
        },
        {
            content: "Give the reason",
            trigger: ".modal div[name='comment'] textarea",
            run: "edit Paid in advance by bank transfer",
        },
        {
            content: "Confirm the release",
            trigger: ".modal button[name='action_apply']",
            run: "click",
        },
        {
            content: "The order is confirmed",
            trigger: ".o_form_view .o_field_widget[name='dms_state'] .badge:contains('Confirmed')",
        },
    ],
});
