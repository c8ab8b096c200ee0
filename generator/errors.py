"""Errors a user can fix from the message alone."""

from __future__ import annotations


class InputError(Exception):
    """Bad input that stops the build: names the file, what is wrong and the fix."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
