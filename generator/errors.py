"""Errors a user can fix from the message alone."""

from __future__ import annotations


class InputError(Exception):
    """Bad input that stops the build: names the file, what is wrong and the fix."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class UnreadableReportError(InputError):
    """A report file that cannot be read as text (binary, too large, undecodable).

    Leaving it out publishes nothing wrong, so the loader skips it with a
    visible warning instead of stopping; elsewhere it stops like any InputError.
    """
