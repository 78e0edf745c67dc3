"""A fully connected feed-forward network trained by mini-batch SGD.

The algorithm is the one of the source's ``network2.py`` (cross-entropy or
quadratic cost, L2 or L1 regularization scaled by the training-set size,
monitoring of four per-epoch series), rewritten so that a mini-batch is a
matrix with one sample per row: no Python loop over examples anywhere.

Conventions
-----------
* A data set is a pair ``(X, y)``: ``X`` of shape ``(n, n_in)`` and ``y``
  integer labels of shape ``(n,)`` (or real targets of shape ``(n, n_out)``).
* ``weights[l]`` has shape ``(n_out, n_in)``, so ``weights[l][j, k]`` is the
  source's :math:`w^l_{jk}` from neuron ``k`` to neuron ``j``; a layer computes
  ``Z = A @ W.T + b``.
* Hidden layers are sigmoid; the output layer is sigmoid, softmax or linear.
"""
from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from scipy.linalg.blas import dgemm as _dgemm
from threadpoolctl import threadpool_limits

from .activations import Linear, Sigmoid, get_activation, sigmoid
from .costs import CrossEntropyCost, get_cost
from .io import atomic_write_text
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
    """Per-epoch record of a training run (what ``network2.SGD`` returned, and more).

    Accuracies are fractions in [0, 1]; costs include the regularization term
    (scaled by the training-set size ``n``, eq 85).  A series that was not
    monitored stays empty.
    """

    evaluation_cost: list = field(default_factory=list)
    evaluation_accuracy: list = field(default_factory=list)
    training_cost: list = field(default_factory=list)
    training_accuracy: list = field(default_factory=list)
    weight_norm: list = field(default_factory=list)
    eta: list = field(default_factory=list)
    epoch_times: list = field(default_factory=list)
    epochs_run: int = 0
    stopped_early: bool = False
    best_epoch: int | None = None

    def as_arrays(self) -> dict:
        """The series as NumPy arrays, keyed by name (for plotting)."""
        keys = ("evaluation_cost", "evaluation_accuracy", "training_cost",
                "training_accuracy", "weight_norm", "eta", "epoch_times")
        return {k: np.asarray(getattr(self, k), dtype=float) for k in keys}


