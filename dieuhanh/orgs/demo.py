"""The demo province: Điện Biên, from the real units dataset, with its organisations and an account
for each role. Built through the service functions, so the change log shows how it was made."""

from __future__ import annotations

import datetime

from django.db import transaction

from dieuhanh.core.context import Source, acting_as
from dieuhanh.core.roles import Role
from dieuhanh.geo.models import AdministrativeUnit

from . import services
from .models import Organization, Person, User

DEMO_PASSWORD = "DieuHanh@2026"
DEMO_PROVINCE_CODE = 11  # Điện Biên: unchanged by the 2025 reform; seed 004 is its year-end conference
REFORM = datetime.date(2025, 7, 1)
MINISTRY_MERGE = datetime.date(2025, 3, 1)  # Sở TT&TT duties moved to Sở KH&CN and Sở VHTTDL

Kind = Organization.Kind
L = AdministrativeUnit.Level


def _code_variants(number: int, width: int) -> list[str]:
    return list(dict.fromkeys([str(number), f"{number:0{width}d}"]))


def _unit(level: str, number: int, width: int, current: bool) -> AdministrativeUnit:
    qs = AdministrativeUnit.objects.filter(level=level, code__in=_code_variants(number, width),
                                           valid_until__isnull=current)
    unit = qs.order_by("-valid_until").first()
    if unit is None:
        raise RuntimeError(f"unit {level} {number} not loaded: run `manage.py load_units` first")
    return unit


