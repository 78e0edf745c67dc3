"""The training protocols of the regularization chapter, one function each.

A chapter trains with these functions on the page, and ``scripts/seed_spread.py``
repeats the very same functions with other seeds to record how much the results
vary. So the run a reader sees and the runs its spread comes from cannot drift
apart: changing a protocol here changes both.

Each protocol fixes everything but the technique under study, and records
*validation* data, never test data: every choice the chapter makes (λ, the
technique, the epoch) is made on the validation images. Test accuracy is
measured once, on the finished networks, by whoever reports it.
"""
from __future__ import annotations

from typing import Any

import numpy as np

import nnlib
from nnlib.network import History, Network

__all__ = ["SMALL_EPOCHS", "SMALL_RECORD_EVERY", "first_images", "small_problem",
           "summarize_small", "noise_flips", "full_mnist"]

#: The small problem's schedule: 400 epochs, a record every 10 of them.
SMALL_EPOCHS, SMALL_RECORD_EVERY = 400, 10


def first_images(training: tuple, size: int, expanded: bool = False) -> tuple:
    """The first ``size`` training images, with 4 transformed copies each if ``expanded``.

    The copies are the chapter's: :func:`nnlib.book.expand.expand` with
    ``copies=4, max_degrees=8, max_shift=2, seed=0`` (rotations within ±8°,
    shifts within ±2 pixels), so ``5 * size`` images in all.
    """
    part = nnlib.subset(training, size)
    if expanded:
        from nnlib.book.expand import expand
        part = expand(part, copies=4, max_degrees=8, max_shift=2, seed=0)
    return part


def small_problem(data: tuple, validation: tuple, *, seed: int = 1,
                  **technique: Any) -> tuple[Network, History]:
    """Train the regularization chapter's network on a small training set.

    A ``[784, 30, 10]`` sigmoid network with the cross-entropy cost and the
    source's "large" N(0, 1) start, 400 epochs of mini-batches of 10 at
    ``eta = 0.5``; the training and validation accuracy, cost and weight norm
    are recorded every 10 epochs.

    Parameters
    ----------
    data : (X, y), the training images (e.g. the first 1,000)
    validation : (X, y), the images every comparison is made on
    seed : the network's seed (initial weights, shuffles, dropout masks)
    technique : options of :meth:`Network.SGD` that define the technique:
        ``lmbda=``, ``regularization=``, ``dropout=`` (and ``callback=`` for
        extra measurements, which do not change the run)
    """
    net = nnlib.Network([784, 30, 10], cost="cross-entropy", init="large",
                        seed=seed)
    history = net.SGD(data, SMALL_EPOCHS, 10, 0.5, record_every=SMALL_RECORD_EVERY,
                      monitor={"training": data, "validation": validation},
                      **technique)
    return net, history


def summarize_small(history: History) -> dict[str, float]:
    """What the chapter reads off a :func:`small_problem` run (accuracies in percent).

    ``final_validation_accuracy`` and ``peak_validation_accuracy`` (with
    ``peak_validation_epoch``, counted from 1); ``final_gap``, training minus
    validation accuracy after the last epoch, and ``gap_last100_mean``, its
    mean over the last 10 records; ``late_gain``, the mean validation accuracy
    over epochs 360-400 minus over epochs 210-250 (is the run still
    improving?); ``last10_mean_validation_accuracy`` and
    ``last10_sd_validation_accuracy`` (how much the last 10 records wobble);
    ``final_training_accuracy``.
    """
    val = 100 * history.series("validation accuracy")
    train = 100 * history.series("training accuracy")
    done = np.asarray(history.epochs) + 1           # epochs completed: 10, ..., 400
    late, middle = done > 350, (done > 200) & (done <= 250)
    gap = train - val
    return dict(final_validation_accuracy=val[-1], peak_validation_accuracy=val.max(),
                peak_validation_epoch=int(done[val.argmax()]), final_gap=gap[-1],
                gap_last100_mean=gap[-10:].mean(),
                late_gain=val[late].mean() - val[middle].mean(),
                last10_mean_validation_accuracy=val[-10:].mean(),
                last10_sd_validation_accuracy=float(np.std(val[-10:])),
                final_training_accuracy=train[-1])


def noise_flips(net: Network, images: np.ndarray) -> float:
    """Share (%) of ``net``'s predictions that a little pixel noise changes.

    The noise is Gaussian with standard deviation 0.1 per pixel (pixels run
    from 0 to 1), always the same draw (``default_rng(2)``), and the noisy
    images are clipped back to [0, 1].
    """
    noise = np.random.default_rng(2).normal(0.0, 0.1, images.shape)
    noisy = np.clip(images + noise, 0.0, 1.0)
    return 100 * float(np.mean(net.predict(images) != net.predict(noisy)))


def full_mnist(training: tuple, validation: tuple, *, hidden: int, epochs: int,
               eta: float, lmbda: float = 0.0, cost: str = "cross-entropy",
               output: str = "sigmoid", seed: int = 1,
               **options: Any) -> tuple[Network, History]:
    """Train ``[784, hidden, 10]`` on all 50,000 training images, as the source does.

    The source's "large" N(0, 1) start and mini-batches of 10; ``cost`` and
    ``output`` as in :class:`Network`. The validation accuracy and cost are
    recorded after every epoch. ``options`` go to :meth:`Network.SGD` (e.g.
    ``callback=`` for extra measurements, which do not change the run).
    """
    net = nnlib.Network([784, hidden, 10], cost=cost, output=output, init="large",
                        seed=seed)
    history = net.SGD(training, epochs, 10, eta, lmbda=lmbda,
                      monitor={"validation": validation}, **options)
    return net, history
