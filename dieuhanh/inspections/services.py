"""Writes to inspections and sanctions, and the reads the pages, figures and reports share.

UI views, the API and the demo all come through these functions. The rules that span records live
here: a decision's fine is checked against the ranges of the provisions its violations breach (outside
them the user confirms and the reason is recorded), its violations are the subject's and are decided
once, payments never exceed the fine and keep the decision's enforcement status.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from dieuhanh.core.memo import shared
from dieuhanh.core.services import create_object, delete_object, update_object
from dieuhanh.core.text import fold
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.geo.services import province_scope_ids

from .models import (
    Confiscation,
    Inspection,
    InspectionPlan,
    InspectionSubject,
    Payment,
    PlannedInspection,
    Provision,
    Sanction,
    Violation,
)


def vnd(value: int) -> str:
    return f"{value:,}".replace(",", ".") + " đ"


def _plain(model):
    def create(user, data):
        return create_object(user, model, dict(data))

    def update(user, instance, data):
        return update_object(user, instance, dict(data))

    def delete(user, instance):
        delete_object(user, instance)

    return create, update, delete


create_provision, update_provision, delete_provision = _plain(Provision)
create_plan, update_plan, _delete_plan = _plain(InspectionPlan)
create_planned, update_planned, delete_planned = _plain(PlannedInspection)
create_inspection, _update_inspection, _delete_inspection = _plain(Inspection)
create_subject, update_subject, _delete_subject = _plain(InspectionSubject)
create_violation, update_violation, _delete_violation = _plain(Violation)
create_confiscation, update_confiscation, delete_confiscation = _plain(Confiscation)


def _refuse_if(exists: bool, message: str) -> None:
    if exists:
        raise ValidationError(message)


def delete_plan(user, plan: InspectionPlan) -> None:
    _refuse_if(plan.items.exists(), _("This plan has planned inspections: delete them first."))
    delete_object(user, plan)


def update_inspection(user, inspection: Inspection, data: dict) -> Inspection:
    """Edit an inspection; its decisions, payments and confiscations follow a change of organisation."""
    with transaction.atomic():
        before = inspection.organization_id
        inspection = _update_inspection(user, inspection, data)
        if inspection.organization_id != before:
            sanctions = Sanction.all_objects.filter(inspection=inspection)
            sanctions.update(organization_id=inspection.organization_id)
            for model in (Payment, Confiscation):
                model.all_objects.filter(sanction__in=sanctions).update(organization_id=inspection.organization_id)
    return inspection


def delete_inspection(user, inspection: Inspection) -> None:
    _refuse_if(inspection.subjects.exists(), _("This inspection has subjects: delete them first."))
    delete_object(user, inspection)


def delete_subject(user, subject: InspectionSubject) -> None:
    _refuse_if(subject.violations.exists() or subject.sanctions.exists(),
               _("This subject has violations or decisions: delete them first."))
    delete_object(user, subject)


def delete_violation(user, violation: Violation) -> None:
    _refuse_if(violation.sanctions.exists(), _("A decision covers this violation: change the decision first."))
    delete_object(user, violation)


# --- sanction decisions ------------------------------------------------------------------------------


def fine_range(violations, subject_kind: str) -> tuple[int, int] | None:
    """The range of the total fine for these violations by a subject of that kind: each act is fined
    within its provision's range and the fines add up. None without violations."""
    violations = list(violations)
    if not violations:
        return None
    low = high = 0
    for violation in violations:
        minimum, maximum = violation.provision.range_for(subject_kind)
        low, high = low + minimum, high + maximum
    return low, high


def _check_sanction(sanction: Sanction, violations) -> None:
    """The rules a decision's fields alone cannot check: its violations and its fine's range."""
    errors = {}
    subject = InspectionSubject.all_objects.filter(pk=sanction.subject_id).first() if sanction.subject_id else None
    violations = list(Violation.objects.filter(pk__in=[getattr(v, "pk", v) for v in violations])
                      .select_related("provision"))
    if subject is not None:
        foreign = [v for v in violations if v.subject_id != subject.pk]
        if foreign:
            errors["violations"] = _("These violations are another subject's: %(list)s.") % {
                "list": "; ".join(str(v) for v in foreign)}
        decided = Sanction.objects.filter(violations__in=violations).exclude(pk=sanction.pk).distinct()
        if decided.exists():
            errors["violations"] = _("Some violations are already covered by decision %(number)s.") % {
                "number": ", ".join(d.number for d in decided)}
        bounds = fine_range(violations, subject.kind)
        if bounds is not None and sanction.fine_amount is not None and "violations" not in errors:
            low, high = bounds
            outside = not (low <= sanction.fine_amount <= high)
            if outside and not sanction.fine_outside_range:
                errors["fine_amount"] = _(
                    "The fine %(fine)s is outside the range of the provisions breached, %(low)s to %(high)s for "
                    "this subject. Correct it, or confirm the fine outside the range and give the reason.") % {
                    "fine": vnd(sanction.fine_amount), "low": vnd(low), "high": vnd(high)}
            elif not outside and sanction.fine_outside_range:
                sanction.fine_outside_range = False  # nothing to confirm; the reason, if any, is kept
    if sanction.fine_outside_range and not (sanction.outside_range_reason or "").strip():
        errors["outside_range_reason"] = _("Give the reason for a fine outside the provisions' range.")
    if errors:
        raise ValidationError(errors)


