"""Unit scoping (core/scoping.py, orgs User.build_scope): who sees and changes which organisations.

Runs in the scenario of core.testing.World: the department of Điện Biên (leader, specialist, viewer),
a commune committee (officer), another commune's committee, and a department in Hà Nội.
"""

import re

import pytest
from django.urls import reverse

from dieuhanh.core.testing import build_world, call, fields_named, listed, snapshot
from dieuhanh.geo.models import AdministrativeUnit, UnitSuccession
from dieuhanh.orgs import services
from dieuhanh.orgs.forms import OrganizationForm, PersonForm
from dieuhanh.orgs.models import Organization, Person

DEPARTMENT_ROLES = ("leader", "specialist", "viewer")
COMMITTEE = Organization.Kind.PEOPLES_COMMITTEE


@pytest.fixture
def world(db):
    return build_world()


def legacy_unit(level, code):
    return AdministrativeUnit.objects.get(level=level, code=code, valid_until__isnull=False)


def visible_ids(user) -> set[int]:
    return set(Organization.objects.restrict(user).values_list("pk", flat=True))


def api_ids(client, world, user, path="/api/orgs/organizations/") -> set[int]:
    response = client.get(path, {"limit": 100}, headers=world.token(user))
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


def lookup_ids(client, q: str) -> set[int]:
    response = client.get(reverse("core:lookup", args=["orgs", "organization"]), {"q": q})
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(r'<option value="(\d+)"', response.content.decode())}


# --- department roles: their province, legacy units included ---------------------------------------------

def test_department_sees_organisations_of_its_provinces_legacy_units(world, client):
    district = legacy_unit("district", "094")  # Thành phố Điện Biên Phủ, a district until 30/06/2025
    assert (district.province.code, district.province.valid_until is not None) == ("11", True)
    commune = AdministrativeUnit.objects.filter(parent=district).order_by("code").first()
    old_city = Organization.objects.create(name="UBND thành phố Điện Biên Phủ", kind=COMMITTEE, unit=district)
    old_ward = Organization.objects.create(name=f"UBND {commune.full_name}", kind=COMMITTEE, unit=commune)
    elsewhere = Organization.objects.create(name="UBND quận Ba Đình", kind=COMMITTEE,
                                            unit=legacy_unit("district", "001"))  # Hà Nội's, not Điện Biên's
    for role in DEPARTMENT_ROLES:
        user = world.users[role]
        client.force_login(user)
        rows = listed(client.get(reverse("orgs:organization_list")))
        assert {old_city.pk, old_ward.pk} <= rows and elsewhere.pk not in rows, role
        assert client.get(old_city.get_absolute_url()).status_code == 200
        assert client.get(elsewhere.get_absolute_url()).status_code == 404
        ids = api_ids(client, world, user)
        assert {old_city.pk, old_ward.pk} <= ids and elsewhere.pk not in ids, role
    # The officer of a commune committee acts for that committee only, not for its province's past.
    assert not {old_city.pk, old_ward.pk} & visible_ids(world.users["officer"])


def test_department_of_a_merged_province_sees_the_provinces_merged_into_it(world, make_user):
    tuyen_quang = AdministrativeUnit.objects.get(level="province", code="08", valid_until__isnull=True)
    ha_giang = legacy_unit("province", "02")  # merged into Tuyên Quang on 1 July 2025
    assert UnitSuccession.objects.filter(predecessor=ha_giang, successor=tuyen_quang).exists()
    department = Organization.objects.create(name="Sở Khoa học và Công nghệ tỉnh Tuyên Quang",
                                             kind=Organization.Kind.DEPARTMENT, unit=tuyen_quang)
    specialist = make_user("specialist", department)
    old_city = Organization.objects.create(name="UBND thành phố Hà Giang", kind=COMMITTEE,
                                           unit=legacy_unit("district", "024"))
    seen = visible_ids(specialist)
    assert {department.pk, old_city.pk} <= seen
    assert not {world.department.pk, world.committee.pk, world.other_department.pk} & seen


# --- unit officers: their organisation and everything under it ---------------------------------------------

