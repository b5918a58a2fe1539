/** @odoo-module **/
// An HQ manager opens the channel overview board from its menu: the board loads its data and
// draws (a JavaScript error or a failed server read fails the tour).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("dms_channel_overview", {
    url: "/odoo/dms-channel-overview",
    steps: () => [
        {
            content: "The channel overview is the open board",
            trigger: ".o_search_panel_category_value.active:contains(Channel Overview)",
        },
        {
            content: "The board has drawn its grid",
            trigger: ".o_spreadsheet_dashboard_action .o-grid canvas",
        },
        {
            content: "The period filter of the board is offered",
            trigger: ".o_spreadsheet_dashboard_action .o-filter-value, .o_spreadsheet_dashboard_action .o_control_panel",
        },
    ],
});
