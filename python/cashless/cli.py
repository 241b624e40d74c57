"""The ``cashless`` command: the crate's own program (:mod:`cashless._cashless` runs it), so
that the console script ``pip install`` makes and the Rust binary are one program, with the
same arguments, help, output and errors. ``cashless --help`` lists the commands
(``report``, ``targets``, ``growth``, ``check``, ``forms``, ``labels``); ``--lang vi|en``
chooses the language of any of them.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from cashless import _cashless


def main(argv: Sequence[str] | None = None) -> int:
    """Runs ``cashless ARGS...`` (``sys.argv`` without ``argv``) and returns its exit status:
    0 done, 1 an error in the data or in a file (``check``: rows with errors), 2 a command
    line that cannot be run. Output goes to ``sys.stdout``, errors to ``sys.stderr``.

    >>> main(["labels", "unit", "--lang", "en"])  # doctest: +ELLIPSIS
    unit
    ----
    ...
    0
    >>> main(["growth", "--data", "missing.csv"])
    1
    """
    args = list(sys.argv[1:] if argv is None else argv)
    status, out, err = _cashless.run_command(args)
    sys.stdout.write(out)
    sys.stderr.write(err)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
