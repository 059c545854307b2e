"""Core: what every module stands on (scoping, change log, list UI, search, import/export, jobs, figures)."""
