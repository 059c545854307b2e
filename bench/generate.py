"""A national-scale dataset for the benchmark: every administrative unit, 50,000 organisations and
200,000 people, with realistic Vietnamese names, generated deterministically (seeded random).

    .venv/bin/python bench/generate.py [--database-url URL] [--organizations N] [--people N] [--seed S]

What it builds, in this order (parents always come before their children):

* national bodies (VNPT, Viettel, VNPost, national publishers and newspapers), under Hà Nội;
* for each of the 34 provinces in force: the People's Committee, its departments (Sở …), party and
  mass organisations, press agencies, the provincial branches of the telecom and postal enterprises,
  publishers and the digital-transformation centre;
* for each of the 3,321 communes in force: the People's Committee, party committee, cultural post
  office and radio station;
* for each of the 63 legacy provinces, 696 legacy districts and 10,051 legacy communes: the bodies
  dissolved on 1 July 2025 (valid_until = 2025-07-01, successor = the body that took over);
* enterprises (IT, printing and distribution, telecom, postal, advertising, magazines) spread over the
  communes until the requested number of organisations is reached;
* people: a head for every organisation, then deputies, office staff, journalists and specialists.

Rows are written with `bulk_create` in batches, with the denormalised `province` and the folded
`search_text` computed here (what `save()` would do), and explicit primary keys so that parent and
successor links need no round trip. Bulk loading deliberately bypasses `save()` and therefore the
change log: this is synthetic benchmark data, not records anyone entered, and logging 250,000
creates would only measure the change log. Never run it against a database holding real records.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import DEFAULT_DATABASE_URL, ensure_database, setup_django  # noqa: E402

REFORM = datetime.date(2025, 7, 1)
BATCH = 5000

# --- name catalogues -----------------------------------------------------------------------------

SURNAMES = [("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 5), ("Huỳnh", 4), ("Phan", 4),
            ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 1),
            ("Lý", 1), ("Đinh", 1), ("Trương", 1), ("Lò", 1), ("Quàng", 1), ("Hà", 1), ("Lương", 1),
            ("Mai", 1), ("Tạ", 1), ("Cao", 1), ("Lâm", 1), ("Triệu", 1), ("Giàng", 1), ("Y", 1)]
MIDDLE_MALE = ["Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Công", "Xuân", "Tiến", "Ngọc", "Trọng", "Đình",
               "Mạnh", "Quốc", "Anh"]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Kim", "Hồng", "Mai", "Diệu"]
GIVEN_MALE = ["An", "Bình", "Cường", "Dũng", "Đạt", "Đông", "Giang", "Hải", "Hiếu", "Hòa", "Hùng", "Huy", "Khang",
              "Khoa", "Kiên", "Lâm", "Long", "Lực", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Quý",
              "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh",
              "Vũ", "Hưng", "Khải", "Lợi", "Thái", "Trường", "Bảo", "Duy", "Hoàng", "Mạnh", "Thuận"]
GIVEN_FEMALE = ["Anh", "Châu", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng",
                "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Ly", "Mai", "My", "Nga", "Ngân", "Ngọc",
                "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Thảo", "Thơ", "Thu", "Thủy", "Trang", "Trinh",
                "Tuyết", "Vân", "Xuân", "Yến", "Nhàn", "Hạnh", "Điệp"]

# (template, short name, kind); {p} is "tỉnh Điện Biên" / "thành phố Huế", {n} the bare name.
CURRENT_PROVINCE_BODIES = [
    ("Văn phòng Ủy ban nhân dân {p}", "VP UBND", "department"),
    ("Sở Nội vụ {p}", "SNV", "department"),
    ("Sở Tài chính {p}", "STC", "department"),
    ("Sở Xây dựng {p}", "SXD", "department"),
    ("Sở Khoa học và Công nghệ {p}", "Sở KH&CN", "department"),
    ("Sở Văn hóa, Thể thao và Du lịch {p}", "Sở VHTTDL", "department"),
    ("Sở Giáo dục và Đào tạo {p}", "Sở GD&ĐT", "department"),
    ("Sở Y tế {p}", "SYT", "department"),
    ("Sở Nông nghiệp và Môi trường {p}", "Sở NN&MT", "department"),
    ("Sở Công Thương {p}", "SCT", "department"),
    ("Sở Tư pháp {p}", "STP", "department"),
    ("Sở Ngoại vụ {p}", "SNgV", "department"),
    ("Sở Dân tộc và Tôn giáo {p}", "Sở DT&TG", "department"),
    ("Thanh tra {p}", "TTr", "department"),
    ("Ban Quản lý các khu công nghiệp {p}", "BQL KCN", "department"),
    ("Trung tâm Phục vụ hành chính công {p}", "TTPVHCC", "department"),
    ("Trung tâm Chuyển đổi số {p}", "TTCĐS", "it"),
    ("Đảng ủy Ủy ban nhân dân {p}", "", "party"),
    ("Ban Tuyên giáo và Dân vận {p} ủy", "", "party"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam {p}", "MTTQ", "party"),
    ("Hội Nhà báo {p}", "HNB", "party"),
    ("Liên đoàn Lao động {p}", "LĐLĐ", "party"),
    ("Báo và Phát thanh, Truyền hình {n}", "", "press"),
    ("Tạp chí Văn nghệ {n}", "", "press"),
    ("Cổng Thông tin điện tử {p}", "", "press"),
    ("Đài Phát thanh và Truyền hình {n}", "PTTH", "broadcaster"),
    ("Viễn thông {n}", "VNPT {n}", "telecom"),
    ("Viettel {n} - Chi nhánh Tập đoàn Công nghiệp - Viễn thông Quân đội", "Viettel {n}", "telecom"),
    ("MobiFone {n}", "", "telecom"),
    ("FPT Telecom {n}", "", "telecom"),
    ("Bưu điện {p}", "", "postal"),
    ("Bưu chính Viettel {n}", "Viettel Post {n}", "postal"),
    ("Công ty Cổ phần Sách và Thiết bị trường học {n}", "", "publisher"),
    ("Công ty Phát hành sách {n}", "", "publisher"),
    ("Nhà in Báo {n}", "", "publisher"),
    ("Hội Văn học Nghệ thuật {p}", "", "other"),
]
LEGACY_PROVINCE_BODIES = [
    ("Sở Thông tin và Truyền thông {p}", "Sở TT&TT", "department"),
    ("Sở Kế hoạch và Đầu tư {p}", "Sở KH&ĐT", "department"),
    ("Sở Lao động - Thương binh và Xã hội {p}", "Sở LĐTB&XH", "department"),
    ("Sở Tài nguyên và Môi trường {p}", "Sở TN&MT", "department"),
    ("Sở Giao thông vận tải {p}", "Sở GTVT", "department"),
    ("Sở Nông nghiệp và Phát triển nông thôn {p}", "Sở NN&PTNT", "department"),
    ("Sở Khoa học và Công nghệ {p}", "Sở KH&CN", "department"),
    ("Sở Văn hóa, Thể thao và Du lịch {p}", "Sở VHTTDL", "department"),
    ("Sở Nội vụ {p}", "SNV", "department"),
    ("Báo {n}", "", "press"),
    ("Đài Phát thanh và Truyền hình {n}", "PTTH", "broadcaster"),
    ("Bưu điện {p}", "", "postal"),
    ("Trung tâm Công nghệ thông tin và Truyền thông {n}", "", "it"),
]
DISTRICT_BODIES = [
    ("Phòng Văn hóa và Thông tin {p}", "Phòng VH&TT", "department"),
    ("Trung tâm Văn hóa, Thông tin và Thể thao {p}", "", "broadcaster"),
    ("Bưu điện {p}", "", "postal"),
    ("Trung tâm Viễn thông {n}", "", "telecom"),
]
NATIONAL_BODIES = [
    ("Tập đoàn Bưu chính Viễn thông Việt Nam", "VNPT", "telecom", "vnpt"),
    ("Tập đoàn Công nghiệp - Viễn thông Quân đội", "Viettel", "telecom", "viettel"),
    ("Tổng công ty Viễn thông MobiFone", "MobiFone", "telecom", "mobifone"),
    ("Công ty Cổ phần Viễn thông FPT", "FPT Telecom", "telecom", "fpt"),
    ("Tổng công ty Bưu điện Việt Nam", "VNPost", "postal", "vnpost"),
    ("Tổng công ty Cổ phần Bưu chính Viettel", "Viettel Post", "postal", "viettelpost"),
    ("Nhà xuất bản Chính trị quốc gia Sự thật", "NXB CTQG", "publisher", None),
    ("Nhà xuất bản Giáo dục Việt Nam", "NXBGDVN", "publisher", None),
    ("Nhà xuất bản Kim Đồng", "", "publisher", None),
    ("Nhà xuất bản Văn học", "", "publisher", None),
    ("Báo Nhân Dân", "", "press", None),
    ("Thông tấn xã Việt Nam", "TTXVN", "press", None),
    ("Đài Tiếng nói Việt Nam", "VOV", "broadcaster", None),
    ("Đài Truyền hình Việt Nam", "VTV", "broadcaster", None),
    ("Báo Lao Động", "", "press", None),
    ("Báo điện tử VietnamPlus", "", "press", None),
]
# Which national enterprise a provincial branch hangs under (by short-name prefix of the template).
BRANCH_PARENT = {"Viễn thông {n}": "vnpt", "Viettel {n} - Chi nhánh Tập đoàn Công nghiệp - Viễn thông Quân đội":
                 "viettel", "MobiFone {n}": "mobifone", "FPT Telecom {n}": "fpt", "Bưu điện {p}": "vnpost",
                 "Bưu chính Viettel {n}": "viettelpost"}

ENTERPRISE_FORMS = ["Công ty TNHH", "Công ty TNHH MTV", "Công ty Cổ phần", "Doanh nghiệp tư nhân"]
ENTERPRISE_TRADES = [
    ("Công nghệ", "it"), ("Phần mềm", "it"), ("Giải pháp số", "it"), ("Công nghệ thông tin", "it"),
    ("Dữ liệu và An toàn thông tin", "it"), ("In", "publisher"), ("In và Bao bì", "publisher"),
    ("Phát hành sách", "publisher"), ("Văn hóa phẩm", "publisher"), ("Viễn thông", "telecom"),
    ("Hạ tầng viễn thông", "telecom"), ("Chuyển phát nhanh", "postal"), ("Bưu chính", "postal"),
    ("Truyền thông", "other"), ("Quảng cáo", "other"), ("Sự kiện và Truyền thông", "other"),
]
MAGAZINES = ["Tạp chí Kinh tế", "Tạp chí Du lịch", "Tạp chí Nông thôn", "Tạp chí Giáo dục", "Tạp chí Doanh nhân",
             "Tạp chí Sức khỏe", "Tạp chí Khoa học", "Tạp chí Pháp luật"]
BRAND_WORDS = ["An", "Bảo", "Bình", "Đại", "Đông", "Gia", "Hải", "Hòa", "Hoàng", "Hưng", "Khang", "Kim", "Long",
               "Minh", "Nam", "Ngọc", "Nhật", "Phát", "Phú", "Phúc", "Quang", "Sao", "Sơn", "Tân", "Thành",
               "Thiên", "Thịnh", "Tiến", "Trí", "Trường", "Việt", "Vinh", "Xuân", "Á Châu", "Đất Việt", "Hồng Hà",
               "Cửu Long", "Trường Sơn", "Tây Bắc", "Mê Kông"]
STREETS = ["Trần Hưng Đạo", "Lê Lợi", "Nguyễn Huệ", "Hai Bà Trưng", "Lý Thường Kiệt", "Quang Trung",
           "Võ Nguyên Giáp", "Hùng Vương", "Nguyễn Trãi", "Phan Đình Phùng", "Điện Biên Phủ", "Trường Chinh",
           "Lê Duẩn", "Hoàng Văn Thụ", "Nguyễn Văn Cừ", "Tô Hiệu", "Bế Văn Đàn", "Ngô Quyền"]
STREET_NUMBERS = range(1, 400)

# Positions by kind: the head first, then the other posts people fill.
HEADS = {"committee": "Chủ tịch", "department": "Giám đốc", "party": "Bí thư", "press": "Tổng Biên tập",
         "broadcaster": "Giám đốc", "telecom": "Giám đốc", "postal": "Giám đốc", "publisher": "Giám đốc",
         "it": "Giám đốc", "other": "Chủ tịch"}
STAFF = {
    "committee": ["Phó Chủ tịch", "Phó Chủ tịch", "Chánh Văn phòng", "Công chức Văn hóa - Xã hội",
                  "Công chức Văn phòng - Thống kê", "Công chức Địa chính - Xây dựng", "Chuyên viên"],
    "department": ["Phó Giám đốc", "Phó Giám đốc", "Chánh Văn phòng", "Trưởng phòng", "Phó Trưởng phòng",
                   "Chuyên viên", "Chuyên viên", "Chuyên viên chính", "Thanh tra viên"],
    "party": ["Phó Bí thư", "Ủy viên Ban Thường vụ", "Chuyên viên"],
    "press": ["Phó Tổng Biên tập", "Trưởng ban", "Phóng viên", "Phóng viên", "Biên tập viên", "Người phát ngôn"],
    "broadcaster": ["Phó Giám đốc", "Phóng viên", "Biên tập viên", "Kỹ thuật viên", "Phát thanh viên"],
    "telecom": ["Phó Giám đốc", "Trưởng phòng Kỹ thuật", "Kỹ sư", "Nhân viên kinh doanh"],
    "postal": ["Phó Giám đốc", "Trưởng bưu cục", "Giao dịch viên", "Nhân viên bưu tá"],
    "publisher": ["Phó Giám đốc", "Kế toán trưởng", "Biên tập viên", "Nhân viên"],
    "it": ["Phó Giám đốc", "Trưởng phòng Kỹ thuật", "Kỹ sư phần mềm", "Chuyên viên an toàn thông tin"],
    "other": ["Phó Chủ tịch", "Thư ký", "Nhân viên"],
}
DIVISIONS = {
    "committee": ["Văn phòng HĐND và UBND", "Phòng Văn hóa - Xã hội", "Phòng Kinh tế", "Bộ phận một cửa"],
    "department": ["Văn phòng Sở", "Thanh tra Sở", "Phòng Kế hoạch - Tài chính", "Phòng Quản lý Báo chí",
                   "Phòng Bưu chính - Viễn thông", "Phòng Chuyển đổi số"],
    "press": ["Ban Thời sự", "Ban Điện tử", "Ban Kinh tế", "Ban Văn hóa - Xã hội"],
}
# How many people besides the head an organisation of each kind tends to list (relative weight).
STAFF_WEIGHT = {"committee": 5, "department": 9, "party": 2, "press": 5, "broadcaster": 3, "telecom": 2,
                "postal": 2, "publisher": 2, "it": 2, "other": 1}


@dataclass(slots=True)
class OrgSpec:
    name: str
    short_name: str
    kind: str
    unit_id: int
    parent: int | None = None  # index into the spec list
    successor: int | None = None
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    code: str = ""
    tax_code: str = ""


def place(unit) -> str:
    """'tỉnh Điện Biên', 'thành phố Huế', 'xã Mường Phăng': how an agency's name mentions its unit."""
    division = (unit["division_type"] or "").lower()
    if division == "thành phố trung ương":
        division = "thành phố"
    return f"{division} {unit['name']}".strip() if division else unit["full_name"]


