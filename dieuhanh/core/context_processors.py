"""Template context shared by every page: the menu and the platform's operator."""

from django.conf import settings

from . import navigation


def platform(request):
    user = getattr(request, "user", None)
    return {
        "menu": navigation.menu_for(user) if user is not None else [],
        "debug_mode": settings.DEBUG,
    }
