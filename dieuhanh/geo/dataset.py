"""Reading the `vietnam-provinces` package into plain records the loader can compare with the database.

The package (GPL-3.0-or-later, https://pypi.org/project/vietnam-provinces/) ships the units in force
since 1 July 2025, the `legacy` units before it and the 2025 conversion tables. This module is the
only place that knows the package's shapes; `services.load_units` only sees `Dataset`.

A unit is identified by its era ("current" or "legacy"), level and code, because the same code can
name a legacy and a current unit (Hà Nội is province 01 in both eras).
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict

CURRENT = "current"
LEGACY = "legacy"
PACKAGE = "vietnam-provinces"
LICENSE = "GPL-3.0-or-later"

PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"
CODE_WIDTH = {PROVINCE: 2, DISTRICT: 3, COMMUNE: 5}  # the General Statistics Office writes codes zero-padded

# Longest first, so that "Thành phố" is stripped before a shorter prefix could match.
_NAME_PREFIXES = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")

# Succession kinds (the values of UnitSuccession.Kind; repeated here so the reader needs no Django).
MERGE, SPLIT, DISSOLVE, RENAME = "merge", "split", "dissolve", "rename"


@dataclasses.dataclass(frozen=True)
class UnitRecord:
    era: str
    level: str
    code: str
    full_name: str
    division_type: str
    codename: str
    parent_code: str | None  # a unit of the same era, one level up
    province_code: str  # the province of the same era (its own code for a province)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.era, self.level, self.code)

    @property
    def parent_key(self) -> tuple[str, str, str] | None:
        if self.parent_code is None:
            return None
        return (self.era, DISTRICT if self.era == LEGACY and self.level == COMMUNE else PROVINCE, self.parent_code)

    @property
    def province_key(self) -> tuple[str, str, str]:
        return (self.era, PROVINCE, self.province_code)

    @property
    def name(self) -> str:
        return short_name(self.full_name)


@dataclasses.dataclass(frozen=True)
class SuccessionRecord:
    predecessor: tuple[str, str, str]
    successor: tuple[str, str, str]
    kind: str
    partial: bool


@dataclasses.dataclass
class Dataset:
    version: str
    data_version: str
    units: list[UnitRecord]  # parents before children
    successions: list[SuccessionRecord]
    package: str = PACKAGE
    license: str = LICENSE

    def for_province(self, code: str | int) -> Dataset:
        """One current province, its communes and every legacy unit of the provinces that went into it."""
        code = pad(PROVINCE, code)
        current_key = (CURRENT, PROVINCE, code)
        if not any(unit.key == current_key for unit in self.units):
            raise ValueError(f"No current province with code {code} in the dataset")
        legacy_provinces = {s.predecessor[2] for s in self.successions
                            if s.successor == current_key and s.predecessor[1] == PROVINCE}
        units = [unit for unit in self.units
                 if (unit.era == CURRENT and unit.province_code == code)
                 or (unit.era == LEGACY and unit.province_code in legacy_provinces)]
        keys = {unit.key for unit in units}
        successions = [s for s in self.successions if s.predecessor in keys and s.successor in keys]
        return dataclasses.replace(self, units=units, successions=successions)


def pad(level: str, code) -> str:
    return str(int(code)).zfill(CODE_WIDTH[level])


def short_name(full_name: str) -> str:
    lowered = full_name.lower()
    for prefix in _NAME_PREFIXES:
        if lowered.startswith(prefix.lower() + " "):
            return full_name[len(prefix) + 1:]
    return full_name


@functools.cache
def read_dataset() -> Dataset:
    """The whole dataset of the installed package: 34 + 3,321 current, 63 + 696 + 10,051 legacy units.

    Cached for the life of the process (the installed package does not change under it); callers
    must not mutate the result (use `dataclasses.replace`).
    """
    import vietnam_provinces as vp
    from vietnam_provinces import _province_conversion_2025 as province_conversion
    from vietnam_provinces import _ward_conversion_2025 as ward_conversion
    from vietnam_provinces import legacy

    units: list[UnitRecord] = []
    for p in vp.Province.iter_all():
        code = pad(PROVINCE, p.code)
        units.append(UnitRecord(CURRENT, PROVINCE, code, p.name, str(p.division_type), p.codename, None, code))
    for p in legacy.Province.iter_all():
        code = pad(PROVINCE, p.code)
        units.append(UnitRecord(LEGACY, PROVINCE, code, p.name, str(p.division_type), p.codename, None, code))
    district_province: dict[int, str] = {}
    for d in legacy.District.iter_all():
        province = pad(PROVINCE, d.province_code)
        district_province[int(d.code)] = province
        units.append(UnitRecord(LEGACY, DISTRICT, pad(DISTRICT, d.code), d.name, str(d.division_type), d.codename,
                                province, province))
    for w in vp.Ward.iter_all():
        province = pad(PROVINCE, w.province_code)
        units.append(UnitRecord(CURRENT, COMMUNE, pad(COMMUNE, w.code), w.name, str(w.division_type), w.codename,
                                province, province))
    legacy_commune_district: dict[int, int] = {}
    for w in legacy.Ward.iter_all():
        legacy_commune_district[int(w.code)] = int(w.district_code)
        units.append(UnitRecord(LEGACY, COMMUNE, pad(COMMUNE, w.code), w.name, str(w.division_type), w.codename,
                                pad(DISTRICT, w.district_code), district_province[int(w.district_code)]))

    successions = _province_successions(province_conversion)
    successions += _commune_and_district_successions(ward_conversion, legacy_commune_district, units, successions)
    return Dataset(version=vp.__version__, data_version=vp.__data_version__, units=units, successions=successions)


def _province_successions(conversion) -> list[SuccessionRecord]:
    rows = []
    for old_code, entry in conversion.OLD_TO_NEW.items():
        targets = [ref.code for ref in entry.new_provinces]
        for new_code in targets:
            sources = conversion.NEW_TO_OLD[new_code].old_provinces
            if len(targets) > 1:
                kind = SPLIT
            elif len(sources) == 1:
                kind = RENAME  # the province continued alone (possibly under a new code)
            else:
                kind = MERGE
            rows.append(SuccessionRecord((LEGACY, PROVINCE, pad(PROVINCE, old_code)),
                                         (CURRENT, PROVINCE, pad(PROVINCE, new_code)), kind, len(targets) > 1))
    return rows


def _commune_and_district_successions(conversion, commune_district: dict[int, int], units: list[UnitRecord],
                                      province_rows: list[SuccessionRecord]) -> list[SuccessionRecord]:
    rows = []
    # district code -> {new commune code: went there wholly?}; a district went wholly into a new commune
    # only if every one of its communes went wholly into that one commune and nowhere else.
    district_targets: dict[int, set[int]] = defaultdict(set)
    district_split: dict[int, bool] = defaultdict(bool)
    for old_code, entry in conversion.OLD_TO_NEW.items():
        district = commune_district.get(old_code)
        if district is None:
            continue  # a code the legacy list no longer has (re-coded before 2025); nothing to attach it to
        targets = [ref.code for ref in entry.new_wards]
        partly = entry.old_ward.is_partly_merged or len(targets) > 1
        for new_code in targets:
            sources = conversion.NEW_TO_OLD[new_code].old_wards
            if len(targets) > 1:
                kind = SPLIT
            elif not partly and len(sources) == 1:
                kind = RENAME
            else:
                kind = MERGE
            rows.append(SuccessionRecord((LEGACY, COMMUNE, pad(COMMUNE, old_code)),
                                         (CURRENT, COMMUNE, pad(COMMUNE, new_code)), kind, partly))
            district_targets[district].add(new_code)
        district_split[district] |= partly
    communes_per_district: dict[int, int] = defaultdict(int)
    for district in commune_district.values():
        communes_per_district[district] += 1
    mapped_per_district: dict[int, int] = defaultdict(int)
    for old_code in conversion.OLD_TO_NEW:
        if old_code in commune_district:
            mapped_per_district[commune_district[old_code]] += 1
    for district, targets in district_targets.items():
        whole = (len(targets) == 1 and not district_split[district]
                 and mapped_per_district[district] == communes_per_district[district])
        for new_code in sorted(targets):
            rows.append(SuccessionRecord((LEGACY, DISTRICT, pad(DISTRICT, district)),
                                         (CURRENT, COMMUNE, pad(COMMUNE, new_code)), DISSOLVE, not whole))
    rows += _communeless_districts(units, rows, province_rows)
    return rows


def _communeless_districts(units: list[UnitRecord], commune_rows: list[SuccessionRecord],
                           province_rows: list[SuccessionRecord]) -> list[SuccessionRecord]:
    """Island districts without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) became special zones.

    The conversion table lists communes only, so such a district is matched by name to a current
    commune that nothing else went into, inside a province its own province went into.
    """
    with_communes = {u.parent_code for u in units if u.era == LEGACY and u.level == COMMUNE}
    formed = {s.successor for s in commune_rows}
    orphans = [u for u in units if u.era == CURRENT and u.level == COMMUNE and u.key not in formed]
    new_provinces: dict[str, set[str]] = defaultdict(set)
    for s in province_rows:
        new_provinces[s.predecessor[2]].add(s.successor[2])
    rows = []
    for district in units:
        if district.era != LEGACY or district.level != DISTRICT or district.code in with_communes:
            continue
        for commune in orphans:
            if commune.province_code in new_provinces[district.province_code] and commune.name == district.name:
                rows.append(SuccessionRecord(district.key, commune.key, DISSOLVE, False))
    return rows
