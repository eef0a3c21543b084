"""Refusals that several apps raise and their views turn into messages."""


class ConcurrentEditError(Exception):
    """Somebody else saved the record after this editor opened it (optimistic concurrency)."""


class AlreadyDecidedError(Exception):
    """Another person decided this case first."""
