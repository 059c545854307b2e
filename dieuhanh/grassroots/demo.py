"""Demo records of the grassroots radio network in Điện Biên, built through the services.

Last year (today's year minus one) reproduces seed 000: 12 stations newly built and 46 repaired or
upgraded (works accepted that year). Most of the 45 communes have a station; a few stations were
recorded under the communes before the 2025 reform (an old inventory) and roll up into today's;
three are out of service (two for more than 30 days) and four communes have none. Interference
reports (seed 002), radio staff and a flood-warning campaign of bulletins complete it.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dieuhanh.core.context import Source, acting_as
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.geo.services import successor_ids_on
from dieuhanh.orgs.models import Organization, User

from . import services
from .models import Bulletin, InterferenceReport, RadioStaff, RadioStation, StationWork, Status, Technology

PROVINCE_CODE = "11"
NEW_BUILDS, REPAIRS, UPGRADES = 12, 30, 16  # 30 + 16 = seed 000's 46 "repaired and upgraded"
Kind, Funding = StationWork.Kind, StationWork.Funding
FAMILY = ["Lò", "Quàng", "Lường", "Cà", "Vừ", "Giàng", "Sùng", "Mùa", "Nguyễn", "Trần", "Lê", "Hoàng", "Điêu"]
MIDDLE = ["Văn", "Thị", "A", "Minh", "Thanh"]
GIVEN = ["Sơn", "Lan", "Páo", "Dế", "Hoa", "Thắng", "Mai", "Chính", "Tuấn", "Hương", "Dũng", "Xuân", "Chứ"]
VILLAGE = ["Bản Na Sang", "Bản Huổi Lếch", "Bản Co Mị", "Bản Pá Khoang", "Bản Hua Pe", "Tổ dân phố",
           "Bản Nậm Ngám", "Bản Phiêng Lơi", "Bản Tà Lèng", "Bản Mường Tùng"]
CONTRACTORS = ["Công ty TNHH Điện tử Viễn thông Tây Bắc", "Công ty CP Thiết bị Phát thanh Sao Việt",
               "VNPT Điện Biên", "Viettel Điện Biên", "Công ty TNHH Kỹ thuật Truyền thanh Mường Thanh"]


def _title(unit: AdministrativeUnit) -> str:
    return f"{unit.full_name[0].lower()}{unit.full_name[1:]}"


class Builder:
    def __init__(self, admin: User):
        self.admin = admin
        self.rng = random.Random(2026)
        self.today = timezone.localdate()
        self.last_year = self.today.year - 1

    def day(self, year: int, month_from: int = 1, month_to: int = 12) -> datetime.date:
        return datetime.date(year, self.rng.randint(month_from, month_to), self.rng.randint(1, 28))

    def person(self) -> str:
        return f"{self.rng.choice(FAMILY)} {self.rng.choice(MIDDLE)} {self.rng.choice(GIVEN)}"

    def committee(self, commune: AdministrativeUnit, fallback: Organization) -> Organization:
        return Organization.objects.filter(code=f"UBND-X{commune.code}").first() or fallback

    def station(self, unit, operator, *, technology=None, commissioned=None, status=Status.OPERATING,
                status_date=None, name=None) -> RadioStation:
        technology = technology or self.rng.choice([Technology.WIRED, Technology.FM, Technology.FM, Technology.IP])
        data = {
            "name": name or f"Đài truyền thanh {_title(unit)}", "unit": unit, "organization": operator,
            "technology": technology, "commissioned_on": commissioned, "villages": self.rng.randint(8, 16),
            "equipment": {Technology.WIRED: "Máy tăng âm 500W, dây dẫn, loa nén",
                          Technology.FM: "Máy phát FM 100W, bộ thu FM, loa nén",
                          Technology.IP: "Bộ điều khiển trung tâm, cụm thu phát IP 4G, loa nén"}[technology],
        }
        if technology == Technology.FM:
            data["frequency_mhz"] = Decimal(f"{self.rng.uniform(87.6, 107.9):.1f}")
            data["licence_number"] = f"{self.rng.randint(100, 999)}/GP-CTS"
        station = services.create_station(self.admin, {**data, "status": status}, status_date=status_date)
        for number in range(1, self.rng.randint(3, 6) + 1):
            services.create_cluster(self.admin, {
                "station": station, "name": f"Cụm loa số {number}",
                "village": f"{self.rng.choice(VILLAGE)} {number}", "technology": technology,
                "status": Status.OPERATING if self.rng.random() > 0.1 else Status.DEGRADED,
                "speakers": self.rng.randint(2, 4)})
        for index in range(self.rng.randint(1, 3)):
            services.create_staff(self.admin, {
                "station": station, "full_name": self.person(),
                "role": RadioStaff.Role.HEAD if index == 0 else self.rng.choice(
                    [RadioStaff.Role.TECHNICIAN, RadioStaff.Role.EDITOR, RadioStaff.Role.ANNOUNCER]),
                "training": self.rng.choice(["", "Tập huấn vận hành đài ứng dụng CNTT-VT, 2024",
                                             "Bồi dưỡng nghiệp vụ biên tập tin, 2023"]),
                "monthly_allowance": self.rng.choice([702000, 936000, 1170000]),
                "editorial_board": index < 2})
        return station

    def work(self, station, kind, year, *, accept=True, month_from=1, month_to=10, started=None) -> StationWork:
        started = started or min(self.day(year, month_from, month_to), self.today - datetime.timedelta(days=5))
        if station.commissioned_on and started < station.commissioned_on:
            started = station.commissioned_on
        completed = min(started + datetime.timedelta(days=self.rng.randint(15, 60)), datetime.date(year, 12, 20))
        cost = {Kind.NEW_BUILD: self.rng.randint(35, 90) * 10_000_000,
                Kind.REPAIR: self.rng.randint(25, 150) * 1_000_000,
                Kind.UPGRADE: self.rng.randint(15, 40) * 10_000_000, Kind.RELOCATION: 60_000_000}[kind]
        funding = self.rng.choice([Funding.PROVINCIAL, Funding.PROVINCIAL, Funding.LOCAL, Funding.NATIONAL_PROGRAMME,
                                   Funding.OTHER])
        if kind in (Kind.REPAIR, Kind.UPGRADE) and station.status == Status.OPERATING:
            services.record_status_change(self.admin, station, {
                "status": Status.DEGRADED if kind == Kind.UPGRADE else Status.OUT_OF_SERVICE, "date": started,
                "reason": "Hư hỏng do mưa lũ" if kind == Kind.REPAIR else "Thiết bị xuống cấp, cần nâng cấp"})
        title = {Kind.NEW_BUILD: "Xây mới", Kind.REPAIR: "Sửa chữa", Kind.UPGRADE: "Nâng cấp",
                 Kind.RELOCATION: "Di dời"}[kind]
        work = services.create_work(self.admin, {
            "station": station, "kind": kind, "title": f"{title} {station.name[0].lower()}{station.name[1:]}",
            "started_on": started, "completed_on": completed if accept else None,
            "contractor": self.rng.choice(CONTRACTORS), "cost": cost, "funding_source": funding})
        if accept:
            accepted = min(completed + datetime.timedelta(days=self.rng.randint(3, 20)), datetime.date(year, 12, 28))
            work = services.accept_work(self.admin, work, {"accepted_on": accepted,
                                                           "acceptance_note": "Nghiệm thu đạt yêu cầu"})
        return work

    def build(self) -> str:
        province = AdministrativeUnit.objects.get(level="province", code=PROVINCE_CODE, valid_until__isnull=True)
        communes = list(AdministrativeUnit.objects.filter(province=province, level="commune",
                                                          valid_until__isnull=True).order_by("code"))
        fallback = Organization.objects.filter(code="UBND-T11").first()
        if fallback is None or len(communes) < 45:
            return "grassroots: demo skipped (the demo province is not loaded)"
        rng, last_year = self.rng, self.last_year
        stations = []
        # 21 long-standing stations, recorded under today's communes.
        for commune in communes[:21]:
            stations.append(self.station(commune, self.committee(commune, fallback),
                                         commissioned=datetime.date(rng.randint(2008, 2021), rng.randint(1, 12), 1)))
        # 12 stations built last year (new builds accepted then): recorded while under construction.
        built = []
        for commune in communes[21:33]:
            start = self.day(last_year, 2, 6)
            station = self.station(commune, self.committee(commune, fallback), technology=Technology.IP,
                                   status=Status.UNDER_CONSTRUCTION, status_date=start)
            built.append((station, start))
        # 5 stations from an inventory made before the 2025 reform, under the communes of that time.
        before = communes[33:38]
        legacy = successor_ids_on([c.pk for c in before], datetime.date(2025, 6, 30))
        for commune in before:
            old = AdministrativeUnit.objects.filter(pk__in=legacy[commune.pk], level="commune") \
                .order_by("code").first()
            if old is not None:
                stations.append(self.station(old, self.committee(commune, fallback),
                                             commissioned=datetime.date(rng.randint(2010, 2018), 6, 1)))
        # 3 stations out of service now (120, 75 and 20 days): their communes have none working.
        broken = []
        for commune, days in zip(communes[38:41], (120, 75, 20), strict=True):
            station = self.station(commune, self.committee(commune, fallback), technology=Technology.FM,
                                   commissioned=datetime.date(2015, 3, 1))
            services.record_status_change(self.admin, station, {
                "status": Status.OUT_OF_SERVICE, "date": self.today - datetime.timedelta(days=days),
                "reason": rng.choice(["Sét đánh hỏng máy phát", "Mưa lũ cuốn trôi cột loa",
                                      "Nhiễu sóng lạ, tạm ngừng phát"])})
            broken.append(station)
        # Communes 41–44 have no station at all.
        for station, start in built:
            self.work(station, Kind.NEW_BUILD, last_year, started=start)
        built = [station for station, _start in built]
        repairable = stations  # long-standing and legacy-recorded stations: 26 of them
        for index in range(REPAIRS + UPGRADES):
            kind = Kind.REPAIR if index < REPAIRS else Kind.UPGRADE
            station = RadioStation.objects.get(pk=repairable[index % len(repairable)].pk)
            # Two works on one station in a year: the second starts in the second half.
            half = index // len(repairable)
            self.work(station, kind, last_year, month_from=1 + 6 * half, month_to=5 + 6 * half)
        # This year so far: one repair accepted, one not yet (a station still out of service).
        self.work(RadioStation.objects.get(pk=stations[0].pk), Kind.REPAIR, self.today.year,
                  month_from=1, month_to=max(1, self.today.month - 2))
        self.work(RadioStation.objects.get(pk=broken[0].pk), Kind.REPAIR, self.today.year, accept=False,
                  month_from=max(1, self.today.month - 1), month_to=self.today.month)
        self.interference(communes, broken, fallback)
        self.bulletins(stations + built, fallback)
        return (f"grassroots: {RadioStation.objects.count()} radio stations, {NEW_BUILDS} built and "
                f"{REPAIRS + UPGRADES} repaired or upgraded in {last_year}")

    def interference(self, communes, broken, fallback):
        operator = Organization.objects.filter(code="SKHCN-T11").first() or fallback
        reports = [
            (communes[38], broken[2], Decimal("98.5"), "Cụm loa không dây phát ra tiếng lạ, lẫn tín hiệu đài khác",
             InterferenceReport.State.INVESTIGATING, "", ""),
            (communes[5], None, Decimal("101.2"), "Nhiễu sóng lạ vào giờ phát buổi sáng, loa rè",
             InterferenceReport.State.RESOLVED, "Do máy phát FM của hộ kinh doanh karaoke gần trụ sở xã",
             "Đoàn kiểm tra liên ngành số 12/KT-STTTT"),
            (communes[12], None, Decimal("95.0"), "Cụm loa bản Co Mị tự phát bản tin lạ",
             InterferenceReport.State.REPORTED, "", ""),
            (communes[20], None, None, "Mất tín hiệu cụm loa khi có mưa", InterferenceReport.State.UNRESOLVED,
             "Không xác định được nguồn nhiễu", ""),
        ]
        for index, (commune, station, frequency, description, state, result, inspection) in enumerate(reports):
            services.create_interference(self.admin, {
                "reported_on": self.today - datetime.timedelta(days=30 * (index + 1)),
                "reporter": f"{self.person()}, công chức văn hóa - xã hội", "unit": commune,
                "organization": operator, "station": station, "location": f"{commune.full_name}",
                "frequency_mhz": frequency, "description": description, "state": state, "result": result,
                "inspection_reference": inspection,
                "closed_on": self.today - datetime.timedelta(days=10) if state in (
                    InterferenceReport.State.RESOLVED, InterferenceReport.State.UNRESOLVED) else None})

    def bulletins(self, stations, fallback):
        issuer = Organization.objects.filter(code="SKHCN-T11").first() or fallback
        tz = timezone.get_current_timezone()
        campaign = f"Cảnh báo mưa lũ, sạt lở đất tháng 8/{self.last_year}"
        for index, hour in enumerate((6, 11, 17, 6)):
            reached = stations[: 32 - 4 * index]
            services.create_bulletin(self.admin, {
                "title": f"Bản tin khẩn cấp số {index + 1}: cảnh báo lũ quét, sạt lở đất",
                "source": "Hệ thống thông tin nguồn tỉnh Điện Biên", "priority": Bulletin.Priority.EMERGENCY,
                "campaign": campaign, "organization": issuer,
                "broadcast_at": datetime.datetime(self.last_year, 8, 10 + index // 3, hour, 30, tzinfo=tz),
                "stations": reached, "content": "Đề nghị nhân dân không đi qua ngầm tràn, khu vực có nguy cơ sạt lở."})
        for index in range(3):
            services.create_bulletin(self.admin, {
                "title": f"Tuyên truyền chuyển đổi số tháng {index + 9}", "source": "Sở Khoa học và Công nghệ",
                "priority": Bulletin.Priority.NORMAL, "campaign": "Chuyển đổi số", "organization": issuer,
                "broadcast_at": datetime.datetime(self.last_year, index + 9, 15, 6, 0, tzinfo=tz),
                "stations": stations[:20]})


def load() -> str:
    if not AdministrativeUnit.objects.filter(level="province", code=PROVINCE_CODE, valid_until__isnull=True).exists():
        return ""
    admin = User.objects.filter(username="demo_admin").first()
    if admin is None:
        return ""
    province = AdministrativeUnit.objects.get(level="province", code=PROVINCE_CODE, valid_until__isnull=True)
    if RadioStation.all_objects.filter(services.station_unit_q(province)).exists():
        return "grassroots: demo already loaded"
    with acting_as(user=admin, source=Source.COMMAND), transaction.atomic():
        return Builder(admin).build()