def _require_visible_subject(user, subject_id) -> None:
    if subject_id and not InspectionSubject.objects.restrict(user).filter(pk=subject_id).exists():
        raise ValidationError({"subject": _("Select a valid choice. That choice is not one of the available "
                                            "choices.")})


def create_sanction(user, data: dict) -> Sanction:
    data = dict(data)
    violations = data.get("violations") or []
    subject = data.get("subject_id") or data.get("subject")
    _require_visible_subject(user, getattr(subject, "pk", subject))
    probe = Sanction(**{k: v for k, v in data.items() if k != "violations"})
    _check_sanction(probe, violations)
    data["fine_outside_range"] = probe.fine_outside_range
    with transaction.atomic():
        sanction = create_object(user, Sanction, data)
        _refresh_enforcement(sanction)
    return sanction


def update_sanction(user, sanction: Sanction, data: dict) -> Sanction:
    data = dict(data)
    with transaction.atomic():
        for name, value in data.items():
            if name != "violations":
                setattr(sanction, name, value)
        _require_visible_subject(user, sanction.subject_id)
        violations = data["violations"] if "violations" in data else list(sanction.violations.all())
        _check_sanction(sanction, violations)
        data["fine_outside_range"] = sanction.fine_outside_range
        sanction = update_object(user, sanction, data)
        Confiscation.all_objects.filter(sanction=sanction).exclude(decided_on=sanction.date).update(
            decided_on=sanction.date)
        paid = paid_total(sanction)
        if paid > sanction.fine_amount:
            raise ValidationError({"fine_amount": _("%(paid)s has already been paid: the fine cannot be less.")
                                   % {"paid": vnd(paid)}})
        _refresh_enforcement(sanction)
    return sanction


def delete_sanction(user, sanction: Sanction) -> None:
    _refuse_if(sanction.payments.exists() or sanction.confiscations.exists(),
               _("This decision has payments or confiscations: delete them first."))
    delete_object(user, sanction)


def paid_total(sanction: Sanction) -> int:
    return Payment.objects.filter(sanction=sanction).aggregate(total=Sum("amount"))["total"] or 0


def _refresh_enforcement(sanction: Sanction) -> None:
    """Keep a decision's payment status equal to its payments (coercion and suspension are set by hand)."""
    if sanction.enforcement in (Sanction.Enforcement.ENFORCED, Sanction.Enforcement.SUSPENDED):
        return
    paid = paid_total(sanction)
    if sanction.fine_amount and paid >= sanction.fine_amount:
        status = Sanction.Enforcement.PAID
    elif paid:
        status = Sanction.Enforcement.PARTLY_PAID
    else:
        status = Sanction.Enforcement.UNPAID
    if status != sanction.enforcement:
        sanction.enforcement = status
        sanction.save(update_fields=["enforcement"])


# --- payments ----------------------------------------------------------------------------------------


# Two payments recorded at once must not both pass the "not above the fine" check: each locks its
# decision's row first.


def create_payment(user, data: dict) -> Payment:
    data = dict(data)
    with transaction.atomic():
        key = "sanction" if "sanction" in data else "sanction_id"
        if data.get(key):
            locked = Sanction.objects.select_for_update().filter(pk=getattr(data[key], "pk", data[key])).first()
            if locked is not None:
                data.pop(key)
                data["sanction"] = locked
        payment = create_object(user, Payment, data)
        _refresh_enforcement(payment.sanction)
    return payment


def update_payment(user, payment: Payment, data: dict) -> Payment:
    with transaction.atomic():
        Sanction.objects.select_for_update().filter(pk=payment.sanction_id).first()
        payment = update_object(user, payment, dict(data))
        _refresh_enforcement(payment.sanction)
    return payment


