"""Demo records of inspections in Điện Biên, built through the services.

Last year (today's year minus one) reproduces seed 001: 27 inspections and checks, 115,000,000 đ of
administrative fines and 1,964 publications confiscated for lacking invoices proving their lawful
origin. A yearly plan carries most of them (two planned items not started); a district's
inter-sector team (seed 002) carries two; 14 decisions fine the subjects within the ranges of the
provisions breached; most fines are paid.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from dieuhanh.core.context import Source, acting_as
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.orgs.models import Organization, User

from . import services
from .models import Confiscation, Field, Inspection, InspectionKind, Provision, SubjectKind

PROVINCE_CODE = "11"
K, F, S = InspectionKind, Field, SubjectKind
ORG, HOUSEHOLD, PERSON = S.ORGANISATION, S.HOUSEHOLD, S.INDIVIDUAL

# (field, subject kind, subject, provisions breached (decree, article, clause, point), act, fine, confiscated).
# Households and individuals are fined half the ranges 119/2020 and 15/2020 state for organisations.
P29_1A, P29_1C, P29_2A = ("119/2020/NĐ-CP", 29, 1, "a"), ("119/2020/NĐ-CP", 29, 1, "c"), ("119/2020/NĐ-CP", 29, 2, "a")
DECISIONS = [
    (F.PUBLISHING, HOUSEHOLD, "Nhà sách Hoàng Hà (hộ kinh doanh)", [P29_2A, P29_1C],
     "Bày bán và tàng trữ xuất bản phẩm không có hóa đơn, chứng từ chứng minh nguồn gốc hợp pháp", 7_000_000,
     (Confiscation.ItemKind.PUBLICATIONS, 1_200, "bản")),
    (F.PUBLISHING, HOUSEHOLD, "Cửa hàng sách, văn phòng phẩm Minh Tâm", [P29_2A],
     "Kinh doanh sách tham khảo không có hóa đơn, chứng từ chứng minh nguồn gốc hợp pháp", 5_000_000,
     (Confiscation.ItemKind.PUBLICATIONS, 524, "bản")),
    (F.PUBLISHING, ORG, "Công ty TNHH Văn hóa phẩm Mường Thanh", [P29_2A, P29_1C],
     "Phát hành và tàng trữ xuất bản phẩm không có hóa đơn, chứng từ chứng minh nguồn gốc hợp pháp", 12_000_000,
     (Confiscation.ItemKind.PUBLICATIONS, 240, "bản")),
    (F.PUBLISHING, HOUSEHOLD, "Hiệu sách Thanh Bình", [P29_1A],
     "Bày bán xuất bản phẩm không có hóa đơn, chứng từ (dưới 50 bản một tên)", 2_000_000, None),
    (F.INTERNET, HOUSEHOLD, "Điểm truy nhập Internet công cộng Phương Anh", [("15/2020/NĐ-CP", 35, 3, "")],
     "Hoạt động quá giờ quy định, không có hợp đồng đại lý Internet", 4_000_000, None),
    (F.INTERNET, HOUSEHOLD, "Đại lý Internet Tuấn Linh", [("15/2020/NĐ-CP", 35, 2, "")],
     "Không treo biển “Đại lý Internet”", 2_000_000, None),
    (F.PRESS, ORG, "Kênh truyền hình Tây Bắc 24h", [("119/2020/NĐ-CP", 12, 3, "")],
     "Không thể hiện biểu tượng của cơ quan báo chí trên kênh truyền hình", 4_000_000, None),
    (F.INTERNET, ORG, "Công ty CP Truyền thông số Tây Bắc", [("15/2020/NĐ-CP", 99, 1, "")],
     "Trang thông tin điện tử không ghi đủ tên tổ chức quản lý, người chịu trách nhiệm trên trang chủ",
     10_000_000, None),
    (F.ADVERTISING, ORG, "Công ty TNHH Quảng cáo Sao Mai", [("38/2021/NĐ-CP", 34, 2, "a")],
     "Quảng cáo dùng từ “tốt nhất”, “số một” không có tài liệu chứng minh", 30_000_000, None),
    (F.INTERNET, PERSON, "Ông Lò Văn K.", [("15/2020/NĐ-CP", 101, 1, "a")],
     "Chia sẻ thông tin sai sự thật về dịch bệnh trên mạng xã hội", 7_500_000, None),
    (F.PUBLISHING, ORG, "Công ty CP In Điện Biên", [("119/2020/NĐ-CP", 32, 2, "a")],
     "Không thực hiện báo cáo định kỳ về hoạt động in xuất bản phẩm", 6_000_000, None),
    (F.INTERNET, ORG, "Công ty CP Dịch vụ Dữ liệu Điện Biên", [("15/2020/NĐ-CP", 101, 1, "d")],
     "Chia sẻ thông tin bịa đặt gây hoang mang trên trang mạng xã hội của công ty", 15_000_000, None),
    (F.ADVERTISING, HOUSEHOLD, "Cửa hàng điện máy Hải Yến", [("38/2021/NĐ-CP", 34, 1, "")],
     "Dán tờ rơi quảng cáo trên cột điện, cây xanh nơi công cộng", 1_500_000, None),
    (F.INTERNET, ORG, "Trang thông tin điện tử Tin nhanh Tây Bắc", [("15/2020/NĐ-CP", 99, 1, "")],
     "Không ghi đầy đủ thông tin bắt buộc trên trang chủ trang thông tin điện tử", 9_000_000, None),
]
SEED_INSPECTIONS, SEED_FINES, SEED_PUBLICATIONS = 27, 115_000_000, 1_964
UNPAID = {12}  # indexes of DECISIONS not paid yet (and one paid in part)
PARTLY_PAID = {11: 10_000_000}

# 13 more inspections without sanctions (27 in all), by kind and field.
CLEAN = [
    (K.PLANNED, F.TELECOM, "VNPT Điện Biên"), (K.PLANNED, F.TELECOM, "Viettel Điện Biên"),
    (K.PLANNED, F.TELECOM, "MobiFone Điện Biên"), (K.PLANNED, F.POST, "Bưu điện tỉnh Điện Biên"),
    (K.PLANNED, F.POST, "Viettel Post Điện Biên"), (K.PLANNED, F.PRESS, "Báo và Phát thanh, Truyền hình Điện Biên"),
    (K.PLANNED, F.PUBLISHING, "Công ty Cổ phần Sách và Thiết bị trường học Điện Biên"),
    (K.CHECK, F.TELECOM, "Điểm bán SIM thẻ cào Quang Huy"), (K.CHECK, F.TELECOM, "Cửa hàng điện thoại Hùng Cường"),
    (K.CHECK, F.RADIO_FREQUENCY, "Đài truyền thanh xã Mường Phăng"),
    (K.UNSCHEDULED, F.INTERNET, "Trang cộng đồng Điện Biên 24h"),
    (K.INTER_SECTOR, F.TELECOM, "Các điểm bán SIM tại trung tâm huyện"),
    (K.INTER_SECTOR, F.PUBLISHING, "Các cơ sở kinh doanh sách, văn hóa phẩm"),
]
DECISION_KINDS = [K.PLANNED, K.PLANNED, K.PLANNED, K.PLANNED, K.UNSCHEDULED, K.CHECK, K.UNSCHEDULED, K.PLANNED,
                  K.PLANNED, K.UNSCHEDULED, K.PLANNED, K.PLANNED, K.CHECK, K.PLANNED]


class Builder:
    def __init__(self, admin: User):
        self.admin = admin
        self.year = timezone.localdate().year - 1
        self.operator = Organization.objects.filter(code="SKHCN-T11").first() or \
            Organization.objects.filter(operates_platform=True).first()
        self.culture = Organization.objects.filter(code="SVHTTDL-T11").first() or self.operator
        self.district = Organization.objects.filter(code__startswith="UBND-H").order_by("code").first() or \
            self.operator
        self.registry = {o.name: o for o in Organization.objects.filter(code__in=[
            "VNPT-DB", "VIETTEL-DB", "MOBIFONE-DB", "BUUDIEN-DB", "VTPOST-DB", "BAO-DBP", "SACH-DB"])}

    def provision(self, key) -> Provision:
        decree, article, clause, point = key
        return Provision.objects.get(decree=decree, article=article, clause=clause, point=point)

    def organisation_for(self, field, kind) -> Organization:
        if kind == K.INTER_SECTOR:
            return self.district
        return self.culture if field in (F.PRESS, F.PUBLISHING) else self.operator

    def build(self) -> str:
        services.load_catalogue()
        plan = services.create_plan(self.admin, {
            "year": self.year, "title": f"Kế hoạch thanh tra, kiểm tra năm {self.year}",
            "organization": self.operator, "decision_number": "125/QĐ-SKHCN",
            "decision_date": datetime.date(self.year - 1, 12, 15), "approved_by": "Nguyễn Văn Hùng, Giám đốc Sở"})
        inspections = []
        number = 0

        def inspection(kind, field, subject, month):
            nonlocal number
            number += 1
            start = datetime.date(self.year, month, 5 + number % 20)
            item = None
            if kind == K.PLANNED:
                item = services.create_planned(self.admin, {
                    "plan": plan, "kind": kind, "field": field, "subject": subject,
                    "subject_organization": self.registry.get(subject), "quarter": (month - 1) // 3 + 1})
            label = {K.CHECK: "Kiểm tra", K.INTER_SECTOR: "Đoàn liên ngành kiểm tra"}.get(kind, "Thanh tra")
            record = services.create_inspection(self.admin, {
                "kind": kind, "field": field, "title": f"{label} {subject}", "plan_item": item,
                "organization": self.organisation_for(field, kind),
                "decision_number": f"{number}/QĐ-TTr", "decision_date": start - datetime.timedelta(days=4),
                "decision_signer": "Quàng Văn Thắng, Chánh Thanh tra Sở", "leader": "Trần Minh Đức",
                "members": "Lò Thị Mai, chuyên viên\nĐiêu Chính Tuấn, Công an tỉnh"
                if kind == K.INTER_SECTOR else "Lò Thị Mai, chuyên viên",
                "started_on": start, "ended_on": start + datetime.timedelta(days=10),
                "findings": "Cơ bản chấp hành quy định; một số tồn tại đã được chỉ ra.",
                "conclusion_number": f"{number}/KL-TTr", "conclusion_date": start + datetime.timedelta(days=20)})
            inspections.append(record)
            return record

        decisions = []
        for index, (field, kind, name, keys, act, fine, confiscated) in enumerate(DECISIONS):
            record = inspection(DECISION_KINDS[index], field, name, 1 + index * 10 // 14)
            subject = services.create_subject(self.admin, {
                "inspection": record, "kind": kind, "name": name, "address": "Thành phố Điện Biên Phủ, Điện Biên"})
            if index % 3 == 0:  # a second subject inspected, found compliant
                services.create_subject(self.admin, {
                    "inspection": record, "kind": HOUSEHOLD, "name": f"Hộ kinh doanh số {index + 1}",
                    "address": "Phường Mường Thanh"})
            violations = [services.create_violation(self.admin, {
                "subject": subject, "provision": self.provision(key), "act_date": record.started_on,
                "description": act}) for key in keys]
            date = record.started_on + datetime.timedelta(days=12)
            sanction = services.create_sanction(self.admin, {
                "subject": subject, "number": f"{index + 1}/QĐ-XPHC", "date": date,
                "signer": "Quàng Văn Thắng, Chánh Thanh tra Sở", "violations": violations, "fine_amount": fine,
                "remedial_measures": "Buộc chấm dứt hành vi vi phạm",
                "deadline": date + datetime.timedelta(days=10)})
            if confiscated:
                item_kind, quantity, unit = confiscated
                services.create_confiscation(self.admin, {
                    "sanction": sanction, "item_kind": item_kind, "quantity": quantity, "unit": unit,
                    "description": act, "disposal": Confiscation.Disposal.DESTROYED,
                    "disposed_on": date + datetime.timedelta(days=30)})
            if index not in UNPAID:
                services.create_payment(self.admin, {
                    "sanction": sanction, "paid_on": date + datetime.timedelta(days=7),
                    "amount": PARTLY_PAID.get(index, fine), "receipt_number": f"BL{self.year}-{index + 1:04d}"})
            decisions.append(sanction)
        for index, (kind, field, name) in enumerate(CLEAN):
            # The districts' inter-sector teams worked until the districts ended (1 July 2025).
            record = inspection(kind, field, name, 3 + index % 3 if kind == K.INTER_SECTOR else 3 + index * 9 // 13)
            services.create_subject(self.admin, {
                "inspection": record, "kind": ORG if name in self.registry or kind != K.CHECK else HOUSEHOLD,
                "organization": self.registry.get(name), "name": name})
        # Two items of the plan still to do: its progress is not 100 %.
        for field, subject in ((F.TELECOM, "Các đại lý Internet tại xã Thanh Nưa"),
                               (F.RADIO_FREQUENCY, "Các trạm phát sóng tại xã Mường Ảng")):
            services.create_planned(self.admin, {"plan": plan, "kind": K.PLANNED, "field": field, "subject": subject,
                                                 "quarter": 4})
        fines = sum(d.fine_amount for d in decisions)
        assert (len(inspections), fines) == (SEED_INSPECTIONS, SEED_FINES), (len(inspections), fines)
        return (f"inspections: {len(inspections)} inspections and checks in {self.year}, "
                f"{len(decisions)} decisions, fines {services.vnd(fines)}")


def load() -> str:
    if not AdministrativeUnit.objects.filter(level="province", code=PROVINCE_CODE, valid_until__isnull=True).exists():
        return ""
    admin = User.objects.filter(username="demo_admin").first()
    if admin is None:
        return ""
    operator = Organization.objects.filter(code="SKHCN-T11").first()
    if operator is None:
        return ""
    if Inspection.all_objects.filter(organization__province_id=operator.province_id).exists():
        return "inspections: demo already loaded"
    with acting_as(user=admin, source=Source.COMMAND), transaction.atomic():
        return Builder(admin).build()
