"""The examples in the docstrings of the classes Rust defines (``cashless._cashless``): pytest's
``--doctest-modules`` reads Python files only, so these would otherwise never run."""

import doctest

from cashless import _cashless


def test_the_native_classes_examples_run():
    tests = [t for t in doctest.DocTestFinder().find(_cashless) if t.examples]
    assert {"Read", "Aggregated"} <= {t.name.rsplit(".", 1)[-1] for t in tests}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in tests:
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