def delete_payment(user, payment: Payment) -> None:
    with transaction.atomic():
        delete_object(user, payment)
        _refresh_enforcement(Sanction.objects.get(pk=payment.sanction_id))


# --- plans -------------------------------------------------------------------------------------------


@dataclass
class PlanProgress:
    done: int = 0
    in_progress: int = 0
    not_started: int = 0

    @property
    def total(self) -> int:
        return self.done + self.in_progress + self.not_started

    @property
    def done_share(self) -> float | None:
        return 100.0 * self.done / self.total if self.total else None


def item_status(item_inspections, date: datetime.date) -> str:
    """A planned inspection on a date: done when an inspection under it has ended by then, in progress
    when one has started, not started otherwise."""
    statuses = {inspection.status_on(date) for inspection in item_inspections}
    for status in ("done", "in_progress"):
        if status in statuses:
            return status
    return "not_started"


def plan_progress(user, plan: InspectionPlan, date: datetime.date) -> tuple[PlanProgress, list]:
    """The plan's progress on `date` and its items, each with `status` and its visible `inspections`."""
    items = list(PlannedInspection.objects.restrict(user).filter(plan=plan).select_related("subject_organization"))
    by_item: dict[int, list] = {item.pk: [] for item in items}
    for inspection in Inspection.objects.restrict(user).filter(plan_item__in=items).only(
            "pk", "title", "started_on", "ended_on", "plan_item_id"):
        by_item[inspection.plan_item_id].append(inspection)
    progress = PlanProgress()
    for item in items:
        item.inspections_seen = by_item[item.pk]
        item.status = item_status(item.inspections_seen, date)
        setattr(progress, item.status, getattr(progress, item.status) + 1)
    return progress, items


# --- units -------------------------------------------------------------------------------------------


def unit_q(unit: AdministrativeUnit, prefix: str = "") -> Q:
    """Records whose inspecting organisation is in `unit`: a province (with the legacy provinces merged
    into it), a district (its committee and its communes' organisations) or a commune."""
    org = f"{prefix}organization__"
    if unit.level == AdministrativeUnit.Level.PROVINCE:
        ids = shared(("province_scope", unit.pk), lambda: frozenset(province_scope_ids(unit.pk))) \
            if unit.valid_until is None else {unit.pk}
        return Q(**{f"{org}province_id__in": ids})
    if unit.level == AdministrativeUnit.Level.DISTRICT:
        return Q(**{f"{org}unit_id": unit.pk}) | Q(**{f"{org}unit__parent_id": unit.pk})
    return Q(**{f"{org}unit_id": unit.pk})


# --- the provision catalogue -----------------------------------------------------------------------------

# Provisions of the sanctions decrees the department applies, each checked against the decree's text (the
# sources are in docs/provisions.md; provisions whose clause or range could not be confirmed are left for
# staff to add). Ranges as the decrees state them, for the kind of violator each decree's general article
# names: 119/2020 and 15/2020 state them for organisations (an individual pays half), 38/2021 for
# individuals (an organisation pays twice). Staff extend and correct the catalogue in the application;
# this list only seeds it (matched on decree, article, clause, point).
D119, D15, D38 = "119/2020/NĐ-CP", "15/2020/NĐ-CP", "38/2021/NĐ-CP"
D119_FROM, D15_FROM, D38_FROM = datetime.date(2020, 12, 1), datetime.date(2020, 4, 15), datetime.date(2021, 6, 1)
ORG, IND = Provision.AppliesTo.ORGANISATION, Provision.AppliesTo.INDIVIDUAL
M = 1_000_000

