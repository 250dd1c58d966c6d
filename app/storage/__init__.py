"""Storage layer: peewee models, repositories and migrations (no HTTP, no Qt)."""
