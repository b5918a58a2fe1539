/** @odoo-module **/
// Tours of the dealer portal (dms_portal). Pages are server rendered: each form submit reloads the page.
import { registry } from "@web/core/registry";

// order.xlsx: header, "TW-01 2" (good) and "ZZ-404 1" (unknown SKU)
const ORDER_XLSX_B64 = "UEsDBBQAAAAIANeOd10HQU1igQAAALEAAAAQAAAAZG9jUHJvcHMvYXBwLnhtbE2OPQsCMRBE/8pxvbdBwUJiQNBSsLIPexsvkGRDskJ+vjnBj24ebxhG3wpnKuKpDi2GVI/jIpIPABUXirZOXaduHJdopWN5ADvnkc6Mz0hJYKvUHqgJpZnmTf4Ojkafcg4erXhO5uqxcGUnw6UhBQ3/cm3eqdQ17yb1lh/W8DtpXlBLAwQUAAAACADXjndddL41uu8AAAArAgAAEQAAAGRvY1Byb3BzL2NvcmUueG1szZLPasMwDIdfZfieKE66DEyay0ZPHQxW2NjN2GprGv/B1kj69kuyNmVsD7CjpZ8/fQI1KgjlI75EHzCSwXQ32M4locKaHYmCAEjqiFamfEy4sbn30Uoan/EAQaqTPCCURVGDRZJakoQJmIWFyNpGK6EiSvLxgtdqwYfP2M0wrQA7tOgoAc85sHaaGM5D18ANMMEIo03fBdQLca7+iZ07wC7JIZkl1fd93ldzbtyBw/vz9nVeNzMukXQKx1/JCDoHXLPr5Lfq8Wm3YW1ZlHXGeVZWO/4g7ldiVX9Mrj/8bsLWa7M3/9j4Ktg28Osu2i9QSwMEFAAAAAgA1453XZlcnCMQBgAAnCcAABMAAAB4bC90aGVtZS90aGVtZTEueG1s7Vpbc9o4FH7vr9B4Z/ZtC8Y2gba0E3Npdtu0mYTtTh+FEViNbHlkkYR/v0c2EMuWDe2STbqbPAQs6fvORUfn6Dh58+4uYuiGiJTyeGDZL9vWu7cv3uBXMiQRQTAZp6/wwAqlTF61WmkAwzh9yRMSw9yCiwhLeBTL1lzgWxovI9bqtNvdVoRpbKEYR2RgfV4saEDQVFFab18gtOUfM/gVy1SNZaMBE1dBJrmItPL5bMX82t4+Zc/pOh0ygW4wG1ggf85vp+ROWojhVMLEwGpnP1Zrx9HSSICCyX2UBbpJ9qPTFQgyDTs6nVjOdnz2xO2fjMradDRtGuDj8Xg4tsvSi3AcBOBRu57CnfRsv6RBCbSjadBk2PbarpGmqo1TT9P3fd/rm2icCo1bT9Nrd93TjonGrdB4Db7xT4fDronGq9B062kmJ/2ua6TpFmhCRuPrehIVteVA0yAAWHB21szSA5ZeKfp1lBrZHbvdQVzwWO45iRH+xsUE1mnSGZY0RnKdkAUOADfE0UxQfK9BtorgwpLSXJDWzym1UBoImsiB9UeCIcXcr/31l7vJpDN6nX06zmuUf2mrAaftu5vPk/xz6OSfp5PXTULOcLwsCfH7I1thhyduOxNyOhxnQnzP9vaRpSUyz+/5CutOPGcfVpawXc/P5J6MciO73fZYffZPR24j16nAsyLXlEYkRZ/ILbrkETi1SQ0yEz8InYaYalAcAqQJMZahhvi0xqwR4BN9t74IyN+NiPerb5o9V6FYSdqE+BBGGuKcc+Zz0Wz7B6VG0fZVvNyjl1gVAZcY3zSqNSzF1niVwPGtnDwdExLNlAsGQYaXJCYSqTl+TUgT/iul2v6c00DwlC8k+kqRj2mzI6d0Js3oMxrBRq8bdYdo0jx6/gX5nDUKHJEbHQJnG7NGIYRpu/AerySOmq3CEStCPmIZNhpytRaBtnGphGBaEsbReE7StBH8Waw1kz5gyOzNkXXO1pEOEZJeN0I+Ys6LkBG/HoY4SprtonFYBP2eXsNJweiCy2b9uH6G1TNsLI73R9QXSuQPJqc/6TI0B6OaWQm9hFZqn6qHND6oHjIKBfG5Hj7lengKN5bGvFCugnsB/9HaN8Kr+ILAOX8ufc+l77n0PaHStzcjfWfB04tb3kZuW8T7rjHa1zQuKGNXcs3Ix1SvkynYOZ/A7P1oPp7x7frZJISvmlktIxaQS4GzQSS4/IvK8CrECehkWyUJy1TTZTeKEp5CG27pU/VKldflr7kouDxb5OmvoXQ+LM/5PF/ntM0LM0O3ckvqtpS+tSY4SvSxzHBOHssMO2c8kh22d6AdNfv2XXbkI6UwU5dDuBpCvgNtup3cOjiemJG5CtNSkG/D+enFeBriOdkEuX2YV23n2NHR++fBUbCj7zyWHceI8qIh7qGGmM/DQ4d5e1+YZ5XGUDQUbWysJCxGt2C41/EsFOBkYC2gB4OvUQLyUlVgMVvGAyuQonxMjEXocOeXXF/j0ZLj26ZltW6vKXcZbSJSOcJpmBNnq8reZbHBVR3PVVvysL5qPbQVTs/+Wa3InwwRThYLEkhjlBemSqLzGVO+5ytJxFU4v0UzthKXGLzj5sdxTlO4Ena2DwIyubs5qXplMWem8t8tDAksW4hZEuJNXe3V55ucrnoidvqXd8Fg8v1wyUcP5TvnX/RdQ65+9t3j+m6TO0hMnHnFEQF0RQIjlRwGFhcy5FDukpAGEwHNlMlE8AKCZKYcgJj6C73yDLkpFc6tPjl/RSyDhk5e0iUSFIqwDAUhF3Lj7++TaneM1/osgW2EVDJk1RfKQ4nBPTNyQ9hUJfOu2iYLhdviVM27Gr4mYEvDem6dLSf/217UPbQXPUbzo5ngHrOHc5t6uMJFrP9Y1h75Mt85cNs63gNe5hMsQ6R+wX2KioARq2K+uq9P+SWcO7R78YEgm/zW26T23eAMfNSrWqVkKxE/Swd8H5IGY4xb9DRfjxRiraaxrcbaMQx5gFjzDKFmON+HRZoaM9WLrDmNCm9B1UDlP9vUDWj2DTQckQVeMZm2NqPkTgo83P7vDbDCxI7h7Yu/AVBLAwQUAAAACADXjnddTQaLinQBAAD4AgAAGAAAAHhsL3dvcmtzaGVldHMvc2hlZXQxLnhtbHVSXW/CMAz8K1XeIeVrm1BbaTBNm6ZJDMaQeAvUpRFJ0yWGjn+/uEDFJniKzznf2YmjytitywEw+NGqcDHLEcsh526dgxaubUoo/E1mrBbood1wV1oQaV2kFe+G4R3XQhYsiercxCaR2aGSBUxs4HZaC3sYgTJVzDrsnJjKTY6U4ElUig3MAOflxHrEG5VUaiicNEVgIYvZY2c46hG/JnxJqNxFHNAkK2O2BF7TmIXUEChYIykIf+xhDEqRkG/j+6TJGksqvIzP6s/17H6WlXAwNmohU8xj9sCCFDKxUzg11Quc5hk0DT4JFElkTRVYmjOJ1hSQt+fJgt5nhtbnpTfCZPY2jzh6f4J8faKPbtE/8PCXzr1TY9dt7Lo36j8XrbBzzfBYQL+5T7oR319R7zXqvRvqy2WrH/avyfcu5Dv/5PnFu9FOvAu7kYULFGS+JmzfD1hgj+98BGjKeqdWBtHoOsz9aoIlgr/PjMEzoG9ulj35BVBLAwQUAAAACADXjnddfPOj3FECAAD2CQAADQAAAHhsL3N0eWxlcy54bWzdVtuK2zAQ/RXhD6iTmDVxSfJQQ2ChLQu7D31VYjkR6OLK8pL06zsjOXazq1kofatN8MwcnbkbZ9P7qxLPZyE8u2hl+m129r77nOf98Sw07z/ZThhAWus096C6U953TvCmR5JW+WqxKHPNpcl2GzPovfY9O9rB+G22yPLdprVmtiyzaICjXAv2ytU2q7mSByfDWa6lukbzCg1Hq6xjHlIRSAZL/yvCy6hhlqMfLY11aMxjhPDowalUakpglUXDbtNx74Uze1ACJxjfQWyUX64dZHBy/LpcPWQzITwgyMG6Rri7OqNpt1Gi9UBw8nTGp7ddjqD3VoPQSH6yhoccboxRALdHodQzjuhHe+f70rLY68cG28yw1JsICY1idBMV9P+nt+j7n92yTr5a/2WAakzQfw7WiycnWnkJ+qW9jz+FDoncRZ+sDJdjm33HnVOzC3YYpPLSjNpZNo0w72oD954fYKnv/MP5RrR8UP5lArfZLH8TjRx0NZ16wrLGU7P8FWe4LKfNhFjSNOIimnpU3ekQRAYCRB0vJLxF9uFKIxQnYmkEMSoOlQHFiSwqzv9Uz5qsJ2JUbusksiY5a5ITWSmkDjcVJ82p4EpXWlVFUZZUR+s6mUFN9a0s8Zf2RuWGDCoORvq7XtPTpjfk4z2gZvrRhlCV0ptIVUr3GpF035BRVelpU3GQQU2B2h2Mn46DO5XmFAVOlcqNeoNppKooBHcxvaNlSXSnxDs9H+otKYqqSiOIpTMoCgrBt5FGqAwwBwopivAdfPM9ym/fqXz+p7f7DVBLAwQUAAAACADXjnddl4q7HMAAAAATAgAACwAAAF9yZWxzLy5yZWxznZK5bsMwDEB/xdCeMAfQIYgzZfEWBPkBVqIP2BIFikWdv6/apXGQCxl5PTwS3B5pQO04pLaLqRj9EFJpWtW4AUi2JY9pzpFCrtQsHjWH0kBE22NDsFosPkAuGWa3vWQWp3OkV4hc152lPdsvT0FvgK86THFCaUhLMw7wzdJ/MvfzDDVF5UojlVsaeNPl/nbgSdGhIlgWmkXJ06IdpX8dx/aQ0+mvYyK0elvo+XFoVAqO3GMljHFitP41gskP7H4AUEsDBBQAAAAIANeOd100UMaGMAEAACICAAAPAAAAeGwvd29ya2Jvb2sueG1sjVHRSsNAEPyVcB9gUtGCpemLRS2IFit9vySbZundbdjbtNqvd5MQLPji097OLMPM3PJMfCyIjsmXdyHmphFpF2kaywa8jTfUQlCmJvZWdOVDGlsGW8UGQLxLb7NsnnqLwayWk9aW0+uFBEpBCgr2wB7hHH/5fk1OGLFAh/Kdm+HtwCQeA3q8QJWbzCSxofMLMV4oiHW7ksm53MxGYg8sWP6Bd73JT1vEARFbfFg1kpt5poI1cpThYtC36vEEejxundATOgFeW4Fnpq7FcOhlNEV6FWPoYZpjiQv+T41U11jCmsrOQ5CxRwbXGwyxwTaaJFgPuRks9nl0bKoxm6ipq6Z4gUrwphrtTZ4qqDFA9aYyUXHtp9xy0o9B5/bufvagPXTOPSr2Hl7JVlPE6XtWP1BLAwQUAAAACADXjnddJB6boq0AAAD4AQAAGgAAAHhsL19yZWxzL3dvcmtib29rLnhtbC5yZWxztZE9DoMwDIWvEuUANVCpQwVMXVgrLhAF8yMSEsWuCrcvhQGQOnRhsp4tf+/JTp9oFHduoLbzJEZrBspky+zvAKRbtIouzuMwT2oXrOJZhga80r1qEJIoukHYM2Se7pminDz+Q3R13Wl8OP2yOPAPMLxd6KlFZClKFRrkTMJotjbBUuLLTJaiqDIZiiqWcFog4skgbWlWfbBPTrTneRc390WuzeMJrt8McHh0/gFQSwMEFAAAAAgA1453XWWQeZIZAQAAzwMAABMAAABbQ29udGVudF9UeXBlc10ueG1srZNNTsMwEIWvEmVbJS4sWKCmG2ALXXABY08aq/6TZ1rS2zNO2kqgEhWFTax43rzPnpes3o8RsOid9diUHVF8FAJVB05iHSJ4rrQhOUn8mrYiSrWTWxD3y+WDUMETeKooe5Tr1TO0cm+peOl5G03wTZnAYlk8jcLMakoZozVKEtfFwesflOpEqLlz0GBnIi5YUIqrhFz5HXDqeztASkZDsZGJXqVjleitQDpawHra4soZQ9saBTqoveOWGmMCqbEDIGfr0XQxTSaeMIzPu9n8wWYKyMpNChE5sQR/x50jyd1VZCNIZKaveCGy9ez7QU5bg76RzeP9DGk35IFiWObP+HvGF/8bzvERwu6/P7G81k4af+aL4T9efwFQSwECFAMUAAAACADXjnddB0FNYoEAAACxAAAAEAAAAAAAAAAAAAAAgAEAAAAAZG9jUHJvcHMvYXBwLnhtbFBLAQIUAxQAAAAIANeOd110vjW67wAAACsCAAARAAAAAAAAAAAAAACAAa8AAABkb2NQcm9wcy9jb3JlLnhtbFBLAQIUAxQAAAAIANeOd12ZXJwjEAYAAJwnAAATAAAAAAAAAAAAAACAAc0BAAB4bC90aGVtZS90aGVtZTEueG1sUEsBAhQDFAAAAAgA1453XU0Gi4p0AQAA+AIAABgAAAAAAAAAAAAAAICBDggAAHhsL3dvcmtzaGVldHMvc2hlZXQxLnhtbFBLAQIUAxQAAAAIANeOd11886PcUQIAAPYJAAANAAAAAAAAAAAAAACAAbgJAAB4bC9zdHlsZXMueG1sUEsBAhQDFAAAAAgA1453XZeKuxzAAAAAEwIAAAsAAAAAAAAAAAAAAIABNAwAAF9yZWxzLy5yZWxzUEsBAhQDFAAAAAgA1453XTRQxoYwAQAAIgIAAA8AAAAAAAAAAAAAAIABHQ0AAHhsL3dvcmtib29rLnhtbFBLAQIUAxQAAAAIANeOd10kHpuirQAAAPgBAAAaAAAAAAAAAAAAAACAAXoOAAB4bC9fcmVscy93b3JrYm9vay54bWwucmVsc1BLAQIUAxQAAAAIANeOd11lkHmSGQEAAM8DAAATAAAAAAAAAAAAAACAAV8PAABbQ29udGVudF9UeXBlc10ueG1sUEsFBgAAAAAJAAkAPgIAAKkQAAAAAA==";

