"""The source's headline run, at full size: slow, so it runs only when asked.

    NNLIB_SLOW=1 .venv/bin/pytest tests/test_slow_mnist.py

(The cross-entropy chapter runs the same experiment on every CI run and
asserts its result, so CI does not need this test as well.)
"""
import os

import pytest

import nnlib

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not os.environ.get("NNLIB_SLOW"),
                                reason="slow (about 20 s): set NNLIB_SLOW=1 to run")]


def test_784_30_10_cross_entropy_reaches_95_percent():
    training, _, test = nnlib.load_mnist(download=False)
    net = nnlib.Network([784, 30, 10], cost="cross-entropy", init="large", seed=0)
    h = net.SGD(training, 30, 10, 0.5, evaluation_data=test,
                monitor_evaluation_accuracy=True)
    assert h.evaluation_accuracy[-1] >= 0.95, h.evaluation_accuracy  # source: 95.49%
    assert net.accuracy(test) == h.evaluation_accuracy[-1]
