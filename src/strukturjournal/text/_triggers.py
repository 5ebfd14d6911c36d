"""Finding trigger labels quickly: the trigger regex, split by first character.

The trigger regex is one alternation of every ``*_LABEL`` terminal, and Python's
``re`` tries its alternatives one after another at every word start. A label can
only begin where a word or a number begins, and only with a few letters, so the
finder walks those starts with a tiny regex and, at each, matches a regex holding
only the labels that can begin with that character, in the original order and
with the same group names. Characters outside ASCII (where case folding may be
unusual) are matched with the whole regex, so the matches are exactly those of
``full.search``.

>>> import re
>>> finder = TriggerFinder(["(?P<BP_LABEL>(?i:bt))", "(?P<P_LABEL>(?i:puls))"], [], "", None)
>>> found = finder.search("Målt BT 120/80, puls 70", 0)
>>> found.lastgroup, found.start()
('BP_LABEL', 5)
>>> finder.search("Målt BT 120/80, puls 70", 6).lastgroup
'P_LABEL'
"""

from __future__ import annotations

import re
import string

from strukturjournal.text._fastlex import first_chars

__all__ = ["TriggerFinder", "first_char_guard"]

_WORD_START = r"(?=[^\W\d_])(?<![^\W\d_])"
# Where a label may begin: a word after no letter, a number after no digit.
_STARTS = re.compile(r"(?<![^\W\d_])[^\W\d_]|(?<!\d)\d")
_ASCII = frozenset(string.printable)


class TriggerFinder:
    """``search`` gives the match ``full.search`` gives, faster.

    ``words`` and ``digits`` are the named label groups (``(?P<NAME>...)``) that
    begin with a letter and with a digit; ``postfix`` the alternative tried last
    at a digit (empty: none).
    """

    def __init__(
        self, words: list[str], digits: list[str], postfix: str, full: re.Pattern[str] | None
    ) -> None:
        parts = [_WORD_START + "(?:" + "|".join(words) + ")"]
        if digits:
            parts.append(r"(?=\d)(?:" + "|".join(digits) + ")")
        if postfix:
            parts.append(postfix)
        self.full = full if full is not None else re.compile("|".join(parts))
        self.words = [(w, _ascii_firsts(w)) for w in words]
        self.digits = [(d, _ascii_firsts(d)) for d in digits]
        self.postfix = postfix
        self.by_char: dict[str, re.Pattern[str] | None] = {}
        # An empty word alternation matches at every word start: leave that to the full regex.
        self.exact = not words

    def _for(self, char: str) -> re.Pattern[str] | None:
        if char not in _ASCII:
            found: re.Pattern[str] | None = self.full
        else:
            words = [w for w, first in self.words if first is None or char in first]
            digits = [d for d, first in self.digits if first is None or char in first]
            parts = []
            if words:
                parts.append(_WORD_START + "(?:" + "|".join(words) + ")")
            if digits:
                parts.append(r"(?=\d)(?:" + "|".join(digits) + ")")
            if self.postfix and char.isdigit():
                parts.append(self.postfix)
            found = re.compile("|".join(parts)) if parts else None
        self.by_char[char] = found
        return found

    def search(self, text: str, pos: int) -> re.Match[str] | None:
        """The first label at or after ``pos``, as ``full.search(text, pos)``."""
        if self.exact:
            return self.full.search(text, pos)
        by_char = self.by_char
        for start in _STARTS.finditer(text, pos):
            at = start.start()
            char = text[at]
            try:
                pattern = by_char[char]
            except KeyError:
                pattern = self._for(char)
            if pattern is not None:
                found = pattern.match(text, at)
                if found is not None:
                    return found
        return None


def _ascii_firsts(group: str) -> frozenset[str] | None:
    """The ASCII characters a match of ``group`` may begin with (None: any), taking
    in those that match a first character only when case is ignored ("K", "ſ")."""
    firsts = first_chars(group)
    if firsts is None:
        return None
    out = set(firsts)
    for char in firsts:
        escaped = re.escape(char)
        out.update(a for a in _ASCII if re.fullmatch(escaped, a, re.IGNORECASE))
    return frozenset(out)


def first_char_guard(regexes: list[str]) -> str:
    """A look-ahead that fails quickly where none of ``regexes`` can begin (the empty
    string when that cannot be known). Case is ignored, so it lets through at least
    every character a case-insensitive first character matches.

    >>> first_char_guard(["(?i:bt)", "puls"])
    '(?=(?i:[Bbp]))'
    >>> first_char_guard([r"\\w+"])
    ''
    """
    chars: set[str] = set()
    for regex in regexes:
        firsts = first_chars(regex)
        if firsts is None:
            return ""
        chars |= firsts
    if not chars:
        return ""
    return "(?=(?i:[" + "".join(re.escape(c) for c in sorted(chars)) + "]))"