function attachOrderFile() {
    const input = document.querySelector("input.o_dms_upload_file");
    const bytes = Uint8Array.from(atob(ORDER_XLSX_B64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], "order.xlsx"));
    input.files = transfer.files;
}

registry.category("web_tour.tours").add("dms_portal_order_flow", {
    url: "/my/dms/catalog",
    steps: () => [
        { content: "Search the catalog", trigger: "input.o_dms_catalog_search", run: "edit Water" },
        { trigger: ".o_dms_catalog_search_btn", run: "click" },
        {
            // the value attribute is rendered by the server: it is only there once the searched page has loaded
            content: "The searched catalog page is loaded",
            trigger: "input.o_dms_catalog_search[value='Water']",
        },
        {
            content: "Add water from the catalog",
            trigger: ".o_dms_product_card[data-sku='TW-01'] .o_dms_add_to_cart",
            run: "click",
        },
        { content: "Cart has the line", trigger: ".o_dms_cart_line:contains('TW-01')" },
        { content: "Type a quick order", trigger: "textarea.o_dms_quick_lines", run: "edit TT-01 2" },
        { trigger: ".o_dms_quick_check", run: "click" },
        { trigger: ".o_dms_row_ok" },
        { content: "Add the checked lines", trigger: ".o_dms_import_valid", run: "click" },
        { trigger: ".o_dms_cart_line:contains('TT-01')" },
        { content: "Upload an Excel file with a bad row", trigger: "input.o_dms_upload_file", run: attachOrderFile },
        { trigger: ".o_dms_upload_btn", run: "click" },
        { content: "The bad row is marked", trigger: ".o_dms_row_bad .o_dms_row_error:contains('Unknown SKU')" },
        { trigger: ".o_dms_preview_bad_count:contains('1')" },
        { content: "Add the valid row only", trigger: ".o_dms_import_valid", run: "click" },
        {
            // the old page already had TW-01 (qty 1): wait for the reloaded cart with 1 + 2
            content: "The cart holds the uploaded quantity",
            trigger: ".o_dms_cart_line:contains('TW-01') input[name='qty'][value^='3']",
        },
        { content: "Go to checkout", trigger: ".o_dms_checkout", run: "click" },
        {
            content: "The summary shows whole quantities as integers",
            trigger: ".o_dms_summary_product .o_dms_summary_qty:contains('3'):not(:contains('3.0'))",
        },
        { content: "Submit", trigger: ".o_dms_submit", run: "click" },
        { content: "The confirmation page", trigger: ".o_dms_submitted" },
        { trigger: ".o_dms_submitted_open", run: "click" },
        { content: "The order page shows where it stands", trigger: ".o_dms_timeline li.done" },
        { trigger: ".o_dms_order_state" },
    ],
});