def ascii_slug(text: str) -> str:
    from dieuhanh.core.text import fold

    return fold(text).replace(" ", "")


class Generator:
    def __init__(self, seed: int, organizations: int, people: int, out=sys.stdout):
        self.rng = random.Random(seed)
        self.target_orgs = organizations
        self.target_people = people
        self.out = out
        self.specs: list[OrgSpec] = []
        self.index: dict[tuple, int] = {}

    def log(self, message: str) -> None:
        print(message, file=self.out, flush=True)

    # --- units ---------------------------------------------------------------------------------

    def load_units(self):
        from django.core.management import call_command

        from dieuhanh.geo.models import AdministrativeUnit, UnitSuccession

        if not AdministrativeUnit.objects.exists():
            started = time.perf_counter()
            call_command("load_units", verbosity=0)
            self.log(f"  load_units: {time.perf_counter() - started:.1f} s")
        fields = ("id", "code", "name", "full_name", "division_type", "level", "parent_id", "province_id",
                  "valid_until")
        units = list(AdministrativeUnit.objects.order_by("level", "code", "valid_until", "pk").values(*fields))
        self.units = {u["id"]: u for u in units}
        self.by_level = defaultdict(lambda: {"current": [], "legacy": []})
        for unit in units:
            self.by_level[unit["level"]]["current" if unit["valid_until"] is None else "legacy"].append(unit)
        # The first whole (not partial) successor of each unit, else the first partial one.
        self.successor_unit: dict[int, int] = {}
        for pred, succ, _partial in UnitSuccession.objects.order_by("partial", "successor_id").values_list(
                "predecessor_id", "successor_id", "partial"):
            self.successor_unit.setdefault(pred, succ)
        self.province_of = {u["id"]: u["province_id"] or u["id"] for u in units}

    # --- organisations -------------------------------------------------------------------------

    def add(self, key, spec: OrgSpec) -> int:
        self.specs.append(spec)
        position = len(self.specs) - 1
        if key is not None:
            self.index[key] = position
        return position

    def committee_name(self, unit) -> tuple[str, str]:
        where = place(unit)
        return f"Ủy ban nhân dân {where}", f"UBND {where}"

    def build_organizations(self) -> None:
        rng = self.rng
        hanoi = next((u for u in self.by_level["province"]["current"] if "Hà Nội" in u["name"]),
                     self.by_level["province"]["current"][0])
        for name, short, kind, key in NATIONAL_BODIES:
            self.add(("national", key) if key else None, OrgSpec(name, short, kind, hanoi["id"]))

        for unit in self.by_level["province"]["current"]:
            name, short = self.committee_name(unit)
            committee = self.add(("committee", unit["id"]), OrgSpec(name, short, "committee", unit["id"]))
            for template, short_t, kind in CURRENT_PROVINCE_BODIES:
                parent = committee if kind == "department" else None
                if template in BRANCH_PARENT:
                    parent = self.index[("national", BRANCH_PARENT[template])]
                position = self.add(None, OrgSpec(
                    template.format(p=place(unit), n=unit["name"]), short_t.format(n=unit["name"]), kind,
                    unit["id"], parent=parent))
                self.index[(template, unit["id"])] = position

        for unit in self.by_level["commune"]["current"]:
            province = self.province_of[unit["id"]]
            where = place(unit)
            name, short = self.committee_name(unit)
            committee = self.add(("committee", unit["id"]), OrgSpec(
                name, short, "committee", unit["id"], parent=self.index.get(("committee", province)),
                valid_from=REFORM))
            self.add(None, OrgSpec(f"Đảng ủy {where}", "", "party", unit["id"], valid_from=REFORM))
            self.add(None, OrgSpec(f"Bưu điện văn hóa {where}", "", "postal", unit["id"],
                                   parent=self.index.get(("Bưu điện {p}", province))))
            self.add(None, OrgSpec(f"Đài Truyền thanh {where}", "", "broadcaster", unit["id"], parent=committee))

        for unit in self.by_level["province"]["legacy"]:
            successor_province = self.successor_unit.get(unit["id"])
            name, short = self.committee_name(unit)
            committee = self.add(("committee", unit["id"]), OrgSpec(
                name, short, "committee", unit["id"], successor=self.index.get(("committee", successor_province)),
                valid_until=REFORM))
            for template, short_t, kind in LEGACY_PROVINCE_BODIES:
                successor = None
                if template.startswith("Sở Thông tin và Truyền thông"):
                    # The 2025 reform handed the department's duties to the Sở KH&CN.
                    successor = self.index.get(("Sở Khoa học và Công nghệ {p}", successor_province))
                ends = REFORM if kind == "department" else None
                parent = committee if kind == "department" else None
                position = self.add(None, OrgSpec(
                    template.format(p=place(unit), n=unit["name"]), short_t, kind, unit["id"], parent=parent,
                    successor=successor, valid_until=ends))
                self.index[(template, unit["id"])] = position

        for unit in self.by_level["district"]["legacy"] + self.by_level["district"]["current"]:
            province = unit["province_id"] or unit["parent_id"]
            name, short = self.committee_name(unit)
            committee = self.add(("committee", unit["id"]), OrgSpec(
                name, short, "committee", unit["id"], parent=self.index.get(("committee", province)),
                valid_until=REFORM if unit["valid_until"] else None))
            for template, short_t, kind in DISTRICT_BODIES:
                parent = committee if kind == "department" else None
                if kind == "postal":
                    parent = self.index.get(("Bưu điện {p}", province))
                self.add(None, OrgSpec(template.format(p=place(unit), n=unit["name"]), short_t, kind, unit["id"],
                                       parent=parent, valid_until=REFORM if kind == "department" else None))

        for unit in self.by_level["commune"]["legacy"]:
            where = place(unit)
            name, short = self.committee_name(unit)
            successor_unit = self.successor_unit.get(unit["id"])
            self.add(("committee", unit["id"]), OrgSpec(
                name, short, "committee", unit["id"], parent=self.index.get(("committee", unit["parent_id"])),
                successor=self.index.get(("committee", successor_unit)), valid_until=REFORM))
            if rng.random() < 0.35:
                self.add(None, OrgSpec(f"Đài Truyền thanh {where}", "", "broadcaster", unit["id"],
                                       valid_until=REFORM))

        structural = len(self.specs)
        # Enterprises fill up to the target, two in three under a current commune, weighted towards
        # the big cities' provinces as real registrations are.
        communes = self.by_level["commune"]["current"]
        legacy_communes = self.by_level["commune"]["legacy"] or communes
        big = {u["id"] for u in self.by_level["province"]["current"]
               if any(city in u["name"] for city in ("Hà Nội", "Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ"))}
        weights = [4 if self.province_of[u["id"]] in big else 1 for u in communes]
        tax_seed = 100000000
        while len(self.specs) < self.target_orgs:
            unit = rng.choices(communes, weights)[0] if rng.random() < 0.67 else rng.choice(legacy_communes)
            if rng.random() < 0.06:
                name = f"{rng.choice(MAGAZINES)} {rng.choice(BRAND_WORDS)} {rng.choice(BRAND_WORDS)}"
                kind, short = "press", ""
            else:
                trade, kind = rng.choice(ENTERPRISE_TRADES)
                brand = f"{rng.choice(BRAND_WORDS)} {rng.choice(BRAND_WORDS)}"
                name = f"{rng.choice(ENTERPRISE_FORMS)} {trade} {brand}"
                short = ascii_slug(brand).upper()[:12] if rng.random() < 0.4 else ""
            tax_seed += rng.randint(1, 997)
            self.add(None, OrgSpec(name, short, kind, unit["id"], tax_code=f"0{tax_seed}",
                                   valid_from=datetime.date(rng.randint(1995, 2026), rng.randint(1, 12), 1)))
        del self.specs[self.target_orgs:]
        self.log(f"  {structural} agencies, committees and branches; "
                 f"{max(0, len(self.specs) - structural)} enterprises")

    def write_organizations(self, first_id: int) -> None:
        from dieuhanh.orgs.models import Organization

        rng = self.rng
        deleted_at = datetime.datetime(2026, 1, 15, 9, 0, tzinfo=datetime.UTC)
        domains = {}
        batch = []
        total = len(self.specs)
        for position, spec in enumerate(self.specs):
            unit = self.units[spec.unit_id]
            province_id = self.province_of[spec.unit_id]
            province = self.units[province_id]
            domain = domains.get(province_id) or domains.setdefault(province_id, ascii_slug(province["name"]))
            is_public = spec.kind in ("committee", "department", "party")
            org = Organization(
                pk=first_id + position,
                name=spec.name[:255],
                short_name=spec.short_name[:100],
                code=f"{'G' if is_public else 'E'}{first_id + position:06d}",
                kind=spec.kind,
                unit_id=spec.unit_id,
                province_id=province_id,
                parent_id=None if spec.parent is None else first_id + spec.parent,
                successor_id=None if spec.successor is None or spec.successor >= total else first_id + spec.successor,
                address=f"Số {rng.choice(STREET_NUMBERS)} đường {rng.choice(STREETS)}, {unit['full_name']}",
                phone=f"02{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                email=(f"vanphong.{position}@{domain}.gov.vn" if is_public else
                       (f"lienhe{position}@{domain}.vn" if rng.random() < 0.6 else "")),
                website=f"https://{domain}.gov.vn" if is_public and spec.kind != "committee" else "",
                tax_code=spec.tax_code,
                valid_from=spec.valid_from,
                valid_until=spec.valid_until,
                deleted_at=deleted_at if not is_public and rng.random() < 0.005 else None,
            )
            org.search_text = org.compute_search_text()
            batch.append(org)
            if len(batch) >= BATCH:
                Organization.all_objects.bulk_create(batch)
                batch = []
        if batch:
            Organization.all_objects.bulk_create(batch)

    # --- people --------------------------------------------------------------------------------

    def person_name(self) -> str:
        rng = self.rng
        surnames, weights = zip(*SURNAMES, strict=True)
        surname = rng.choices(surnames, weights)[0]
        if rng.random() < 0.5:
            return f"{surname} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
        return f"{surname} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"

    def write_people(self, first_org_id: int, first_id: int) -> None:
        from dieuhanh.core.text import fold
        from dieuhanh.orgs.models import Person

        rng = self.rng
        live = list(range(len(self.specs)))
        heads = live[: self.target_people]
        extra = max(0, self.target_people - len(heads))
        weights = [STAFF_WEIGHT[self.specs[i].kind] for i in live]
        assignments = [(i, True) for i in heads] + [(i, False) for i in rng.choices(live, weights, k=extra)]
        batch = []
        for number, (position, is_head) in enumerate(assignments):
            spec = self.specs[position]
            full_name = self.person_name()
            title = HEADS[spec.kind] if is_head else rng.choice(STAFF[spec.kind])
            login = fold(full_name).split(" ")
            email = f"{login[-1]}{''.join(w[0] for w in login[:-1])}.{number}@example.vn" if rng.random() < 0.7 \
                else ""
            person = Person(
                pk=first_id + number,
                full_name=full_name,
                organization_id=first_org_id + position,
                position=title,
                division=rng.choice(DIVISIONS[spec.kind]) if spec.kind in DIVISIONS and not is_head else "",
                phone=f"09{rng.randint(10000000, 99999999)}",
                email=email,
                is_active=rng.random() < 0.93,
            )
            person.search_text = person.compute_search_text()
            batch.append(person)
            if len(batch) >= BATCH:
                Person.all_objects.bulk_create(batch)
                batch = []
        if batch:
            Person.all_objects.bulk_create(batch)

    # --- all of it -----------------------------------------------------------------------------

    def run(self) -> dict:
        from django.core.management.color import no_style
        from django.db import connection, transaction
        from django.db.models import Max

        from dieuhanh.orgs.models import Organization, Person

        started = time.perf_counter()
        self.load_units()
        self.log(f"  units: {len(self.units)} ({time.perf_counter() - started:.1f} s)")
        step = time.perf_counter()
        self.build_organizations()
        first_org = (Organization.all_objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        first_person = (Person.all_objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        with transaction.atomic():
            self.write_organizations(first_org)
            self.log(f"  organisations: {len(self.specs)} ({time.perf_counter() - step:.1f} s)")
            step = time.perf_counter()
            self.write_people(first_org, first_person)
            self.log(f"  people: {self.target_people} ({time.perf_counter() - step:.1f} s)")
            # Explicit keys leave the sequences behind; move them past the generated rows.
            with connection.cursor() as cursor:
                for statement in connection.ops.sequence_reset_sql(no_style(), [Organization, Person]):
                    cursor.execute(statement)
        step = time.perf_counter()
        if connection.vendor == "postgresql":
            # Statistics for the planner, and no autovacuum of 250,000 fresh rows during the measurements.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            self.log(f"  VACUUM ANALYZE ({time.perf_counter() - step:.1f} s)")
        elapsed = time.perf_counter() - started
        self.log(f"generated in {elapsed:.1f} s")
        return {"seconds": elapsed}


def counts() -> dict[str, int]:
    from dieuhanh.geo.models import AdministrativeUnit, UnitSuccession
    from dieuhanh.orgs.models import Organization, Person

    result = {f"units ({level})": AdministrativeUnit.objects.filter(level=level).count()
              for level in AdministrativeUnit.Level.values}
    result["unit successions"] = UnitSuccession.objects.count()
    result["organisations"] = Organization.all_objects.count()
    result["organisations (live)"] = Organization.objects.count()
    result["people"] = Person.all_objects.count()
    return result


def generate(seed: int = 2026, organizations: int = 50_000, people: int = 200_000, out=sys.stdout) -> dict:
    """Generate into the configured database (Django must be set up). Refuses a non-empty registry."""
    from dieuhanh.orgs.models import Organization

    if Organization.all_objects.exists():
        raise SystemExit("The database already holds organisations: generate into an empty benchmark database.")
    return Generator(seed, organizations, people, out).run()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--organizations", type=int, default=50_000)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--recreate", action="store_true", help="drop and recreate the database first")
    args = parser.parse_args(argv)
    if args.database_url.startswith("postgres"):
        ensure_database(args.database_url, recreate=args.recreate)
    setup_django(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    generate(args.seed, args.organizations, args.people)
    for name, value in counts().items():
        print(f"  {name}: {value:,}")


if __name__ == "__main__":
    main()
