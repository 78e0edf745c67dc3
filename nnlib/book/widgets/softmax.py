"""Softmax sliders and the temperature slider (chapter 3), and outputs read as probabilities.

:class:`SoftmaxExplorer` is the live widget: sliders for the weighted inputs
``z_1..z_n`` (and, with ``c=...``, for the constant ``c`` of eq 83) and the bars of
the activations ``a_j`` (eq 78) with their sum (eq 79). Its JavaScript
(``js/softmax.js``) computes the softmax in the reader's browser (checked against
:func:`nnlib.softmax` to 1e-9), so it works on the static site.

Numbers: :func:`softmax_with_c` (eq 83), :func:`z_sweep_activations`,
:func:`temperature_activations`; :func:`plot_reliability` draws a table of
:func:`nnlib.book.calibration.reliability_table` (outputs read as probabilities).
"""
from __future__ import annotations

from typing import Sequence

import anywidget
import numpy as np
import traitlets as t

from ...activations import softmax
from ._base import esm, finite

__all__ = ["DEFAULT_Z", "SoftmaxExplorer", "c_values", "softmax_with_c",
           "z_sweep_activations", "temperature_activations", "plot_reliability"]

#: A start with one clearly dominant output (a_1 is about 0.75).
DEFAULT_Z = (2.5, 1.0, 0.0, -1.0)


# --------------------------------------------------------------------- maths
def _as_z(z, name: str = "z") -> np.ndarray:
    z = np.asarray(z, dtype=float)
    if z.ndim != 1 or z.size < 2:
        raise ValueError(f"{name} must be a 1-d sequence of at least two weighted inputs, "
                         f"e.g. (2.5, 1.0, 0.0, -1.0); got shape {z.shape}")
    if not np.all(np.isfinite(z)):
        raise ValueError(f"{name} contains NaN or infinite values: {z}")
    return z


def _check_c(c) -> float:
    c = float(c)
    if not np.isfinite(c) or c <= 0:
        raise ValueError(f"the constant c of eq 83 must be a positive number, got {c!r}")
    return c


def softmax_with_c(z: Sequence[float], c: float = 1.0) -> np.ndarray:
    """Eq 83: ``a_j = exp(c z_j) / sum_k exp(c z_k)``; ``c = 1`` is the softmax (eq 78).

    Raises
    ------
    ValueError
        if ``c`` is not a positive finite number or ``z`` is not a finite 1-d vector.
    """
    return softmax(_check_c(c) * _as_z(z))


def z_sweep_activations(z: Sequence[float], j: int, values: Sequence[float]) -> np.ndarray:
    """Softmax activations while ``z[j]`` takes each of ``values`` (others fixed).

    Returns an array of shape ``(len(values), len(z))``: row ``t`` is
    ``softmax(z)`` with ``z[j] = values[t]``.
    """
    z = _as_z(z)
    if not (isinstance(j, (int, np.integer)) and 0 <= j < z.size):
        raise ValueError(f"j must be an index 0..{z.size - 1} of z, got {j!r}")
    values = np.asarray(values, dtype=float).ravel()
    if values.size == 0 or not np.all(np.isfinite(values)):
        raise ValueError("values must be a non-empty sequence of finite numbers")
    Z = np.repeat(z[None, :], values.size, axis=0)
    Z[:, j] = values
    return softmax(Z, axis=1)


def temperature_activations(z: Sequence[float], cs: Sequence[float]) -> np.ndarray:
    """Eq 83 for each constant in ``cs``: shape ``(len(cs), len(z))``."""
    z = _as_z(z)
    cs = np.asarray(cs, dtype=float).ravel()
    if cs.size == 0 or not np.all(np.isfinite(cs)) or np.any(cs <= 0):
        raise ValueError("cs must be a non-empty sequence of positive numbers (eq 83 needs c > 0)")
    return softmax(cs[:, None] * z[None, :], axis=1)


