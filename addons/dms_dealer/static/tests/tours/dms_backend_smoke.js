/** @odoo-module **/
// Smoke tour: an HQ manager opens the Dealers app and sees the dealer list.
// Data comes from the Python test (DmsNetworkMixin), never from demo data.
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("dms_backend_smoke", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("dms_dealer.menu_dms_root", "Open the Dealers app"),
        {
            content: "The Dealers list shows a known distributor",
            trigger: ".o_list_view .o_data_row td[name='display_name']:contains(Test Distributor A)",
        },
        {
            content: "The breadcrumb says Dealers",
            trigger: ".o_breadcrumb .active:contains(Dealers)",
        },
    ],
});
