"""The polynomial-fitting example behind "simpler explanations generalize better".

Ten points are drawn near a straight line.  A degree-9 polynomial has ten
coefficients, so it can pass through all ten points exactly; a line cannot.
Which one predicts new points from the same source better?  The functions
here make the points, fit both models with :mod:`numpy.polynomial`, and
measure the errors, so that the chapter can compute the answer instead of
asserting it.
"""
from __future__ import annotations

import numpy as np
from numpy.polynomial import Polynomial

__all__ = ["make_points", "fit_polynomial", "rms_error"]


def make_points(n: int = 10, slope: float = 2.0, noise: float = 0.5,
                x_range: tuple[float, float] = (0.0, 5.0),
                seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points ``(x, slope * x + noise * N(0, 1))`` with ``x`` uniform in ``x_range``.

    Returns ``(x, y)`` sorted by ``x``.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be a whole number of points >= 2, got {n!r}")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    lo, hi = x_range
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"x_range must be (low, high) with low < high, got {x_range!r}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(lo, hi, n))
    y = slope * x + noise * rng.standard_normal(n)
    return x, y


def fit_polynomial(x, y, degree: int) -> Polynomial:
    """Least-squares polynomial of the given degree through the points ``(x, y)``.

    With ``degree = len(x) - 1`` the fit interpolates: it passes through
    every point.  A higher degree is under-determined and is refused.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape:
        raise ValueError(f"x and y must be 1-D arrays of the same length, got shapes "
                         f"{x.shape} and {y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y must not contain NaN or infinite values")
    if isinstance(degree, bool) or not isinstance(degree, (int, np.integer)) or degree < 0:
        raise ValueError(f"degree must be a whole number >= 0, got {degree!r}")
    if degree >= len(x):
        raise ValueError(f"a degree-{degree} polynomial has {degree + 1} coefficients, more "
                         f"than the {len(x)} points can determine; use degree <= {len(x) - 1}")
    if len(np.unique(x)) < degree + 1:
        raise ValueError(f"a degree-{degree} fit needs at least {degree + 1} distinct x values")
    return Polynomial.fit(x, y, degree)


def rms_error(poly: Polynomial, x, y) -> float:
    """Root-mean-square distance between ``poly(x)`` and ``y``."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.shape != y.shape or x.size == 0:
        raise ValueError(f"x and y must be non-empty and of the same shape, got {x.shape} "
                         f"and {y.shape}")
    return float(np.sqrt(np.mean((poly(x) - y) ** 2)))
