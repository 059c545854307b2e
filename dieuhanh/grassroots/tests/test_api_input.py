"""Grassroots input at its edges: a number of days past the calendar in the out-of-service filter, ids
of stations no column holds, a broadcast time no time zone conversion survives (each was a 500)."""

import datetime

import pytest
from django.urls import reverse

from dieuhanh.core import testing
from dieuhanh.core.testing import call, fields_named

from .. import services
from ..models import Bulletin, Status
from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return testing.build_world()


@pytest.mark.parametrize("days", [10**8, 2**31, 2**63 - 1, -(10**8), -(2**63)])
def test_out_of_service_days_past_the_calendar_answer_a_list(world, client, days):
    station = f.station(world.committee, status=Status.OUT_OF_SERVICE, status_since=datetime.date(2020, 1, 1))
    response = client.get("/api/grassroots/stations/", {"out_of_service_days": days},
                          headers=world.token(world.users["specialist"]))
    assert response.status_code == 200, response.content
    # Out of service for longer than the calendar: none; for at least a negative number of days: all.
    assert [row["id"] for row in response.json()["items"]] == ([] if days > 0 else [station.pk])
    client.force_login(world.users["specialist"])
    assert client.get(reverse("grassroots:radiostation_list"), {"out_of_service_days": days}).status_code == 200


def test_out_of_service_since_stays_in_the_calendar():
    today = datetime.date(2026, 3, 2)
    assert services.out_of_service_since(30, today) == datetime.date(2026, 1, 31)
    assert services.out_of_service_since(10**9, today) == datetime.date.min
    assert services.out_of_service_since(-(10**9), today) == datetime.date.max


def bulletin_payload(world, **extra):
    return {"title": "Bản tin phòng chống lũ quét", "source": "Ban Chỉ huy PCTT tỉnh",
            "organization": world.department.pk, "broadcast_at": "2026-03-02T17:00:00+07:00", **extra}


@pytest.mark.parametrize("station_id", [2**63, 10**30, -(2**63) - 1])
def test_a_station_id_no_column_holds_is_422_naming_stations(world, client, station_id):
    response = call(client, "POST", "/api/grassroots/bulletins/", bulletin_payload(world, stations=[station_id]),
                    world.token(world.users["specialist"]))
    assert response.status_code == 422 and fields_named(response) == {"stations"}
    assert not Bulletin.objects.exists()


@pytest.mark.parametrize("at", ["0001-01-01T00:00:00+07:00", "9999-12-31T23:59:59-07:00"])
def test_a_broadcast_time_at_the_ends_of_the_calendar_is_422_naming_it(world, client, at):
    response = call(client, "POST", "/api/grassroots/bulletins/", bulletin_payload(world, broadcast_at=at),
                    world.token(world.users["specialist"]))
    assert response.status_code == 422 and fields_named(response) == {"broadcast_at"}


def test_a_count_past_its_column_is_422_naming_it(world, client):
    station = f.station(world.committee)
    response = call(client, "PATCH", f"/api/grassroots/stations/{station.pk}", {"villages": 2**40},
                    world.token(world.users["specialist"]))
    assert response.status_code == 422 and fields_named(response) == {"villages"}


def test_a_broadcast_time_with_an_offset_postgresql_refuses_is_saved_in_the_site_time_zone(world, client):
    response = call(client, "POST", "/api/grassroots/bulletins/",
                    bulletin_payload(world, broadcast_at="2026-03-02T08:00:00+20:59"),
                    world.token(world.users["specialist"]))
    assert response.status_code == 201, response.content
    assert Bulletin.objects.get().broadcast_at == datetime.datetime(2026, 3, 1, 11, 1, tzinfo=datetime.UTC)
