"""The network's rules: bad input names the field and saves nothing; status history; acceptance."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from dieuhanh.core import testing

from .. import services
from ..models import RadioStation, StationStatusChange, StationWork, Status
from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return testing.build_world()


@pytest.fixture
def specialist(world):
    return world.users["specialist"]


def station_data(world, **extra):
    return {"name": world.unique("Đài truyền thanh xã"), "unit": world.committee.unit,
            "organization": world.committee, "technology": "wired",
            "commissioned_on": datetime.date(2016, 6, 1), **extra}


def counts():
    return (RadioStation.all_objects.count(), StationWork.all_objects.count(), StationStatusChange.objects.count())


def refused(call, field):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        call()
    assert field in caught.value.message_dict, caught.value.message_dict
    assert counts() == before, "nothing may be half-saved"
    return caught.value.message_dict[field]


def test_station_gets_its_first_status_change(world, specialist):
    station = services.create_station(specialist, station_data(world))
    change = station.status_changes.get()
    assert (change.status, change.date) == (Status.OPERATING, datetime.date(2016, 6, 1))
    assert (station.status, station.status_since) == (Status.OPERATING, datetime.date(2016, 6, 1))


def test_second_station_for_a_single_station_commune_is_refused(world, specialist):
    services.create_station(specialist, station_data(world))  # single-station by default
    messages = refused(lambda: services.create_station(specialist, station_data(world)), "unit")
    assert "single station" in " ".join(messages) or "một đài" in " ".join(messages)


def test_single_station_flag_refused_when_the_commune_already_has_several(world, specialist):
    services.create_station(specialist, station_data(world, single_station=False))
    refused(lambda: services.create_station(specialist, station_data(world, single_station=True)), "single_station")


def test_fm_station_needs_a_frequency(world, specialist):
    refused(lambda: services.create_station(specialist, station_data(world, technology="fm")), "frequency_mhz")
    station = services.create_station(specialist, station_data(world, technology="fm", frequency_mhz="98.5"))
    assert station.frequency_mhz == pytest.approx(98.5)


def test_station_must_be_in_a_commune(world, specialist):
    refused(lambda: services.create_station(specialist, station_data(world, unit=world.province)), "unit")


def test_repair_on_a_station_that_does_not_exist_yet_is_refused(world, specialist):
    planned = services.create_station(specialist, station_data(world, commissioned_on=None,
                                                               status=Status.UNDER_CONSTRUCTION))
    work = {"station": planned, "kind": "repair", "title": "Sửa chữa", "started_on": datetime.date(2024, 3, 1)}
    refused(lambda: services.create_work(specialist, work), "station")
    old = f.station(world.committee, commissioned_on=datetime.date(2020, 1, 1))
    refused(lambda: services.create_work(specialist, {**work, "station": old,
                                                      "started_on": datetime.date(2019, 5, 1)}), "station")


def test_negative_cost_is_refused(world, specialist):
    station = f.station(world.committee)
    refused(lambda: services.create_work(specialist, {"station": station, "kind": "repair", "title": "Sửa chữa",
                                                      "started_on": datetime.date(2024, 3, 1), "cost": -1}), "cost")


def test_status_change_before_commissioning_is_refused(world, specialist):
    station = services.create_station(specialist, station_data(world))
    refused(lambda: services.record_status_change(specialist, station, {
        "status": Status.OUT_OF_SERVICE, "date": datetime.date(2016, 5, 31), "reason": "Hỏng"}), "date")
    station.refresh_from_db()
    assert station.status == Status.OPERATING


def test_status_is_the_latest_change_even_when_one_is_backdated(world, specialist):
    station = services.create_station(specialist, station_data(world))
    services.record_status_change(specialist, station, {"status": Status.OUT_OF_SERVICE,
                                                        "date": datetime.date(2024, 9, 1), "reason": "Lũ"})
    services.record_status_change(specialist, station, {"status": Status.DEGRADED,
                                                        "date": datetime.date(2023, 1, 1), "reason": "Rè"})
    station.refresh_from_db()
    assert (station.status, station.status_since) == (Status.OUT_OF_SERVICE, datetime.date(2024, 9, 1))


def test_accepting_a_repair_returns_the_station_to_operating(world, specialist):
    station = services.create_station(specialist, station_data(world))
    services.record_status_change(specialist, station, {"status": Status.OUT_OF_SERVICE,
                                                        "date": datetime.date(2024, 8, 1), "reason": "Sét đánh"})
    work = services.create_work(specialist, {"station": station, "kind": "repair", "title": "Sửa chữa sau sét",
                                             "started_on": datetime.date(2024, 8, 5), "cost": 30_000_000})
    station.refresh_from_db()
    assert station.status == Status.OUT_OF_SERVICE
    services.accept_work(specialist, work, {"accepted_on": datetime.date(2024, 9, 10)})
    station.refresh_from_db()
    assert (station.status, station.status_since) == (Status.OPERATING, datetime.date(2024, 9, 10))
    assert station.status_changes.first().work == work
    with pytest.raises(ValidationError) as caught:  # accepted once
        services.accept_work(specialist, work, {"accepted_on": datetime.date(2024, 9, 11)})
    assert "accepted_on" in caught.value.message_dict


def test_acceptance_before_the_start_is_refused(world, specialist):
    work = f.work(world.committee, started_on=datetime.date(2024, 8, 5))
    with pytest.raises(ValidationError) as caught:
        services.accept_work(specialist, work, {"accepted_on": datetime.date(2024, 8, 1)})
    assert "accepted_on" in caught.value.message_dict
    work.refresh_from_db()
    assert work.accepted_on is None


def test_accepting_a_new_build_commissions_the_station(world, specialist):
    station = services.create_station(specialist, station_data(world, commissioned_on=None,
                                                               status=Status.UNDER_CONSTRUCTION),
                                      status_date=datetime.date(2025, 2, 1))
    work = services.create_work(specialist, {"station": station, "kind": "new_build", "title": "Xây mới",
                                             "started_on": datetime.date(2025, 2, 1), "cost": 500_000_000})
    services.accept_work(specialist, work, {"accepted_on": datetime.date(2025, 6, 20)})
    station.refresh_from_db()
    assert (station.commissioned_on, station.status) == (datetime.date(2025, 6, 20), Status.OPERATING)


def test_status_change_page_and_accept_page(world, client, specialist):
    station = f.station(world.committee)
    client.force_login(specialist)
    response = client.post(f"/grassroots/stations/{station.pk}/status/",
                           {"status": "out_of_service", "date": "01/01/2010", "reason": "Hỏng"})
    assert response.status_code == 422 and "date" in response.context["form"].errors
    response = client.post(f"/grassroots/stations/{station.pk}/status/",
                           {"status": "out_of_service", "date": "01/08/2024", "reason": "Hỏng"})
    assert response.status_code == 302
    work = f.work(world.committee, station=station, started_on=datetime.date(2024, 8, 3))
    response = client.post(f"/grassroots/works/{work.pk}/accept/", {"accepted_on": "20/08/2024"})
    assert response.status_code == 302
    station.refresh_from_db()
    assert (station.status, station.status_since) == (Status.OPERATING, datetime.date(2024, 8, 20))
    assert "20/08/2024" in client.get(station.get_absolute_url()).content.decode()


def test_api_status_and_accept(world, client, specialist):
    station = f.station(world.committee)
    headers = world.token(specialist)
    response = testing.call(client, "POST", f"/api/grassroots/stations/{station.pk}/status",
                            {"status": "out_of_service", "date": "2010-01-01", "reason": "x"}, headers)
    assert response.status_code == 422 and "date" in testing.fields_named(response)
    response = testing.call(client, "POST", f"/api/grassroots/stations/{station.pk}/status",
                            {"status": "out_of_service", "date": "2024-08-01", "reason": "Hỏng"}, headers)
    assert response.status_code == 201, response.content
    work = f.work(world.committee, station=station, started_on=datetime.date(2024, 8, 3))
    response = testing.call(client, "POST", f"/api/grassroots/works/{work.pk}/accept",
                            {"accepted_on": "2024-08-20"}, headers)
    assert response.status_code == 200 and response.json()["accepted_on"] == "2024-08-20"
    history = client.get(f"/api/grassroots/stations/{station.pk}/status", headers=headers).json()
    assert [item["status"] for item in history][:2] == ["operating", "out_of_service"]
    other = world.token(world.users["other_specialist"])
    assert testing.call(client, "POST", f"/api/grassroots/works/{work.pk}/accept",
                        {"accepted_on": "2024-08-21"}, other).status_code == 404
