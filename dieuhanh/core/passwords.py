"""Password policy beyond Django's validators: letters and digits or symbols, both."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """Require at least one letter and at least one digit or symbol."""

    def validate(self, password, user=None):
        has_letter = any(ch.isalpha() for ch in password)
        has_other = any(not ch.isalpha() for ch in password)
        if not (has_letter and has_other):
            raise ValidationError(
                _("The password must contain letters and at least one digit or symbol."),
                code="password_character_classes",
            )

    def get_help_text(self):
        return _("Your password must contain letters and at least one digit or symbol.")
