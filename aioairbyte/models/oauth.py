"""OAuth: consent URLs, completing a flow, instance-wide OAuth parameters."""

__all__: list[str] = []
