"""Schema discovery: a source's discovered catalog, as the server answers and stores it."""

__all__: list[str] = []