registry.category("web_tour.tours").add("dms_portal_confirm_receipt", {
    url: "/my/dms/orders",
    steps: () => [
        { trigger: ".o_dms_order_row a", run: "click" },
        { content: "The order is shipped", trigger: ".o_dms_order_state:contains('Shipped')" },
        { content: "Confirm receipt", trigger: ".o_dms_confirm_receipt", run: "click" },
        { trigger: ".o_dms_order_state:contains('Received')" },
    ],
});

registry.category("web_tour.tours").add("dms_portal_order_held", {
    steps: () => [
        { content: "The dealer sees its order held for credit", trigger: ".o_dms_order_state:contains('Credit Hold')" },
        { content: "The timeline shows the submitted step", trigger: ".o_dms_timeline li.done" },
    ],
});

// checkout on desktop: the dealer picks one of its delivery addresses and a requested date
registry.category("web_tour.tours").add("dms_portal_checkout_address", {
    url: "/my/dms/cart",
    steps: () => [
        { content: "The cart holds the water", trigger: ".o_dms_cart_line:contains('TW-01')" },
        { content: "Go to checkout", trigger: ".o_dms_checkout", run: "click" },
        {
            content: "No address is preselected",
            trigger: "select.o_dms_shipping",
            run() {
                if (this.anchor.value) {
                    throw new Error("a delivery address was chosen for the dealer");
                }
            },
        },
        { content: "Choose the Shanghai warehouse", trigger: "select.o_dms_shipping", run: "selectByLabel Pudong" },
        {
            content: "Requested delivery date",
            trigger: "input.o_dms_commitment_date",
            run() {
                this.anchor.value = "2031-06-15";
            },
        },
        { content: "PO reference", trigger: "input.o_dms_client_order_ref", run: "edit PO-7788" },
        { content: "Remarks", trigger: "textarea.o_dms_note", run: "edit Call before delivery" },
        { content: "The summary adds up", trigger: ".o_dms_summary_total" },
        { content: "Submit", trigger: ".o_dms_submit", run: "click" },
        { content: "The confirmation page names the address", trigger: ".o_dms_submitted_address:contains('Pudong')" },
        { trigger: ".o_dms_submitted_ref:contains('PO-7788')" },
    ],
});

