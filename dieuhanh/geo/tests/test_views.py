"""Unit list/detail pages and the API: folded search, drill-down, history both ways, bounded queries."""

import pytest

from dieuhanh.geo.models import REFORM_2025, AdministrativeUnit

pytestmark = pytest.mark.django_db

Level = AdministrativeUnit.Level


@pytest.fixture
def viewer_client(client, make_user):
    client.force_login(make_user("viewer"))
    return client


def listed(response):
    return [row.full_name for row in response.context["page"].object_list]


@pytest.mark.parametrize(("query", "expected"), [
    ("dien bien", "Tỉnh Điện Biên"),
    ("DIEN BIEN", "Tỉnh Điện Biên"),
    ("Điện Biên", "Tỉnh Điện Biên"),
    ("dak lak", "Tỉnh Đắk Lắk"),
    ("tuyen quang", "Tỉnh Tuyên Quang"),
])
def test_list_search_ignores_diacritics(viewer_client, query, expected):
    response = viewer_client.get("/geo/units/", {"q": query, "level": "province", "era": "current"})
    assert response.status_code == 200
    assert listed(response) == [expected]


def test_list_search_finds_legacy_units_too(viewer_client):
    response = viewer_client.get("/geo/units/", {"q": "dien bien dong"})
    assert "Huyện Điện Biên Đông" in listed(response)
    response = viewer_client.get("/geo/units/", {"q": "ha giang", "level": "province"})
    assert "Tỉnh Hà Giang" in listed(response)  # words match as substrings: Hậu Giang too
    assert "Tỉnh Tuyên Quang" not in listed(response)


def test_api_search_ignores_diacritics(viewer_client):
    response = viewer_client.get("/api/geo/units/", {"q": "dak lak"})
    assert response.status_code == 200
    body = response.json()
    found = {(item["full_name"], item["valid_until"]) for item in body["items"]}
    assert ("Tỉnh Đắk Lắk", None) in found
    assert ("Tỉnh Đắk Lắk", "2025-07-01") in found
    assert all("dak lak" in AdministrativeUnit.objects.get(pk=item["id"]).search_text for item in body["items"])
    response = viewer_client.get("/api/geo/units/", {"q": "dien bien", "level": "province", "era": "current"})
    assert [item["full_name"] for item in response.json()["items"]] == ["Tỉnh Điện Biên"]


def test_api_filters_by_parent_and_date(viewer_client):
    province = AdministrativeUnit.objects.get(level=Level.PROVINCE, code="11", valid_until=None)
    response = viewer_client.get("/api/geo/units/", {"parent": province.pk, "limit": 100})
    items = response.json()["items"]
    assert len(items) == response.json()["count"] == province.children.count() == 45
    assert {item["parent"] for item in items} == {province.pk}
    response = viewer_client.get("/api/geo/units/", {"level": "province", "valid_on": "2020-01-01", "limit": 100})
    assert response.json()["count"] == 63


def test_drill_down_province_districts_communes(viewer_client):
    legacy_province = AdministrativeUnit.objects.get(level=Level.PROVINCE, code="11", valid_until=REFORM_2025)
    response = viewer_client.get("/geo/units/", {"parent": legacy_province.pk, "per_page": 100})
    assert response.status_code == 200
    assert "Tỉnh Điện Biên" in response.context["title"]
    districts = listed(response)
    assert len(districts) == 10 and "Huyện Điện Biên Đông" in districts
    html = response.content.decode()
    district = AdministrativeUnit.objects.get(full_name="Huyện Điện Biên Đông", valid_until=REFORM_2025)
    assert f"?parent={district.pk}" in html  # each district links to its communes
    response = viewer_client.get("/geo/units/", {"parent": district.pk, "per_page": 100})
    communes = listed(response)
    assert len(communes) == district.children.count() > 5
    assert all(c.startswith(("Xã", "Thị trấn")) for c in communes)
    # The drill-down combines with search and the other filters.
    response = viewer_client.get("/geo/units/", {"parent": district.pk, "q": "xa", "level": "commune"})
    assert set(listed(response)) <= set(communes) and listed(response)


def test_list_page_queries_do_not_grow_with_page_size(viewer_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(14) as small:
        viewer_client.get("/geo/units/", {"per_page": 25, "era": "legacy"})
    with django_assert_max_num_queries(len(small.captured_queries)):
        viewer_client.get("/geo/units/", {"per_page": 500, "era": "legacy"})


def test_detail_shows_history_both_ways_with_partial_flags(viewer_client):
    district = AdministrativeUnit.objects.get(full_name="Huyện Điện Biên Đông", valid_until=REFORM_2025)
    response = viewer_client.get(district.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    successions = list(district.successions_out.select_related("successor"))
    assert len(response.context["successors"]) == len(successions) > 1
    for s in successions:
        assert s.successor.get_absolute_url() in html
    assert 'id="successors"' in html and "badge text-bg-warning" in html  # partial: only part of it went there
    # Its communes are listed, and it lies today in Tỉnh Điện Biên.
    assert len(response.context["children"]) == district.children.count()
    assert [p.full_name for p in response.context["provinces_today"]] == ["Tỉnh Điện Biên"]
    assert 'id="province-today"' in html

    # The other way: a current commune shows what it was formed from.
    new = successions[0].successor
    response = viewer_client.get(new.get_absolute_url())
    html = response.content.decode()
    predecessors = [s.predecessor for s in response.context["predecessors"]]
    assert district in predecessors
    assert all(p.get_absolute_url() in html for p in predecessors)
    assert "provinces_today" not in response.context


def test_detail_of_an_unchanged_unit_has_no_partial_flag(viewer_client):
    island = AdministrativeUnit.objects.get(full_name="Đặc khu Bạch Long Vĩ", valid_until=None)
    response = viewer_client.get(island.get_absolute_url())
    assert [(s.predecessor.full_name, s.partial) for s in response.context["predecessors"]] == [
        ("Huyện Bạch Long Vĩ", False)]
    assert "badge text-bg-warning" not in response.content.decode()


def test_detail_page_queries_are_bounded(viewer_client, django_assert_max_num_queries):
    big = AdministrativeUnit.objects.get(level=Level.PROVINCE, code="79", valid_until=None)  # 168 communes
    small = AdministrativeUnit.objects.get(full_name="Đặc khu Bạch Long Vĩ", valid_until=None)
    legacy = AdministrativeUnit.objects.get(level=Level.PROVINCE, code="79", valid_until=REFORM_2025)
    with django_assert_max_num_queries(20) as few:
        viewer_client.get(small.get_absolute_url())
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        viewer_client.get(big.get_absolute_url())
    # A legacy unit also shows where it lies today: a few more queries, still not one per row.
    with django_assert_max_num_queries(len(few.captured_queries) + 6):
        response = viewer_client.get(legacy.get_absolute_url())
    assert len(response.context["children"]) == legacy.children.count() > 20


def test_detail_shows_the_dataset_version(viewer_client):
    import vietnam_provinces

    unit = AdministrativeUnit.objects.filter(level=Level.PROVINCE).first()
    html = viewer_client.get(unit.get_absolute_url()).content.decode()
    assert vietnam_provinces.__version__ in html


def test_anonymous_is_sent_to_login(client):
    response = client.get("/geo/units/")
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get("/api/geo/units/").status_code == 401
