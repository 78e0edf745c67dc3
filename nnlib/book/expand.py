"""Expanding a training set with small rotations and shifts of its images.

Everything here is plain NumPy.  An image is resampled by *inverse mapping*:
for every pixel of the output we ask where it came from in the input, and read
the input there by bilinear interpolation (a weighted average of the four
nearest pixels).  Points that fall outside the 28×28 frame read as 0, the
background of MNIST.

Conventions
-----------
* Images are rows of ``X`` with 784 = 28×28 values (MNIST's layout), or arrays
  of shape ``(n, 28, 28)``, or a single image ``(784,)`` / ``(28, 28)``; the
  output has the same shape as the input.
* ``degrees > 0`` turns the picture counter-clockwise as it is displayed
  (row 0 at the top), about the centre of the frame (13.5, 13.5).
* ``dx > 0`` moves the picture right, ``dy > 0`` moves it down, in pixels.
"""
from __future__ import annotations

import numpy as np

__all__ = ["transform", "rotate", "shift", "expand", "SIDE"]

#: Side of an MNIST image in pixels.
SIDE = 28


def _as_stack(images) -> tuple[np.ndarray, tuple]:
    """Images as a float array (n, 28, 28), and the shape to give back."""
    arr = np.asarray(images)
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise ValueError(f"images must be a numeric array, got dtype {arr.dtype}")
    shape = arr.shape
    if shape == (SIDE * SIDE,) or shape == (SIDE, SIDE):
        stack = arr.reshape(1, SIDE, SIDE)
    elif arr.ndim == 2 and shape[1] == SIDE * SIDE:
        stack = arr.reshape(-1, SIDE, SIDE)
    elif arr.ndim == 3 and shape[1:] == (SIDE, SIDE):
        stack = arr
    else:
        raise ValueError(f"images must have shape (n, 784), (n, 28, 28), (784,) or (28, 28); "
                         f"got {shape}. Reshape flat 28x28 images with X.reshape(-1, 784)")
    stack = stack.astype(float)
    if not np.all(np.isfinite(stack)):
        raise ValueError("images contain NaN or infinite values")
    return stack, shape


