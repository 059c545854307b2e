"""Template context shared by every page: the menu, and the unread count of the notification bell."""

from django.conf import settings

from . import navigation, notifications


def platform(request):
    user = getattr(request, "user", None)
    return {
        "menu": navigation.menu_for(user) if user is not None else [],
        "debug_mode": settings.DEBUG,
        # A callable: the template calls it (one COUNT, cached on the request) only where it shows it.
        "unread_notifications": lambda: notifications.unread_count_for_request(request),
    }
