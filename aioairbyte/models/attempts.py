"""Attempts: the platform's bookkeeping of a job's attempts (stats, sync config, workflow)."""

__all__: list[str] = []
