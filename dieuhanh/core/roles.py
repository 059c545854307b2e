"""Roles and what each may do. The only place that says which role may do which action."""

from django.db import models
from django.utils.translation import gettext_lazy as _

VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
ACTIONS = (VIEW, ADD, CHANGE, DELETE)


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    LEADER = "leader", _("Department leader")
    SPECIALIST = "specialist", _("Department specialist")
    OFFICER = "officer", _("Unit officer")
    VIEWER = "viewer", _("Viewer")


# Default action matrix for scoped records. A model may narrow it with `role_actions`.
DEFAULT_ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(ACTIONS),
    Role.LEADER: frozenset({VIEW, ADD, CHANGE, DELETE}),
    Role.SPECIALIST: frozenset({VIEW, ADD, CHANGE, DELETE}),
    Role.OFFICER: frozenset({VIEW, ADD, CHANGE}),
    Role.VIEWER: frozenset({VIEW}),
}

# Reference data (administrative units): everyone reads, only administrators write.
REFERENCE_ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(ACTIONS),
    Role.LEADER: frozenset({VIEW}),
    Role.SPECIALIST: frozenset({VIEW}),
    Role.OFFICER: frozenset({VIEW}),
    Role.VIEWER: frozenset({VIEW}),
}

# Roles whose scope is the department's whole province (the others: their own organisation).
PROVINCE_ROLES = frozenset({Role.LEADER, Role.SPECIALIST, Role.VIEWER})
