"""Organisation jobs: imports run through core.imports (the "core.import" job)."""
