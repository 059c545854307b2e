"""Statistics: a fixture year built through the services reproduces seed 001's figures exactly ("27
inspections and checks, 115 million VND of fines, 1,964 publications confiscated"), so does the demo
year; every figure equals its drill-down; the periodic report has the same numbers."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dieuhanh.core import figures, testing
from dieuhanh.core.figures import Period
from dieuhanh.geo.models import AdministrativeUnit

from .. import services
from ..models import Confiscation, Field, InspectionKind, Provision, SubjectKind
from . import factories as f

pytestmark = pytest.mark.django_db
YEAR = 2019
M = 1_000_000


@pytest.fixture
def world(db):
    return testing.build_world()


def drill_down_count(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def build_seed_year(world):
    """Seed 001's year, as an inspector would record it: 27 inspections and checks of 2019 (the 159/2013
    decree still applied to publishing then), 9 decisions fining 115,000,000 đ, 1,964 publications
    confiscated; and records that must not count (another year, another province, a deleted one)."""
    user = world.users["specialist"]
    old_publishing = f.provision(decree="159/2013/NĐ-CP", article=25, clause=3, point="b",
                                 fine_applies_to=Provision.AppliesTo.INDIVIDUAL, fine_min=5 * M, fine_max=10 * M,
                                 valid_from=datetime.date(2013, 12, 15), valid_until=datetime.date(2020, 12, 1))
    telecom = f.provision(decree="174/2013/NĐ-CP", article=15, clause=2, point="", field=Field.TELECOM,
                          fine_applies_to=Provision.AppliesTo.INDIVIDUAL, fine_min=10 * M, fine_max=20 * M,
                          valid_from=datetime.date(2014, 1, 15), valid_until=datetime.date(2020, 4, 15))
    kinds = [InspectionKind.PLANNED] * 15 + [InspectionKind.CHECK] * 8 + [InspectionKind.UNSCHEDULED] * 2 + \
        [InspectionKind.INTER_SECTOR] * 2
    # (subject kind, provision, fine, publications confiscated): 9 decisions, 115 million, 1,964 copies.
    decisions = [(SubjectKind.HOUSEHOLD, old_publishing, 8 * M, 1_200), (SubjectKind.HOUSEHOLD, old_publishing,
                                                                           7 * M, 524),
                 (SubjectKind.ORGANISATION, old_publishing, 15 * M, 240), (SubjectKind.HOUSEHOLD, old_publishing,
                                                                           5 * M, 0),
                 (SubjectKind.ORGANISATION, telecom, 35 * M, 0), (SubjectKind.INDIVIDUAL, telecom, 10 * M, 0),
                 (SubjectKind.ORGANISATION, telecom, 20 * M, 0), (SubjectKind.INDIVIDUAL, telecom, 10 * M, 0),
                 (SubjectKind.HOUSEHOLD, old_publishing, 5 * M, 0)]
    assert sum(d[2] for d in decisions) == 115 * M and sum(d[3] for d in decisions) == 1_964
    owner = world.department
    for index, kind in enumerate(kinds):
        field = Field.PUBLISHING if index % 2 == 0 else Field.TELECOM
        start = datetime.date(YEAR, 1 + index % 12, 3 + index)
        inspection = services.create_inspection(user, {
            "kind": kind, "field": field, "title": f"Thanh tra {index + 1}/{YEAR}", "organization": owner,
            "started_on": start, "ended_on": start + datetime.timedelta(days=5)})
        subject = services.create_subject(user, {"inspection": inspection, "kind": SubjectKind.HOUSEHOLD,
                                                 "name": f"Cơ sở {index + 1}"})
        if index < len(decisions):
            subject_kind, provision, fine, copies = decisions[index]
            subject = services.update_subject(user, subject, {"kind": subject_kind})
            violation = services.create_violation(user, {"subject": subject, "provision": provision,
                                                         "act_date": start, "description": f"Vi phạm {index}"})
            sanction = services.create_sanction(user, {
                "subject": subject, "number": f"{index + 1}/QĐ-XPHC", "date": start + datetime.timedelta(days=7),
                "signer": "Chánh Thanh tra Sở", "violations": [violation], "fine_amount": fine})
            if copies:
                services.create_confiscation(user, {"sanction": sanction, "item_kind": "publications",
                                                    "quantity": copies, "unit": "bản"})
            else:
                services.create_confiscation(user, {"sanction": sanction, "item_kind": "sim_cards",
                                                    "quantity": 10, "unit": "chiếc"})
            services.create_payment(user, {"sanction": sanction, "paid_on": start + datetime.timedelta(days=9),
                                           "amount": fine if index != 4 else fine // 2})
    # Not counted: an inspection of 2020, one of another province, one in the trash.
    f.sanction(owner, subject=f.violation(owner, subject=f.subject(owner, inspection=f.inspection(
        owner, started_on=datetime.date(2020, 1, 2)))).subject, date=datetime.date(2020, 1, 5))
    f.inspection(world.other_department, started_on=datetime.date(YEAR, 6, 1))
    services.delete_inspection(user, f.inspection(owner, started_on=datetime.date(YEAR, 6, 1)))


def test_fixture_year_reproduces_seed_001_exactly(world, client):
    build_seed_year(world)
    user = world.users["specialist"]
    year, units = Period.year(YEAR), [world.province.pk]
    inspections = figures.get("inspections.inspections").evaluate(user, year, units)
    fines = figures.get("inspections.fines_imposed").evaluate(user, year, units)
    confiscated = figures.get("inspections.confiscated").evaluate(user, year, units)
    publications = {part.key: part for part in confiscated.parts}["publications"]
    assert (inspections.value, fines.value, publications.value) == (27, 115_000_000, 1_964)
    assert {p.key: p.value for p in inspections.parts} == {"planned": 15, "check": 8, "unscheduled": 2,
                                                           "inter_sector": 2}
    assert figures.get("inspections.decisions").evaluate(user, year, units).value == 9
    assert figures.get("inspections.fines_collected").evaluate(user, year, units).value == 115 * M - 35 * M // 2
    assert figures.get("inspections.subjects").evaluate(user, year, units).value == 27
    assert figures.get("inspections.violations").evaluate(user, year, units).value == 9
    # By field: publishing alone.
    publishing = figures.get("inspections.inspections").evaluate(user, year, units, {"field": "publishing"})
    assert publishing.value == 14
    # Each number opens its records.
    client.force_login(user)
    assert drill_down_count(client, inspections.url) == 27
    assert drill_down_count(client, fines.url) == 9
    assert drill_down_count(client, publications.url) == 3
    response = client.get(publications.url)
    assert sum(obj.quantity for obj, _cells in response.context["rows"]) == 1_964
    # The statistics page shows them as the seed does, and the periodic report has the same numbers.
    html = client.get(reverse("inspections:statistics"), {"year": YEAR, "unit": world.province.pk}).content.decode()
    assert 'data-figure="inspections.inspections"' in html and ">27</a>" in html
    assert ">115.000.000</a>" in html and 'data-part="publications">1.964</a>' in html
    response = client.get(reverse("inspections:report"), {"year": YEAR, "unit": world.province.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith(testing.XLSX_TYPE)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [row for row in sheet.iter_rows(values_only=True)]
    header, total = rows[3], rows[-1]
    assert total[2] == 27 and total[header.index(str(fines.figure.label))] == 115_000_000
    publishing_row = next(row for row in rows if row[1] == str(Field.PUBLISHING.label))
    assert publishing_row[2] == 14


def test_other_province_and_other_years_are_not_counted(world):
    build_seed_year(world)
    other = world.users["other_specialist"]
    assert figures.get("inspections.inspections").evaluate(other, Period.year(YEAR), [world.province.pk]).value == 0
    user = world.users["specialist"]
    assert figures.get("inspections.inspections").evaluate(user, Period.year(2020), [world.province.pk]).value == 1


def test_every_inspection_figure_equals_its_drill_down(world, client):
    build_seed_year(world)
    user = world.users["specialist"]
    client.force_login(user)
    for figure in figures.all_figures():
        if not figure.key.startswith("inspections."):
            continue
        for extra in (None, {"field": "telecom"}):
            value = figure.evaluate(user, Period.year(YEAR), [world.province.pk], extra)
            records = figure.records(user, value.params)
            count = drill_down_count(client, value.url)
            assert count == records.count(), figure.key
            if figure.aggregate != "count":
                column = figure.aggregate.split(":", 1)[1]
                assert sum(getattr(r, column) or 0 for r in records) == value.value, figure.key
            else:
                assert count == value.value, figure.key
            for part in value.parts:
                assert drill_down_count(client, part.url) == figure.records(
                    user, {**value.params, figure.breakdown[0]: part.key}).count(), (figure.key, part.key)


def test_demo_year_reproduces_seed_001(client, db):
    call_command("load_demo", verbosity=0)
    from dieuhanh.orgs.models import User

    user = User.objects.get(username="demo_specialist")
    province = AdministrativeUnit.objects.get(level="province", code="11", valid_until__isnull=True)
    year = Period.year(timezone.localdate().year - 1)
    assert figures.get("inspections.inspections").evaluate(user, year, [province.pk]).value == 27
    assert figures.get("inspections.fines_imposed").evaluate(user, year, [province.pk]).value == 115_000_000
    parts = {p.key: p.value for p in figures.get("inspections.confiscated").evaluate(user, year, [province.pk]).parts}
    assert parts[Confiscation.ItemKind.PUBLICATIONS] == 1_964
    call_command("load_demo", verbosity=0)  # idempotent
    assert figures.get("inspections.inspections").evaluate(user, year, [province.pk]).value == 27


def test_confiscations_move_with_their_decisions_date(world):
    """Confiscations count in the period of their decision's date, which they carry: a decision re-dated
    into another year takes its confiscated items with it."""
    user = world.users["specialist"]
    owner = world.department
    year = f.STARTED.year
    sanction = f.sanction(owner, date=datetime.date(year, 12, 20))
    services.create_confiscation(user, {"sanction": sanction, "item_kind": "publications", "quantity": 300,
                                        "unit": "bản"})
    confiscated = figures.get("inspections.confiscated")
    assert confiscated.evaluate(user, Period.year(year), [world.province.pk]).value == 300
    services.update_sanction(user, sanction, {"date": datetime.date(year + 1, 1, 3)})
    assert confiscated.evaluate(user, Period.year(year), [world.province.pk]).value == 0
    moved = confiscated.evaluate(user, Period.year(year + 1), [world.province.pk])
    assert moved.value == 300
    assert list(confiscated.records(user, moved.params).values_list("decided_on", flat=True)) == [
        datetime.date(year + 1, 1, 3)]
