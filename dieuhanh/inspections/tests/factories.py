"""Records of the inspections app for tests: an inspection (or a record of one) carried out by an organisation."""

from __future__ import annotations

import datetime
import itertools

from ..models import (
    Confiscation,
    Field,
    Inspection,
    InspectionKind,
    InspectionPlan,
    InspectionSubject,
    Payment,
    PlannedInspection,
    Provision,
    Sanction,
    SubjectKind,
    Violation,
)

_numbers = itertools.count(1)
STARTED = datetime.date(2024, 3, 4)


def provision(**extra) -> Provision:
    """A provision in force since 2020 (its range stated for organisations: 10–20 million)."""
    data = {"decree": "119/2020/NĐ-CP", "article": 25, "clause": 90 + next(_numbers) % 1000, "point": "a",
            "title": "Phát hành xuất bản phẩm không có hóa đơn, chứng từ", "field": Field.PUBLISHING,
            "fine_min": 10_000_000, "fine_max": 20_000_000, "fine_applies_to": Provision.AppliesTo.ORGANISATION,
            "valid_from": datetime.date(2020, 12, 1), **extra}
    return Provision.objects.create(**data)


def plan(owner, **extra) -> InspectionPlan:
    return InspectionPlan.objects.create(**{"year": 2024, "title": f"Kế hoạch thanh tra năm 2024 số {next(_numbers)}",
                                            "organization": owner, **extra})


def planned(owner, **extra) -> PlannedInspection:
    return PlannedInspection.objects.create(**{"plan": extra.pop("plan", None) or plan(owner),
                                               "field": Field.TELECOM, "subject": f"Đại lý Internet {next(_numbers)}",
                                               "quarter": 2, **extra})


def inspection(owner, **extra) -> Inspection:
    data = {"kind": InspectionKind.PLANNED, "field": Field.PUBLISHING,
            "title": f"Thanh tra hoạt động phát hành xuất bản phẩm {next(_numbers)}", "organization": owner,
            "started_on": STARTED, **extra}
    return Inspection.objects.create(**data)


def subject(owner, **extra) -> InspectionSubject:
    return InspectionSubject.objects.create(**{"inspection": extra.pop("inspection", None) or inspection(owner),
                                               "kind": SubjectKind.HOUSEHOLD,
                                               "name": f"Nhà sách Hoàng Hà {next(_numbers)}", **extra})


def violation(owner, **extra) -> Violation:
    return Violation.objects.create(**{"subject": extra.pop("subject", None) or subject(owner),
                                       "provision": extra.pop("provision", None) or provision(),
                                       "act_date": STARTED,
                                       "description": f"Bày bán sách không có hóa đơn {next(_numbers)}", **extra})


def sanction(owner, **extra) -> Sanction:
    fine = extra.pop("fine_amount", 8_000_000)
    if "subject" not in extra:
        extra["subject"] = violation(owner).subject
    record = Sanction.objects.create(**{"number": f"{next(_numbers)}/QĐ-XPHC", "date": STARTED + datetime.timedelta(
        days=10), "signer": "Quàng Văn Thắng", "fine_amount": fine, **extra})
    record.violations.set(record.subject.violations.all())
    return record


def payment(owner, **extra) -> Payment:
    record = extra.pop("sanction", None) or sanction(owner)
    return Payment.objects.create(**{"sanction": record, "paid_on": record.date, "amount": 1_000_000,
                                     "receipt_number": f"BL{next(_numbers)}", **extra})


def confiscation(owner, **extra) -> Confiscation:
    return Confiscation.objects.create(**{"sanction": extra.pop("sanction", None) or sanction(owner),
                                          "item_kind": Confiscation.ItemKind.PUBLICATIONS,
                                          "quantity": 100 + next(_numbers),
                                          "unit": "bản", "description": f"Sách không rõ nguồn gốc {next(_numbers)}",
                                          **extra})
