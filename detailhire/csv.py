"""CSV downloads safe against spreadsheet formula injection.

``safe_cell(value)``: text a spreadsheet would run as a formula (starting with = + - @, a tab or
a carriage return) gets a leading apostrophe; numbers stay numbers. ``csv_response(name, header,
rows)``: the attachment, every cell through ``safe_cell``."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.http import HttpResponse

__all__ = ["FORMULA_START", "csv_response", "safe_cell"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal | int | float):
        return str(value)
    text = str("" if value is None else value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()


def csv_response(filename: str, header, rows) -> HttpResponse:
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
