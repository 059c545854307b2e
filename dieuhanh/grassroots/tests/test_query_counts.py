"""The network view and the communes list do not grow in queries with the stations and communes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dieuhanh.core import testing
from dieuhanh.geo.models import AdministrativeUnit

from .. import services
from ..models import Status
from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return testing.build_world()


def add_stations(world, communes):
    for commune in communes:
        station = f.station(world.department, unit=commune)
        station.status_changes.create(date=station.commissioned_on, status=Status.OPERATING)
        f.cluster(world.department, station=station)
        f.cluster(world.department, station=station, status=Status.OUT_OF_SERVICE)
        services.record_status_change(world.users["admin"], station, {
            "date": station.commissioned_on.replace(year=2024), "status": Status.OUT_OF_SERVICE, "reason": "Lũ"})
        f.work(world.department, station=station)


def queries(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, len(captured)


@pytest.mark.parametrize("role", ["specialist", "admin"])
def test_network_view_queries_do_not_grow(world, client, role):
    communes = list(AdministrativeUnit.objects.filter(province=world.province, level="commune",
                                                      valid_until__isnull=True).order_by("code"))
    client.force_login(world.users[role])
    params = {"province": world.province.pk, "days": 30}
    add_stations(world, communes[:3])
    client.get("/grassroots/", params)
    response, few = queries(client, "/grassroots/", params)
    assert len(response.context["out_of_service"]) == 3
    add_stations(world, communes[3:15])
    response, many = queries(client, "/grassroots/", params)
    assert len(response.context["out_of_service"]) == 15
    assert many == few


def test_communes_list_queries_do_not_grow(world, client):
    communes = list(AdministrativeUnit.objects.filter(province=world.province, level="commune",
                                                      valid_until__isnull=True).order_by("code"))
    client.force_login(world.users["specialist"])
    add_stations(world, communes[:3])
    params = {"unit": world.province.pk}
    client.get("/grassroots/communes/", {**params, "per_page": 25})
    _response, few = queries(client, "/grassroots/communes/", {**params, "per_page": 25})
    add_stations(world, communes[3:20])
    response, many = queries(client, "/grassroots/communes/", {**params, "per_page": 100})
    assert len(response.context["rows"]) == 45
    assert many == few


@pytest.mark.parametrize("role", ["specialist", "admin"])
def test_statistics_page_queries_do_not_grow(world, client, role):
    """Each figure is one aggregate query (value and breakdown together); the unit, its provinces and
    the communes covered are looked up once for all of them, whatever the stations and works."""
    communes = list(AdministrativeUnit.objects.filter(province=world.province, level="commune",
                                                      valid_until__isnull=True).order_by("code"))
    client.force_login(world.users[role])
    params = {"year": 2024, "unit": world.province.pk}
    add_stations(world, communes[:3])
    client.get("/grassroots/statistics/", params)
    response, few = queries(client, "/grassroots/statistics/", params)
    add_stations(world, communes[3:15])
    response, many = queries(client, "/grassroots/statistics/", params)
    assert many == few
    values = {fv.figure.key: fv for fv in response.context["values"]}
    assert values["grassroots.stations"].value == 15
    with CaptureQueriesContext(connection) as captured:
        client.get("/grassroots/statistics/", params)
    reads = [q["sql"] for q in captured.captured_queries]
    # One query a figure on its own records (no separate value and breakdown queries), and one look-up
    # of the unit for the nine figures.
    assert sum('FROM "grassroots_stationwork"' in sql for sql in reads) == 3
    assert sum('FROM "grassroots_interferencereport"' in sql for sql in reads) == 1
    assert sum(f'"geo_administrativeunit"."id" = {world.province.pk}' in sql for sql in reads) == 2
