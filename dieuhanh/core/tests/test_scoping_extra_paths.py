"""`scope_extra_organization_paths`: organisations that may view a record they do not own.

Exercised on Person with a path declared for the test only (core knows no domain model): an officer
of the organisation that succeeded a person's organisation may read that person, not change them.
"""

import pytest
from django.core.exceptions import PermissionDenied

from dieuhanh.core import scoping, testing
from dieuhanh.orgs.models import Person


@pytest.fixture
def world(db):
    return testing.build_world()


@pytest.fixture
def person(world, monkeypatch):
    monkeypatch.setattr(Person, "scope_extra_organization_paths", ("organization__successor",), raising=False)
    world.other_committee.successor = world.committee
    world.other_committee.save()
    return Person.objects.create(full_name="Lò Văn Dũng", organization=world.other_committee)


def test_extra_path_widens_view_only(world, person):
    officer, other_officer = world.users["officer"], world.users["other_officer"]
    assert Person.objects.restrict(officer, "view").filter(pk=person.pk).exists()
    assert not Person.objects.restrict(officer, "change").filter(pk=person.pk).exists()
    assert Person.objects.restrict(other_officer, "change").filter(pk=person.pk).exists()  # the owner
    scoping.require(officer, person, "view")
    with pytest.raises(PermissionDenied):
        scoping.require(officer, person, "change")


def test_extra_path_does_not_repeat_rows(world, person):
    Person.objects.create(full_name="Quàng Thị Hoa", organization=world.committee)
    officer = world.users["officer"]
    rows = list(Person.objects.restrict(officer).order_by("full_name").values_list("full_name", flat=True))
    assert rows == ["Lò Văn Dũng", "Quàng Thị Hoa"]
    assert Person.objects.restrict(officer).count() == 2


def test_without_the_path_nothing_changes(world):
    person = Person.objects.create(full_name="Lò Văn Dũng", organization=world.other_committee)
    world.other_committee.successor = world.committee
    world.other_committee.save()
    assert not Person.objects.restrict(world.users["officer"]).filter(pk=person.pk).exists()