def test_officer_sees_own_organisation_and_its_sub_organisations_only(world, client):
    provincial = Organization.objects.create(name="UBND tỉnh Điện Biên", kind=COMMITTEE, unit=world.province)
    world.committee.parent = provincial
    world.committee.save()
    child = Organization.objects.create(name="Văn phòng HĐND và UBND xã", kind="other", unit=world.committee.unit,
                                        parent=world.committee)
    grandchild = Organization.objects.create(name="Đài truyền thanh xã", kind="broadcaster",
                                             unit=world.committee.unit, parent=child)
    person = Person.objects.create(full_name="Lò Văn Pâng", organization=grandchild)
    officer = world.users["officer"]
    assert visible_ids(officer) == {world.committee.pk, child.pk, grandchild.pk}
    client.force_login(officer)
    assert listed(client.get(reverse("orgs:organization_list"))) == {world.committee.pk, child.pk, grandchild.pk}
    for org in (provincial, world.other_committee, world.department):
        assert client.get(org.get_absolute_url()).status_code == 404
    assert client.get(person.get_absolute_url()).status_code == 200
    assert api_ids(client, world, officer) == {world.committee.pk, child.pk, grandchild.pk}
    # The parent is out of reach for writes too: the officer cannot edit the provincial committee.
    assert client.get(reverse("orgs:organization_edit", args=[provincial.pk])).status_code == 404


def test_a_sub_organisation_the_officer_creates_is_in_scope_at_once(world, client):
    officer = world.users["officer"]
    client.force_login(officer)
    response = client.post(reverse("orgs:organization_add"), {
        "name": "Tổ công nghệ số cộng đồng", "kind": "other", "unit": world.committee.unit_id,
        "parent": world.committee.pk})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    # The API answers with the new record in the same request that created it.
    response = call(client, "POST", "/api/orgs/organizations/", {
        "name": "Tổ truyền thông cơ sở", "kind": "other", "unit": world.committee.unit_id,
        "parent": world.committee.pk}, world.token(officer))
    assert response.status_code == 201, response.content
    assert response.json()["parent"] == world.committee.pk


def test_officer_cannot_create_an_organisation_outside_its_own(world, client):
    count = Organization.all_objects.count()
    response = call(client, "POST", "/api/orgs/organizations/", {
        "name": "UBND xã mới", "kind": COMMITTEE, "unit": world.committee.unit_id},  # no parent: top level
        world.token(world.users["officer"]))
    assert response.status_code == 403
    assert Organization.all_objects.count() == count


# --- a change of role or organisation takes effect on the next request ------------------------------------

def test_role_change_takes_effect_on_the_next_request(world, client):
    admin, user = world.users["admin"], world.users["specialist"]
    client.force_login(user)
    headers = world.token(user)
    assert client.get(world.department.get_absolute_url()).status_code == 200
    assert client.get(reverse("orgs:person_add")).status_code == 200

    services.update_user(admin, user, {"role": "viewer"})
    assert client.get(reverse("orgs:person_add")).status_code == 403
    assert call(client, "POST", "/api/orgs/people/", {"full_name": "Quàng Văn Hặc",
                                                      "organization": world.department.pk}, headers).status_code == 403

    services.update_user(admin, user, {"role": "officer", "organization": world.other_committee})
    assert client.get(world.department.get_absolute_url()).status_code == 404
    assert client.get(world.other_committee.get_absolute_url()).status_code == 200
    assert api_ids(client, world, user) == {world.other_committee.pk}

    services.update_user(admin, user, {"role": "specialist", "organization": world.other_department})
    assert client.get(world.committee.get_absolute_url()).status_code == 404
    assert client.get(world.other_department.get_absolute_url()).status_code == 200


def test_a_demoted_administrator_loses_everything_at_once(world, client):
    admin, other_admin = world.users["admin"], build_admin(world)
    client.force_login(other_admin)
    assert client.get(reverse("core:trash")).status_code == 200
    services.update_user(admin, other_admin, {"role": "viewer", "organization": world.department})
    assert client.get(reverse("core:trash")).status_code == 403
    assert client.get(world.other_department.get_absolute_url()).status_code == 404


def build_admin(world):
    from dieuhanh.orgs.models import User

    user = User(username="second_admin", role="admin", is_superuser=True, is_staff=True)
    user.set_unusable_password()
    user.save()
    return user


