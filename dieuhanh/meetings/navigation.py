from django.utils.translation import gettext_lazy as _

from dieuhanh.core import search
from dieuhanh.core.navigation import MenuGroup, MenuItem, register

from .models import BridgePoint, Directive, Meeting, MeetingSeries, Recommendation

register(MenuGroup(_("Meetings"), [
    MenuItem(_("Meetings"), "meetings:meeting_list", Meeting),
    MenuItem(_("Meeting series"), "meetings:meetingseries_list", MeetingSeries),
    MenuItem(_("Bridge points"), "meetings:bridgepoint_list", BridgePoint),
    MenuItem(_("Directives"), "meetings:directive_list", Directive),
    MenuItem(_("Recommendations"), "meetings:recommendation_list", Recommendation),
    MenuItem(_("Unanswered recommendations"), "meetings:recommendation_unanswered", Recommendation),
], weight=40))
search.register(Meeting, select_related=("host_organization",), order_by=("-starts_at", "-pk"))
search.register(Recommendation, select_related=("raised_by",), order_by=("-raised_on", "-pk"))
