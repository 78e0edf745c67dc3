"""Activation functions of a layer, vectorized over a mini-batch (samples in rows).

Each activation is a small class with static methods:

``fn(z)``
    the activation itself, applied to a batch ``z`` of shape ``(m, n)``;
``prime(z)``
    its elementwise derivative (only for elementwise activations);
``backward(a, grad_a)``
    the chain rule through the activation: given the output ``a`` and
    ``dC/da``, return ``dC/dz``.  Every activation here has a derivative that
    can be written with its output alone: ``sigma' = a (1 - a)`` for the
    sigmoid, 1 for the linear neuron, and the Jacobian-vector product
    ``a * (grad_a - sum(grad_a * a))`` for the softmax.

Hidden layers may be sigmoid, tanh (eqs 109-111) or rectified linear (eq 112).
Backpropagation (BP2) needs their derivative at every hidden neuron, and each
hidden activation gives it from the neuron's output ``a`` alone:
``prime_from_output(a)`` is ``sigma'(z) = a (1 - a)``, ``tanh'(z) = 1 - a^2``
or ``relu'(z) = 1 if a > 0 else 0``.
"""
from __future__ import annotations

import numpy as np
from scipy.special import expit as _expit

__all__ = ["Sigmoid", "Tanh", "ReLU", "Softmax", "Linear", "sigmoid", "sigmoid_prime",
           "tanh", "relu", "softmax", "log_softmax", "ACTIVATIONS", "HIDDEN",
           "get_activation"]


def sigmoid(z: np.ndarray | float) -> np.ndarray:
    """Logistic function ``1 / (1 + exp(-z))`` (eq 3).

    SciPy's ``expit`` computes it as one ufunc that never overflows (a plain
    ``1 / (1 + np.exp(-z))`` warns for ``z < -709``).
    """
    return _expit(z)


