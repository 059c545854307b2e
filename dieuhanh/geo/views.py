from dieuhanh.core.generic import ObjectDetailView, ObjectListView

from .filters import AdministrativeUnitFilterSet
from .models import AdministrativeUnit
from .tables import AdministrativeUnitTable


class AdministrativeUnitListView(ObjectListView):
    model = AdministrativeUnit
    table = AdministrativeUnitTable
    filterset = AdministrativeUnitFilterSet


class AdministrativeUnitDetailView(ObjectDetailView):
    model = AdministrativeUnit
    fields = ("full_name", "code", "division_type", "level", "parent", "province", "valid_from", "valid_until")

    def extra_context(self, request, obj):
        return {
            "children": obj.children.order_by("full_name")[:500],
            "successors": obj.successions_out.select_related("successor").order_by("successor__full_name"),
            "predecessors": obj.successions_in.select_related("predecessor").order_by("predecessor__full_name"),
        }