# -------------------------------------------------------------- live widget
def c_values(cmin: float = 0.1, cmax: float = 10.0, per_decade: int = 20) -> list[float]:
    """The values the c slider steps through: log-spaced, 3 significant digits, with 1."""
    cmin, cmax = _check_c(cmin), _check_c(cmax)
    if not cmin < cmax:
        raise ValueError(f"need cmin < cmax, got {cmin} and {cmax}")
    lo, hi = np.log10(cmin), np.log10(cmax)
    k = np.arange(np.floor(lo * per_decade), np.ceil(hi * per_decade) + 1)
    vals = {float(f"{v:.3g}") for v in 10.0 ** (k / per_decade)} | {cmin, cmax, 1.0}
    return sorted(v for v in vals if cmin <= v <= cmax)


class SoftmaxExplorer(anywidget.AnyWidget):
    """Sliders for ``z`` (and optionally ``c``) and the softmax bars, drawn in the browser.

    Parameters
    ----------
    z : starting weighted inputs (2 to 9 of them); the default has one clearly
        dominant output
    c : the constant of eq 83; give it to show the c slider (the temperature
        view), leave it out for the plain softmax sliders
    c_range : (cmin, cmax), the c slider's range, stepped on a log scale
    z_range : (zmin, zmax), the z sliders' range (step 0.05)

    The drawing's root element has class ``nnlib-softmax`` and ``data-z``,
    ``data-c``, ``data-a`` (JSON lists) and ``data-sum``.
    """

    _esm = esm("softmax")
    z = t.List(t.Float()).tag(sync=True)
    c = t.Float(1.0).tag(sync=True)
    show_c = t.Bool(False).tag(sync=True)
    c_values = t.List(t.Float()).tag(sync=True)
    z_min = t.Float(-5.0).tag(sync=True)
    z_max = t.Float(5.0).tag(sync=True)
    z_step = t.Float(0.05).tag(sync=True)

    def __init__(self, z: Sequence[float] = DEFAULT_Z, c: float | None = None,
                 c_range: tuple[float, float] = (0.1, 10.0),
                 z_range: tuple[float, float] = (-5.0, 5.0)) -> None:
        zmin, zmax = (finite(v, "z_range") for v in z_range)
        if not zmin < zmax:
            raise ValueError(f"z_range must be (zmin, zmax) with zmin < zmax, got {z_range!r}")
        values = c_values(*c_range)
        show = c is not None
        c = 1.0 if c is None else _check_c(c)
        if not values[0] <= c <= values[-1]:
            raise ValueError(f"c={c} must lie in c_range={c_range}")
        super().__init__(z_min=zmin, z_max=zmax, show_c=show,
                         c_values=sorted({*values, c}), c=c, z=list(_as_z(z)))

    @t.validate("z")
    def _valid_z(self, proposal):
        z = _as_z(proposal["value"])
        if z.size > 9:
            raise ValueError(f"at most 9 weighted inputs fit the picture, got {z.size}")
        if np.any(z < self.z_min) or np.any(z > self.z_max):
            raise ValueError(f"z {[float(v) for v in z]} must lie in the slider range "
                             f"[{self.z_min:g}, {self.z_max:g}] (z_range)")
        return [float(v) for v in z]

    @t.validate("c")
    def _valid_c(self, proposal):
        return _check_c(proposal["value"])

    @property
    def a(self) -> np.ndarray:
        """The activations the browser draws, computed by nnlib."""
        return softmax_with_c(self.z, self.c)


# ------------------------------------------------------------- calibration
def plot_reliability(rel, ax=None, label: str | None = None, **kw):
    """Accuracy per confidence bin against the diagonal of perfect calibration.

    Several tables can share one ``ax``; the diagonal is drawn only once.
    """
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(4.2, 4.0))
    filled = rel.count > 0
    if not any(line.get_gid() == "diagonal" for line in ax.get_lines()):  # draw it once
        ax.plot([0, 1], [0, 1], ls="--", color="0.5", lw=1, label="perfectly calibrated",
                gid="diagonal")
    ax.plot(rel.confidence[filled], rel.accuracy[filled], marker="o", label=label, **kw)
    ax.set_xlabel("confidence (largest output)")
    ax.set_ylabel("accuracy in the bin")
    ax.set_xlim(rel.edges[0], 1.0)
    ax.set_ylim(0, 1.02)
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, fontsize=9)
    return ax
