"""Time-aware queries: successors_on, ancestors_on, province_on, rollup_map, province_scope_ids."""

import datetime

import pytest
from django.db.models import Count

from dieuhanh.geo.models import REFORM_2025, AdministrativeUnit, UnitSuccession
from dieuhanh.geo.services import province_scope_ids, rollup_map, successor_ids_on

pytestmark = pytest.mark.django_db

Level = AdministrativeUnit.Level
TODAY = datetime.date(2026, 1, 1)
IN_2018 = datetime.date(2018, 5, 1)


def unit(full_name, era="legacy", **kwargs):
    valid_until = REFORM_2025 if era == "legacy" else None
    return AdministrativeUnit.objects.get(full_name=full_name, valid_until=valid_until, **kwargs)


def names(units):
    return [u.full_name for u in units]


def test_a_2018_district_rolls_up_to_todays_province():
    district = unit("Huyện Điện Biên Đông", level=Level.DISTRICT)
    dien_bien = unit("Tỉnh Điện Biên", era="current")
    successors = list(district.successors_on(TODAY))
    assert len(successors) > 1
    assert all(s.level == Level.COMMUNE and s.valid_until is None and s.province_id == dien_bien.pk
               for s in successors)
    assert set(successors) == {s.successor for s in district.successions_out.all()}
    assert district.ancestors_on(TODAY) == [dien_bien]
    assert list(district.province_on(TODAY)) == [dien_bien]
    # In its own era it is simply itself, under the legacy province.
    assert list(district.successors_on(IN_2018)) == [district]
    assert district.ancestors_on(IN_2018) == [unit("Tỉnh Điện Biên", level=Level.PROVINCE)]
    assert list(district.province_on(IN_2018)) == [unit("Tỉnh Điện Biên", level=Level.PROVINCE)]


def test_a_ha_giang_commune_rolls_up_to_tuyen_quang():
    ha_giang = unit("Tỉnh Hà Giang", level=Level.PROVINCE)
    tuyen_quang = unit("Tỉnh Tuyên Quang", era="current")
    commune = AdministrativeUnit.objects.filter(province=ha_giang, level=Level.COMMUNE).order_by("code").first()
    new = list(commune.successors_on(TODAY))
    assert new and all(n.province_id == tuyen_quang.pk for n in new)
    assert commune.ancestors_on(TODAY) == [tuyen_quang]
    assert list(commune.province_on(TODAY)) == [tuyen_quang]
    assert commune.ancestors_on(IN_2018) == [commune.parent, ha_giang]


def test_a_unit_in_force_is_its_own_successor():
    ward = unit("Phường Ba Đình", era="current")
    assert list(ward.successors_on(TODAY)) == [ward]
    assert ward.ancestors_on(TODAY) == [unit("Thành phố Hà Nội", era="current")]
    assert unit("Thành phố Hà Nội", era="current").ancestors_on(TODAY) == []


def test_before_a_unit_existed_it_resolves_to_where_its_territory_came_from():
    ward = unit("Phường Ba Đình", era="current")
    sources = list(ward.successors_on(IN_2018))
    assert sources and all(s.level == Level.COMMUNE and s.valid_until == REFORM_2025 for s in sources)
    # Communes only: the coarse district → commune links are not used when finer ones exist.
    assert set(sources) == {s.predecessor for s in ward.successions_in.filter(predecessor__level=Level.COMMUNE)}
    assert list(ward.province_on(IN_2018)) == [unit("Thành phố Hà Nội", level=Level.PROVINCE)]
    assert unit("Quận Ba Đình", level=Level.DISTRICT) in ward.ancestors_on(IN_2018)


def test_a_split_commune_has_several_successors():
    split = AdministrativeUnit.objects.filter(valid_until=REFORM_2025, level=Level.COMMUNE).annotate(
        n=Count("successions_out")).filter(n__gt=2).order_by("code").first()
    assert split is not None
    assert set(split.successors_on(TODAY)) == {s.successor for s in split.successions_out.all()}


def test_a_commune_missing_from_the_conversion_table_resolves_through_its_district():
    commune = AdministrativeUnit.objects.get(valid_until=REFORM_2025, level=Level.COMMUNE, code="01651")
    assert commune.full_name == "Xã Mỹ Hưng" and not commune.successions_out.exists()
    assert set(commune.successors_on(TODAY)) == set(commune.parent.successors_on(TODAY))
    assert list(commune.province_on(TODAY)) == [unit("Tỉnh Cao Bằng", era="current")]


def test_tien_giang_went_into_two_provinces():
    tien_giang = AdministrativeUnit.objects.get(valid_until=REFORM_2025, level=Level.PROVINCE, code="82")
    assert len(tien_giang.province_on(TODAY)) == 2


