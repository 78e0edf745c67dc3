"""nnlib.book.progress: a progress bar fed by SGD's callback that leaves no trace."""
from __future__ import annotations

import numpy as np
import pytest

import nnlib
from nnlib.book import progress as pg


class FakeHandle:
    def __init__(self):
        self.shown = []

    def update(self, obj):
        self.shown.append(obj.data)


def test_progress_html_counts_epochs_and_estimates_time_left():
    text = pg.progress_html(100, 400, elapsed=10.0, label="L2 <run>")
    assert '<progress value="100" max="400"' in text
    assert "epoch 100 of 400, about 00:30 left" in text      # 10 s per 100 epochs
    assert "L2 &lt;run&gt;" in text and "<run>" not in text  # escaped
    assert "left" not in pg.progress_html(0, 400, elapsed=0.0)


def test_the_bar_follows_a_real_run_and_is_emptied_at_the_end():
    handle = FakeHandle()
    callback = pg._Progress(5, "run", handle, every=0.0)
    rng = np.random.default_rng(0)
    data = rng.random((20, 4)), rng.integers(0, 3, 20)
    nnlib.Network([4, 3, 3], seed=0).SGD(data, 5, 10, 0.1, callback=callback)
    assert [("epoch 1 of 5" in s) for s in handle.shown[:1]] == [True]
    assert any("epoch 4 of 5" in s for s in handle.shown)
    assert handle.shown[-1] == ""                            # nothing left behind


def test_outside_ipython_nothing_is_displayed_and_bad_lengths_are_refused():
    callback = pg.epoch_progress(3)
    assert callback.handle is None                            # plain Python: no display
    for epoch in range(3):
        callback(epoch)
    with pytest.raises(ValueError, match="positive whole number"):
        pg.epoch_progress(0)
