"""Connector specifications: what a definition's configuration must look like."""

__all__: list[str] = []
