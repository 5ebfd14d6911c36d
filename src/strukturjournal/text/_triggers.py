"""Finding trigger labels quickly: the trigger regex, split by first character.

The trigger regex is one alternation of every ``*_LABEL`` terminal, and Python's
``re`` tries its alternatives one after another at every word start. A label can
only begin where a word or a number begins, and only with a few letters, so the
finder walks those starts with a tiny regex and, at each, matches a regex holding
only the labels that can begin with its next two characters, in the original
order and with the same group names. Text outside ASCII (where case folding may
be unusual) is matched with the whole regex, so the matches are exactly those of
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

from strukturjournal.text._fastlex import first_chars
from strukturjournal.text._prefixes import prefixes

__all__ = ["TriggerFinder", "first_char_guard"]

_WORD_START = r"(?=[^\W\d_])(?<![^\W\d_])"
# Where a label may begin: a word after no letter, a number after no digit.
_STARTS = re.compile(r"(?<![^\W\d_])[^\W\d_]|(?<!\d)\d")


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
        self.words = [(w, (prefixes(w, 1), prefixes(w))) for w in words]
        self.digits = [(d, (prefixes(d, 1), prefixes(d))) for d in digits]
        self.postfix = postfix
        self.by_pair: dict[str, re.Pattern[str] | None] = {}
        # An empty word alternation matches at every word start: leave that to the full regex.
        self.exact = not words

    def _for(self, pair: str) -> re.Pattern[str] | None:
        # An ASCII character followed by another: its first character tells enough.
        probe = pair if pair.isascii() else pair[0] if pair[0].isascii() else ""
        if not probe:
            found: re.Pattern[str] | None = self.full
        else:
            at = 0 if len(probe) == 1 and len(pair) == 2 else 1
            words = [w for w, starts in self.words if _may_begin(probe, starts[at])]
            digits = [d for d, starts in self.digits if _may_begin(probe, starts[at])]
            parts = []
            if words:
                parts.append(_WORD_START + "(?:" + "|".join(words) + ")")
            if digits:
                parts.append(r"(?=\d)(?:" + "|".join(digits) + ")")
            if self.postfix and pair[0].isdigit():
                parts.append(self.postfix)
            found = re.compile("|".join(parts)) if parts else None
        self.by_pair[pair] = found
        return found

    def search(self, text: str, pos: int) -> re.Match[str] | None:
        """The first label at or after ``pos``, as ``full.search(text, pos)``."""
        if self.exact:
            return self.full.search(text, pos)
        by_pair = self.by_pair
        for start in _STARTS.finditer(text, pos):
            at = start.start()
            pair = text[at : at + 2]
            try:
                pattern = by_pair[pair]
            except KeyError:
                pattern = self._for(pair)
            if pattern is not None:
                found = pattern.match(text, at)
                if found is not None:
                    return found
        return None


def _may_begin(pair: str, starts: frozenset[str] | None) -> bool:
    return starts is None or any(pair.startswith(p) for p in starts)


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
