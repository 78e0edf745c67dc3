"""Checks at the API boundary, so bad input fails with a message that names the
problem and the fix instead of a NumPy traceback from deep inside."""
from __future__ import annotations

import numbers

import numpy as np

__all__ = ["check_dataset", "check_positive", "check_non_negative", "check_positive_int",
           "one_hot"]


def check_positive(value, name: str) -> float:
    """``value`` as a float, or a ValueError if it is not a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or \
            not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def check_non_negative(value, name: str) -> float:
    """``value`` as a float, or a ValueError if it is not a finite number >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or \
            not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a number >= 0, got {value!r}")
    return float(value)


def check_positive_int(value, name: str, allow_zero: bool = False) -> int:
    """``value`` as an int, or a ValueError if it is not a positive integer."""
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if not ok or value < (0 if allow_zero else 1):
        kind = "a non-negative" if allow_zero else "a positive"
        raise ValueError(f"{name} must be {kind} integer, got {value!r}")
    return int(value)


def one_hot(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Rows of the identity: ``one_hot([2, 0], 3) == [[0, 0, 1], [1, 0, 0]]``."""
    labels = np.asarray(labels)
    out = np.zeros((labels.shape[0], n_classes))
    out[np.arange(labels.shape[0]), labels] = 1.0
    return out


def check_dataset(data, n_in: int, n_out: int, name: str = "data",
                  require_labels: bool = False):
    """Validate a data set ``(X, y)`` and return ``(X, y)`` as clean arrays.

    ``X`` must have shape ``(n, n_in)`` with finite values.  ``y`` is either
    integer class labels of shape ``(n,)`` in ``[0, n_out)`` or real targets of
    shape ``(n, n_out)``.  Returns ``X`` as C-contiguous float64 and ``y`` as
    int64 labels or float64 targets.
    """
    if not (isinstance(data, (tuple, list)) and len(data) == 2):
        raise TypeError(f"{name} must be a pair (X, y) of arrays, got "
                        f"{type(data).__name__}; e.g. training, validation, test = "
                        f"nnlib.load_mnist()")
    X, y = data
    X = np.asarray(X)
    if X.ndim == 1 and n_in == 1:
        X = X[:, None]
    if X.ndim != 2 or X.shape[1] != n_in:
        raise ValueError(f"{name}: X must have shape (n, {n_in}) (one sample per row, "
                         f"{n_in} inputs as the network's first layer), got {X.shape}")
    if not np.issubdtype(X.dtype, np.number) or np.issubdtype(X.dtype, np.complexfloating):
        raise TypeError(f"{name}: X must hold real numbers, got dtype {X.dtype}")
    X = np.ascontiguousarray(X, dtype=float)
    if not np.all(np.isfinite(X)):
        bad = int(np.count_nonzero(~np.isfinite(X)))
        raise ValueError(f"{name}: X contains {bad} NaN or infinite value(s); "
                         f"clean or impute them before training")
    y = np.asarray(y)
    if y.shape[:1] != (X.shape[0],):
        raise ValueError(f"{name}: X has {X.shape[0]} samples but y has shape {y.shape}; "
                         f"give one label per row of X")
    if y.ndim == 1:
        if y.dtype.kind == "f" and np.all(np.isfinite(y)) and np.all(y == np.round(y)):
            y = y.astype(np.int64)
        if y.dtype.kind not in "iu":
            raise TypeError(f"{name}: labels y must be integers (class numbers), got "
                            f"dtype {y.dtype}")
        if y.size and (y.min() < 0 or y.max() >= n_out):
            raise ValueError(f"{name}: labels must lie in [0, {n_out}) for a network with "
                             f"{n_out} outputs, got values from {y.min()} to {y.max()}")
        return X, y.astype(np.int64)
    if require_labels:
        raise ValueError(f"{name}: accuracy needs integer class labels of shape (n,), "
                         f"got targets of shape {y.shape}")
    if y.ndim != 2 or y.shape[1] != n_out:
        raise ValueError(f"{name}: y must be labels of shape (n,) or targets of shape "
                         f"(n, {n_out}), got {y.shape}")
    y = np.ascontiguousarray(y, dtype=float)
    if not np.all(np.isfinite(y)):
        raise ValueError(f"{name}: targets y contain NaN or infinite values")
    return X, y
