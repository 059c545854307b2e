"""`load_units`: exact counts from the real dataset, successions, idempotence and updates.

The session fixture (conftest.py) has already run a full load; these tests check what it produced
and run the loader again inside the test transaction.
"""

import dataclasses
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from dieuhanh.core.context import Source, acting_as
from dieuhanh.core.models import ObjectChange
from dieuhanh.geo import dataset as ds
from dieuhanh.geo import services
from dieuhanh.geo.models import REFORM_2025, AdministrativeUnit, UnitDataset, UnitSuccession

pytestmark = pytest.mark.django_db

Level = AdministrativeUnit.Level
Kind = UnitSuccession.Kind


def current(**kwargs):
    return AdministrativeUnit.objects.filter(valid_until__isnull=True, **kwargs)


def legacy(**kwargs):
    return AdministrativeUnit.objects.filter(valid_until=REFORM_2025, **kwargs)


def test_counts_are_exact():
    assert current(level=Level.PROVINCE).count() == 34
    assert current(level=Level.COMMUNE).count() == 3321
    assert current(level=Level.DISTRICT).count() == 0
    assert legacy(level=Level.PROVINCE).count() == 63
    assert legacy(level=Level.DISTRICT).count() == 696
    assert legacy(level=Level.COMMUNE).count() == 10051
    assert AdministrativeUnit.objects.count() == 34 + 3321 + 63 + 696 + 10051


def test_validity_dates_and_hierarchy():
    assert not current().exclude(valid_from=REFORM_2025).exists()
    assert not legacy().exclude(valid_from__isnull=True).exists()
    # Current communes hang directly under their province; legacy communes under a district.
    assert not current(level=Level.COMMUNE).exclude(parent__level=Level.PROVINCE).exists()
    assert not current(level=Level.COMMUNE).exclude(parent__valid_until__isnull=True).exists()
    assert current(level=Level.COMMUNE, parent_id=None).count() == 0
    assert not legacy(level=Level.COMMUNE).exclude(parent__level=Level.DISTRICT).exists()
    assert not legacy(level=Level.COMMUNE).exclude(parent__valid_until=REFORM_2025).exists()
    assert not legacy(level=Level.DISTRICT).exclude(parent__level=Level.PROVINCE).exists()
    # `province` is the province of the unit's own era, itself for a province.
    for unit in AdministrativeUnit.objects.filter(level=Level.PROVINCE):
        assert unit.province_id == unit.pk and unit.parent_id is None
    commune = legacy(level=Level.COMMUNE).select_related("parent", "province").first()
    assert commune.province_id == commune.parent.parent_id
    assert commune.province.valid_until == REFORM_2025


def test_names_codes_and_search_text():
    hanoi = current(level=Level.PROVINCE, code="01").get()
    assert (hanoi.full_name, hanoi.name, hanoi.division_type) == ("Thành phố Hà Nội", "Hà Nội", "thành phố trung ương")
    assert legacy(level=Level.PROVINCE, code="01").get().full_name == "Thành phố Hà Nội"
    ward = current(level=Level.COMMUNE, code="00004").get()
    assert (ward.full_name, ward.name) == ("Phường Ba Đình", "Ba Đình")
    assert ward.search_text == "phuong ba dinh 00004"
    assert legacy(level=Level.DISTRICT, code="001").get().full_name == "Quận Ba Đình"
    assert not AdministrativeUnit.objects.filter(search_text="").exists()


