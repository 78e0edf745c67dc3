"""Activation functions of a layer, vectorized over a mini-batch (samples in rows).

Each activation is a small class with static methods:

``fn(z)``
    the activation itself, applied to a batch ``z`` of shape ``(m, n)``;
``prime(z)``
    its elementwise derivative (only for elementwise activations);
``backward(z, a, grad_a)``
    the chain rule through the activation: given ``dC/da`` return ``dC/dz``.
    For elementwise activations this is ``grad_a * prime(z)``; for the softmax
    it is the Jacobian-vector product ``a * (grad_a - sum(grad_a * a))``.
"""
from __future__ import annotations

import numpy as np
from scipy.special import expit as _expit

__all__ = ["Sigmoid", "Softmax", "Linear", "sigmoid", "sigmoid_prime", "softmax",
           "ACTIVATIONS", "get_activation"]


def sigmoid(z: np.ndarray | float, out: np.ndarray | None = None) -> np.ndarray:
    """Logistic function ``1 / (1 + exp(-z))``, stable for any ``z``.

    SciPy's ``expit`` is one ufunc that never overflows (a plain
    ``1 / (1 + np.exp(-z))`` warns for ``z < -709``); ``out`` lets the training
    loop compute it in place.
    """
    if out is None:
        return _expit(np.asarray(z, dtype=float))
    return _expit(z, out=out)


def sigmoid_prime(z: np.ndarray | float) -> np.ndarray:
    """Derivative of the sigmoid, ``sigma(z) * (1 - sigma(z))`` (eq 74)."""
    s = sigmoid(z)
    return s * (1.0 - s)


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis`` (eq 78), stable: the max is subtracted first.

    ``softmax(z + c) == softmax(z)`` for any constant ``c``, so shifting by the
    max changes nothing mathematically but keeps every ``exp`` at most 1.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    e /= np.sum(e, axis=axis, keepdims=True)
    return e


class Sigmoid:
    """Sigmoid neurons: ``a = sigma(z)``, ``sigma' = sigma (1 - sigma)``."""

    name = "sigmoid"
    elementwise = True

    @staticmethod
    def fn(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        return sigmoid(z, out=out)

    @staticmethod
    def prime(z: np.ndarray) -> np.ndarray:
        return sigmoid_prime(z)

    @staticmethod
    def backward(z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        return grad_a * a * (1.0 - a)


class Linear:
    """Linear (identity) neurons: ``a = z`` (eqs 68-70)."""

    name = "linear"
    elementwise = True

    @staticmethod
    def fn(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        if out is None:
            return np.array(z, dtype=float)
        np.copyto(out, z)
        return out

    @staticmethod
    def prime(z: np.ndarray) -> np.ndarray:
        return np.ones_like(np.asarray(z, dtype=float))

    @staticmethod
    def backward(z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        return np.array(grad_a, dtype=float)


class Softmax:
    """Softmax output layer (eq 78): positive activations that sum to 1 (eq 79)."""

    name = "softmax"
    elementwise = False

    @staticmethod
    def fn(z: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        a = softmax(z, axis=-1)
        if out is None:
            return a
        np.copyto(out, a)
        return out

    @staticmethod
    def jacobian(z: np.ndarray) -> np.ndarray:
        """``J[..., j, k] = da_j/dz_k = a_j (delta_jk - a_k)``."""
        a = softmax(z, axis=-1)
        return a[..., :, None] * (np.eye(a.shape[-1]) - a[..., None, :])

    @staticmethod
    def prime(z: np.ndarray) -> np.ndarray:
        raise TypeError("the softmax is not elementwise: use Softmax.jacobian(z) "
                        "or Softmax.backward(z, a, grad_a)")

    @staticmethod
    def backward(z: np.ndarray, a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        return a * (grad_a - np.sum(grad_a * a, axis=-1, keepdims=True))


ACTIVATIONS = {cls.name: cls for cls in (Sigmoid, Softmax, Linear)}


def get_activation(act: str | type) -> type:
    """Return the activation class for a name (``"sigmoid"``, ...) or a class."""
    if isinstance(act, str):
        try:
            return ACTIVATIONS[act.lower()]
        except KeyError:
            raise ValueError(f"unknown activation {act!r}: choose one of "
                             f"{sorted(ACTIVATIONS)}") from None
    if isinstance(act, type) and all(hasattr(act, m) for m in ("fn", "backward")):
        return act
    raise TypeError(f"activation must be a name {sorted(ACTIVATIONS)} or a class "
                    f"with fn and backward, not {act!r}")
