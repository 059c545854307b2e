from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from dieuhanh.core.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectImportView,
    ObjectListView,
    add_validation_error,
)

from . import services
from .filters import OrganizationFilterSet, PersonFilterSet, UserFilterSet
from .forms import OrganizationForm, OrganizationImporter, PersonForm, UserForm
from .models import Organization, Person, User
from .tables import OrganizationTable, PersonTable, UserTable


class OrganizationListView(ObjectListView):
    model = Organization
    table = OrganizationTable
    filterset = OrganizationFilterSet


class OrganizationDetailView(ObjectDetailView):
    model = Organization
    fields = ("name", "short_name", "code", "kind", "unit", "parent", "successor", "operates_platform",
              "address", "phone", "email", "website", "tax_code", "valid_from", "valid_until", "notes")

    def get_queryset(self, request, action="view"):
        return super().get_queryset(request, action).select_related("unit", "parent", "successor")

    def extra_context(self, request, obj):
        return {
            "children": Organization.objects.restrict(request.user).filter(parent=obj).select_related("unit")[:200],
            "people": Person.objects.restrict(request.user).filter(organization=obj)[:200],
            "predecessors": Organization.objects.restrict(request.user).filter(successor=obj),
        }


class OrganizationEditView(ObjectEditView):
    model = Organization
    form = OrganizationForm
    create_service = services.create_organization
    update_service = services.update_organization


class OrganizationDeleteView(ObjectDeleteView):
    model = Organization
    delete_service = services.delete_organization


class OrganizationImportView(ObjectImportView):
    model = Organization
    importer = OrganizationImporter


class PersonListView(ObjectListView):
    model = Person
    table = PersonTable
    filterset = PersonFilterSet


class PersonDetailView(ObjectDetailView):
    model = Person
    fields = ("full_name", "organization", "position", "division", "phone", "email", "is_active", "notes")


class PersonEditView(ObjectEditView):
    model = Person
    form = PersonForm
    create_service = services.create_person
    update_service = services.update_person


class PersonDeleteView(ObjectDeleteView):
    model = Person
    delete_service = services.delete_person


class UserListView(ObjectListView):
    model = User
    table = UserTable
    filterset = UserFilterSet


class UserDetailView(ObjectDetailView):
    model = User
    fields = ("username", "first_name", "last_name", "email", "phone", "role", "organization", "language",
              "is_active", "last_login", "date_joined")


class UserEditView(ObjectEditView):
    model = User
    form = UserForm

    def post(self, request, pk=None):
        form = self.form(request.POST, instance=self.object, user=request.user)
        if form.is_valid():
            data = form.changed_data_dict()
            password = form.cleaned_data.get("new_password")
            try:
                if self.object is None:
                    account = services.create_user(request.user, data, password)
                else:
                    account = services.update_user(request.user, self.get_object(request, pk, "change"), data,
                                                   password)
            except ValidationError as exc:
                add_validation_error(form, exc)
            else:
                messages.success(request, _("Saved %(obj)s.") % {"obj": account})
                return redirect(account.get_absolute_url())
        return self.render_form(request, form, status=422)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)


@login_required
def account(request):
    """The signed-in user's own page: role, organisation, language, password, API tokens."""
    if request.method == "POST" and request.POST.get("language") in ("vi", "en"):
        services.set_own_language(request.user, request.POST["language"])
        messages.success(request, _("Language saved."))
        return redirect("account")
    return render(request, "registration/account.html", {})
