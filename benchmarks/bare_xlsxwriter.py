"""Baseline (e): write N rows × 22 columns with plain xlsxwriter (no formats per value).

    python bare_xlsxwriter.py N OUT.xlsx

The cell count of a per-project detail sheet: text, amounts, a rate and dates, written
row by row with ``write_row`` (default, in-memory-tables mode, like the brief writer).
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta

import xlsxwriter

HEADERS = [f"列{j + 1}" for j in range(22)]


def main() -> None:
    n, out = int(sys.argv[1]), sys.argv[2]
    wb = xlsxwriter.Workbook(out, {"strings_to_numbers": False, "strings_to_formulas": False,
                                   "strings_to_urls": False})  # fmt: skip
    ws = wb.add_worksheet("明细")
    money = wb.add_format({"num_format": "#,##0.00"})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, HEADERS)
    day = datetime(2024, 1, 1)
    counties = ["旌阳区", "罗江区", "广汉市", "什邡市", "绵竹市", "中江县"]
    for i in range(n):
        r = i + 1
        ws.write_number(r, 0, r)
        ws.write_string(r, 1, f"第{i}号重点项目建设工程")
        ws.write_row(r, 2, [counties[i % 6], "市重点", "续建", "发改局", "产业项目"])
        for c in range(7, 15):
            ws.write_number(r, c, (i * 7919 + c) % 100000 / 10, money)
        ws.write_datetime(r, 15, day + timedelta(days=i % 365), date)
        ws.write_datetime(r, 16, day + timedelta(days=(i + 30) % 365), date)
        ws.write_row(r, 17, ["主体工程完成50%", None, "项目备注", "是", f"台账!{r}"])
    wb.close()


if __name__ == "__main__":
    main()
