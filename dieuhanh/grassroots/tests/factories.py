"""Records of the grassroots app for tests: a station (or a record of one) owned by an organisation."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from dieuhanh.geo.models import AdministrativeUnit

from ..models import (
    Bulletin,
    InterferenceReport,
    LoudspeakerCluster,
    RadioStaff,
    RadioStation,
    StationWork,
    Status,
    Technology,
)

_numbers = itertools.count(1)
COMMISSIONED = datetime.date(2015, 6, 1)


def commune_of(owner) -> AdministrativeUnit:
    """The owner's commune, or the first commune of today in the owner's province."""
    if owner.unit.level == AdministrativeUnit.Level.COMMUNE:
        return owner.unit
    return AdministrativeUnit.objects.filter(province_id=owner.province_id, level="commune",
                                             valid_until__isnull=True).order_by("code").first()


def station(owner, **extra) -> RadioStation:
    """A station run by `owner` (not single-station, so tests may add more in the same commune)."""
    data = {"name": f"Đài truyền thanh thử nghiệm {next(_numbers)}", "unit": commune_of(owner),
            "organization": owner, "technology": Technology.WIRED, "commissioned_on": COMMISSIONED,
            "single_station": False, "status": Status.OPERATING, "status_since": COMMISSIONED, **extra}
    return RadioStation.objects.create(**data)


def cluster(owner, **extra) -> LoudspeakerCluster:
    return LoudspeakerCluster.objects.create(station=extra.pop("station", None) or station(owner),
                                             name=f"Cụm loa bản Na Sang {next(_numbers)}", village="Bản Na Sang",
                                             technology=Technology.WIRED, **extra)


def work(owner, **extra) -> StationWork:
    data = {"kind": StationWork.Kind.REPAIR, "title": f"Sửa chữa đài {next(_numbers)}",
            "started_on": datetime.date(2018, 3, 1), "cost": 45_000_000, **extra}
    return StationWork.objects.create(station=data.pop("station", None) or station(owner), **data)


def interference(owner, **extra) -> InterferenceReport:
    return InterferenceReport.objects.create(
        reported_on=datetime.date(2024, 5, 2), reporter=f"Lò Văn Sơn {next(_numbers)}", unit=commune_of(owner),
        organization=owner, description="Nhiễu sóng lạ trên cụm loa không dây", **extra)


def staff(owner, **extra) -> RadioStaff:
    return RadioStaff.objects.create(station=extra.pop("station", None) or station(owner),
                                     full_name=f"Cà Thị Lan {next(_numbers)}", role=RadioStaff.Role.HEAD, **extra)


def bulletin(owner, **extra) -> Bulletin:
    return Bulletin.objects.create(title=f"Bản tin cảnh báo lũ quét {next(_numbers)}",
                                   source="Hệ thống thông tin nguồn", organization=owner,
                                   broadcast_at=timezone.now(), **extra)
