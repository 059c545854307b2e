"""CSV and XLSX export of a filtered list, using the list's own table columns."""

from __future__ import annotations

import csv
import datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

EXPORT_LIMIT = 200_000


class _Echo:
    def write(self, value):
        return value


def _filename(base: str, ext: str) -> str:
    # Names are translated (Vietnamese): content_disposition_header() encodes them per RFC 6266.
    return f"{base}-{timezone.localdate():%Y%m%d}.{ext}"


def export_csv(table, queryset, basename: str):
    columns = table.export_columns()

    def rows():
        writer = csv.writer(_Echo())
        yield "\ufeff"  # so that Excel opens UTF-8 Vietnamese correctly
        yield writer.writerow([str(c.label) for c in columns])
        for obj in queryset[:EXPORT_LIMIT].iterator(chunk_size=2000) if not queryset._prefetch_related_lookups \
                else queryset[:EXPORT_LIMIT]:
            yield writer.writerow([_csv_value(c.export_value(obj)) for c in columns])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, _filename(basename, "csv"))
    return response


def _csv_value(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "1" if value else "0"
    return value


def export_xlsx(table, queryset, basename: str, title: str = ""):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    columns = table.export_columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or basename)[:31])
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column.label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for obj in queryset[:EXPORT_LIMIT]:
        row = []
        for column in columns:
            value = column.export_value(obj)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm"
            elif isinstance(value, datetime.date):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(value, int) and not isinstance(value, bool):
                cell.number_format = "#,##0"
            row.append(cell)
        sheet.append(row)
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(True, _filename(basename, "xlsx"))
    workbook.save(response)
    return response
