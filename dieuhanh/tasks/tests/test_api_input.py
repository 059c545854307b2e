"""Task input at its edges: ids no column holds in the filters by id and in the co-operating
organisations (each was a 500 on SQLite: the number reached the database driver)."""

import pytest

from dieuhanh.core.testing import call, fields_named
from dieuhanh.tasks.models import Task

PAST_64_BITS = [2**63, 10**30, -(2**63) - 1]


@pytest.mark.parametrize("value", PAST_64_BITS)
@pytest.mark.parametrize(("path", "name"), [("/api/tasks/", "person_in_charge"), ("/api/tasks/progress/", "task"),
                                            ("/api/tasks/extensions/", "task")])
def test_an_id_no_column_holds_in_a_filter_is_422_naming_it(world, client, path, name, value):
    response = client.get(path, {name: value}, headers=world.token(world.users["specialist"]))
    assert response.status_code == 422 and fields_named(response) == {name}


@pytest.mark.parametrize("value", PAST_64_BITS)
def test_a_cooperating_organisation_id_no_column_holds_is_422_naming_the_field(world, client, value):
    payload = {"title": "Rà soát đài truyền thanh", "lead_organization": world.committee.pk,
               "cooperating_organizations": [value]}
    response = call(client, "POST", "/api/tasks/", payload, world.token(world.users["specialist"]))
    assert response.status_code == 422 and fields_named(response) == {"cooperating_organizations"}
    assert not Task.objects.exists()