CATALOGUE = [
    # decree, article, clause, point, field, min, max, stated for, from, until, act
    (D119, 29, 1, "a", "publishing", 3 * M, 5 * M, ORG, D119_FROM, None,
     "Phát hành xuất bản phẩm không có hóa đơn, chứng từ, tài liệu thể hiện nguồn gốc hợp pháp có số lượng dưới "
     "50 bản đối với từng tên xuất bản phẩm"),
    (D119, 29, 1, "c", "publishing", 3 * M, 5 * M, ORG, D119_FROM, None,
     "Tàng trữ thành phẩm hoặc bán thành phẩm xuất bản phẩm không có hóa đơn, chứng từ, tài liệu thể hiện nguồn "
     "gốc hợp pháp có số lượng dưới 50 bản đối với từng tên xuất bản phẩm"),
    (D119, 29, 2, "a", "publishing", 5 * M, 10 * M, ORG, D119_FROM, None,
     "Phát hành xuất bản phẩm không có hóa đơn, chứng từ, tài liệu thể hiện nguồn gốc hợp pháp có số lượng từ "
     "50 bản đến dưới 100 bản đối với từng tên xuất bản phẩm"),
    (D119, 25, 2, "a", "publishing", 3 * M, 5 * M, ORG, D119_FROM, None,
     "Ghi sai những thông tin phải ghi trên xuất bản phẩm đối với từng tên xuất bản phẩm"),
    (D119, 24, 1, "", "publishing", 10 * M, 20 * M, ORG, D119_FROM, None,
     "Xuất bản xuất bản phẩm có nội dung sai sự thật ít nghiêm trọng đối với từng tên xuất bản phẩm"),
    (D119, 32, 1, "", "publishing", 3 * M, 5 * M, ORG, D119_FROM, None,
     "Báo cáo về hoạt động xuất bản không đúng nội dung hoặc không đúng thời hạn theo quy định"),
    (D119, 32, 2, "a", "publishing", 5 * M, 10 * M, ORG, D119_FROM, None,
     "Không thực hiện báo cáo định kỳ về hoạt động xuất bản theo quy định"),
    (D119, 12, 3, "", "press", 3 * M, 5 * M, ORG, D119_FROM, None,
     "Không thể hiện biểu tượng, nhạc hiệu của cơ quan báo chí đối với báo nói, báo hình"),
    (D15, 101, 1, "a", "internet", 10 * M, 20 * M, ORG, D15_FROM, None,
     "Lợi dụng mạng xã hội để cung cấp, chia sẻ thông tin giả mạo, thông tin sai sự thật, xuyên tạc, vu khống, "
     "xúc phạm uy tín của cơ quan, tổ chức, danh dự, nhân phẩm của cá nhân (sửa đổi bởi NĐ 14/2022)"),
    (D15, 101, 1, "d", "internet", 10 * M, 20 * M, ORG, D15_FROM, None,
     "Lợi dụng mạng xã hội để cung cấp, chia sẻ thông tin bịa đặt, gây hoang mang trong nhân dân, kích động bạo "
     "lực, tội ác, tệ nạn xã hội (sửa đổi bởi NĐ 14/2022)"),
    (D15, 99, 1, "", "internet", 5 * M, 10 * M, ORG, D15_FROM, None,
     "Cung cấp không đầy đủ hoặc không chính xác thông tin về tên tổ chức quản lý trang thông tin điện tử và các "
     "thông tin phải có trên trang chủ"),
    (D15, 35, 2, "", "internet", 2 * M, 5 * M, ORG, D15_FROM, None,
     "Không treo biển “Đại lý Internet” hoặc “Điểm truy nhập Internet công cộng” theo quy định"),
    (D15, 35, 3, "", "internet", 5 * M, 10 * M, ORG, D15_FROM, None,
     "Không tuân thủ thời gian hoạt động của đại lý Internet hoặc điểm truy nhập Internet công cộng; điểm truy "
     "nhập Internet công cộng không có hợp đồng đại lý Internet"),
    (D38, 34, 1, "", "advertising", 1 * M, 2 * M, IND, D38_FROM, None,
     "Treo, đặt, dán, vẽ sản phẩm quảng cáo trên cột điện, trụ điện, cột tín hiệu giao thông và cây xanh nơi "
     "công cộng"),
    (D38, 34, 2, "a", "advertising", 10 * M, 20 * M, IND, D38_FROM, None,
     "Quảng cáo có sử dụng các từ ngữ “nhất”, “duy nhất”, “tốt nhất”, “số một” hoặc từ ngữ có ý nghĩa tương tự "
     "mà không có tài liệu hợp pháp chứng minh"),
    (D38, 34, 2, "b", "advertising", 10 * M, 20 * M, IND, D38_FROM, None,
     "Quảng cáo làm ảnh hưởng đến mỹ quan đô thị, trật tự an toàn giao thông, an toàn xã hội"),
]


def load_catalogue(model=Provision) -> int:
    """Add the catalogue's provisions that are not there yet (idempotent); returns how many were added.
    `model` is the historical model when a migration calls it."""
    added = 0
    for decree, article, clause, point, field, low, high, applies_to, start, until, title in CATALOGUE:
        _obj, created = model._base_manager.get_or_create(
            decree=decree, article=article, clause=clause, point=point,
            defaults={"field": field, "fine_min": low, "fine_max": high, "fine_applies_to": applies_to,
                      "valid_from": start, "valid_until": until, "title": title,
                      "search_text": f"{fold(decree)} {fold(title)}"})
        added += created
    return added