def test_successions():
    dates = set(UnitSuccession.objects.values_list("date", flat=True))
    assert dates == {REFORM_2025}
    # Every legacy province went somewhere; Tiền Giang (82) was split between two new provinces.
    assert legacy(level=Level.PROVINCE).filter(successions_out__isnull=True).count() == 0
    tien_giang = legacy(level=Level.PROVINCE, code="82").get()
    assert tien_giang.successions_out.count() == 2
    assert set(tien_giang.successions_out.values_list("kind", "partial")) == {(Kind.SPLIT, True)}
    ha_giang = legacy(level=Level.PROVINCE, full_name="Tỉnh Hà Giang").get()
    assert [(s.successor.full_name, s.kind, s.partial) for s in ha_giang.successions_out.all()] == [
        ("Tỉnh Tuyên Quang", Kind.MERGE, False)]
    hanoi = legacy(level=Level.PROVINCE, code="01").get()
    assert list(hanoi.successions_out.values_list("kind", flat=True)) == [Kind.RENAME]
    # Every current unit was formed from something (island districts without communes included).
    assert current().filter(successions_in__isnull=True).count() == 0
    # Communes: the conversion table covers all but 28 legacy communes. It splits 441 old communes
    # across several new ones; one of them (27076, HCMC) is under a code the legacy list no longer has.
    communes = legacy(level=Level.COMMUNE).annotate(n=Count("successions_out"))
    assert communes.filter(n=0).count() == 28
    split = communes.filter(n__gt=1)
    assert split.count() == 440
    assert not UnitSuccession.objects.filter(predecessor__in=split).exclude(kind=Kind.SPLIT, partial=True).exists()
    assert UnitSuccession.objects.filter(predecessor__level=Level.COMMUNE, kind=Kind.MERGE, partial=True).exists()
    # Every legacy district was dissolved into the new communes its communes went to.
    districts = legacy(level=Level.DISTRICT).annotate(n=Count("successions_out"))
    assert districts.filter(n=0).count() == 0
    assert not UnitSuccession.objects.filter(predecessor__level=Level.DISTRICT).exclude(kind=Kind.DISSOLVE).exists()
    dien_bien_dong = legacy(level=Level.DISTRICT, full_name="Huyện Điện Biên Đông").get()
    targets = UnitSuccession.objects.filter(predecessor=dien_bien_dong)
    assert targets.count() > 1 and not targets.filter(partial=False).exists()
    assert set(targets.values_list("successor__province__full_name", flat=True)) == {"Tỉnh Điện Biên"}
    # An island district without communes became the special zone of the same name, wholly.
    bach_long_vi = legacy(level=Level.DISTRICT, full_name="Huyện Bạch Long Vĩ").get()
    assert [(s.successor.full_name, s.partial) for s in bach_long_vi.successions_out.all()] == [
        ("Đặc khu Bạch Long Vĩ", False)]


def test_dataset_version_recorded():
    import vietnam_provinces

    note = UnitDataset.objects.get(package="vietnam-provinces")
    assert (note.version, note.data_version) == (vietnam_provinces.__version__, vietnam_provinces.__data_version__)
    assert note.license == "GPL-3.0-or-later"


def test_second_run_changes_and_logs_nothing(django_assert_max_num_queries):
    changes = ObjectChange.objects.count()
    last_updated = AdministrativeUnit.objects.order_by("-last_updated").values_list("last_updated", flat=True)[0]
    out = io.StringIO()
    # Reading 14,000 units and 14,000 successions, writing none: a handful of queries, not one per row.
    with django_assert_max_num_queries(10):
        call_command("load_units", stdout=out)
    text = out.getvalue()
    assert "Already up to date." in text
    assert "successions: 0 created, 0 updated, 0 deleted, 14270 unchanged" in text
    assert "current  commune          0        0       3321" in text
    assert ObjectChange.objects.count() == changes
    assert AdministrativeUnit.objects.order_by("-last_updated").values_list("last_updated", flat=True)[0] \
        == last_updated


def test_quiet_at_verbosity_zero():
    out = io.StringIO()
    call_command("load_units", verbosity=0, stdout=out)
    assert out.getvalue() == ""


def test_repairs_a_renamed_and_a_deleted_unit_and_logs_it():
    ward = current(level=Level.COMMUNE, code="00004").get()
    ward_pk = ward.pk
    current(pk=ward_pk).update(full_name="Phường Sai Tên", name="Sai Tên")
    orphan = current(level=Level.COMMUNE, code="00008").get()
    UnitSuccession.objects.filter(successor=orphan).delete()
    orphan.delete()
    changes = ObjectChange.objects.count()
    with acting_as(source=Source.COMMAND):
        summary = services.load_units()
    assert summary.units[("current", "commune")] == {"created": 1, "updated": 1, "unchanged": 3319}
    assert summary.successions["created"] == UnitSuccession.objects.filter(
        successor__code="00008", successor__valid_until__isnull=True).count() > 0
    ward.refresh_from_db()
    assert (ward.full_name, ward.name, ward.search_text) == ("Phường Ba Đình", "Ba Đình", "phuong ba dinh 00004")
    new = ObjectChange.objects.order_by("pk")[changes:]
    update = [c for c in new if c.action == "update"]
    assert len(update) == 1 and update[0].object_id == ward_pk and update[0].source == Source.COMMAND
    assert update[0].prechange_data["full_name"] == "Phường Sai Tên"
    assert update[0].postchange_data["full_name"] == "Phường Ba Đình"
    created_units = [c for c in new if c.action == "create" and c.content_type.model == "administrativeunit"]
    assert [c.object_repr for c in created_units] == ["Phường Ngọc Hà"]
    assert current(level=Level.COMMUNE).count() == 3321