def sigmoid_prime(z: np.ndarray | float) -> np.ndarray:
    """Derivative of the sigmoid, ``sigma(z) * (1 - sigma(z))`` (eq 74)."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z: np.ndarray | float) -> np.ndarray:
    """Hyperbolic tangent ``(e^z - e^-z) / (e^z + e^-z)`` (eq 110), in (-1, 1).

    A rescaled sigmoid: ``sigma(z) = (1 + tanh(z/2)) / 2`` (eq 111).
    """
    return np.tanh(z)


def relu(z: np.ndarray | float) -> np.ndarray:
    """Rectified linear function ``max(0, z)`` (eq 112)."""
    return np.maximum(z, 0.0)


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis`` (eq 78), stable: the max is subtracted first.

    ``softmax(z + c) == softmax(z)`` for any constant ``c``, so shifting by the
    max changes nothing mathematically but keeps every ``exp`` at most 1.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    e /= np.sum(e, axis=axis, keepdims=True)
    return e


def log_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    """``ln softmax(z)`` computed directly and stably: ``(z - c) - ln sum exp(z - c)``.

    ``c = max(z)``.  Every exponent is at most 0, so nothing overflows, and the
    logarithm never sees an underflowed 0: for ``z = [1000, 0]`` it returns
    ``[0, -1000]`` where ``np.log(softmax(z))`` gives ``[0, -inf]``.
    """
    z = np.asarray(z, dtype=float)
    if z.ndim == 0:
        raise ValueError("log_softmax needs a vector (or a batch of vectors), not a scalar")
    if not np.all(np.isfinite(z)):
        raise ValueError("log_softmax: z contains NaN or infinite values")
    shifted = z - np.max(z, axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


class Sigmoid:
    """Sigmoid neurons: ``a = sigma(z)``, ``sigma' = sigma (1 - sigma)``."""

    name = "sigmoid"
    elementwise = True

    fn = staticmethod(sigmoid)

    @staticmethod
    def prime(z: np.ndarray) -> np.ndarray:
        return sigmoid_prime(z)

    @staticmethod
    def backward(a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        return grad_a * a * (1.0 - a)

    @staticmethod
    def prime_from_output(a: np.ndarray, keep: float = 1.0) -> np.ndarray:
        """``sigma'(z) = a (1 - a)`` from the output ``a = sigma(z)`` (eq 74).

        With dropout (``keep = 1 - p``), ``a`` is the thinned output
        ``sigma(z) mask / keep`` and the result is ``da/dz = a (1 - keep a)``,
        0 where the neuron was dropped.
        """
        if keep == 1:
            return a * (1 - a)
        return a * (1 - keep * a)


class Tanh:
    """tanh neurons (eqs 109-110): ``a = tanh(z)`` in (-1, 1), ``tanh' = 1 - a^2``."""

    name = "tanh"
    elementwise = True

    fn = staticmethod(tanh)

    @staticmethod
    def prime(z: np.ndarray) -> np.ndarray:
        return 1.0 - np.tanh(z) ** 2

    @staticmethod
    def backward(a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        return grad_a * (1.0 - a ** 2)

    @staticmethod
    def prime_from_output(a: np.ndarray, keep: float = 1.0) -> np.ndarray:
        """``tanh'(z) = 1 - a^2`` from the output ``a = tanh(z)``.

        With dropout, ``a = tanh(z) mask / keep`` and the result is
        ``da/dz = (1 - (keep a)^2) mask / keep``; the mask is read off as
        ``a != 0`` (tanh is 0 only at z = 0 exactly).
        """
        if keep == 1:
            return 1 - a ** 2
        return (1 - (keep * a) ** 2) * (a != 0) / keep


class ReLU:
    """Rectified linear units (eq 112): ``a = max(0, z)``; slope 1 for z > 0, else 0."""

    name = "relu"
    elementwise = True

    fn = staticmethod(relu)

    @staticmethod
    def prime(z: np.ndarray) -> np.ndarray:
        return (np.asarray(z) > 0).astype(float)

    @staticmethod
    def backward(a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        return grad_a * (a > 0)

    @staticmethod
    def prime_from_output(a: np.ndarray, keep: float = 1.0) -> np.ndarray:
        """``relu'(z)`` from the output: 1 where ``a > 0``, else 0 (also at z = 0).

        With dropout, ``a = relu(z) mask / keep`` and ``da/dz = mask / keep``
        where ``z > 0``, which is where ``a > 0``.
        """
        return (a > 0) / keep


class Linear:
    """Linear (identity) neurons: ``a = z`` (eqs 68-70)."""

    name = "linear"
    elementwise = True

    @staticmethod
    def fn(z: np.ndarray) -> np.ndarray:
        return np.array(z, dtype=float)

    @staticmethod
    def prime(z: np.ndarray) -> np.ndarray:
        return np.ones_like(np.asarray(z, dtype=float))

    @staticmethod
    def backward(a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        return np.array(grad_a, dtype=float)


class Softmax:
    """Softmax output layer (eq 78): positive activations that sum to 1 (eq 79)."""

    name = "softmax"
    elementwise = False

    @staticmethod
    def fn(z: np.ndarray) -> np.ndarray:
        return softmax(z, axis=-1)

    @staticmethod
    def jacobian(z: np.ndarray) -> np.ndarray:
        """``J[..., j, k] = da_j/dz_k = a_j (delta_jk - a_k)``."""
        a = softmax(z, axis=-1)
        return a[..., :, None] * (np.eye(a.shape[-1]) - a[..., None, :])

    @staticmethod
    def prime(z: np.ndarray) -> np.ndarray:
        raise TypeError("the softmax is not elementwise: use Softmax.jacobian(z) "
                        "or Softmax.backward(a, grad_a)")

    @staticmethod
    def backward(a: np.ndarray, grad_a: np.ndarray) -> np.ndarray:
        return a * (grad_a - np.sum(grad_a * a, axis=-1, keepdims=True))


#: The activations an output layer may use.
ACTIVATIONS = {cls.name: cls for cls in (Sigmoid, Softmax, Linear)}
#: The activations a hidden layer may use (they have ``prime_from_output``).
HIDDEN = {cls.name: cls for cls in (Sigmoid, Tanh, ReLU)}


def get_activation(act: str | type, choices: dict | None = None) -> type:
    """Return the activation class for a name (``"sigmoid"``, ...) or a class.

    ``choices``: the names accepted, :data:`ACTIVATIONS` (the output layer's,
    default) or :data:`HIDDEN`.
    """
    choices = ACTIVATIONS if choices is None else choices
    if isinstance(act, str):
        try:
            return choices[act.lower()]
        except KeyError:
            raise ValueError(f"unknown activation {act!r}: choose one of "
                             f"{sorted(choices)}") from None
    if isinstance(act, type) and all(hasattr(act, method) for method in ("fn", "backward")):
        return act
    raise TypeError(f"activation must be a name {sorted(choices)} or a class "
                    f"with fn and backward, not {act!r}")
