#!/usr/bin/env python3
# Copyright 2026 DMS Founding Team
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Writes dms_analytics' channel overview spreadsheet dashboard (Odoo 18 spreadsheet JSON).

The dashboard is data: ``addons/dms_analytics/data/files/channel_dashboard.json``, loaded by
``data/spreadsheet_dashboard.xml``. Edit this script, run it, commit both::

    python3 tools/channel_dashboard.py

Every pivot and list reads a report model through the reader's own access rights and record
rules (HQ all, a region its subtree); dms_analytics' tests run each of them as each role.
"""

import json
import os

OUT = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "addons/dms_analytics/data/files/channel_dashboard.json",
)

PERIOD = "f1a0c001-0000-4000-8000-000000000001"
DEALER = "f1a0c001-0000-4000-8000-000000000002"
TERRITORY = "f1a0c001-0000-4000-8000-000000000003"

FLOW = "dms.channel.flow.report"
TARGET = "dms.analytics.target.report"
ACCRUAL = "dms.rebate.accrual"
ALERT = "dms.order.alert"
PRICE = "dms.price.execution.report"
ORDER = "sale.order"
SCORE = "dms.dealer.score"

#: model -> (date field and type, dealer field, territory field) the global filters match
MATCHING = {
    FLOW: (("date", "date"), "dealer_id", "territory_id"),
    TARGET: (("date_from", "date"), "dealer_id", "territory_id"),
    ACCRUAL: (("period_start", "date"), "partner_id", "partner_id.territory_id"),
    ALERT: (("create_date", "datetime"), "dealer_id", "dealer_territory_id"),
    PRICE: (("date", "datetime"), "dealer_id", "dealer_territory_id"),
    ORDER: (("date_order", "datetime"), "partner_id", "partner_id.territory_id"),
    SCORE: (("date_from", "date"), "partner_id", "territory_id"),
}


def field_matching(model):
    (date_field, date_type), dealer, territory = MATCHING[model]
    return {
        PERIOD: {"chain": date_field, "type": date_type, "offset": 0},
        DEALER: {"chain": dealer, "type": "many2one"},
        TERRITORY: {"chain": territory, "type": "many2one"},
    }


def pivot(pid, name, model, measures, rows=(), domain=(), sort=None):
    definition = {
        "type": "ODOO",
        "id": str(pid),
        "formulaId": str(pid),
        "name": name,
        "model": model,
        "domain": list(domain),
        "context": {},
        "measures": [{"id": m, "fieldName": m} for m in measures],
        "rows": [{"fieldName": r} for r in rows],
        "columns": [],
        "fieldMatching": field_matching(model),
    }
    if sort:
        definition["sortedColumn"] = {"groupId": [[], []], "measure": sort, "order": "desc"}
    return definition


PIVOTS = [
    pivot(1, "Channel flow", FLOW, ["sell_in_value", "sell_through_value", "sell_out_value"]),
    pivot(
        2,
        "Channel flow by territory",
        FLOW,
        ["sell_in_value", "sell_through_value", "sell_out_value"],
        rows=["territory_id"],
        sort="sell_in_value",
    ),
    pivot(3, "Targets by region", TARGET, ["amount", "actual_amount", "gap_amount"], rows=["region_id"], sort="amount"),
    pivot(4, "Targets", TARGET, ["amount", "actual_amount"]),
    pivot(
        5,
        "Rebate liability by policy",
        ACCRUAL,
        ["amount_booked", "amount_settled", "amount_outstanding"],
        rows=["policy_root_id"],
        sort="amount_outstanding",
    ),
    pivot(6, "Open channel alerts by type", ALERT, ["__count"], rows=["alert_type"], domain=[["state", "=", "new"]]),
    pivot(
        7,
        "Price execution by territory",
        PRICE,
        ["deviation_count", "floor_breach_count"],
        rows=["dealer_territory_id"],
        domain=[["state", "in", ["sale", "done"]]],
        sort="floor_breach_count",
    ),
    pivot(8, "Dealer scorecards by decision", SCORE, ["__count", "total_score"], rows=["state"]),
    pivot(9, "Orders on credit hold", ORDER, ["__count", "amount_total"], domain=[["dms_state", "=", "credit_hold"]]),
]

LISTS = {
    "1": {
        "id": "1",
        "name": "Top dealers by target attainment",
        "model": TARGET,
        "columns": ["dealer_id", "region_id", "amount", "actual_amount", "attainment"],
        "domain": [["amount", ">", 0]],
        "context": {},
        "orderBy": [{"name": "attainment", "asc": False}],
        "fieldMatching": field_matching(TARGET),
    },
    "2": {
        "id": "2",
        "name": "Orders on credit hold",
        "model": ORDER,
        "columns": ["name", "partner_id", "amount_total", "date_order"],
        "domain": [["dms_state", "=", "credit_hold"]],
        "context": {},
        "orderBy": [{"name": "amount_total", "asc": False}],
        "fieldMatching": field_matching(ORDER),
    },
}

TOP = 10
#: first row of the tables, below the scorecards and the two charts
TABLES_ROW = 20


def link(title, model, view_type, domain=(), group_by=()):
    action = {
        "domain": list(domain),
        "context": {"group_by": list(group_by)},
        "modelName": model,
        "views": [[False, view_type], [False, "list"], [False, "search"]],
    }
    payload = json.dumps({"viewType": view_type, "action": action, "threshold": 0, "name": title})
    return f"[{title}](odoo://view/{payload})"


def build_figures(scorecards):
    """Scorecards on top, then two monthly bar charts of the channel flow."""
    figures = []
    x = 0
    for i, (label, _formula) in enumerate(scorecards, start=1):
        figures.append(
            {
                "id": f"dms-scorecard-{i}",
                "x": x,
                "y": 40,
                "width": 142,
                "height": 100,
                "tag": "chart",
                "data": {
                    "type": "scorecard",
                    "title": {"text": label, "bold": True, "color": "#434343"},
                    "keyValue": f"Data!B{i}",
                    "background": "#EFF6FF" if i <= 3 else "#FFF7ED",
                    "baselineMode": "text",
                    "baselineColorUp": "#00A04A",
                    "baselineColorDown": "#DC6965",
                    "humanize": True,
                },
            }
        )
        x += 149
    for i, (measure, title) in enumerate(
        [("sell_in_value", "Sell-in by month"), ("sell_out_value", "Sell-out by month")]
    ):
        figures.append(
            {
                "id": f"dms-chart-{measure}",
                "x": i * 570,
                "y": 160,
                "width": 560,
                "height": 330,
                "tag": "chart",
                "data": {
                    "type": "odoo_bar",
                    "title": {"text": title},
                    "background": "#FFFFFF",
                    "legendPosition": "none",
                    "verticalAxisPosition": "left",
                    "stacked": False,
                    "metaData": {
                        "groupBy": ["date:month"],
                        "measure": measure,
                        "order": None,
                        "resModel": FLOW,
                        "mode": "bar",
                    },
                    "searchParams": {
                        "comparison": None,
                        "context": {"group_by": []},
                        "domain": [],
                        "groupBy": ["date:month"],
                        "orderBy": [],
                    },
                    "fieldMatching": field_matching(FLOW),
                },
            }
        )

    return figures


def build():
    cells, data = {}, {}

    def put(ref, content, style=None, fmt=None, sheet=cells):
        sheet[ref] = {"content": content}
        if style:
            sheet[ref]["style"] = style
        if fmt:
            sheet[ref]["format"] = fmt

    # --- Data sheet: the scorecards' values
    scorecards = [
        ("Sell-in", '=PIVOT.VALUE(1,"sell_in_value")'),
        ("Sell-through", '=PIVOT.VALUE(1,"sell_through_value")'),
        ("Sell-out", '=PIVOT.VALUE(1,"sell_out_value")'),
        (
            "Target attainment",
            '=TEXT(IFERROR(PIVOT.VALUE(4,"actual_amount")/PIVOT.VALUE(4,"amount"),0),"0.0%")',
        ),
        ("Rebate outstanding", '=PIVOT.VALUE(5,"amount_outstanding")'),
        ("Open channel alerts", '=PIVOT.VALUE(6,"__count")'),
        ("Orders on credit hold", '=PIVOT.VALUE(9,"__count")'),
    ]
    for i, (label, formula) in enumerate(scorecards, start=1):
        put(f"A{i}", f'=_t("{label}")', sheet=data)
        put(f"B{i}", formula, fmt=2 if label == "Target attainment" else 1, sheet=data)

    # --- Dashboard sheet
    put("A1", '=_t("Channel Overview")', style=1)

    def table(title_link, headers, pivot_id, row_field, measures, formats, start):
        put(f"A{start}", title_link, style=1)
        for col, header in zip("ABCDEFG", headers, strict=False):
            put(f"{col}{start + 1}", f'=_t("{header}")', style=2)
        for n in range(1, TOP + 1):
            r = start + 1 + n
            put(f"A{r}", f'=PIVOT.HEADER({pivot_id},"#{row_field}",{n})', style=3)
            for col, measure, fmt in zip("BCDEFG", measures, formats, strict=False):
                put(f"{col}{r}", f'=PIVOT.VALUE({pivot_id},"{measure}","#{row_field}",{n})', fmt=fmt)
        return start + TOP + 3

    def list_table(title_link, headers, list_id, money, start):
        put(f"A{start}", title_link, style=1)
        columns = LISTS[list_id]["columns"]
        for col, header in zip("ABCDEFG", headers, strict=False):
            put(f"{col}{start + 1}", f'=_t("{header}")', style=2)
        for n in range(1, TOP + 1):
            for col, field in zip("ABCDEFG", columns, strict=False):
                fmt = 1 if field in money else None
                put(f"{col}{start + 1 + n}", f'=ODOO.LIST({list_id},{n},"{field}")', fmt=fmt)
        return start + TOP + 3

    # the scorecards and the two monthly charts are figures above TABLES_ROW
    row = TABLES_ROW
    row = table(
        link("Target attainment by region", TARGET, "pivot", group_by=["region_id"]),
        ["Region", "Target", "Actual", "Still to Sell", "Attainment"],
        3,
        "region_id",
        ["amount", "actual_amount", "gap_amount"],
        [1, 1, 1],
        row,
    )
    # attainment column: actual / target per row
    for n in range(1, TOP + 1):
        r = TABLES_ROW + 1 + n
        put(f"E{r}", f'=IF(B{r},TEXT(C{r}/B{r},"0.0%"),"")')
    row = list_table(
        link("Top dealers by target attainment", TARGET, "list"),
        ["Dealer", "Region", "Target", "Actual", "Attainment (%)"],
        "1",
        ("amount", "actual_amount"),
        row,
    )
    row = table(
        link("Sell-in, sell-through and sell-out by territory", FLOW, "pivot", group_by=["territory_id"]),
        ["Territory", "Sell-in", "Sell-through", "Sell-out"],
        2,
        "territory_id",
        ["sell_in_value", "sell_through_value", "sell_out_value"],
        [1, 1, 1],
        row,
    )
    row = table(
        link("Rebate liability by policy", ACCRUAL, "pivot", group_by=["policy_root_id"]),
        ["Policy", "Accrued", "Settled", "Outstanding"],
        5,
        "policy_root_id",
        ["amount_booked", "amount_settled", "amount_outstanding"],
        [1, 1, 1],
        row,
    )
    row = table(
        link("Price execution by territory", PRICE, "pivot", group_by=["dealer_territory_id"]),
        ["Territory", "Price Changes", "Floor Breaches"],
        7,
        "dealer_territory_id",
        ["deviation_count", "floor_breach_count"],
        [None, None],
        row,
    )
    row = table(
        link("Open channel alerts (窜货)", ALERT, "list", domain=[["state", "=", "new"]]),
        ["Alert Type", "Open Alerts"],
        6,
        "alert_type",
        ["__count"],
        [None],
        row,
    )
    row = list_table(
        link("Orders on credit hold", ORDER, "list", domain=[["dms_state", "=", "credit_hold"]]),
        ["Order", "Dealer", "Total", "Order Date"],
        "2",
        ("amount_total",),
        row,
    )
    row = table(
        link("Dealer scorecards", SCORE, "list"),
        ["Decision", "Scorecards", "Average Score"],
        8,
        "state",
        ["__count", "total_score"],
        [None, 3],
        row,
    )

    figures = build_figures(scorecards)
    rows = {str(r): {"size": 28} for r in range(0, row + 1)}
    return {
        "version": 21,
        "odooVersion": 12,
        "revisionId": "dms-channel-dashboard-1",
        "uniqueFigureIds": True,
        "settings": {
            "locale": {
                "name": "English (US)",
                "code": "en_US",
                "thousandsSeparator": ",",
                "decimalSeparator": ".",
                "dateFormat": "mm/dd/yyyy",
                "timeFormat": "hh:mm:ss",
                "formulaArgSeparator": ",",
                "weekStart": 7,
            }
        },
        "sheets": [
            {
                "id": "sheet1",
                "name": "Dashboard",
                "colNumber": 7,
                "rowNumber": row + 2,
                "rows": rows,
                "cols": {
                    "0": {"size": 260},
                    "1": {"size": 140},
                    "2": {"size": 140},
                    "3": {"size": 140},
                    "4": {"size": 120},
                    "5": {"size": 100},
                    "6": {"size": 100},
                },
                "merges": [],
                "cells": cells,
                "conditionalFormats": [],
                "figures": figures,
                "areGridLinesVisible": False,
                "isVisible": True,
            },
            {
                "id": "data",
                "name": "Data",
                "colNumber": 3,
                "rowNumber": len(scorecards) + 1,
                "rows": {},
                "cols": {},
                "merges": [],
                "cells": data,
                "conditionalFormats": [],
                "figures": [],
                "areGridLinesVisible": True,
                "isVisible": False,
            },
        ],
        "styles": {
            "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
            "2": {"fontSize": 11, "textColor": "#434343", "verticalAlign": "middle", "bold": True},
            "3": {"textColor": "#01666B", "verticalAlign": "middle"},
        },
        "formats": {"1": "#,##0", "2": "0.0%", "3": "0.0"},
        "borders": {},
        "pivots": {p["id"]: p for p in PIVOTS},
        "pivotNextId": len(PIVOTS) + 1,
        "lists": LISTS,
        "listNextId": len(LISTS) + 1,
        "globalFilters": [
            {"id": PERIOD, "type": "date", "label": "Period", "defaultValue": "last_year", "rangeType": "relative"},
            {
                "id": TERRITORY,
                "type": "relation",
                "label": "Territory",
                "modelName": "dms.territory",
                "defaultValue": [],
                "defaultValueDisplayNames": [],
            },
            {
                "id": DEALER,
                "type": "relation",
                "label": "Dealer",
                "modelName": "res.partner",
                "defaultValue": [],
                "defaultValueDisplayNames": [],
            },
        ],
        "customTableStyles": {},
        "chartOdooMenusReferences": {},
    }


if __name__ == "__main__":
    with open(OUT, "w", encoding="utf-8") as out:
        json.dump(build(), out, ensure_ascii=False, indent=1, sort_keys=False)
        out.write("\n")
    print(OUT)
