"""Background jobs of inspections: none yet (the statistics and the report are computed on request).

Kept so that the app has the same files as every other (core imports each app's `jobs` module)."""
