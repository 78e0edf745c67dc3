"""Progress of a long training cell: epochs done and about how long is left.

A chapter cell that trains for more than a few seconds passes
``callback=epoch_progress(epochs)`` to :meth:`nnlib.Network.SGD`. While the cell
runs, the reader sees how far it is:

in JupyterLab, Colab or any front end that shows HTML, a bar in the cell's output
with the time left estimated as tqdm does. The output starts empty and is emptied
again when training ends, so a notebook saved afterwards (by JupyterLab or by
``jupyter nbconvert --execute``), and the book's site built from it, show nothing of
it, and nbval, which compares the output as it was first displayed, sees the same
empty output on both sides. (A kernel has no terminal of its own: under nbconvert
the bar is drawn into the notebook and emptied like anywhere else.)

nnlib's core knows nothing of this: it only calls ``callback(epoch, network,
history)`` after every epoch.
"""
from __future__ import annotations

import html
import time
from typing import Callable

__all__ = ["epoch_progress", "progress_html"]


def progress_html(done: int, total: int, elapsed: float, label: str = "training") -> str:
    """The bar as HTML: ``done`` of ``total`` epochs after ``elapsed`` seconds."""
    from tqdm import tqdm
    left = elapsed / done * (total - done) if done else float("nan")
    eta = "" if not done else f", about {tqdm.format_interval(left)} left"
    text = html.escape(f"{label}: epoch {done} of {total}{eta}")
    return (f'<div class="nnlib-progress" role="status">'
            f'<progress value="{done}" max="{total}" aria-label="{html.escape(label)}" '
            f'style="width:12em;vertical-align:middle"></progress> {text}</div>')


class _Progress:
    """The callback :func:`epoch_progress` returns (see there)."""

    def __init__(self, total: int, label: str, display, every: float) -> None:
        self.total, self.label, self.every = total, label, every
        self.start = self.last = time.perf_counter()
        self.handle = display

    def __call__(self, epoch: int, network=None, history=None) -> None:
        done = epoch + 1
        now = time.perf_counter()
        finished = done >= self.total
        if self.handle is not None and (finished or now - self.last >= self.every):
            self.last = now
            self.handle.update(_html("" if finished else
                                     progress_html(done, self.total, now - self.start,
                                                   self.label)))


def _html(text: str):
    from IPython.display import HTML
    return HTML(text)


def epoch_progress(epochs: int, label: str = "training", *,
                   every: float = 0.5) -> Callable:
    """A callback for ``Network.SGD(callback=...)`` that shows training progress.

    For a run of a fixed number of epochs (with early stopping the bar would stay
    up where the run stopped). Outside IPython it does nothing.

    Parameters
    ----------
    epochs : the number of epochs the run will train (the bar's end)
    label : what is training, shown before the count
    every : seconds between updates of the bar

    Returns
    -------
    callback(epoch, network, history)
    """
    if not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"epochs must be a positive whole number (the run's length), "
                         f"got {epochs!r}")
    handle = None
    try:
        from IPython import get_ipython
        from IPython.display import display as show
    except ImportError:  # pragma: no cover - IPython is there in the book
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        handle = show(_html(""), display_id=True)
    return _Progress(epochs, label, handle, every)
