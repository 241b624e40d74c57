"""A message of the Python layer in the language of messages.

The language is chosen once, in Rust (``cashless.set_language``, else ``CASHLESS_LANG``, else
the locale); the few messages written here, about Python arguments, ask it which to show.
"""

from __future__ import annotations

from cashless import _cashless


def say(vi: str, en: str) -> str:
    """The Vietnamese or the English, as the language of messages is.

    >>> import cashless
    >>> cashless.set_language("vi"); say("thiếu tệp", "no file")
    'thiếu tệp'
    >>> cashless.set_language("en"); say("thiếu tệp", "no file")
    'no file'
    """
    return vi if _cashless.language() == "vi" else en
