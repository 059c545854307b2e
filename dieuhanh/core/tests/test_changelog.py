"""The change log: every create/update/delete/restore through UI, API, admin and command is recorded."""

import pytest
from django.core.management import call_command

from dieuhanh.core.models import APIToken, ObjectChange
from dieuhanh.geo.models import AdministrativeUnit
from dieuhanh.orgs.models import Organization


@pytest.fixture
def province(db):
    return AdministrativeUnit.objects.get(level="province", code__in=["11"], valid_until__isnull=True)


@pytest.fixture
def department(province, make_user):
    from dieuhanh.orgs.services import create_organization

    admin = make_user("admin")
    return create_organization(admin, {"name": "Sở Khoa học và Công nghệ", "kind": "department", "unit": province})


def changes_of(obj):
    return ObjectChange.objects.filter(content_type__model=obj._meta.model_name, object_id=obj.pk).order_by("pk")


def test_ui_create_edit_delete_restore_are_logged_with_user_request_and_diff(client, make_user, province):
    admin = make_user("admin")
    client.force_login(admin)
    response = client.post("/orgs/organizations/add/", {"name": "Báo Điện Biên Phủ", "kind": "press",
                                                         "unit": province.pk})
    assert response.status_code == 302
    org = Organization.objects.get(name="Báo Điện Biên Phủ")
    created = changes_of(org).get()
    assert (created.action, created.source, created.user) == ("create", "ui", admin)
    assert created.prechange_data is None and created.postchange_data["name"] == "Báo Điện Biên Phủ"
    assert str(created.request_id) == response["X-Request-ID"]

    client.post(f"/orgs/organizations/{org.pk}/edit/", {"name": "Báo Điện Biên Phủ", "kind": "press",
                                                         "unit": province.pk, "phone": "0215 3824 000"})
    updated = changes_of(org).last()
    assert updated.action == "update"
    assert ("phone", "", "0215 3824 000") in updated.diff()

    client.post(f"/orgs/organizations/{org.pk}/delete/")
    assert not Organization.objects.filter(pk=org.pk).exists()
    assert Organization.all_objects.filter(pk=org.pk, deleted_at__isnull=False).exists()
    assert changes_of(org).last().action == "delete"

    response = client.post(f"/trash/orgs/organization/{org.pk}/restore/")
    assert response.status_code == 302
    assert Organization.objects.filter(pk=org.pk).exists()
    assert changes_of(org).last().action == "restore"

    page = client.get(f"/orgs/organizations/{org.pk}/")
    assert page.status_code == 200
    assert len(page.context["history"]) == 4


def test_a_save_that_changes_nothing_is_not_logged(department, make_user):
    from dieuhanh.orgs.services import update_organization

    before = changes_of(department).count()
    update_organization(make_user("admin"), department, {"name": department.name})
    assert changes_of(department).count() == before


def test_api_changes_are_logged_with_source_api_and_token_user(client, department, make_user):
    user = make_user("specialist", organization=department)
    key = APIToken.generate_key()
    token = APIToken(user=user, name="t")
    token.set_key(key)
    token.save()
    response = client.patch(f"/api/orgs/organizations/{department.pk}", {"phone": "0215 000"},
                            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200, response.content
    change = changes_of(department).last()
    assert (change.action, change.source, change.user) == ("update", "api", user)


def test_admin_site_changes_are_logged_as_admin(client, department, make_user):
    admin = make_user("admin")
    client.force_login(admin)
    data = {"name": "Sở KH&CN (sửa)", "kind": "department", "unit": department.unit_id, "code": "",
            "short_name": "", "address": "", "phone": "", "email": "", "website": "", "tax_code": "",
            "notes": ""}
    response = client.post(f"/admin/orgs/organization/{department.pk}/change/", data)
    assert response.status_code == 302, response.content[:2000]
    change = changes_of(department).last()
    assert (change.source, change.user, change.action) == ("admin", admin, "update")


def test_command_changes_are_logged_as_command(province):
    call_command("load_demo", verbosity=0)
    org = Organization.objects.get(code="SKHCN-T11")
    assert changes_of(org).first().source == "command"


def test_password_hash_never_enters_the_log(make_user):
    user = make_user("viewer")
    for change in changes_of(user):
        assert "pbkdf2" not in str(change.postchange_data)


def test_global_log_filters_by_user_type_and_date(client, department, make_user):
    admin = make_user("admin")
    client.force_login(admin)
    response = client.get("/changes/", {"action": "create", "time_after": "01/01/2020"})
    assert response.status_code == 200
    reprs = [row[0].object_repr for row in response.context["rows"]]
    assert department.name in reprs
    response = client.get("/changes/", {"user": admin.pk})
    assert all(row[0].user_id == admin.pk for row in response.context["rows"])
    officer = make_user("officer", organization=department)
    client.force_login(officer)
    assert client.get("/changes/").status_code == 403


def test_global_log_is_scoped_to_the_department_province(client, department, make_user):
    from dieuhanh.orgs.services import create_organization

    hanoi = AdministrativeUnit.objects.get(level="province", code="01", valid_until__isnull=True)
    other = create_organization(make_user("admin"), {"name": "Sở KH&CN Hà Nội", "kind": "department",
                                                     "unit": hanoi})
    specialist = make_user("specialist", organization=department)
    client.force_login(specialist)
    shown = {row[0].object_repr for row in client.get("/changes/", {"per_page": 500}).context["rows"]}
    assert department.name in shown and other.name not in shown
    other_change = changes_of(other).get()
    assert client.get(f"/changes/{other_change.pk}/").status_code == 404
    assert (other_change.owner_organization_id, other_change.owner_province_id) == (other.pk, hanoi.pk)


def test_history_reads_choices_as_their_labels_and_dates_as_dates(department, make_user):
    import datetime

    from django.utils import translation

    from dieuhanh.orgs.services import update_organization

    update_organization(make_user("admin"), department, {"kind": "press", "valid_from": datetime.date(2025, 3, 1)})
    with translation.override("en"):
        diff = {label: (before, after) for label, before, after in changes_of(department).last().labelled_diff()}
        kinds = dict(Organization.Kind.choices)
        assert diff[str(Organization._meta.get_field("kind").verbose_name)] == (kinds["department"], kinds["press"])
        assert diff[str(Organization._meta.get_field("valid_from").verbose_name)] == (None, datetime.date(2025, 3, 1))
