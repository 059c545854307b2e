"""Request id, the user's language, and the change context for every request."""

import uuid

from django.conf import settings
from django.utils import translation

from . import context
from .context import Source


class RequestIdMiddleware:
    """Give every request an id (or keep the proxy's X-Request-ID) and echo it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        try:
            request.id = uuid.UUID(incoming)
        except ValueError:
            request.id = uuid.uuid4()
        response = self.get_response(request)
        response["X-Request-ID"] = str(request.id)
        return response


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over the browser's (persisted per user).

    Without a saved choice or a language cookie the UI is Vietnamese, whatever the browser's
    Accept-Language says: office computers often send English, and Vietnamese comes first here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if not language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


class ChangeContextMiddleware:
    """Everything saved during a request is logged with its user, request id and source."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/admin/"):
            source = Source.ADMIN
        elif path.startswith("/api/"):
            source = Source.API
        else:
            source = Source.UI
        # request.user is lazy; the API's token auth replaces it later via context.set_user().
        with context.acting_as(user=request.user, source=source, request_id=getattr(request, "id", None)):
            return self.get_response(request)