class Network:
    """Feed-forward network of sigmoid hidden layers.

    Parameters
    ----------
    sizes
        Neurons per layer, input first, e.g. ``[784, 30, 10]``.
    cost
        ``"cross-entropy"`` (default), ``"quadratic"``, ``"log-likelihood"`` or a
        cost class from :mod:`nnlib.costs`.
    output
        Output activation: ``"sigmoid"`` (default), ``"softmax"`` or ``"linear"``.
    init
        ``"default"``: weights ~ N(0, 1/n_in), the source's improved
        initialization; ``"large"``: weights ~ N(0, 1), the source's older one.
        Biases ~ N(0, 1) in both.
    seed
        Seed of the generator used for initialization, shuffling and dropout.
    """

    def __init__(self, sizes: Sequence[int], cost=CrossEntropyCost, output="sigmoid",
                 init: str = "default", seed: int | None = None):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
            raise ValueError(f"sizes must list at least two layer sizes, e.g. [784, 30, 10]; "
                             f"got {sizes!r}")
        self.sizes = [check_positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
        self.cost = get_cost(cost)
        self.output = get_activation(output)
        if self.cost.name == "cross-entropy" and self.output is Linear:
            raise ValueError("the cross-entropy needs outputs in (0, 1); a linear output "
                             "layer can leave that range. Use output='sigmoid', or "
                             "cost='quadratic' with linear outputs (eqs 68-70)")
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}: choose 'default' (N(0, 1/n_in)) "
                             f"or 'large' (N(0, 1))")
        self.init = init
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.biases = [self.rng.standard_normal(n) for n in self.sizes[1:]]
        scale = (lambda n_in: 1.0) if init == "large" else (lambda n_in: 1.0 / math.sqrt(n_in))
        self.weights = [self.rng.standard_normal((n_out, n_in)) * scale(n_in)
                        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]

    # ------------------------------------------------------------------ basics
    @property
    def num_layers(self) -> int:
        return len(self.sizes)

    def __repr__(self) -> str:
        return (f"Network({self.sizes}, cost={self.cost.name!r}, "
                f"output={self.output.name!r}, init={self.init!r}, seed={self.seed})")

    def _inputs(self, X) -> tuple[np.ndarray, bool]:
        X = np.asarray(X, dtype=float)
        single = X.ndim == 1
        if single:
            X = X[None, :]
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (n, {self.sizes[0]}) or ({self.sizes[0]},), "
                             f"got {np.shape(X)}")
        if not np.all(np.isfinite(X)):
            raise ValueError("X contains NaN or infinite values")
        return X, single

    def _forward(self, X: np.ndarray) -> np.ndarray:
        a = X
        last = len(self.weights) - 1
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            z = a @ W.T
            z += b
            a = self.output.fn(z) if l == last else sigmoid(z, out=z)
        return a

    def feedforward(self, X) -> np.ndarray:
        """Output activations for a batch ``X`` of shape ``(m, n_in)`` (or one sample)."""
        X, single = self._inputs(X)
        a = self._forward(X)
        return a[0] if single else a

    def predict(self, X) -> np.ndarray:
        """Predicted class of each sample: the index of the most active output."""
        return np.argmax(self.feedforward(X), axis=-1)

    def accuracy(self, data) -> float:
        """Fraction (not count) of samples in ``(X, y)`` whose class is predicted right."""
        X, y = check_dataset(data, self.sizes[0], self.sizes[-1], require_labels=True)
        return float(np.mean(np.argmax(self._forward(X), axis=1) == y))

    def _targets(self, y: np.ndarray) -> np.ndarray:
        return one_hot(y, self.sizes[-1]) if y.ndim == 1 else y

    def regularization_term(self, lmbda: float, n: int, regularization: str = "l2") -> float:
        """``(lambda/2n) sum w^2`` (eq 85) or ``(lambda/n) sum |w|`` (eq 95); biases excluded."""
        if lmbda == 0:
            return 0.0
        if regularization == "l2":
            return 0.5 * lmbda / n * sum(float(np.sum(W * W)) for W in self.weights)
        return lmbda / n * sum(float(np.sum(np.abs(W))) for W in self.weights)

    def total_cost(self, data, lmbda: float = 0.0, n_train: int | None = None,
                   regularization: str = "l2") -> float:
        """Average cost over ``data`` plus the regularization term.

        The term is scaled by the training-set size ``n_train`` as in eq 85; it
        defaults to ``len(data)``, which is what the source's ``total_cost``
        always uses (and is different from eq 85 when ``data`` is not the
        training set).
        """
        return self.evaluate(data, lmbda, n_train, regularization, accuracy=False)[0]

    def evaluate(self, data, lmbda: float = 0.0, n_train: int | None = None,
                 regularization: str = "l2", accuracy: bool = True
                 ) -> tuple[float, float | None]:
        """``(total_cost, accuracy)`` of ``data`` from a single forward pass.

        The cost is as in :meth:`total_cost`; the accuracy is a fraction as in
        :meth:`accuracy` (``None`` when ``accuracy=False`` or the targets are
        not class labels).
        """
        X, y = check_dataset(data, self.sizes[0], self.sizes[-1])
        lmbda = check_non_negative(lmbda, "lmbda")
        regularization = _check_regularization(regularization)
        n = len(X) if n_train is None else check_positive_int(n_train, "n_train")
        return self._evaluate(X, y, self._targets(y), lmbda, n, regularization,
                              accuracy and y.ndim == 1)

    def _evaluate(self, X, y, Y, lmbda, n, regularization, with_accuracy=True):
        """:meth:`evaluate` for data that has been validated already (no checks)."""
        if len(X) == 0:
            return self.regularization_term(lmbda, n, regularization), None
        a = self._forward(X)
        cost = float(np.mean(self.cost.fn(a, Y))) + self.regularization_term(
            lmbda, n, regularization)
        acc = float(np.mean(np.argmax(a, axis=1) == y)) if with_accuracy else None
        return cost, acc

    # ---------------------------------------------------------------- gradients
    def backprop(self, X, Y) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Gradients of the unregularized cost, averaged over the batch.

        Parameters
        ----------
        X : array (m, n_in)
        Y : array (m, n_out) of targets (one-hot), or integer labels (m,)

        Returns
        -------
        (nabla_w, nabla_b) : lists matching ``weights`` and ``biases``
        """
        X, Y = check_dataset((X, Y), self.sizes[0], self.sizes[-1], name="batch")
        Y = self._targets(Y)
        m = len(X)
        activations, zs = [X], []
        a = X
        last = len(self.weights) - 1
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            z = a @ W.T + b
            a = self.output.fn(z) if l == last else sigmoid(z)
            zs.append(z)
            activations.append(a)
        delta = self.cost.delta(zs[-1], activations[-1], Y, self.output)  # eqs 65/66/84
        nabla_w = [None] * len(self.weights)
        nabla_b = [None] * len(self.biases)
        for l in range(last, -1, -1):
            nabla_w[l] = delta.T @ activations[l] / m
            nabla_b[l] = delta.sum(axis=0) / m
            if l > 0:
                a = activations[l]
                delta = (delta @ self.weights[l]) * a * (1.0 - a)  # BP2
        return nabla_w, nabla_b

    # ------------------------------------------------------------------ training
    def SGD(self, training_data, epochs: int, mini_batch_size: int, eta: float,
            lmbda: float = 0.0, evaluation_data=None, *,
            regularization: str = "l2", dropout: float = 0.0,
            monitor_evaluation_cost: bool = False,
            monitor_evaluation_accuracy: bool = False,
            monitor_training_cost: bool = False,
            monitor_training_accuracy: bool = False,
            monitor_weight_norm: bool = False,
            early_stopping_n: int | None = None,
            eta_schedule: Callable[[int, "History"], float] | None = None,
            progress: bool = False, shuffle: bool = True) -> History:
        """Train by mini-batch stochastic gradient descent; return a :class:`History`.

        Parameters
        ----------
        training_data : (X, y)
        epochs : number of passes over the training data
        mini_batch_size : samples per gradient step (the last batch may be smaller)
        eta : learning rate
        lmbda : regularization parameter; the penalty is scaled by the
            training-set size n (eqs 85-93 for L2, 95-98 for L1)
        evaluation_data : (X, y), optional, monitored after every epoch
        regularization : ``"l2"`` (weight decay, eq 93) or ``"l1"`` (eq 98)
        dropout : probability of dropping each hidden neuron during training
            (inverted dropout: survivors are scaled by 1/(1-p), so nothing
            changes at evaluation time)
        monitor_* : which per-epoch series to record (accuracies as fractions)
        early_stopping_n : stop after this many epochs without a new best
            evaluation accuracy, and restore the best weights (needs
            ``evaluation_data``)
        eta_schedule : ``f(epoch, history) -> eta`` called before each epoch
        progress : show a tqdm progress bar
        shuffle : shuffle the training data every epoch (as the source does)
        """
        X, y = check_dataset(training_data, self.sizes[0], self.sizes[-1], "training_data")
        if len(X) == 0:
            raise ValueError("training_data is empty")
        epochs = check_positive_int(epochs, "epochs", allow_zero=True)
        mini_batch_size = check_positive_int(mini_batch_size, "mini_batch_size")
        eta = check_positive(eta, "eta")
        lmbda = check_non_negative(lmbda, "lmbda")
        regularization = _check_regularization(regularization)
        dropout = check_non_negative(dropout, "dropout")
        if dropout >= 1:
            raise ValueError(f"dropout is the probability of dropping a hidden neuron and "
                             f"must be in [0, 1), got {dropout}")
        if evaluation_data is not None:
            evaluation_data = check_dataset(evaluation_data, self.sizes[0], self.sizes[-1],
                                            "evaluation_data")
        elif monitor_evaluation_cost or monitor_evaluation_accuracy or early_stopping_n:
            raise ValueError("evaluation_data is needed to monitor evaluation cost or "
                             "accuracy, or to stop early")
        if early_stopping_n is not None:
            early_stopping_n = check_positive_int(early_stopping_n, "early_stopping_n")
            if evaluation_data[1].ndim != 1:
                raise ValueError("early stopping watches the evaluation accuracy, which "
                                 "needs integer labels in evaluation_data")
        if (monitor_training_accuracy and y.ndim != 1) or (
                monitor_evaluation_accuracy and evaluation_data[1].ndim != 1):
            raise ValueError("accuracy can only be monitored with integer class labels")
        n = len(X)
        Y = self._targets(y)
        history = History()
        epoch_iter = range(epochs)
        if progress:
            from tqdm.auto import tqdm
            epoch_iter = tqdm(epoch_iter, desc="epochs", leave=False)
        if evaluation_data is not None:
            eX, ey = evaluation_data
            eY = self._targets(ey)
        best_acc, best_params, since_best = -1.0, None, 0
        # One BLAS thread while training. NumPy and SciPy each bundle an OpenBLAS
        # whose threads spin while they wait; on 2 cores the two pools (and any
        # other busy process) starve each other, which made [784, 100, 10] epochs
        # hundreds of times slower on a loaded machine. Mini-batches of 10 gain
        # nothing from threads, and one thread makes results independent of the
        # machine's thread settings.
        with threadpool_limits(limits=1, user_api="blas"):
            for epoch in epoch_iter:
                if eta_schedule is not None:
                    eta = check_positive(eta_schedule(epoch, history), "eta_schedule(...)")
                t0 = time.perf_counter()
                order = self.rng.permutation(n) if shuffle else np.arange(n)
                self._train_epoch(X, Y, order, mini_batch_size, eta, lmbda, n,
                                  regularization, dropout)
                history.epoch_times.append(time.perf_counter() - t0)
                history.eta.append(eta)
                history.epochs_run = epoch + 1
                if monitor_training_cost or monitor_training_accuracy:
                    c, acc = self._evaluate(X, y, Y, lmbda, n, regularization,
                                            monitor_training_accuracy)
                    if monitor_training_cost:
                        history.training_cost.append(c)
                    if monitor_training_accuracy:
                        history.training_accuracy.append(acc)
                if monitor_evaluation_cost or monitor_evaluation_accuracy or early_stopping_n:
                    c, acc = self._evaluate(eX, ey, eY, lmbda, n, regularization,
                                            monitor_evaluation_accuracy or bool(early_stopping_n))
                    if monitor_evaluation_cost:
                        history.evaluation_cost.append(c)
                    if monitor_evaluation_accuracy:
                        history.evaluation_accuracy.append(acc)
                if monitor_weight_norm:
                    history.weight_norm.append(
                        math.sqrt(sum(float(np.sum(W * W)) for W in self.weights)))
                if early_stopping_n:
                    if acc > best_acc:
                        best_acc, since_best, history.best_epoch = acc, 0, epoch
                        best_params = ([W.copy() for W in self.weights],
                                       [b.copy() for b in self.biases])
                    else:
                        since_best += 1
                        if since_best >= early_stopping_n:
                            history.stopped_early = True
                            break
            if early_stopping_n and best_params is not None:
                self.weights, self.biases = best_params
        return history

    def _train_epoch(self, X, Y, order, m, eta, lmbda, n, regularization, dropout):
        """One pass of mini-batch SGD, fused for speed.

        The same mathematics as :meth:`backprop` followed by the update of
        eq 93 (or 98), with three shortcuts that change no result beyond
        rounding: the output error is multiplied by ``eta/m`` once, so every
        gradient that follows from it is already the step to take; each weight
        update ``W <- decay * W - step`` is a single BLAS call
        (``dgemm`` with ``beta = decay``, writing into ``W`` in place), so the
        L2 weight decay costs nothing extra; and buffers are reused.
        """
        for l, W in enumerate(self.weights):  # dgemm updates in place only in this layout
            if not (W.flags.c_contiguous and W.dtype == np.float64 and W.flags.writeable):
                self.weights[l] = np.ascontiguousarray(W, dtype=np.float64).copy()
            self.biases[l] = np.array(self.biases[l], dtype=np.float64)
        Ws, bs = self.weights, self.biases
        WTs = [W.T for W in Ws]  # Fortran-ordered views: what dgemm updates in place
        L = len(Ws)
        output, cost = self.output, self.cost
        decay = 1.0 - eta * lmbda / n if regularization == "l2" else 1.0
        l1_step = eta * lmbda / n if regularization == "l1" else 0.0
        keep = 1.0 - dropout
        rng = self.rng
        acts = [None] * (L + 1)   # layer inputs after dropout: used for dC/dw
        raw = [None] * (L + 1)    # sigmoid outputs before dropout: used for sigma'
        masks = [None] * (L + 1)
        for start in range(0, n, m):
            idx = order[start:start + m]
            a = X[idx]
            acts[0] = a
            for l in range(L):
                z = a @ WTs[l]
                z += bs[l]
                if l == L - 1:
                    a = output.fn(z, out=z)
                else:
                    a = raw[l + 1] = sigmoid(z, out=z)
                    if keep < 1.0:
                        masks[l + 1] = (rng.random(a.shape) < keep) / keep
                        a = a * masks[l + 1]
                acts[l + 1] = a
            # delta^L from the activations alone (every activation here has a
            # derivative expressible through a), scaled once by eta/m
            delta = cost.delta(None, a, Y[idx], output, out=a)
            delta *= eta / len(idx)
            for l in range(L - 1, -1, -1):
                if l > 0:  # BP2, with the weights before this step's update
                    back = delta @ Ws[l]
                    back *= raw[l]
                    back *= 1.0 - raw[l]
                    if keep < 1.0:
                        back *= masks[l]
                if l1_step:
                    Ws[l] -= l1_step * np.sign(Ws[l])
                # W^T <- decay * W^T - a_prev^T @ delta   (eq 93; decay = 1 without L2)
                _dgemm(-1.0, acts[l], delta, decay, WTs[l], trans_a=1, overwrite_c=1)
                bs[l] -= delta.sum(axis=0)
                if l > 0:
                    delta = back
        if not all(np.shares_memory(WT, W) for WT, W in zip(WTs, Ws)):  # pragma: no cover
            raise RuntimeError("internal error: the weights were not updated in place")

    # ---------------------------------------------------------------- save/load
    def to_dict(self) -> dict:
        """The network as plain JSON-ready data (see :meth:`save` for the format)."""
        return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "sizes": self.sizes,
                "cost": self.cost.name, "output": self.output.name, "init": self.init,
                "seed": self.seed,
                "weights": [W.tolist() for W in self.weights],
                "biases": [b.tolist() for b in self.biases]}

    def save(self, path) -> Path:
        """Save as JSON, atomically.

        Format (version 1): an object with ``"format": "nnlib-network"``,
        ``"version": 1``, ``"sizes"``, ``"cost"`` and ``"output"`` names,
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
                      init=data.get("init", "default"), seed=data.get("seed"))
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
