"""Geography jobs (none yet: units are loaded by `manage.py load_units`)."""