// Phone-first check of the page shown: nothing wider than the screen, tab labels on one line.
function checkLayout(page) {
    return {
        content: `${page}: nothing wider than the screen, tab labels on one line`,
        trigger: ".o_dms_nav",
        run() {
            const doc = document.documentElement;
            if (doc.scrollWidth > window.innerWidth + 1) {
                throw new Error(`${page} is ${doc.scrollWidth}px wide on a ${window.innerWidth}px screen`);
            }
            for (const link of document.querySelectorAll(".o_dms_nav .nav-link")) {
                const style = getComputedStyle(link);
                const oneLine =
                    parseFloat(style.lineHeight) + parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
                if (link.getBoundingClientRect().height > oneLine * 1.2) {
                    throw new Error(`${page}: the tab "${link.textContent.trim()}" breaks over several lines`);
                }
            }
        },
    };
}

// Checkout with a promotion (满减 + 赠品 from sale_loyalty) and the rebate wallet, then an address and a date.
// ``texts`` are the labels expected in the user's language.
function promoWalletSteps(texts) {
    return [
        { content: "The 满减 of the whole order is announced", trigger: ".o_dms_order_promotions" },
        { content: "The tea card carries its 赠品 badge", trigger: ".o_dms_product_card[data-sku='TT-01'] .o_dms_promo_badge" },
        checkLayout("catalog"),
        { content: "10 teas", trigger: ".o_dms_product_card[data-sku='TT-01'] input[name='qty']", run: "edit 10" },
        { content: "Add them", trigger: ".o_dms_product_card[data-sku='TT-01'] .o_dms_add_to_cart", run: "click" },
        { content: "The cart applies the promotions", trigger: ".o_dms_cart_promotion" },
        checkLayout("cart"),
        { content: "Checkout", trigger: ".o_dms_checkout", run: "click" },
        { content: "Choose the Shanghai warehouse", trigger: "select.o_dms_shipping", run: "selectByLabel Pudong" },
        {
            content: "Requested delivery date",
            trigger: "input.o_dms_commitment_date",
            run() {
                this.anchor.value = "2031-06-15";
            },
        },
        { content: "Use 30 of the rebate wallet", trigger: "input.o_dms_wallet_amount", run: "edit 30" },
        { content: "Apply it", trigger: ".o_dms_wallet_apply", run: "click" },
        { content: "The summary shows the wallet", trigger: ".o_dms_summary_wallet" },
        { content: "and the promotions", trigger: ".o_dms_summary_promotion" },
        {
            content: "The address was kept",
            trigger: "select.o_dms_shipping",
            run() {
                if (!this.anchor.selectedOptions[0].textContent.includes("Pudong")) {
                    throw new Error("the delivery address chosen before using the wallet was lost");
                }
            },
        },
        { content: "and the date", trigger: "input.o_dms_commitment_date[value='2031-06-15']" },
        { content: "In the user's language", trigger: `.o_dms_submit:contains('${texts.submit}')` },
        { trigger: `.o_dms_wallet .card-title:contains('${texts.wallet}')` },
        checkLayout("checkout"),
        { content: "Submit", trigger: ".o_dms_submit", run: "click" },
        { content: "Confirmation with the address", trigger: ".o_dms_submitted_address:contains('Pudong')" },
        { content: "and the wallet line", trigger: ".o_dms_summary_wallet" },
        checkLayout("confirmation"),
    ];
}

