"""The rules of inspections and sanctions, through the UI, the API and the services: each bad input of
the issue is refused with an error naming the field and nothing is saved; a fine outside the range is
accepted once confirmed, with its reason recorded; payments keep the enforcement status; a plan's
progress on a date; a district's or commune's team sees its own inspections."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from dieuhanh.core import testing
from dieuhanh.core.testing import call, fields_named
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.orgs.models import Organization

from .. import services
from ..models import Confiscation, Inspection, Payment, Provision, Sanction, SubjectKind, Violation
from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return testing.build_world()


def form_errors(response):
    assert response.status_code == 422, response.status_code
    return response.context["form"].errors


# --- a fine outside the provisions' range ---------------------------------------------------------------


def sanction_data(violation, **extra):
    return {"subject": violation.subject_id, "number": "15/QĐ-XPHC", "date": "14/03/2024", "signer": "Quàng Văn Thắng",
            "violations": [violation.pk], "fine_amount": "30000000", "enforcement": "unpaid", **extra}


def test_ui_fine_outside_the_range_needs_confirmation_and_a_reason(world, client):
    violation = f.violation(world.committee)  # a household: half of 10–20 million, so 5–10 million
    client.force_login(world.users["specialist"])
    url = reverse("inspections:sanction_add")
    errors = form_errors(client.post(url, sanction_data(violation)))
    assert "fine_amount" in errors and "5.000.000 đ" in errors["fine_amount"][0]
    assert "10.000.000 đ" in errors["fine_amount"][0]
    errors = form_errors(client.post(url, sanction_data(violation, fine_outside_range="on")))
    assert "outside_range_reason" in errors
    assert not Sanction.objects.exists()
    reason = "Tái phạm nhiều lần, tình tiết tăng nặng theo Điều 10 Luật Xử lý vi phạm hành chính"
    response = client.post(url, sanction_data(violation, fine_outside_range="on", outside_range_reason=reason))
    assert response.status_code == 302, form_errors(response)
    sanction = Sanction.objects.get()
    assert (sanction.fine_amount, sanction.fine_outside_range, sanction.outside_range_reason) == (30_000_000, True,
                                                                                                   reason)
    assert list(sanction.violations.all()) == [violation] and sanction.inspection_id == violation.inspection_id
    change = testing.changes(sanction, "create").get()
    assert change.postchange_data["outside_range_reason"] == reason


def test_a_fine_inside_the_range_needs_no_confirmation(world):
    violation = f.violation(world.committee, subject=f.subject(world.committee, kind=SubjectKind.ORGANISATION))
    user = world.users["specialist"]
    sanction = services.create_sanction(user, {"subject": violation.subject, "number": "1/QĐ", "signer": "A",
                                               "date": datetime.date(2024, 3, 20), "violations": [violation],
                                               "fine_amount": 20_000_000, "fine_outside_range": True})
    assert sanction.fine_outside_range is False  # nothing was outside: nothing is recorded as confirmed


def test_api_fine_outside_the_range_is_422_naming_the_field(world, client):
    violation = f.violation(world.committee)
    headers = world.token(world.users["officer"])
    payload = {"subject": violation.subject_id, "number": "9/QĐ", "date": "2024-03-14", "signer": "A",
               "violations": [violation.pk], "fine_amount": 1_000_000}
    response = call(client, "POST", "/api/inspections/decisions/", payload, headers)
    assert response.status_code == 422 and fields_named(response) == {"fine_amount"}, response.json()
    response = call(client, "POST", "/api/inspections/decisions/", {**payload, "fine_outside_range": True}, headers)
    assert response.status_code == 422 and fields_named(response) == {"outside_range_reason"}
    response = call(client, "POST", "/api/inspections/decisions/",
                    {**payload, "fine_outside_range": True, "outside_range_reason": "Giảm nhẹ: tự nguyện khắc phục"},
                    headers)
    assert response.status_code == 201, response.json()
    assert response.json()["fine_outside_range"] is True


def test_a_violation_is_decided_once_and_only_for_its_subject(world):
    user = world.users["specialist"]
    violation = f.violation(world.committee)
    other = f.violation(world.committee)
    data = {"subject": violation.subject, "number": "2/QĐ", "signer": "A", "date": datetime.date(2024, 3, 20),
            "fine_amount": 6_000_000}
    with pytest.raises(ValidationError) as error:
        services.create_sanction(user, {**data, "violations": [violation, other]})
    assert "violations" in error.value.error_dict
    services.create_sanction(user, {**data, "violations": [violation]})
    with pytest.raises(ValidationError) as error:
        services.create_sanction(user, {**data, "number": "3/QĐ", "violations": [violation]})
    assert "violations" in error.value.error_dict
    assert Sanction.objects.count() == 1


# --- a decision dated before the inspection ---------------------------------------------------------------


def test_decision_before_the_inspection_started_is_refused(world, client):
    violation = f.violation(world.committee)  # the inspection started on 04/03/2024
    client.force_login(world.users["specialist"])
    errors = form_errors(client.post(reverse("inspections:sanction_add"),
                                     sanction_data(violation, date="01/03/2024", fine_amount="6000000")))
    assert "date" in errors and "04/03/2024" in errors["date"][0]
    response = call(client, "POST", "/api/inspections/decisions/", {
        "subject": violation.subject_id, "number": "4/QĐ", "date": "2024-03-01", "signer": "A",
        "violations": [violation.pk], "fine_amount": 6_000_000}, world.token(world.users["specialist"]))
    assert response.status_code == 422 and "date" in fields_named(response)
    assert not Sanction.objects.exists()


# --- a provision not in force on the date of the act -------------------------------------------------------


def test_provision_not_in_force_on_the_act_date(world, client):
    old = f.provision(decree="159/2013/NĐ-CP", valid_from=datetime.date(2013, 12, 15),
                      valid_until=datetime.date(2020, 12, 1), fine_applies_to=Provision.AppliesTo.INDIVIDUAL)
    subject = f.subject(world.committee)
    client.force_login(world.users["officer"])
    data = {"subject": subject.pk, "provision": old.pk, "act_date": "04/03/2024", "description": "Bán sách lậu"}
    errors = form_errors(client.post(reverse("inspections:violation_add"), data))
    assert "provision" in errors and "01/12/2020" in errors["provision"][0]
    response = call(client, "POST", "/api/inspections/violations/", {**data, "act_date": "2024-03-04"},
                    world.token(world.users["officer"]))
    assert response.status_code == 422 and fields_named(response) == {"provision"}
    assert not Violation.objects.exists()
    # The day before the new decree came into force the old one applies; on that day it no longer does.
    response = client.post(reverse("inspections:violation_add"), {**data, "act_date": "30/11/2020"})
    assert response.status_code == 302
    assert form_errors(client.post(reverse("inspections:violation_add"), {**data, "act_date": "01/12/2020"}))


# --- payments ----------------------------------------------------------------------------------------------


def test_payment_above_the_fine_is_refused_and_payments_keep_the_status(world, client):
    sanction = f.sanction(world.committee, fine_amount=8_000_000)
    client.force_login(world.users["officer"])
    url = reverse("inspections:payment_add")
    data = {"sanction": sanction.pk, "paid_on": "20/03/2024", "amount": "5000000", "receipt_number": "BL01"}
    assert client.post(url, data).status_code == 302
    sanction.refresh_from_db()
    assert sanction.enforcement == Sanction.Enforcement.PARTLY_PAID
    errors = form_errors(client.post(url, {**data, "amount": "3000001", "receipt_number": "BL02"}))
    assert "amount" in errors and "3.000.000 đ" in errors["amount"][0]
    response = call(client, "POST", "/api/inspections/payments/",
                    {"sanction": sanction.pk, "paid_on": "2024-03-21", "amount": 3_000_001},
                    world.token(world.users["officer"]))
    assert response.status_code == 422 and fields_named(response) == {"amount"}
    assert Payment.objects.count() == 1
    assert client.post(url, {**data, "amount": "3000000", "receipt_number": "BL03"}).status_code == 302
    sanction.refresh_from_db()
    assert sanction.enforcement == Sanction.Enforcement.PAID
    # A fine cannot then be lowered below what was paid.
    with pytest.raises(ValidationError) as error:
        services.update_sanction(world.users["specialist"], sanction, {"fine_amount": 7_000_000})
    assert "fine_amount" in error.value.error_dict


def test_payment_before_the_decision_is_refused(world, client):
    sanction = f.sanction(world.committee)
    client.force_login(world.users["officer"])
    errors = form_errors(client.post(reverse("inspections:payment_add"), {
        "sanction": sanction.pk, "paid_on": "01/01/2024", "amount": "1000000"}))
    assert "paid_on" in errors


# --- confiscations -------------------------------------------------------------------------------------------


def test_confiscation_without_a_quantity_is_refused(world, client):
    sanction = f.sanction(world.committee)
    client.force_login(world.users["officer"])
    data = {"sanction": sanction.pk, "item_kind": "publications", "unit": "bản", "disposal": "pending"}
    errors = form_errors(client.post(reverse("inspections:confiscation_add"), data))
    assert list(errors) == ["quantity"]
    for quantity in (None, 0):
        response = call(client, "POST", "/api/inspections/confiscations/", {**data, "quantity": quantity},
                        world.token(world.users["officer"]))
        assert response.status_code == 422 and fields_named(response) == {"quantity"}, response.json()
    assert not Confiscation.objects.exists()


# --- plans ---------------------------------------------------------------------------------------------------


def test_plan_progress_on_a_date(world, client):
    plan = f.plan(world.department)
    done, started, waiting = (f.planned(world.department, plan=plan) for _ in range(3))
    f.inspection(world.department, plan_item=done, started_on=datetime.date(2024, 3, 1),
                 ended_on=datetime.date(2024, 3, 10))
    f.inspection(world.department, plan_item=started, started_on=datetime.date(2024, 5, 1))
    user = world.users["specialist"]
    progress, items = services.plan_progress(user, plan, datetime.date(2024, 3, 5))
    assert (progress.done, progress.in_progress, progress.not_started) == (0, 1, 2)
    progress, items = services.plan_progress(user, plan, datetime.date(2024, 6, 1))
    assert (progress.done, progress.in_progress, progress.not_started) == (1, 1, 1)
    assert {item.pk: item.status for item in items} == {done.pk: "done", started.pk: "in_progress",
                                                       waiting.pk: "not_started"}
    client.force_login(user)
    html = client.get(plan.get_absolute_url(), {"at": "01/06/2024"}).content.decode()
    assert 'data-done="1" data-in-progress="1" data-not-started="1"' in html


# --- scoping: a district's or a commune's team sees its own inspections -----------------------------------


def test_district_and_commune_teams_see_their_own_inspections(world, client, make_user):
    legacy = AdministrativeUnit.objects.filter(level="district", province__code="11",
                                               valid_until__isnull=False).order_by("code").first()
    district = Organization.objects.create(name=f"Ủy ban nhân dân {legacy.full_name}", kind="peoples_committee",
                                           unit=legacy)
    district_officer = make_user("officer", district)
    own = f.inspection(district, kind="inter_sector", title="Đoàn liên ngành huyện kiểm tra đại lý SIM")
    commune = f.inspection(world.committee, kind="check", title="UBND xã kiểm tra điểm truy nhập Internet")
    department = f.inspection(world.department, title="Thanh tra Sở")
    elsewhere = f.inspection(world.other_department, title="Thanh tra Sở Hà Nội")
    sanction = f.sanction(district, subject=f.violation(district, subject=f.subject(district, inspection=own)).subject)

    def seen(user):
        return set(Inspection.objects.restrict(user).values_list("pk", flat=True))

    assert seen(district_officer) == {own.pk}
    assert seen(world.users["officer"]) == {commune.pk}
    assert seen(world.users["specialist"]) == {own.pk, commune.pk, department.pk}  # the province, legacy units too
    assert seen(world.users["other_specialist"]) == {elsewhere.pk}
    client.force_login(world.users["officer"])
    assert client.get(own.get_absolute_url()).status_code == 404
    assert client.get(sanction.get_absolute_url()).status_code == 404
    response = client.get(reverse("inspections:inspection_list"))
    assert testing.listed(response) == {commune.pk}
    client.force_login(district_officer)
    assert client.get(sanction.get_absolute_url()).status_code == 200
    assert testing.listed(client.get(reverse("inspections:sanction_list"))) == {sanction.pk}


def test_records_of_a_decision_follow_the_inspection_to_another_organisation(world, client):
    payment = f.payment(world.committee)
    confiscation = f.confiscation(world.committee, sanction=payment.sanction)
    inspection = payment.sanction.inspection
    assert payment.organization_id == confiscation.organization_id == world.committee.pk
    services.update_inspection(world.users["specialist"], inspection, {"organization": world.other_committee})
    client.force_login(world.users["officer"])
    for record in (payment.sanction, payment, confiscation):
        assert client.get(record.get_absolute_url()).status_code == 404, record
    client.force_login(world.users["other_officer"])
    for record in (payment.sanction, payment, confiscation):
        assert client.get(record.get_absolute_url()).status_code == 200, record
