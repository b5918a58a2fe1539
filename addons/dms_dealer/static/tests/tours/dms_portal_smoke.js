/** @odoo-module **/
// Smoke tour: a distributor's portal user opens the portal home /my.
// Data comes from the Python test (DmsNetworkMixin), never from demo data.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("dms_portal_smoke", {
    url: "/my",
    steps: () => [
        {
            content: "The portal home is displayed",
            trigger: ".o_portal_my_home",
        },
        {
            content: "The account panel shows the logged-in dealer contact",
            trigger: ".o_portal_wrap h5:contains(dms_portal_a_admin)",
        },
        {
            content: "The Connection & Security card is reachable",
            trigger: ".o_portal_docs a[href$='/my/security']",
        },
    ],
});
