"""Statistics: the demo year reproduces seed 000 ("12 built, 46 repaired and upgraded"), every figure
equals its drill-down, and records made under legacy units roll up to the units of today."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from dieuhanh.core import figures
from dieuhanh.core.figures import Period
from dieuhanh.geo.models import REFORM_2025, AdministrativeUnit
from dieuhanh.geo.services import successor_ids_on
from dieuhanh.orgs.models import Organization

from .. import services
from ..models import Status
from . import factories as f

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 1, 1)


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)
    from dieuhanh.orgs.models import User

    return User.objects.get(username="demo_specialist")


def drill_down_count(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def test_demo_year_reproduces_seed_000(client, demo):
    province = AdministrativeUnit.objects.get(level="province", code="11", valid_until__isnull=True)
    year = Period.year(timezone.localdate().year - 1)
    built = figures.get("grassroots.works_new_build").evaluate(demo, year, [province.pk])
    repaired = figures.get("grassroots.works_repair").evaluate(demo, year, [province.pk])
    assert (built.value, repaired.value) == (12, 46)
    assert {part.key: part.value for part in repaired.parts} == {"repair": 30, "upgrade": 16}
    client.force_login(demo)
    assert drill_down_count(client, built.url) == 12
    assert drill_down_count(client, repaired.url) == 46
    spending = figures.get("grassroots.spending").evaluate(demo, year, [province.pk])
    records = figures.get("grassroots.spending").records(demo, spending.params)
    assert spending.value == sum(work.cost for work in records) > 0
    assert sum(part.value for part in spending.parts) == spending.value
    # The statistics page shows them, each linking to its records.
    html = client.get("/grassroots/statistics/", {"year": year.start.year, "unit": province.pk}).content.decode()
    assert 'data-figure="grassroots.works_new_build"' in html and ">12</a>" in html and ">46</a>" in html


def test_every_grassroots_figure_equals_its_drill_down(client, demo):
    client.force_login(demo)
    province = AdministrativeUnit.objects.get(level="province", code="11", valid_until__isnull=True)
    for figure in figures.all_figures():
        if not figure.key.startswith("grassroots."):
            continue
        for unit_ids in (None, [province.pk]):
            value = figure.evaluate(demo, Period(datetime.date(2025, 1, 1), timezone.localdate()), unit_ids)
            expected = figure.records(demo, value.params).count()
            assert drill_down_count(client, value.url) == expected, figure.key
            if figure.aggregate == "count":
                assert value.value == expected, figure.key
            for part in value.parts:
                part_records = figure.records(demo, {**value.params, figure.breakdown[0]: part.key})
                assert drill_down_count(client, part.url) == part_records.count(), (figure.key, part.key)


def test_communes_covered_and_without_add_up(demo):
    province = AdministrativeUnit.objects.get(level="province", code="11", valid_until__isnull=True)
    at = Period(end=timezone.localdate())
    covered = figures.get("grassroots.communes_covered").evaluate(demo, at, [province.pk]).value
    without = figures.get("grassroots.communes_without_station").evaluate(demo, at, [province.pk]).value
    assert covered + without == 45
    # Demo: four communes with no station, three whose only station is out of service.
    assert without == 7


def test_legacy_district_rolls_up_into_the_merged_commune_and_province(client, make_user):
    """Stations recorded in 2018 under communes of a Hà Giang district (province merged into Tuyên
    Quang on 1 July 2025) count for today's communes and for Tuyên Quang, and its department sees them."""
    ha_giang = AdministrativeUnit.objects.get(level="province", code="02", valid_until=REFORM_2025)
    district = AdministrativeUnit.objects.filter(level="district", province=ha_giang).order_by("code").first()
    old_communes = list(AdministrativeUnit.objects.filter(level="commune", parent=district).order_by("code")[:2])
    tuyen_quang = ha_giang.province_on(TODAY).get()
    assert tuyen_quang.valid_until is None and tuyen_quang.pk != ha_giang.pk
    district_committee = Organization.objects.create(name=f"UBND {district.full_name}", kind="committee",
                                                     unit=district)
    stations = [f.station(district_committee, unit=commune, commissioned_on=datetime.date(2010, 1, 1))
                for commune in old_communes]
    f.work(district_committee, station=stations[0], started_on=datetime.date(2018, 3, 1),
           accepted_on=datetime.date(2018, 5, 1))
    for station in stations:
        station.status_changes.create(date=station.commissioned_on, status=Status.OPERATING)
    department = Organization.objects.create(name="Sở Khoa học và Công nghệ tỉnh Tuyên Quang", kind="department",
                                             unit=tuyen_quang)
    specialist = make_user("specialist", organization=department)
    stranger = make_user("specialist", organization=Organization.objects.create(
        name="Sở KH&CN Hà Nội", kind="department",
        unit=AdministrativeUnit.objects.get(level="province", code="01", valid_until__isnull=True)))

    stations_figure = figures.get("grassroots.stations")
    assert stations_figure.evaluate(specialist, Period(end=TODAY), [tuyen_quang.pk]).value == 2
    assert stations_figure.evaluate(specialist, Period(end=TODAY), [district.pk]).value == 2
    assert stations_figure.evaluate(stranger, Period(end=TODAY)).value == 0
    new_commune_ids = successor_ids_on([old_communes[0].pk], TODAY)[old_communes[0].pk]
    new_commune = AdministrativeUnit.objects.get(pk=min(new_commune_ids))
    assert new_commune.province_id == tuyen_quang.pk
    assert stations_figure.evaluate(specialist, Period(end=TODAY), [new_commune.pk]).value >= 1
    repairs = figures.get("grassroots.works_repair")
    assert repairs.evaluate(specialist, Period.year(2018), [tuyen_quang.pk]).value == 1
    assert repairs.evaluate(specialist, Period.year(2018), [new_commune.pk]).value == 1
    assert repairs.evaluate(specialist, Period.year(2019), [tuyen_quang.pk]).value == 0
    covered = figures.get("grassroots.communes_covered").evaluate(specialist, Period(end=TODAY), [tuyen_quang.pk])
    covered_ids = set(figures.get("grassroots.communes_covered").records(specialist, covered.params)
                      .values_list("pk", flat=True))
    assert new_commune.pk in covered_ids
    assert covered.value == len(services.covered_commune_ids(
        services.RadioStation.objects.restrict(specialist), TODAY))
    # The network view of Tuyên Quang lists the old stations under today's commune.
    client.force_login(specialist)
    response = client.get("/grassroots/", {"province": tuyen_quang.pk})
    row = next(row for row in response.context["rows"] if row.unit.pk == new_commune.pk)
    assert stations[0] in row.stations and row.operating >= 1
