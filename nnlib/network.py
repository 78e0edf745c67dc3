"""A fully connected feed-forward network trained by mini-batch SGD.

The algorithm is the one of the source's ``network2.py`` (cross-entropy or
quadratic cost, L2 or L1 regularization scaled by the training-set size ``n``),
written with one sample per *row* so that a whole mini-batch goes through each
layer as one matrix product: no Python loop over examples.

Conventions
-----------
* A data set is a pair ``(X, y)``: ``X`` of shape ``(n, n_in)`` and ``y``
  integer labels of shape ``(n,)`` (or real targets of shape ``(n, n_out)``).
* ``n`` is the number of training samples, ``m`` the size of a mini-batch.
* ``weights[l]`` has shape ``(n_out, n_in)``, so ``weights[l][j, k]`` is the
  source's :math:`w_{jk}` from neuron ``k`` to neuron ``j``; a layer computes
  ``z = a @ W.T + b`` for a batch ``a`` (eq 25, one row per sample).
* Hidden layers are sigmoid (default), tanh or rectified linear (eqs 109-112);
  the output layer is sigmoid, softmax or linear.
* Epochs are counted from 0, as in the source's plots: "epoch e" is the
  ``(e + 1)``-th pass over the training data.
* Everything is float64; one seeded generator (``Network.rng``) draws the
  initial weights, the shuffles and the dropout masks, in that order, so a
  seed fixes the whole run.
"""
from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

import numpy as np

from .activations import HIDDEN, get_activation
from .costs import CrossEntropyCost, get_cost
from .io import atomic_write_text
from .stopping import no_improvement
from .validation import (check_dataset, check_non_negative, check_positive,
                         check_positive_int, one_hot)

__all__ = ["Network", "History", "NetworkFileError", "FORMAT_NAME", "FORMAT_VERSION"]

FORMAT_NAME = "nnlib-network"
FORMAT_VERSION = 1
INITS = ("default", "large")
REGULARIZATIONS = ("l2", "l1")


class NetworkFileError(ValueError):
    """A saved network file that is missing, truncated, foreign or inconsistent."""


@dataclass
class History:
    """What :meth:`Network.SGD` recorded.

    Every ``record_every`` epochs, for each monitored set (``"training"``,
    ``"validation"``, ``"test"``, ... as named in ``SGD(monitor=...)``):

    ``cost[name]``
        the average cost plus the regularization term, scaled by the
        training-set size ``n`` (eq 85 or 95);
    ``accuracy[name]``
        the fraction (not count) classified right (only for integer labels);

    and ``weight_norm``, the length ``sqrt(sum w^2)`` of all weights.
    ``epochs`` holds the epoch (from 0) after which each record was taken, so
    ``accuracy["test"][i]`` belongs to epoch ``epochs[i]``.  With
    ``SGD(record_every_batches=k)`` the records are taken every ``k``
    mini-batches instead: ``batches[i]`` is the number of mini-batches done
    (counted across epochs) and ``epochs[i]`` the epoch in progress.  Every epoch:
    ``eta`` (the learning rate used) and ``epoch_times`` (seconds spent
    training, monitoring excluded).
    """

    epochs: list = field(default_factory=list)
    cost: dict = field(default_factory=dict)
    accuracy: dict = field(default_factory=dict)
    weight_norm: list = field(default_factory=list)
    eta: list = field(default_factory=list)
    epoch_times: list = field(default_factory=list)
    batches: list = field(default_factory=list)
    epochs_run: int = 0
    stopped_early: bool = False
    best_epoch: int | None = None

    def series(self, key: str) -> np.ndarray:
        """One recorded series as an array: ``"test accuracy"``, ``"training cost"``,
        ``"weight norm"``, ``"eta"`` or ``"epoch times"``."""
        if key in ("weight norm", "eta", "epoch times"):
            values = getattr(self, key.replace(" ", "_"))
        else:
            name, _, quantity = key.rpartition(" ")
            table = {"cost": self.cost, "accuracy": self.accuracy}.get(quantity)
            if table is None:
                raise ValueError(f"unknown series {key!r}: give '<set> cost' or '<set> "
                                 f"accuracy' (e.g. 'test accuracy'), 'weight norm', "
                                 f"'eta' or 'epoch times'")
            if name not in table:
                raise ValueError(f"no {quantity} recorded for {name!r}: the monitored sets "
                                 f"are {sorted(table)}; pass monitor={{{name!r}: data}} "
                                 f"to Network.SGD")
            values = table[name]
        if len(values) == 0:
            raise ValueError(f"the run recorded no {key!r}")
        return np.asarray(values, dtype=float)


