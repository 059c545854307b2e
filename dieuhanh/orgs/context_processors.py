"""The organisation operating this deployment, shown in the page header (configuration, not code)."""

from django.core.cache import cache

from .models import Organization

CACHE_KEY = "dieuhanh:operator-name"


def operator(request):
    name = cache.get(CACHE_KEY)
    if name is None:
        name = Organization.objects.filter(operates_platform=True).values_list("name", flat=True).first() or ""
        cache.set(CACHE_KEY, name, 300)
    return {"operator_name": name}