def _per_image(value, n: int, name: str) -> np.ndarray:
    """A scalar or one value per image, as a float array of shape (n,)."""
    v = np.asarray(value, dtype=float)
    if v.ndim == 0:
        v = np.full(n, float(v))
    if v.shape != (n,):
        raise ValueError(f"{name} must be a number or one number per image ({n}), "
                         f"got shape {v.shape}")
    if not np.all(np.isfinite(v)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return v


def transform(images, degrees=0.0, dx=0.0, dy=0.0) -> np.ndarray:
    """Rotate each image about its centre, then shift it; bilinear interpolation.

    Parameters
    ----------
    images : array (n, 784), (n, 28, 28), (784,) or (28, 28)
    degrees : float or array (n,)
        Counter-clockwise rotation (as displayed), one angle for all images
        or one per image.
    dx, dy : float or array (n,)
        Shift right (``dx``) and down (``dy``) in pixels; need not be whole.

    Returns
    -------
    array of the input's shape, values a convex combination of input pixels
    (so MNIST's range [0, 1] is kept); pixels that come from outside the
    frame are 0.
    """
    stack, shape = _as_stack(images)
    n = len(stack)
    theta = np.deg2rad(_per_image(degrees, n, "degrees"))[:, None, None]
    dx = _per_image(dx, n, "dx")[:, None, None]
    dy = _per_image(dy, n, "dy")[:, None, None]
    c = (SIDE - 1) / 2.0
    rows, cols = np.mgrid[0:SIDE, 0:SIDE].astype(float)
    # Undo the shift, then undo the rotation.  With y pointing up (-row), a
    # counter-clockwise turn by theta maps (x, y) -> R(theta)(x, y); the
    # source point is R(-theta) applied to the output point.
    x = cols[None] - dx - c
    y = -(rows[None] - dy - c)
    cos, sin = np.cos(theta), np.sin(theta)
    src_x = cos * x + sin * y
    src_y = -sin * x + cos * y
    src_c = src_x + c
    src_r = -src_y + c
    return _bilinear(stack, src_r, src_c).reshape(shape)


def _bilinear(stack: np.ndarray, r: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Read ``stack[i]`` at real positions ``(r[i], c[i])``; outside the frame is 0."""
    n = len(stack)
    # Snap values within 1e-9 of a whole number, so that exact moves (90°
    # turns, whole-pixel shifts) copy pixels exactly despite rounding.
    r = np.where(np.abs(r - np.round(r)) < 1e-9, np.round(r), r)
    c = np.where(np.abs(c - np.round(c)) < 1e-9, np.round(c), c)
    r0 = np.floor(r).astype(int)
    c0 = np.floor(c).astype(int)
    fr = r - r0
    fc = c - c0
    padded = np.zeros((n, SIDE + 2, SIDE + 2))
    padded[:, 1:-1, 1:-1] = stack
    # Indices into the zero-padded frame; anything further out reads the pad.
    i = np.arange(n)[:, None, None]

    def at(rr, cc):
        rr = np.clip(rr + 1, 0, SIDE + 1)
        cc = np.clip(cc + 1, 0, SIDE + 1)
        return padded[i, rr, cc]

    return ((1 - fr) * (1 - fc) * at(r0, c0) + (1 - fr) * fc * at(r0, c0 + 1)
            + fr * (1 - fc) * at(r0 + 1, c0) + fr * fc * at(r0 + 1, c0 + 1))


def rotate(images, degrees) -> np.ndarray:
    """Rotate images counter-clockwise (as displayed) by ``degrees`` about their centre."""
    return transform(images, degrees=degrees)


def shift(images, dx=0.0, dy=0.0) -> np.ndarray:
    """Move images ``dx`` pixels right and ``dy`` pixels down, filling with 0."""
    return transform(images, dx=dx, dy=dy)


def expand(data, copies: int = 4, max_degrees: float = 10.0, max_shift: int = 2,
           seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """A training set grown by ``copies`` randomly rotated and shifted versions.

    Each copy of an image gets its own angle, uniform in
    ``[-max_degrees, max_degrees]``, and its own whole-pixel shifts, uniform
    in ``{-max_shift, ..., max_shift}`` in each direction.

    Parameters
    ----------
    data : (X, y) with X of shape (n, 784) and y of n labels (or n target rows)
    copies : how many transformed copies of every image to add (0 keeps the data)
    max_degrees : largest rotation, in degrees (>= 0)
    max_shift : largest shift, in whole pixels (>= 0)
    seed : seed of the generator that draws the angles and shifts

    Returns
    -------
    (X_big, y_big) : ``(1 + copies) * n`` rows: the originals first, then
    copy 1 of every image, then copy 2, ...; labels repeated to match.
    """
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        raise ValueError("data must be a pair (X, y), e.g. nnlib.subset(training, 1000)")
    X, y = np.asarray(data[0]), np.asarray(data[1])
    if X.ndim != 2 or X.shape[1] != SIDE * SIDE:
        raise ValueError(f"X must have shape (n, 784) (flat 28x28 images), got {X.shape}")
    if len(y) != len(X):
        raise ValueError(f"X has {len(X)} images but y has {len(y)} labels; they must match")
    if isinstance(copies, bool) or not isinstance(copies, (int, np.integer)) or copies < 0:
        raise ValueError(f"copies must be a whole number >= 0, got {copies!r}")
    if not np.isfinite(max_degrees) or max_degrees < 0:
        raise ValueError(f"max_degrees must be a finite number >= 0, got {max_degrees!r}")
    if isinstance(max_shift, bool) or not isinstance(max_shift, (int, np.integer)) \
            or max_shift < 0:
        raise ValueError(f"max_shift must be a whole number of pixels >= 0, got {max_shift!r}")
    rng = np.random.default_rng(seed)
    n = len(X)
    parts = [np.array(X, dtype=float)]
    for _ in range(copies):
        angles = rng.uniform(-max_degrees, max_degrees, n)
        dx = rng.integers(-max_shift, max_shift + 1, n)
        dy = rng.integers(-max_shift, max_shift + 1, n)
        parts.append(transform(X, angles, dx, dy))
    X_big = np.concatenate(parts)
    y_big = np.concatenate([y] * (copies + 1))
    return X_big, y_big
