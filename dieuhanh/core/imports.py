"""Bulk import from CSV or XLSX: read, validate every row through a form, preview, then apply.

An app declares an `Importer` (a row form, the service that writes a row, and the column headers)
and mounts `core.views.ObjectImportView` with it. The preview shows each row's errors by field;
applying runs as a background job with a progress bar, either all-or-nothing or valid rows only,
and every row is written through the app's service function, so scoping and the change log apply.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import jobs
from .context import Source, set_source
from .text import fold

MAX_ROWS = 50_000


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, empty, no header, too many rows)."""


@dataclass
class RowResult:
    number: int  # as in the file, header = row 1
    values: dict
    errors: dict[str, list[str]] = field(default_factory=dict)
    cleaned: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def error_text(self) -> str:
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in self.errors.items())


class Importer:
    """Subclass per model. `columns` maps a form field to its header (several accepted spellings)."""

    form_class = None
    columns: dict[str, tuple[str, ...]] = {}
    label = ""

    def __init__(self, user):
        self.user = user

    @classmethod
    def path(cls) -> str:
        return f"{cls.__module__}.{cls.__qualname__}"

    def header_map(self, headers: list[str]) -> dict[int, str]:
        wanted = {}
        for field_name, names in self.columns.items():
            for name in (field_name, *names):
                wanted[fold(name)] = field_name
        mapping = {}
        for index, header in enumerate(headers):
            key = fold(header)
            if key in wanted:
                mapping[index] = wanted[key]
        return mapping

    def validate_row(self, values: dict) -> tuple[dict | None, dict[str, list[str]]]:
        form = self.form_class(data=values, user=self.user)
        if form.is_valid():
            return form.cleaned_data, {}
        return None, {self._label(name): [str(e) for e in errs] for name, errs in form.errors.items()}

    def _label(self, name: str) -> str:
        if name == "__all__":
            return _("row")
        headers = self.columns.get(name)
        return headers[0] if headers else name

    def save_row(self, cleaned: dict):
        raise NotImplementedError


def read_table(path_or_file, filename: str) -> tuple[list[str], list[list[str]]]:
    """Headers and rows of a CSV (UTF-8, with or without BOM; comma or semicolon) or XLSX file."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path_or_file, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any parse failure is the file's fault
            raise ImportFileError(_("The file is not a readable XLSX workbook (%(error)s).") % {"error": exc}) from exc
        sheet = workbook.worksheets[0]
        rows = [["" if v is None else _cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    elif name.endswith(".csv"):
        raw = path_or_file.read() if hasattr(path_or_file, "read") else Path(path_or_file).read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("The CSV file is not UTF-8 text. Save it as 'CSV UTF-8' and try again.")) from exc
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = list(csv.reader(io.StringIO(text), dialect))
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    rows = [row for row in rows if any(str(cell).strip() for cell in row)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFileError(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    return [str(h).strip() for h in rows[0]], rows[1:]


def _cell(value) -> str:
    import datetime

    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if value.time() != datetime.time(0) else value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def validate(importer: Importer, headers: list[str], rows: list[list[str]], progress=None) -> list[RowResult]:
    mapping = importer.header_map(headers)
    if not mapping:
        expected = ", ".join(names[0] for names in importer.columns.values())
        raise ImportFileError(_("No known column headers. Expected: %(expected)s.") % {"expected": expected})
    results = []
    total = max(len(rows), 1)
    for offset, row in enumerate(rows):
        values = {name: (row[index] if index < len(row) else "") for index, name in mapping.items()}
        cleaned, errors = importer.validate_row(values)
        results.append(RowResult(number=offset + 2, values=values, errors=errors, cleaned=cleaned))
        if progress and offset % 200 == 0:
            progress(offset / total)
    return results


def upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_upload(upload) -> str:
    """Keep the uploaded file for the preview and the job; returns its token."""
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    token = f"{uuid.uuid4().hex}{suffix}"
    with open(upload_dir() / token, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return token


def upload_path(token: str) -> Path:
    if "/" in token or "\\" in token or not (token.endswith(".csv") or token.endswith(".xlsx")):
        raise ImportFileError(_("Unknown upload."))
    path = upload_dir() / token
    if not path.exists():
        raise ImportFileError(_("The uploaded file has expired; upload it again."))
    return path


@jobs.register("core.import", label="Import")
def import_job(job, *, importer: str, token: str, mode: str):
    """Validate again (records may have changed since the preview) and apply."""
    set_source(Source.IMPORT)
    importer_obj = import_string(importer)(job.user)
    path = upload_path(token)
    headers, rows = read_table(path, token)
    job.progress(1, _("Checking %(n)s rows") % {"n": len(rows)})
    results = validate(importer_obj, headers, rows, progress=lambda f: job.progress(1 + 39 * f))
    failed = [r for r in results if not r.ok]
    if failed and mode == "all":
        job.log(_("%(n)s rows have errors: nothing was imported.") % {"n": len(failed)})
        return {"created": 0, "updated": 0, "failed": [[r.number, r.error_text()] for r in failed[:1000]],
                "applied": False}
    try:
        created, updated = _apply(importer_obj, results, mode, job)
    except _AbortImportError as abort:
        job.log(_("Row %(n)s could not be saved: nothing was imported.") % {"n": abort.result.number})
        return {"created": 0, "updated": 0, "applied": False,
                "failed": [[abort.result.number, abort.result.error_text()]]}
    failed = [r for r in results if not r.ok]
    job.log(_("%(c)s created, %(u)s updated, %(f)s rows skipped.") % {"c": created, "u": updated, "f": len(failed)})
    path.unlink(missing_ok=True)
    return {"created": created, "updated": updated, "failed": [[r.number, r.error_text()] for r in failed[:1000]],
            "applied": True}


def _apply(importer_obj, results, mode, job) -> tuple[int, int]:
    created = updated = 0
    total = max(len(results), 1)
    with transaction.atomic():
        for index, result in enumerate(results):
            if not result.ok:
                continue
            try:
                with transaction.atomic():
                    _, was_created = importer_obj.save_row(result.cleaned)
            except (ValidationError, PermissionDenied) as exc:
                result.errors = _errors_of(exc)
                if mode == "all":
                    raise _AbortImportError(result) from exc
                continue
            created += was_created
            updated += not was_created
            if index % 50 == 0:
                job.progress(40 + 60 * index / total)
    return created, updated


class _AbortImportError(Exception):
    def __init__(self, result):
        super().__init__(result.error_text())
        self.result = result


def _errors_of(exc) -> dict[str, list[str]]:
    if isinstance(exc, ValidationError) and hasattr(exc, "message_dict"):
        return {k: list(v) for k, v in exc.message_dict.items()}
    if isinstance(exc, ValidationError):
        return {_("row"): list(exc.messages)}
    return {_("row"): [str(exc)]}