# --- choices are narrowed --------------------------------------------------------------------------------

def test_parent_lookup_offers_only_organisations_in_scope(world, client):
    child = Organization.objects.create(name="Ủy ban Mặt trận Tổ quốc xã", kind="party", unit=world.committee.unit,
                                        parent=world.committee)
    client.force_login(world.users["officer"])
    assert lookup_ids(client, "uy ban") == {world.committee.pk, child.pk}
    assert lookup_ids(client, "so khoa hoc") == set()

    client.force_login(world.users["specialist"])
    assert lookup_ids(client, "so khoa hoc") == {world.department.pk}  # not Hà Nội's
    assert {world.committee.pk, world.other_committee.pk, child.pk} <= lookup_ids(client, "uy ban")

    client.force_login(world.users["admin"])
    assert lookup_ids(client, "so khoa hoc") == {world.department.pk, world.other_department.pk}


def test_form_and_filter_choices_are_narrowed(world, client):
    officer = world.users["officer"]
    assert set(OrganizationForm(user=officer).fields["parent"].queryset.values_list("pk", flat=True)) == \
        {world.committee.pk}
    assert set(PersonForm(user=officer).fields["organization"].queryset.values_list("pk", flat=True)) == \
        {world.committee.pk}
    # Filtering by another unit's organisation is a bad choice, not a way to probe it.
    response = client.get("/api/orgs/people/", {"organization": world.other_committee.pk},
                          headers=world.token(officer))
    assert response.status_code == 422
    assert "organization" in fields_named(response)


# --- linking to another unit's record by id --------------------------------------------------------------

@pytest.mark.parametrize("role", ["specialist", "officer"])
def test_api_refuses_links_to_out_of_scope_records_naming_the_field(world, client, role):
    user = world.users[role]
    headers = world.token(user)
    own = world.own_org(role)
    other = world.other_org(role)
    people, organizations = Person.all_objects.count(), Organization.all_objects.count()

    cases = [
        ("/api/orgs/people/", {"full_name": "Lò Thị Mai", "organization": other.pk}, "organization"),
        ("/api/orgs/people/", {"full_name": "Lò Thị Mai", "organization": 987654321}, "organization"),
        ("/api/orgs/organizations/", {"name": "Tổ công tác", "kind": "other", "unit": own.unit_id,
                                      "parent": other.pk}, "parent"),
        ("/api/orgs/organizations/", {"name": "Tổ công tác", "kind": "other", "unit": own.unit_id,
                                      "parent": own.pk, "successor": other.pk}, "successor"),
    ]
    for path, payload, field in cases:
        response = call(client, "POST", path, payload, headers)
        assert response.status_code == 422, (payload, response.content)
        assert field in fields_named(response), response.json()
    assert (Person.all_objects.count(), Organization.all_objects.count()) == (people, organizations)

    person = Person.objects.create(full_name="Vàng A Sểnh", organization=own)
    before = snapshot(person)
    response = call(client, "PATCH", f"/api/orgs/people/{person.pk}", {"organization": other.pk}, headers)
    assert response.status_code == 422 and "organization" in fields_named(response)
    assert snapshot(person) == before


def test_moving_a_record_to_another_province_is_refused(world, client):
    """The unit is reference data anyone may pick, so the refusal comes from the scope check itself."""
    specialist = world.users["specialist"]
    org = Organization.objects.create(name="Trung tâm Văn hóa xã", kind="other", unit=world.committee.unit,
                                      parent=None)
    before = snapshot(org)
    hanoi_commune = AdministrativeUnit.objects.filter(level="commune", province=world.other_province,
                                                      valid_until__isnull=True).order_by("code").first()
    response = call(client, "PATCH", f"/api/orgs/organizations/{org.pk}", {"unit": hanoi_commune.pk},
                    world.token(specialist))
    assert response.status_code == 403
    client.force_login(specialist)
    response = client.post(reverse("orgs:organization_edit", args=[org.pk]),
                           {"name": org.name, "kind": org.kind, "unit": hanoi_commune.pk})
    assert response.status_code == 422
    assert response.context["form"].non_field_errors()
    assert snapshot(org) == before
