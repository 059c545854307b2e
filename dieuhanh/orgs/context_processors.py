"""The organisation operating this deployment, shown in the page header (configuration, not code)."""

from django.utils.functional import SimpleLazyObject

from .models import Organization


def operator(request):
    # One indexed query, only when a page renders the header; not cached, so that a change of
    # operator shows at once and every page costs the same number of queries.
    return {"operator_name": SimpleLazyObject(
        lambda: Organization.objects.filter(operates_platform=True).values_list("name", flat=True).first() or "")}