registry.category("web_tour.tours").add("dms_portal_promo_wallet_en", {
    url: "/my/dms/catalog",
    steps: () => promoWalletSteps({ submit: "Submit order", wallet: "Rebate wallet" }),
});

registry.category("web_tour.tours").add("dms_portal_promo_wallet_zh", {
    url: "/my/dms/catalog",
    steps: () => promoWalletSteps({ submit: "提交订单", wallet: "返利池" }),
});

// Every portal page of the dealer at phone width: nothing wider than the screen.
registry.category("web_tour.tours").add("dms_portal_phone_pages", {
    url: "/my/dms",
    steps: () => [
        checkLayout("dashboard"),
        { trigger: ".o_dms_nav a[href$='/my/dms/catalog']", run: "click" },
        { trigger: ".o_dms_product_card" },
        checkLayout("catalog"),
        { trigger: ".o_dms_nav a[href$='/my/dms/cart']", run: "click" },
        { trigger: ".o_dms_quick_lines" },
        checkLayout("cart"),
        { trigger: ".o_dms_nav a[href$='/my/dms/orders']", run: "click" },
        { trigger: ".o_dms_order_row a" },
        checkLayout("orders"),
        { trigger: ".o_dms_order_row a", run: "click" },
        { trigger: ".o_dms_order_line .o_dms_price_explanation" },
        checkLayout("order"),
        { trigger: ".o_dms_nav a[href$='/my/dms/statements']", run: "click" },
        { trigger: ".o_dms_statement_generate, .o_dms_statements" },
        checkLayout("statements"),
        { trigger: ".o_dms_nav a[href$='/my/dms/customers']", run: "click" },
        { trigger: ".o_dms_customer_row, .o_dms_customers" },
        checkLayout("customers"),
        { trigger: ".o_dms_nav a[href$='/my/dms/users']", run: "click" },
        { trigger: ".o_dms_nav a.active[href$='/my/dms/users']" },
        checkLayout("users"),
        { trigger: ".o_dms_nav a[href$='/my/dms/profile']", run: "click" },
        { trigger: ".o_dms_nav a.active[href$='/my/dms/profile']" },
        checkLayout("profile"),
    ],
});