class DemoBuilder:
    def __init__(self, admin: User, stdout=None):
        self.admin = admin
        self.stdout = stdout
        self.created = 0

    def org(self, code: str, **data) -> Organization:
        existing = Organization.all_objects.filter(code=code).first()
        if existing is not None:
            return existing
        self.created += 1
        return services.create_organization(self.admin, {"code": code, **data})

    def person(self, organization: Organization, full_name: str, position: str, **extra) -> Person:
        existing = Person.objects.filter(organization=organization, full_name=full_name).first()
        if existing is not None:
            return existing
        return services.create_person(self.admin, {"organization": organization, "full_name": full_name,
                                                   "position": position, **extra})

    def build(self) -> dict:
        province = _unit(L.PROVINCE, DEMO_PROVINCE_CODE, 2, current=True)
        legacy_province = _unit(L.PROVINCE, DEMO_PROVINCE_CODE, 2, current=False)
        committee = self.org("UBND-T11", name="Ủy ban nhân dân tỉnh Điện Biên", short_name="UBND tỉnh",
                             kind=Kind.PEOPLES_COMMITTEE, unit=province, address="Phường Điện Biên Phủ",
                             phone="0215 3825 123", email="ubnd@dienbien.gov.vn")
        operator = self.org("SKHCN-T11", name="Sở Khoa học và Công nghệ tỉnh Điện Biên", short_name="Sở KH&CN",
                            kind=Kind.DEPARTMENT, unit=province, parent=committee, valid_from=MINISTRY_MERGE,
                            email="skhcn@dienbien.gov.vn", phone="0215 3826 456")
        if not Organization.objects.filter(operates_platform=True).exists():
            services.update_organization(self.admin, operator, {"operates_platform": True})
        self.org("STTTT-T11", name="Sở Thông tin và Truyền thông tỉnh Điện Biên", short_name="Sở TT&TT",
                 kind=Kind.DEPARTMENT, unit=legacy_province, parent=committee,
                 valid_from=datetime.date(2008, 4, 1), valid_until=MINISTRY_MERGE, successor=operator,
                 notes="Nhiệm vụ chuyển sang Sở KH&CN và Sở VHTTDL từ 01/3/2025.")
        culture = self.org("SVHTTDL-T11", name="Sở Văn hóa, Thể thao và Du lịch tỉnh Điện Biên",
                           short_name="Sở VHTTDL", kind=Kind.DEPARTMENT, unit=province, parent=committee)
        for code, name, short in [
            ("VP-UBND-T11", "Văn phòng Ủy ban nhân dân tỉnh Điện Biên", "VP UBND tỉnh"),
            ("SNV-T11", "Sở Nội vụ tỉnh Điện Biên", "Sở Nội vụ"),
            ("STC-T11", "Sở Tài chính tỉnh Điện Biên", "Sở Tài chính"),
            ("SGDDT-T11", "Sở Giáo dục và Đào tạo tỉnh Điện Biên", "Sở GD&ĐT"),
            ("SYT-T11", "Sở Y tế tỉnh Điện Biên", "Sở Y tế"),
            ("CA-T11", "Công an tỉnh Điện Biên", "Công an tỉnh"),
        ]:
            self.org(code, name=name, short_name=short, kind=Kind.DEPARTMENT, unit=province, parent=committee)
        self.org("BTG-T11", name="Ban Tuyên giáo và Dân vận Tỉnh ủy Điện Biên", short_name="Ban TG&DV",
                 kind=Kind.PARTY_BODY, unit=province)
        # Press, telecom, postal and publishing organisations the department manages.
        press = [
            ("BAO-DBP", "Báo và Phát thanh, Truyền hình Điện Biên", Kind.PRESS_AGENCY),
            ("TTXVN-DB", "Thông tấn xã Việt Nam - Cơ quan thường trú tại Điện Biên", Kind.PRESS_AGENCY),
            ("NHANDAN-DB", "Báo Nhân Dân - Cơ quan thường trú tại Điện Biên", Kind.PRESS_AGENCY),
            ("VNPT-DB", "VNPT Điện Biên", Kind.TELECOM),
            ("VIETTEL-DB", "Viettel Điện Biên", Kind.TELECOM),
            ("MOBIFONE-DB", "MobiFone Điện Biên", Kind.TELECOM),
            ("BUUDIEN-DB", "Bưu điện tỉnh Điện Biên", Kind.POSTAL),
            ("VTPOST-DB", "Viettel Post Điện Biên", Kind.POSTAL),
            ("SACH-DB", "Công ty Cổ phần Sách và Thiết bị trường học Điện Biên", Kind.PUBLISHER),
        ]
        for code, name, kind in press:
            self.org(code, name=name, kind=kind, unit=province)
        # People's Committees of the communes in force, and of the districts before 1 July 2025.
        communes = list(AdministrativeUnit.objects.filter(province=province, level=L.COMMUNE,
                                                          valid_until__isnull=True).order_by("code"))
        commune_committees = []
        for unit in communes:
            title = unit.full_name[0].lower() + unit.full_name[1:]
            commune_committees.append(self.org(
                f"UBND-X{unit.code}", name=f"Ủy ban nhân dân {title}",
                short_name=f"UBND {unit.name}", kind=Kind.PEOPLES_COMMITTEE, unit=unit, parent=committee,
                valid_from=REFORM))
        districts = AdministrativeUnit.objects.filter(province=legacy_province, level=L.DISTRICT).order_by("code")
        for unit in districts:
            self.org(f"UBND-H{unit.code}", name=f"Ủy ban nhân dân {unit.full_name[0].lower()}{unit.full_name[1:]}",
                     short_name=f"UBND {unit.name}", kind=Kind.PEOPLES_COMMITTEE, unit=unit, parent=committee,
                     valid_until=REFORM, notes="Cấp huyện kết thúc hoạt động từ 01/7/2025.")
        # People.
        self.person(operator, "Nguyễn Văn Hùng", "Giám đốc Sở", phone="0912 345 678")
        self.person(operator, "Lò Thị Mai", "Phó Giám đốc Sở")
        self.person(operator, "Trần Minh Đức", "Chuyên viên Phòng Bưu chính, Viễn thông và Chuyển đổi số")
        self.person(operator, "Quàng Văn Thắng", "Chánh Thanh tra Sở")
        self.person(culture, "Vừ Thị Dở", "Phó Giám đốc Sở, người phát ngôn")
        self.person(committee, "Giàng Thị Hoa", "Phó Chủ tịch UBND tỉnh")
        first_commune = commune_committees[0] if commune_committees else committee
        second_commune = commune_committees[1] if len(commune_committees) > 1 else committee
        self.person(first_commune, "Lường Văn Sơn", "Chủ tịch UBND")
        self.person(first_commune, "Cà Thị Lan", "Công chức Văn hóa - Xã hội")
        self.person(second_commune, "Sùng A Páo", "Chủ tịch UBND")
        accounts = [
            ("demo_admin", Role.ADMIN, None, "Quản trị", "hệ thống"),
            ("demo_leader", Role.LEADER, operator, "Nguyễn Văn", "Hùng"),
            ("demo_specialist", Role.SPECIALIST, operator, "Trần Minh", "Đức"),
            ("demo_officer", Role.OFFICER, first_commune, "Cà Thị", "Lan"),
            ("demo_officer2", Role.OFFICER, second_commune, "Sùng A", "Páo"),
            ("demo_viewer", Role.VIEWER, operator, "Kiểm", "toán"),
        ]
        for username, role, organization, first, last in accounts:
            if User.objects.filter(username=username).exists():
                continue
            services.create_user(self.admin, {"username": username, "role": role, "organization": organization,
                                              "first_name": first, "last_name": last, "language": "vi",
                                              "is_staff": role == Role.ADMIN, "is_superuser": role == Role.ADMIN},
                                 password=DEMO_PASSWORD)
        return {"organizations": self.created, "communes": len(communes)}


def load_demo(stdout=None) -> dict:
    with acting_as(source=Source.COMMAND), transaction.atomic():
        admin = User.objects.filter(username="demo_admin").first()
        if admin is None:
            # The first administrator is created directly: nobody yet exists to act for it.
            admin = User(username="demo_admin", role=Role.ADMIN, is_superuser=True, is_staff=True,
                         first_name="Quản trị", last_name="hệ thống", language="vi")
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        with acting_as(user=admin, source=Source.COMMAND):
            return DemoBuilder(admin, stdout).build()