def test_a_later_dataset_version_updates_adds_and_never_deletes():
    data = ds.read_dataset()
    renamed = [dataclasses.replace(u, full_name="Xã Đổi Tên Mới") if u.key == ("current", "commune", "00004") else u
               for u in data.units]
    added = ds.UnitRecord(ds.CURRENT, ds.COMMUNE, "99999", "Xã Thử Nghiệm", "xã", "xa_thu_nghiem", "01", "01")
    dropped_key = ("current", "commune", "00008")
    units = [u for u in renamed if u.key != dropped_key] + [added]
    # The later release corrects one mapping (drops a link) and re-qualifies another.
    corrected = next(s for s in data.successions if s.predecessor == ("legacy", "commune", "00001"))
    requalified = next(s for s in data.successions if s.predecessor == ("legacy", "commune", "00004"))
    successions = [s for s in data.successions
                   if s not in (corrected, requalified) and s.successor != dropped_key] + [
        dataclasses.replace(requalified, kind=ds.MERGE, partial=not requalified.partial),
        ds.SuccessionRecord(("legacy", "commune", "00007"), added.key, ds.SPLIT, True)]
    later = dataclasses.replace(data, version="2099.1.0", data_version="2099-01-01", units=units,
                                successions=successions)
    kept_links = UnitSuccession.objects.filter(successor__code="00008", successor__valid_until=None).count()
    assert kept_links > 0
    with acting_as(source=Source.COMMAND):
        summary = services.load_units(later)
    assert summary.units[("current", "commune")] == {"created": 1, "updated": 1, "unchanged": 3319}
    assert summary.not_in_dataset == 1
    # Kept, with its history: records may point at it and must still roll up.
    assert current(level=Level.COMMUNE, code="00008").exists()
    assert UnitSuccession.objects.filter(successor__code="00008", successor__valid_until=None).count() == kept_links
    assert current(code="00004").get().full_name == "Xã Đổi Tên Mới"
    new = current(code="99999").get()
    assert (new.parent.code, new.province.code, new.search_text) == ("01", "01", "xa thu nghiem 99999")
    assert summary.successions == {"created": 1, "updated": 1, "deleted": 1, "unchanged": 14270 - 2 - kept_links}
    assert not UnitSuccession.objects.filter(predecessor__code="00001", predecessor__level=Level.COMMUNE,
                                             successor__code=corrected.successor[2]).exists()
    link = UnitSuccession.objects.get(predecessor__code="00004", predecessor__valid_until=REFORM_2025,
                                      predecessor__level=Level.COMMUNE, successor__code=requalified.successor[2])
    assert (link.kind, link.partial) == (Kind.MERGE, not requalified.partial)
    assert UnitDataset.objects.get(package="vietnam-provinces").version == "2099.1.0"
    log = ObjectChange.objects.filter(content_type__model="unitsuccession")
    assert log.filter(action="delete").count() == 1
    assert log.filter(action="update").get().prechange_data["partial"] == requalified.partial


def test_province_option_loads_one_province_from_scratch():
    # Empty the unit tables inside this test's transaction (raw SQL: fast, and rolled back afterwards).
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {UnitSuccession._meta.db_table}")
        cursor.execute(f"UPDATE {AdministrativeUnit._meta.db_table} SET parent_id = NULL, province_id = NULL")
        cursor.execute(f"DELETE FROM {AdministrativeUnit._meta.db_table}")
    out = io.StringIO()
    call_command("load_units", province="11", stdout=out)
    assert current(level=Level.PROVINCE).get().full_name == "Tỉnh Điện Biên"
    assert current(level=Level.COMMUNE).count() == 45
    assert legacy(level=Level.PROVINCE).get().full_name == "Tỉnh Điện Biên"
    assert legacy(level=Level.DISTRICT).count() == 10
    assert legacy(level=Level.COMMUNE).count() == 129
    assert "vietnam-provinces" in out.getvalue() and "legacy   district        10        0          0" in out.getvalue()
    # Tuyên Quang (08) took in Hà Giang (02): both legacy provinces come with it.
    call_command("load_units", province="8", verbosity=0)
    assert set(legacy(level=Level.PROVINCE).values_list("full_name", flat=True)) == {
        "Tỉnh Điện Biên", "Tỉnh Hà Giang", "Tỉnh Tuyên Quang"}
    assert current(level=Level.PROVINCE).count() == 2
    # A full load afterwards completes the rest without touching what is there.
    summary = services.load_units()
    assert summary.units[("current", "province")] == {"created": 32, "updated": 0, "unchanged": 2}
    assert AdministrativeUnit.objects.count() == 34 + 3321 + 63 + 696 + 10051
    assert UnitSuccession.objects.count() == 14270


def test_unknown_province_is_an_error():
    with pytest.raises(CommandError, match="99"):
        call_command("load_units", province="99", verbosity=0)
