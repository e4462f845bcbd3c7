"""Notifications: trying a notification configuration."""

__all__: list[str] = []
