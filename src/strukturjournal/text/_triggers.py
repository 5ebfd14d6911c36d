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

from strukturjournal.text._prefixes import prefixes

__all__ = ["TriggerFinder", "pair_guard"]

_WORD_START = r"(?=[^\W\d_])(?<![^\W\d_])"
_Prefixes = frozenset[str] | None
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
        self.starts = _starts(self.words)
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
        for start in self.starts.finditer(text, pos):
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


def _starts(words: list[tuple[str, tuple[_Prefixes, _Prefixes]]]) -> re.Pattern[str]:
    """Where a label may begin: ``_STARTS``, narrowed to the words whose first two
    characters begin some word label (and any word that does not start in ASCII)."""
    guard = _pair_alternatives([starts for _, starts in words])
    if guard is None:
        return _STARTS
    return re.compile(r"(?<![^\W\d_])(?=[^\W\d_])(?:" + guard + r")|(?<!\d)\d")


def pair_guard(regexes: list[str]) -> str:
    """A look-ahead that fails quickly where none of ``regexes`` can begin, judged by
    the next two characters (the empty string when that cannot be known).

    >>> pair_guard(["(?i:bt)", "puls"])[:29]
    '(?=(?:B[Tt]|b[Tt]|p[u]|[Bbp]('
    """
    guard = _pair_alternatives([(prefixes(r, 1), prefixes(r)) for r in regexes])
    return "" if guard is None else "(?=(?:" + guard + "))"


def _pair_alternatives(starts: list[tuple[_Prefixes, _Prefixes]]) -> str | None:
    """An alternation matching where a text may begin one of the regexes whose ASCII
    prefixes (of one and of two characters) are ``starts``; None when unknown."""
    ones: set[str] = set()
    twos: set[str] = set()
    for first, pair in starts:
        if first is None or pair is None:
            return None
        ones |= first
        twos |= pair
    if "" in ones or "" in twos:
        return None
    seconds: dict[str, set[str]] = {}
    for prefix in twos:
        seconds.setdefault(prefix[0], set()).add(prefix[1:])
    alternatives = [
        re.escape(first) if "" in rest else re.escape(first) + _class(rest)
        for first, rest in sorted(seconds.items())
    ]
    if ones:  # an ASCII character before one that is not (or the end)
        alternatives.append(_class(ones) + r"(?![\x00-\x7f])")
    alternatives.append(r"[^\x00-\x7f]")
    return "|".join(alternatives)


def _class(chars: set[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(chars)) + "]"


def _may_begin(pair: str, starts: frozenset[str] | None) -> bool:
    return starts is None or any(pair.startswith(p) for p in starts)
