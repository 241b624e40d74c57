"""``python -m cashless``: the same as the ``cashless`` command."""

from cashless.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
