"""The XLSX import of an existing station inventory (Vietnamese headers, communes by name)."""

import io

import pytest
from openpyxl import Workbook

from dieuhanh.core import jobs
from dieuhanh.core.models import Job
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.orgs.models import Organization

from ..models import LoudspeakerCluster, RadioStation, Status

pytestmark = pytest.mark.django_db
HEADERS = ["STT", "Xã/Phường", "Tên đài", "Công nghệ", "Tần số", "Năm đưa vào sử dụng", "Tình trạng", "Số cụm loa"]


def workbook(rows) -> io.BytesIO:
    book = Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = "kiem-ke-dai-truyen-thanh.xlsx"
    return data


@pytest.fixture
def setup(make_user):
    province = AdministrativeUnit.objects.get(level="province", code="11", valid_until__isnull=True)
    communes = list(AdministrativeUnit.objects.filter(province=province, level="commune",
                                                      valid_until__isnull=True).order_by("code")[:3])
    department = Organization.objects.create(name="Sở KH&CN Điện Biên", kind="department", unit=province)
    for commune in communes[:2]:
        Organization.objects.create(name=f"UBND {commune.full_name}", kind="committee", unit=commune)
    return communes, make_user("specialist", organization=department)


def test_inventory_import_matches_communes_without_diacritics(client, setup):
    communes, specialist = setup
    from dieuhanh.core.text import fold

    rows = [
        [1, fold(communes[0].name), "", "Không dây FM", 98.5, 2015, "Tốt", 4],   # name without diacritics
        [2, communes[1].full_name, "Đài TT cũ", "Có dây", None, 2009, "Hư hỏng", 2],
        [3, "Xã Không Có Thật", "Đài X", "IP", None, 2020, "Tốt", 1],
        [4, communes[2].full_name, "Đài Y", "Không dây FM", None, 2020, "Tốt", 1],  # FM, no frequency, no UBND
    ]
    client.force_login(specialist)
    response = client.post("/grassroots/stations/import/", {"file": workbook(rows), "mode": "valid"})
    assert response.status_code == 200
    bad = {r.number: r.errors for r in response.context["results"] if not r.ok}
    assert set(bad) == {4, 5}
    assert "Xã/Phường" in bad[4]
    assert not RadioStation.objects.exists(), "the preview saves nothing"
    client.post("/grassroots/stations/import/", {"token": response.context["token"], "mode": "valid"})
    jobs.run_pending(worker="test")
    job = Job.objects.latest("pk")
    assert job.status == Job.Status.COMPLETED, job.error
    assert job.result["created"] == 2
    first = RadioStation.objects.get(unit=communes[0])
    assert (first.technology, float(first.frequency_mhz), first.commissioned_on.year) == ("fm", 98.5, 2015)
    assert first.name.startswith("Đài truyền thanh") and first.status == Status.OPERATING
    assert LoudspeakerCluster.objects.filter(station=first).count() == 4
    second = RadioStation.objects.get(unit=communes[1])
    assert second.status == Status.OUT_OF_SERVICE and second.status_changes.count() == 1
    assert second.organization.unit == communes[1]