class Network:
    """Feed-forward network of sigmoid (or tanh, or rectified linear) hidden layers.

    Parameters
    ----------
    sizes
        Neurons per layer, input first, e.g. ``[784, 30, 10]``.
    cost
        ``"cross-entropy"`` (default), ``"quadratic"``, ``"log-likelihood"`` or a
        cost class from :mod:`nnlib.costs`.
    output
        Output activation: ``"sigmoid"`` (default), ``"softmax"`` or ``"linear"``.
    hidden
        Activation of every hidden layer: ``"sigmoid"`` (default), ``"tanh"``
        (eqs 109-111) or ``"relu"`` (eq 112).
    init
        ``"default"``: weights ~ N(0, 1/n_in), the source's improved
        initialization; ``"large"``: weights ~ N(0, 1), the source's older one.
        Biases ~ N(0, 1) in both.
    seed
        Seed of the generator used for initialization, shuffling and dropout.
    """

    def __init__(self, sizes: Sequence[int], cost=CrossEntropyCost, output="sigmoid",
                 init: str = "default", seed: int | None = None, hidden="sigmoid"):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
            raise ValueError(f"sizes must list at least two layer sizes, e.g. [784, 30, 10]; "
                             f"got {sizes!r}")
        self.sizes = [check_positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
        self.cost = get_cost(cost)
        self.output = get_activation(output)
        self.hidden = _check_hidden(hidden)
        if self.cost.name == "cross-entropy" and self.output.name == "linear":
            raise ValueError("the cross-entropy needs outputs in (0, 1); a linear output "
                             "layer can leave that range. Use output='sigmoid', or "
                             "cost='quadratic' with linear outputs (eqs 68-70)")
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}: choose 'default' (N(0, 1/n_in)) "
                             f"or 'large' (N(0, 1))")
        self.init = init
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.biases = [self.rng.standard_normal(n_out) for n_out in self.sizes[1:]]
        scale = (lambda n_in: 1.0) if init == "large" else (lambda n_in: 1 / math.sqrt(n_in))
        self.weights = [self.rng.standard_normal((n_out, n_in)) * scale(n_in)
                        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]
        # momentum's velocities (eq 107), one per weight and bias, at rest at first
        self.velocity_w = [np.zeros_like(W) for W in self.weights]
        self.velocity_b = [np.zeros_like(b) for b in self.biases]

    def __repr__(self) -> str:
        hidden = "" if self.hidden.name == "sigmoid" else f", hidden={self.hidden.name!r}"
        return (f"Network({self.sizes}, cost={self.cost.name!r}, "
                f"output={self.output.name!r}, init={self.init!r}, seed={self.seed}"
                f"{hidden})")

    # ------------------------------------------------------------ the forward pass
    def forward(self, X: np.ndarray, dropout: float = 0.0) -> list[np.ndarray]:
        """The activations of every layer for a batch ``X`` (one sample per row).

        Returns ``[X, a^1, ..., a^L]``: each layer computes
        ``a = sigma(a_prev W^T + b)`` (eq 25), with the hidden activation
        (sigmoid, tanh or relu) in place of sigma, the last layer with the output
        activation.  With ``dropout = p > 0`` (training only), each hidden
        neuron of each sample is dropped with probability ``p`` and the
        survivors are scaled by ``1/(1-p)``; the list holds these thinned
        activations, which are what the next layer sees.
        """
        activations = [X]
        last = len(self.weights) - 1
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            z = activations[-1] @ W.T + b
            if l == last:
                a = self.output.fn(z)
            else:
                a = self.hidden.fn(z)
                if dropout:
                    kept = self.rng.random(a.shape) < 1 - dropout
                    a = a * kept / (1 - dropout)
            activations.append(a)
        return activations

    def feedforward(self, X) -> np.ndarray:
        """Output activations for a batch ``X`` of shape ``(m, n_in)`` (or one sample)."""
        X = np.asarray(X, dtype=float)
        if X.ndim == 1:
            return self.feedforward(X[None, :])[0]
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (m, {self.sizes[0]}) or ({self.sizes[0]},), "
                             f"got {X.shape}")
        if not np.all(np.isfinite(X)):
            raise ValueError("X contains NaN or infinite values")
        return self.forward(X)[-1]

    def predict(self, X) -> np.ndarray:
        """Predicted class of each sample: the index of the most active output."""
        return np.argmax(self.feedforward(X), axis=-1)

    # ------------------------------------------------------------------ measuring
    def accuracy(self, data) -> float:
        """Fraction (not count) of the samples in ``(X, y)`` classified right."""
        return self.evaluate(data)[1]

    def total_cost(self, data, lmbda: float = 0.0, n: int | None = None,
                   regularization: str = "l2") -> float:
        """Average cost over ``data`` plus the regularization term (eq 85 or 95).

        The term is scaled by the training-set size ``n`` as in eq 85; ``n``
        defaults to ``len(data)``, which is what the source's ``total_cost``
        always uses.
        """
        return self.evaluate(data, lmbda, n, regularization)[0]

    def evaluate(self, data, lmbda: float = 0.0, n: int | None = None,
                 regularization: str = "l2") -> tuple[float, float | None]:
        """``(total cost, accuracy)`` of ``data`` from a single forward pass.

        The cost is as in :meth:`total_cost`; the accuracy is a fraction, or
        ``None`` when the targets are not class labels.
        """
        X, y = check_dataset(data, self.sizes[0], self.sizes[-1])
        lmbda = check_non_negative(lmbda, "lmbda")
        regularization = _check_regularization(regularization)
        n = len(X) if n is None else check_positive_int(n, "n")
        return self._evaluate(X, y, lmbda, n, regularization)

    def _evaluate(self, X, y, lmbda, n, regularization):
        """:meth:`evaluate` for data that has been validated already."""
        penalty = self.regularization_term(lmbda, n, regularization)
        if len(X) == 0:
            return penalty, None
        a = self.forward(X)[-1]
        cost = float(np.mean(self.cost.fn(a, self._targets(y)))) + penalty
        accuracy = float(np.mean(np.argmax(a, axis=1) == y)) if y.ndim == 1 else None
        return cost, accuracy

    def regularization_term(self, lmbda: float, n: int, regularization: str = "l2") -> float:
        """``(lambda/2n) sum w^2`` (eq 85) or ``(lambda/n) sum |w|`` (eq 95); biases excluded."""
        if regularization == "l2":
            return lmbda / (2 * n) * sum(float(np.sum(W ** 2)) for W in self.weights)
        return lmbda / n * sum(float(np.sum(np.abs(W))) for W in self.weights)

    def weight_norm(self) -> float:
        """Length of all the weights as one vector, ``sqrt(sum w^2)``."""
        return math.sqrt(sum(float(np.sum(W ** 2)) for W in self.weights))

    def _targets(self, y: np.ndarray) -> np.ndarray:
        return one_hot(y, self.sizes[-1]) if y.ndim == 1 else y

    # ----------------------------------------------------- backprop and the update
    def backprop(self, X: np.ndarray, Y: np.ndarray, dropout: float = 0.0
                 ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Gradients of the cost (without regularization), summed over the batch.

        ``X`` has one sample ``x`` per row; ``Y`` holds their targets, one-hot
        rows (or integer labels).  Returns ``(nabla_w, nabla_b)``, lists shaped
        like ``weights`` and ``biases``: ``nabla_w[l]`` is ``sum_x dC_x/dw`` over
        the rows, what the source's ``update_mini_batch`` accumulates one
        example at a time (divide by ``len(X)`` for the gradient of the
        average cost).  ``dropout`` is passed to :meth:`forward`; dropped
        neurons get no gradient.
        """
        X, Y = np.asarray(X, dtype=float), np.asarray(Y)
        if X.ndim != 2 or X.shape[1] != self.sizes[0] or len(Y) != len(X):
            raise ValueError(f"backprop needs X of shape (m, {self.sizes[0]}) and "
                             f"one target per row, got X {X.shape}, Y {Y.shape}")
        if Y.ndim == 1:
            Y = one_hot(Y, self.sizes[-1])
        activations = self.forward(X, dropout)
        keep = 1 - dropout
        nabla_w: list = [None] * len(self.weights)
        nabla_b: list = [None] * len(self.biases)
        delta = self.cost.delta(activations[-1], Y, self.output)  # BP1
        for l in range(len(self.weights) - 1, -1, -1):
            nabla_w[l] = delta.T @ activations[l]       # BP4, summed over x
            nabla_b[l] = delta.sum(axis=0)              # BP3, summed over x
            if l > 0:   # sigma'(z) of the hidden activation, from its output a
                sigma_prime = self.hidden.prime_from_output(activations[l], keep)
                delta = (delta @ self.weights[l]) * sigma_prime     # BP2
        return nabla_w, nabla_b

    def update_mini_batch(self, X: np.ndarray, Y: np.ndarray, eta: float,
                          lmbda: float, n: int, regularization: str = "l2",
                          dropout: float = 0.0, momentum: float = 0.0) -> None:
        """One gradient-descent step on the mini-batch ``(X, Y)`` of ``m`` samples.

        L2: w -> (1 - eta lmbda/n) w - (eta/m) sum_x dC_x/dw   (eq 93)
        L1: w -> w - (eta lmbda/n) sgn(w) - (eta/m) sum_x dC_x/dw   (eq 97)
        b -> b - (eta/m) sum_x dC_x/db   (eq 94)

        With ``momentum = mu`` (not 0) the step goes through a velocity ``v``
        per weight and bias (``velocity_w``, ``velocity_b``):
        v -> mu v - eta dC/dw,  w -> w + v   (eqs 107, 108)
        with dC/dw the same gradient as above (penalty included).

        ``n`` is the size of the whole training set.  The arrays are updated in
        place (no new arrays per step).
        """
        m = len(X)
        nabla_w, nabla_b = self.backprop(X, Y, dropout)
        if momentum:
            for w, nw, v in zip(self.weights, nabla_w, self.velocity_w):
                grad = nw / m                             # dC0/dw, then the penalty:
                if lmbda and regularization == "l2":
                    grad += lmbda / n * w                 # eq 88
                elif lmbda:
                    grad += lmbda / n * np.sign(w)        # eq 96
                v *= momentum
                v -= eta * grad                           # eq 107: v -> mu v - eta dC/dw
                w += v                                    # eq 108: w -> w + v
            for b, nb, v in zip(self.biases, nabla_b, self.velocity_b):
                v *= momentum
                v -= eta / m * nb                         # eq 107 for the biases
                b += v                                    # eq 108
            return
        for w, nw, b, nb in zip(self.weights, nabla_w, self.biases, nabla_b):
            if lmbda and regularization == "l2":
                w *= 1 - eta * lmbda / n              # eq 93: weight decay ...
            elif lmbda:
                w -= eta * lmbda / n * np.sign(w)     # eq 97: a constant shrink ...
            w -= eta / m * nw                         # ... and the gradient step
            b -= eta / m * nb                         # eq 94

    # ------------------------------------------------------------------- training
    def SGD(self, training_data, epochs: int, mini_batch_size: int, eta: float,
            lmbda: float = 0.0, *,
            monitor: Mapping[str, tuple] | None = None,
            record_every: int = 1,
            record_every_batches: int | None = None,
            regularization: str = "l2",
            dropout: float = 0.0,
            early_stopping: int | None = None,
            eta_schedule: Callable[[int, History], float] | None = None,
            callback: Callable[[int, "Network", History], None] | None = None,
            shuffle: bool = True,
            momentum: float = 0.0) -> History:
        """Train by mini-batch stochastic gradient descent; return the History.

        Parameters
        ----------
        training_data : (X, y)
        epochs : number of passes over the training data
        mini_batch_size : samples ``m`` per step (the last batch may be smaller)
        eta : learning rate
        lmbda : regularization parameter; the penalty is scaled by the
            training-set size ``n`` (eqs 85-94 for L2, 95-97 for L1)
        monitor : ``{name: (X, y)}``, the sets whose cost and accuracy to record,
            e.g. ``{"training": training_data, "test": test_data}``
        record_every : record the monitored sets (and the weight norm) after
            every ``record_every``-th epoch (epochs ``k-1, 2k-1, ...``)
        record_every_batches : record after every this many mini-batches
            instead (counted across epochs; ``history.batches``), for quick
            feedback within an epoch; not with ``early_stopping``
        regularization : ``"l2"`` (weight decay, eq 93) or ``"l1"`` (eq 97)
        dropout : probability ``p`` of dropping each hidden neuron, drawn for
            every sample of every mini-batch (see :meth:`forward`)
        early_stopping : patience: stop when this many records in a row bring no
            new best accuracy of the *first* monitored set, then restore the
            weights of its best record (:func:`nnlib.stopping.no_improvement`)
        eta_schedule : ``f(epoch, history) -> eta``, called before each epoch
        callback : ``f(epoch, network, history)``, called after each epoch
        shuffle : shuffle the training data every epoch (as the source does)
        momentum : the momentum coefficient ``mu`` of eqs 107-108; 0 (default)
            is plain gradient descent.  The velocities live on the network, so
            a second call to SGD carries on where the first stopped.
        """
        X, y = check_dataset(training_data, self.sizes[0], self.sizes[-1],
                             "training_data")
        if len(X) == 0:
            raise ValueError("training_data is empty")
        epochs = check_positive_int(epochs, "epochs", allow_zero=True)
        m = check_positive_int(mini_batch_size, "mini_batch_size")
        eta = check_positive(eta, "eta")
        lmbda = check_non_negative(lmbda, "lmbda")
        regularization = _check_regularization(regularization)
        dropout = check_non_negative(dropout, "dropout")
        momentum = _check_momentum(momentum)
        if dropout >= 1:
            raise ValueError(f"dropout is the probability of dropping a hidden "
                             f"neuron and must be in [0, 1), got {dropout}")
        record_every = check_positive_int(record_every, "record_every")
        if record_every_batches is not None:
            record_every_batches = check_positive_int(record_every_batches,
                                                      "record_every_batches")
            if early_stopping is not None:
                raise ValueError("early stopping counts epochs: use it with per-epoch "
                                 "records, not with record_every_batches")
        monitored = self._check_monitor(monitor)
        if early_stopping is not None:
            early_stopping = check_positive_int(early_stopping, "early_stopping")
            if not monitored or monitored[0][2].ndim != 1:
                raise ValueError("early stopping watches the accuracy of the first "
                                 "monitored set, e.g. monitor={'validation': "
                                 "validation_data}, which needs class labels")
        n = len(X)
        Y = self._targets(y)
        history = History()
        for name, _, labels in monitored:
            history.cost[name] = []
            if labels.ndim == 1:
                history.accuracy[name] = []
        best = None   # with early stopping: (weights, biases, epoch) of the best
        for epoch in range(epochs):
            if eta_schedule is not None:
                eta = check_positive(eta_schedule(epoch, history), "eta_schedule")
            start = time.perf_counter()
            order = self.rng.permutation(n) if shuffle else np.arange(n)
            for k in range(0, n, m):
                batch = order[k:k + m]
                self.update_mini_batch(X[batch], Y[batch], eta, lmbda, n,
                                       regularization, dropout, momentum)
                if record_every_batches is not None:
                    steps = epoch * -(-n // m) + k // m + 1   # mini-batches so far
                    if steps % record_every_batches == 0:
                        recording = time.perf_counter()
                        history.batches.append(steps)
                        self._record(history, epoch, monitored, lmbda, n,
                                     regularization)
                        start += time.perf_counter() - recording  # not training
            history.epoch_times.append(time.perf_counter() - start)
            history.eta.append(eta)
            history.epochs_run = epoch + 1
            if record_every_batches is None and (epoch + 1) % record_every == 0:
                self._record(history, epoch, monitored, lmbda, n, regularization)
                if early_stopping is not None:
                    decision = no_improvement(history.accuracy[monitored[0][0]],
                                              early_stopping)
                    if decision.kept_epoch == len(history.epochs) - 1:  # a new best
                        best = ([w.copy() for w in self.weights],
                                [b.copy() for b in self.biases], epoch)
                    history.stopped_early = decision.stopped
            if callback is not None:
                callback(epoch, self, history)
            if history.stopped_early:
                break
        if best is not None:
            self.weights, self.biases, history.best_epoch = best
        return history

    def _check_monitor(self, monitor) -> list[tuple[str, np.ndarray, np.ndarray]]:
        if monitor is None:
            return []
        if not isinstance(monitor, Mapping):
            raise TypeError(f"monitor must be a dict of named data sets, e.g. "
                            f"monitor={{'test': test_data}}, got {type(monitor).__name__}")
        checked = []
        for name, data in monitor.items():
            if not isinstance(name, str) or not name:
                raise ValueError(f"monitor: the names of the data sets must be non-empty "
                                 f"strings such as 'test', got {name!r}")
            X, y = check_dataset(data, self.sizes[0], self.sizes[-1], f"monitor[{name!r}]")
            checked.append((name, X, y))
        return checked

    def _record(self, history: History, epoch: int, monitored, lmbda, n, regularization):
        history.epochs.append(epoch)
        history.weight_norm.append(self.weight_norm())
        for name, X, y in monitored:
            cost, accuracy = self._evaluate(X, y, lmbda, n, regularization)
            history.cost[name].append(cost)
            if accuracy is not None:
                history.accuracy[name].append(accuracy)

    # ------------------------------------------------------------------ save/load
    def to_dict(self) -> dict:
        """The network as plain JSON-ready data (see :meth:`save` for the format)."""
        return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "sizes": self.sizes,
                "cost": self.cost.name, "output": self.output.name,
                "hidden": self.hidden.name, "init": self.init,
                "seed": self.seed,
                "weights": [W.tolist() for W in self.weights],
                "biases": [b.tolist() for b in self.biases]}

    def save(self, path) -> Path:
        """Save as JSON, atomically.

        Format (version 1): an object with ``"format": "nnlib-network"``,
        ``"version": 1``, ``"sizes"``, ``"cost"``, ``"output"`` and ``"hidden"``
        names (a file without ``"hidden"`` means sigmoid),
        ``"init"``, ``"seed"``, and ``"weights"``/``"biases"`` as nested lists
        (``weights[l]`` is ``sizes[l+1]`` rows of ``sizes[l]`` numbers).
        Floats are written with full precision, so a round trip is exact.
        """
        return atomic_write_text(path, json.dumps(self.to_dict()))

    @classmethod
    def load(cls, path) -> "Network":
        """Load a network written by :meth:`save`; raise NetworkFileError if it is not one."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise NetworkFileError(f"no network file at {path}") from None
        except (UnicodeDecodeError, IsADirectoryError) as e:
            raise NetworkFileError(f"{path} is not a text (JSON) network file: {e}") from None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise NetworkFileError(f"{path} is not valid JSON ({e.msg} at line {e.lineno}); "
                                   f"it may be truncated or not a network file") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT_NAME:
            raise NetworkFileError(f"{path} is not an nnlib network file (expected "
                                   f"\"format\": \"{FORMAT_NAME}\")")
        if data.get("version") != FORMAT_VERSION:
            raise NetworkFileError(f"{path} has format version {data.get('version')!r}; "
                                   f"this nnlib reads version {FORMAT_VERSION}")
        try:
            net = cls(data["sizes"], cost=data["cost"], output=data["output"],
                      init=data.get("init", "default"), seed=data.get("seed"),
                      hidden=data.get("hidden", "sigmoid"))
            weights = [np.asarray(W, dtype=float) for W in data["weights"]]
            biases = [np.asarray(b, dtype=float) for b in data["biases"]]
        except (KeyError, TypeError, ValueError) as e:
            raise NetworkFileError(f"{path} is an nnlib network file with missing or bad "
                                   f"fields: {e}") from None
        shapes_ok = len(weights) == len(net.weights) and len(biases) == len(net.biases) and all(
            W.shape == W0.shape for W, W0 in zip(weights, net.weights)) and all(
            b.shape == b0.shape for b, b0 in zip(biases, net.biases))
        if not shapes_ok:
            raise NetworkFileError(f"{path}: weight or bias shapes do not match sizes "
                                   f"{net.sizes}")
        if not all(np.all(np.isfinite(p)) for p in weights + biases):
            raise NetworkFileError(f"{path}: weights or biases contain NaN or infinity")
        net.weights, net.biases = weights, biases
        return net


def _check_regularization(regularization: str) -> str:
    if not isinstance(regularization, str) or regularization.lower() not in REGULARIZATIONS:
        raise ValueError(f"unknown regularization {regularization!r}: choose 'l2' or 'l1'")
    return regularization.lower()


def _check_hidden(hidden) -> type:
    act = get_activation(hidden, HIDDEN)
    if not hasattr(act, "prime_from_output"):
        raise ValueError(f"hidden layers must be one of {sorted(HIDDEN)} (or a class with "
                         f"fn and prime_from_output), not {act!r}")
    return act


def _check_momentum(momentum) -> float:
    if isinstance(momentum, bool) or not isinstance(momentum, (int, float, np.number)) \
            or not math.isfinite(momentum):
        raise ValueError(f"momentum must be a finite number (the coefficient mu of eq 107, "
                         f"usually in [0, 1)), got {momentum!r}")
    return float(momentum)
