from django.utils import timezone
from django.utils.translation import gettext as _

from dieuhanh.core.generic import ObjectDetailView, ObjectListView
from dieuhanh.core.roles import VIEW

from . import services
from .filters import AdministrativeUnitFilterSet
from .models import AdministrativeUnit
from .tables import AdministrativeUnitTable

CHILDREN_SHOWN = 500


class AdministrativeUnitListView(ObjectListView):
    model = AdministrativeUnit
    table = AdministrativeUnitTable
    filterset = AdministrativeUnitFilterSet

    def get(self, request):
        parent_id = request.GET.get("parent", "")
        if parent_id.isdigit():
            parent = AdministrativeUnit.objects.restrict(request.user, VIEW).filter(pk=parent_id).first()
            if parent is not None:
                self.title = _("Units under %(unit)s") % {"unit": parent}
        return super().get(request)


class AdministrativeUnitDetailView(ObjectDetailView):
    model = AdministrativeUnit
    fields = ("full_name", "code", "division_type", "level", "parent", "province", "valid_from", "valid_until")

    def extra_context(self, request, obj):
        today = timezone.localdate()
        children = list(obj.children.order_by("full_name", "pk")[:CHILDREN_SHOWN + 1])
        context = {
            "children": children[:CHILDREN_SHOWN],
            "children_more": len(children) > CHILDREN_SHOWN,
            "successors": obj.successions_out.select_related("successor").order_by("date", "successor__full_name"),
            "predecessors": obj.successions_in.select_related("predecessor").order_by(
                "date", "predecessor__level", "predecessor__full_name"),
            "dataset": services.current_dataset(),
        }
        if not obj.is_valid_on(today):
            context["provinces_today"] = list(obj.province_on(today))
            context["today"] = today
        return context

