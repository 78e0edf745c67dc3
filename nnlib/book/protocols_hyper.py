"""The stripped-down problem of the hyper-parameter chapter (chapter 7).

The source's advice for a first network that learns nothing: shrink the problem
until feedback is quick. Keep only the images of 0s and 1s, train a ``[784, 10]``
network, and monitor a small validation subset often. Every experiment of the
chapter (its page runs, the recorded sweeps, the exercises) takes its data from
:func:`zeros_and_ones`, so they all mean the same problem.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

__all__ = ["DIGITS", "zeros_and_ones", "stripped_run", "seconds_to_feedback",
           "ETAS", "eta_run", "cost_falls", "eta_threshold", "small_run",
           "lambda_search", "SEARCH_BOX", "grid_points", "random_points", "search",
           "MINI_BATCHES", "minibatch_run", "epoch_seconds", "HYPER_RUNS",
           "recorded", "recorded_curve"]

#: the chapter's recorded runs over seeds (``scripts/hyper_runs.py``)
HYPER_RUNS = Path(__file__).resolve().parent / "data" / "hyper_runs.json"

#: the two classes the stripped-down problem keeps
DIGITS = (0, 1)


def _first(data: tuple, n: int) -> tuple:
    """The first ``n`` examples of ``(X, y)`` (all of them if there are fewer)."""
    return data[0][:n], data[1][:n]


def _keep(data: tuple, digits=DIGITS) -> tuple:
    X, y = data
    mask = np.isin(y, digits)
    return X[mask], y[mask]


def zeros_and_ones(data: tuple, validation_size: int | None = 100) -> tuple:
    """``(training, validation, test)`` with only the images of 0s and 1s.

    Parameters
    ----------
    data : ``(training, validation, test)`` as from :func:`nnlib.load_mnist`
    validation_size : keep only the first this many validation images (the
        source monitors 100 of them for quick feedback); None keeps them all

    Labels stay the digits 0 and 1, so a ``[784, 10]`` network of the book can
    train on them unchanged.
    """
    training, validation, test = (_keep(part) for part in data)
    if validation_size is not None:
        if not 0 < validation_size <= len(validation[0]):
            raise ValueError(f"validation_size must be between 1 and "
                             f"{len(validation[0])}, got {validation_size}")
        validation = (validation[0][:validation_size],
                      validation[1][:validation_size])
    return training, validation, test


# ------------------------------------------------------------ the broad strategy
#: the stripped-down network, its mini-batch, and feedback every 1,000 images
STRIPPED_SIZES, STRIPPED_BATCH, FEEDBACK_IMAGES = (784, 10), 10, 1000


def stripped_run(stripped: tuple, eta: float, lmbda: float, *, seed: int = 1,
                 epochs: int = 1) -> "nnlib.History":
    """Train the ``[784, 10]`` network on the 0s and 1s, with quick feedback.

    Parameters
    ----------
    stripped : ``(training, validation, test)`` from :func:`zeros_and_ones`
    eta, lmbda : learning rate and L2 parameter (lambda is scaled by the
        number of training images, about 10,600 here)
    seed : seed of the network (weights, biases, shuffles)
    epochs : passes over the training images

    Returns
    -------
    The history, with the validation accuracy recorded after every 1,000
    training images (``history.batches`` counts mini-batches of 10).
    """
    import nnlib
    training, validation, _ = stripped
    net = nnlib.Network(list(STRIPPED_SIZES), seed=seed)
    return net.SGD(training, epochs, STRIPPED_BATCH, eta, lmbda=lmbda,
                   monitor={"validation": validation},
                   record_every_batches=FEEDBACK_IMAGES // STRIPPED_BATCH)


def seconds_to_feedback(sizes, training: tuple, validation: tuple, images: int,
                        seed: int = 1) -> float:
    """Seconds from the start of training until the first validation accuracy.

    Trains a fresh ``sizes`` network on the first ``images`` training images
    (mini-batches of 10, eta = 0.1), then measures ``validation``: one round
    of feedback.
    """
    import time

    import nnlib
    net = nnlib.Network(list(sizes), seed=seed)
    start = time.perf_counter()
    net.SGD(_first(training, images), 1, 10, 0.1, shuffle=False)
    net.accuracy(validation)
    return time.perf_counter() - start


# ---------------------------------------------------------------- learning rate
#: the book's network for the learning-rate runs (the source's, as in chapter 6)
SIZES, LMBDA, BATCH = (784, 30, 10), 5.0, 10
#: the source's three learning rates
ETAS = (0.025, 0.25, 2.5)


def eta_run(data: tuple, eta: float, seed: int, epochs: int = 30) -> "nnlib.History":
    """The source's learning-rate comparison: ``[784, 30, 10]``, cross-entropy,
    lambda = 5.0, mini-batches of 10, all 50,000 training images.

    Records the training cost (the quantity the source plots) and the
    validation accuracy after every epoch; the test set is not used.
    """
    import nnlib
    training, validation, _ = data
    net = nnlib.Network(list(SIZES), seed=seed)
    return net.SGD(training, epochs, BATCH, eta, lmbda=LMBDA,
                   monitor={"training": training, "validation": validation})


#: the training images whose cost the threshold search watches (a fixed subset)
COST_IMAGES = 10_000


def cost_falls(data: tuple, eta: float, seed: int, epochs: int = 3
               ) -> tuple[bool, list[float]]:
    """Does the training cost fall in each of the first ``epochs`` epochs?

    Trains the network of :func:`eta_run` and measures the cost (with its L2
    term) on the first 10,000 training images before training and after each
    epoch. Returns ``(falls, costs)``: ``falls`` is True when every measurement
    is finite and below the one before it.
    """
    import nnlib
    training = data[0]
    watched = _first(training, COST_IMAGES)
    net = nnlib.Network(list(SIZES), seed=seed)
    n = len(training[0])
    costs = [net.total_cost(watched, LMBDA, n)]
    history = net.SGD(training, epochs, BATCH, eta, lmbda=LMBDA,
                      monitor={"watched": watched})
    costs += list(history.cost["watched"])
    c = np.asarray(costs)
    return bool(np.all(np.isfinite(c)) and np.all(np.diff(c) < 0)), costs


def eta_threshold(data: tuple, seed: int, *, start: float = 0.01, refine: int = 3,
                  epochs: int = 3) -> tuple[float, list[tuple[float, bool]]]:
    """The source's procedure for the threshold learning rate.

    From ``start``, step by factors of 10 (up while the training cost falls
    in the first ``epochs`` epochs, down while it does not) until the two
    neighbouring orders of magnitude disagree; then halve the gap between
    the largest eta that worked and the smallest that did not, ``refine``
    times, on a log scale.

    Returns
    -------
    (threshold, trials): the largest eta whose cost fell, and every
    ``(eta, falls)`` tried, in order.
    """
    if not start > 0 or refine < 0:
        raise ValueError(f"start must be > 0 and refine >= 0, got {start}, {refine}")
    trials: list[tuple[float, bool]] = []

    def falls(eta: float) -> bool:
        trials.append((eta, cost_falls(data, eta, seed, epochs)[0]))
        return trials[-1][1]

    eta = start
    if falls(eta):
        good, bad = eta, None
        while bad is None:
            eta *= 10
            if falls(eta):
                good = eta
            else:
                bad = eta
    else:
        good, bad = None, eta
        while good is None:
            if eta < 1e-8:
                raise RuntimeError("the training cost does not fall even for eta < 1e-8")
            eta /= 10
            if falls(eta):
                good = eta
            else:
                bad = eta
    for _ in range(refine):
        mid = float(np.sqrt(good * bad))
        if falls(mid):
            good = mid
        else:
            bad = mid
    return good, trials


# ------------------------------------------------ lambda and automated search
#: the 1,000-image problem of chapters 4 and 5, where lambda matters
SMALL_N, SMALL_ETA, SMALL_EPOCHS = 1000, 0.5, 30


def small_run(data: tuple, eta: float, lmbda: float, seed: int, *,
              epochs: int = SMALL_EPOCHS, record_every: int = 1):
    """``[784, 30, 10]`` trained on the first 1,000 training images.

    Validation accuracy (all 10,000 validation images) is recorded every
    ``record_every`` epochs. Returns ``(network, history)``; the test set
    is not used.
    """
    import nnlib
    training, validation, _ = data
    net = nnlib.Network(list(SIZES), seed=seed)
    history = net.SGD(_first(training, SMALL_N), epochs, BATCH, eta,
                      lmbda=lmbda, monitor={"validation": validation},
                      record_every=record_every)
    return net, history


def lambda_search(data: tuple, seed: int, eta: float = SMALL_ETA,
                  max_steps: int = 4) -> tuple[float, dict[float, float]]:
    """The source's lambda procedure, judged on validation accuracy.

    lambda = 0 first (the run that settles eta), then lambda = 1.0, then
    factors of 10 in whichever direction (x10 or /10) beats 1.0, while each
    step improves on the last (at most ``max_steps`` steps). Each setting is
    scored by its final validation accuracy (percent) after
    :data:`SMALL_EPOCHS` epochs of :func:`small_run`.

    Returns
    -------
    (chosen lambda, {lambda: validation accuracy} for every lambda tried)
    """
    scores: dict[float, float] = {}

    def score(lmbda: float) -> float:
        h = small_run(data, eta, lmbda, seed, record_every=SMALL_EPOCHS)[1]
        scores[lmbda] = 100 * h.accuracy["validation"][-1]
        return scores[lmbda]

    score(0.0)
    best, best_score = 1.0, score(1.0)
    for factor in (10.0, 0.1):
        lmbda, steps = best * factor, 0
        while steps < max_steps and score(lmbda) > best_score:
            best, best_score = lmbda, scores[lmbda]
            lmbda, steps = lmbda * factor, steps + 1
        if best != 1.0:
            break          # x10 helped: no need to look the other way
    chosen = max(scores, key=scores.get)
    return chosen, scores


#: the box both searches explore: log10 ranges of eta and lambda
SEARCH_BOX = {"eta": (0.01, 10.0), "lmbda": (0.01, 100.0)}


def grid_points(per_axis: int = 3, box=SEARCH_BOX) -> list[tuple[float, float]]:
    """``per_axis**2`` settings ``(eta, lmbda)``: the centres of equal cells
    of the box on a log scale."""
    axes = [10 ** (np.log10(lo) + (np.arange(per_axis) + 0.5) / per_axis
                   * np.log10(hi / lo)) for lo, hi in (box["eta"], box["lmbda"])]
    return [(float(e), float(l)) for e in axes[0] for l in axes[1]]


def random_points(count: int, seed: int, box=SEARCH_BOX) -> list[tuple[float, float]]:
    """``count`` settings ``(eta, lmbda)`` drawn log-uniformly from the box
    (Bergstra and Bengio's random search)."""
    rng = np.random.default_rng(seed)
    draws = [10 ** rng.uniform(np.log10(lo), np.log10(hi), count)
             for lo, hi in (box["eta"], box["lmbda"])]
    return [(float(e), float(l)) for e, l in zip(*draws)]


def search(data: tuple, points, seed: int, callback=None
           ) -> list[tuple[float, float, float]]:
    """Score each ``(eta, lmbda)`` by the validation accuracy (percent) of
    :func:`small_run` after its last epoch; returns ``(eta, lmbda, score)``.
    ``callback(i)``, if given, is called after the ``i``-th run (from 0)."""
    out = []
    for i, (eta, lmbda) in enumerate(points):
        h = small_run(data, eta, lmbda, seed, record_every=SMALL_EPOCHS)[1]
        out.append((eta, lmbda, 100 * h.accuracy["validation"][-1]))
        if callback is not None:
            callback(i)
    return out


# ----------------------------------------------------------- mini-batch size
#: the mini-batch sizes compared, and the learning rate per image: eta = m * ETA_PER_IMAGE
MINI_BATCHES, ETA_PER_IMAGE, MINIBATCH_IMAGES = (1, 10, 100, 1000), 0.025, 10_000


def minibatch_run(data: tuple, m: int, seed: int, epochs: int = 1):
    """``[784, 30, 10]`` (lambda = 0) on the first 10,000 training images with
    mini-batches of ``m`` and eta scaled with ``m`` (eta = 0.025 m, the same
    step per image). Returns ``(network, history)``; ``history.epoch_times``
    holds the seconds each epoch took, validation accuracy is recorded after
    the last epoch only.
    """
    import nnlib
    training, validation, _ = data
    net = nnlib.Network(list(SIZES), seed=seed)
    history = net.SGD(_first(training, MINIBATCH_IMAGES), epochs, m,
                      ETA_PER_IMAGE * m, monitor={"validation": validation},
                      record_every=epochs)
    return net, history


def epoch_seconds(training: tuple, sizes=(1, 10, 100, 1000), *, images: int = 5000,
                  repeats: int = 3, seed: int = 1) -> dict[int, float]:
    """CPU seconds nnlib needs for one epoch of ``images`` training images,
    for each mini-batch size ``m`` in ``sizes`` (``[784, 30, 10]``, eta = 0.1).

    A benchmark, not a protocol: the sizes are timed in one run, interleaved,
    ``repeats`` times each, best time kept, with BLAS on one thread (so other
    processes on the machine disturb the ratios less). Read the result as
    ratios between sizes, never as absolute times.
    """
    import time
    from contextlib import nullcontext

    import nnlib
    try:
        from threadpoolctl import threadpool_limits
        one_thread = threadpool_limits(1)
    except ImportError:       # pragma: no cover - the book installs threadpoolctl
        one_thread = nullcontext()
    data = _first(training, images)
    best = {m: float("inf") for m in sizes}
    with one_thread:
        for _ in range(repeats):
            for m in sizes:
                net = nnlib.Network(list(SIZES), seed=seed)
                start = time.process_time()
                net.SGD(data, 1, m, 0.1)
                best[m] = min(best[m], time.process_time() - start)
    return best


# ------------------------------------------------------------ recorded runs
def recorded(key: str):
    """The spread over seeds of a quantity of :data:`HYPER_RUNS`, e.g.
    ``recorded("threshold.eta")`` (a :class:`nnlib.book.spread.Spread`)."""
    from nnlib.book.spread import spread
    return spread(key, path=HYPER_RUNS)


def recorded_curve(experiment: str, name: str, seed: int = 1) -> np.ndarray:
    """A curve of one recorded run of :data:`HYPER_RUNS`, e.g.
    ``recorded_curve("eta_0p25", "training_cost", seed=2)``."""
    from nnlib.book.spread import curve
    return curve(experiment, name, seed=seed, path=HYPER_RUNS)
