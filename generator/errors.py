"""Errors a user can fix from the message alone, and the text that names a file in them."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_text(text: str) -> str:
    """Text that can be encoded: a lone surrogate (an undecodable byte of a file name, a YAML
    escape like "\\ud83d") becomes U+FFFD; a pair of surrogates becomes the character it encodes."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def printable(name: str) -> str:
    """A file name as one printable line: valid text, with control and other invisible characters
    escaped as Python writes them (a newline as ``\\n``, an escape as ``\\x1b``)."""
    name = valid_text(name)
    if name.isprintable():
        return name
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in name)


class InputError(Exception):
    """Bad input that stops the build: names the file, what is wrong and the fix."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{printable(path)}: {problem}")
        self.path = path
        self.problem = problem


class UnreadableReportError(InputError):
    """A report file that cannot be read as text (binary, too large, undecodable).

    Leaving it out publishes nothing wrong, so the loader skips it with a
    visible warning instead of stopping; elsewhere it stops like any InputError.
    """
