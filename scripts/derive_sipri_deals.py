"""Derive data/reference/sipri_russia_to_china_deals.csv from the SIPRI trade register copy.

Input: ../shared/reference/data/sipri_trade_register_2000_2030_lucacasu_gen2025-01-03.csv
(SIPRI Arms Transfers Database, "Data generated: 3 Jan 2025"; see data/reference/SOURCES.md).
Output: one row per deal with supplier Russia and recipient China: order date, the delivery
years seen, numbers delivered and TIV delivered (SIPRI trend-indicator values, millions; not USD).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "reference" / "data" / "sipri_trade_register_2000_2030_lucacasu_gen2025-01-03.csv"


def main(source: Path = SOURCE) -> None:
    register = pd.read_csv(source, skiprows=11)
    deals = register[(register["Supplier"] == "Russia") & (register["Recipient"] == "China")]
    out = (
        deals.groupby("SIPRI AT Database ID")
        .agg(
            designation=("Designation", "first"),
            description=("Description", "first"),
            category=("Armament category", "first"),
            order_year=("Order date", "first"),
            order_year_is_estimate=("Order date is estimate", "first"),
            first_delivery_year=("Delivery year", "min"),
            last_delivery_year=("Delivery year", "max"),
            number_delivered=("Numbers delivered", "sum"),
            tiv_delivered_m=("TIV delivery values", "sum"),
        )
        .reset_index()
        .rename(columns={"SIPRI AT Database ID": "sipri_deal_id"})
        .sort_values(["order_year", "sipri_deal_id"])
    )
    out["order_year_is_estimate"] = out["order_year_is_estimate"].map({"Yes": True, "No": False})
    out["tiv_delivered_m"] = out["tiv_delivered_m"].round(2)
    target = ROOT / "data" / "reference" / "sipri_russia_to_china_deals.csv"
    out.to_csv(target, index=False)
    print(f"{len(out)} deals written to {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
