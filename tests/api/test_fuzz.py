"""A fuzz run of the REST API: schemathesis generates requests from /api/openapi.json (valid and
invalid ones) and sends them to the WSGI application, signed with a real personal API token of an
administrator and of a unit officer, over the demo province. No answer may be a server error, and
every answer must match the OpenAPI document (status code, content type, response schema).

The run is bounded and deterministic (fixed seed, derandomised, no example database), so it does
the same work and finds the same things on every machine.
"""

from __future__ import annotations

from contextlib import contextmanager

import hypothesis
import hypothesis.errors
import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from schemathesis import checks
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode

from dieuhanh.core.models import APIToken
from dieuhanh.orgs.demo import load_demo
from dieuhanh.orgs.models import User

pytestmark = pytest.mark.django_db

SEED = 20261101
MAX_EXAMPLES = 30
# The requests carry a real token; schemathesis need not invent credentials of its own.
CONFIG = {"seed": SEED, "generation": {"with-security-parameters": False}}

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,  # every status answered is documented
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,  # input the schema forbids is refused with a 4xx
    checks.ignored_auth,  # the same request without credentials is refused
]
# Not asserted: `positive_data_acceptance`. Requests the schema allows may still be refused, rightly,
# with a 422 naming the field: ids of records that do not exist or are outside the user's scope, and
# e-mail addresses and URLs (the schema types them as plain strings; the model validates them).


def api_token(username: str) -> str:
    key = APIToken.generate_key()
    token = APIToken(user=User.objects.get(username=username), name="fuzz", write_enabled=True)
    token.set_key(key)
    token.save()
    return key


@contextmanager
def connection_kept_between_requests():
    """Like Django's test client: the end of a request must not close the connection, which holds the
    test's transaction (on PostgreSQL it would, since the transaction turns autocommit off)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz(schema, key: str) -> tuple[list[str], int]:
    """Run every operation in both generation modes; return the failures and the number of calls."""
    failures: list[str] = []
    calls = 0
    headers = {"Authorization": f"Bearer {key}"}
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @hypothesis.settings(schema.config.get_hypothesis_settings(operation=operation, apply_ci_profile=False),
                                 max_examples=MAX_EXAMPLES, derandomize=True, database=None, deadline=None,
                                 suppress_health_check=list(hypothesis.HealthCheck))
            @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
            def run(case):
                nonlocal calls
                calls += 1
                # Each request starts from the same data, and a database error in one (which aborts a
                # PostgreSQL transaction) cannot spill into the next.
                savepoint = transaction.savepoint()
                try:
                    case.call_and_validate(headers=headers, checks=CHECKS)
                finally:
                    transaction.savepoint_rollback(savepoint)

            try:
                run()
            except hypothesis.errors.Unsatisfiable:
                # No invalid request exists for an operation without parameters or body (GET /me).
                assert mode == GenerationMode.NEGATIVE, f"{operation.label}: no valid request generated"
            except (Exception, FailureGroup) as exc:  # noqa: BLE001 - collect every operation's failures, then report
                failures.append(f"{operation.label} [{mode.value}]: {exc}")
    return failures, calls


@pytest.mark.parametrize("username", ["demo_admin", "demo_officer"])
def test_api_fuzz_answers_no_server_error_and_matches_its_schema(username):
    load_demo()
    key = api_token(username)
    with connection_kept_between_requests():
        # The handler is built here, after the test settings are in place: middleware reads them once.
        schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler(),
                                                config=schemathesis.Config.from_dict(CONFIG))
        failures, calls = fuzz(schema, key)
    operations = sum(1 for _ in schema.get_all_operations())
    assert operations >= 15, "the OpenAPI document lists the API's operations"
    assert calls >= operations * 10, "every operation was called, many times"
    assert not failures, "\n\n".join(failures)