def test_rollup_map_is_a_bounded_number_of_queries(django_assert_max_num_queries):
    all_ids = list(AdministrativeUnit.objects.values_list("pk", flat=True))
    few = all_ids[:5]
    with django_assert_max_num_queries(4):
        rollup_map(few, TODAY)
    # 14,165 units of every era and level: still a handful of queries, not one per unit.
    with django_assert_max_num_queries(8):
        result = rollup_map(all_ids, TODAY)
    assert set(result) == set(all_ids)
    current_provinces = set(AdministrativeUnit.objects.filter(
        level=Level.PROVINCE, valid_until=None).values_list("pk", flat=True))
    assert all(result[pk] and set(result[pk]) <= current_provinces for pk in all_ids)
    assert sum(1 for provinces in result.values() if len(provinces) > 1) >= 1  # Tiền Giang
    with django_assert_max_num_queries(8):
        past = rollup_map(all_ids, IN_2018)
    legacy_provinces = set(AdministrativeUnit.objects.filter(
        level=Level.PROVINCE, valid_until=REFORM_2025).values_list("pk", flat=True))
    assert all(past[pk] and set(past[pk]) <= legacy_provinces for pk in all_ids)
    # Once the process holds the units, a roll-up only checks that they have not changed.
    with django_assert_max_num_queries(1):
        rollup_map(all_ids, TODAY)


def test_a_roll_up_follows_changes_to_units_and_successions():
    """The walk runs over a copy of the units held by the process: an edit, a new succession or a
    deleted one must show in the next roll-up, as they would with a query each time."""
    commune = AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_until=REFORM_2025).order_by("code").first()
    before = successor_ids_on([commune.pk], TODAY)[commune.pk]
    other = AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_until=None).exclude(pk__in=before) \
        .order_by("code").first()
    link = UnitSuccession.objects.create(predecessor=commune, successor=other, date=REFORM_2025, partial=True)
    assert successor_ids_on([commune.pk], TODAY)[commune.pk] == before | {other.pk}
    link.delete()
    assert successor_ids_on([commune.pk], TODAY)[commune.pk] == before
    # Put back in force (an administrator's correction): it is then its own successor.
    commune.valid_until = None
    commune.save()
    assert successor_ids_on([commune.pk], TODAY)[commune.pk] == {commune.pk}


def test_rollup_map_matches_the_examples():
    district = unit("Huyện Điện Biên Đông", level=Level.DISTRICT)
    ha_giang = unit("Tỉnh Hà Giang", level=Level.PROVINCE)
    ward = unit("Phường Ba Đình", era="current")
    result = rollup_map([district.pk, ha_giang.pk, ward.pk, district.pk], TODAY)
    assert result == {
        district.pk: [unit("Tỉnh Điện Biên", era="current").pk],
        ha_giang.pk: [unit("Tỉnh Tuyên Quang", era="current").pk],
        ward.pk: [unit("Thành phố Hà Nội", era="current").pk],
    }
    assert rollup_map([], TODAY) == {}
    assert successor_ids_on([ward.pk], TODAY) == {ward.pk: {ward.pk}}


def test_province_scope_ids():
    tuyen_quang = unit("Tỉnh Tuyên Quang", era="current")
    scope = province_scope_ids(tuyen_quang.pk)
    assert scope == {tuyen_quang.pk, unit("Tỉnh Hà Giang", level=Level.PROVINCE).pk,
                     unit("Tỉnh Tuyên Quang", level=Level.PROVINCE).pk}
    assert province_scope_ids(None) == set()
    # Every legacy province is in the scope of some current province.
    covered = set()
    for province in AdministrativeUnit.objects.filter(level=Level.PROVINCE, valid_until=None):
        covered |= province_scope_ids(province.pk)
    assert covered == set(AdministrativeUnit.objects.filter(level=Level.PROVINCE).values_list("pk", flat=True))
    assert UnitSuccession.objects.filter(predecessor__level=Level.PROVINCE).count() == 64


def test_within_a_request_the_units_are_checked_once(django_assert_num_queries):
    """A page asks for several roll-ups: the first checks that the process's copy is current, the
    others in the same request reuse it, unless the request itself wrote a unit or a succession."""
    from dieuhanh.core.context import acting_as

    commune = AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_until=REFORM_2025).order_by("code").first()
    province = unit("Tỉnh Điện Biên", era="current")
    successor_ids_on([commune.pk], TODAY)  # the copy is loaded
    with acting_as():
        with django_assert_num_queries(1):
            before = successor_ids_on([commune.pk], TODAY)[commune.pk]
            province_scope_ids(province.pk)
            rollup_map([commune.pk], TODAY)
        other = AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_until=None).exclude(pk__in=before) \
            .order_by("code").first()
        UnitSuccession.objects.create(predecessor=commune, successor=other, date=REFORM_2025, partial=True)
        assert successor_ids_on([commune.pk], TODAY)[commune.pk] == before | {other.pk}
    with acting_as(), django_assert_num_queries(1):  # another request checks again
        successor_ids_on([commune.pk], TODAY)
