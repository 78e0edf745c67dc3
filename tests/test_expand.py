"""Tests for nnlib.book.expand: rotations and shifts of 28x28 images, and data expansion."""
import numpy as np
import pytest

from nnlib.book.expand import expand, rotate, shift, transform


@pytest.fixture
def img():
    return np.random.default_rng(0).random((28, 28))


def test_zero_transform_is_identity(img):
    assert np.array_equal(transform(img), img)


def test_quarter_turn_matches_rot90(img):
    # Counter-clockwise as displayed, exactly as numpy's rot90.
    assert np.array_equal(rotate(img, 90), np.rot90(img))
    assert np.array_equal(rotate(img, -90), np.rot90(img, -1))


def test_half_turn_flips_both_axes(img):
    assert np.array_equal(rotate(img, 180), img[::-1, ::-1])


def test_whole_pixel_shifts_move_pixels_and_fill_zero(img):
    right = shift(img, dx=2)
    assert np.array_equal(right[:, 2:], img[:, :-2])
    assert not right[:, :2].any()
    down = shift(img, dy=1)
    assert np.array_equal(down[1:], img[:-1])
    assert not down[0].any()
    up_left = shift(img, dx=-1, dy=-1)
    assert np.array_equal(up_left[:-1, :-1], img[1:, 1:])


def test_half_pixel_shift_averages_neighbours(img):
    half = shift(img, dx=0.5)
    assert np.allclose(half[:, 1:], 0.5 * (img[:, 1:] + img[:, :-1]))


def test_small_rotation_moves_a_point_the_right_way():
    # A single bright pixel right of centre, turned 10 degrees counter-clockwise,
    # must move up (smaller row) and keep its distance from the centre.
    im = np.zeros((28, 28))
    im[13, 23] = im[14, 23] = 1.0  # straddles the centre row 13.5
    out = rotate(im, 10)
    rows, cols = np.nonzero(out > 1e-12)
    r = np.average(np.arange(28), weights=out.sum(axis=1))
    assert r < 13.5 - 1.0
    c = np.average(np.arange(28), weights=out.sum(axis=0))
    assert abs(np.hypot(r - 13.5, c - 13.5) - 9.5) < 0.3


def test_rotation_keeps_range_and_roughly_the_ink(img):
    flat = np.random.default_rng(1).random((5, 784))
    flat.reshape(5, 28, 28)[:, :4] = 0  # keep ink away from the border
    flat.reshape(5, 28, 28)[:, -4:] = 0
    flat.reshape(5, 28, 28)[:, :, :4] = 0
    flat.reshape(5, 28, 28)[:, :, -4:] = 0
    out = rotate(flat, [3, -5, 8, 0, 12])
    assert out.shape == (5, 784)
    assert out.min() >= 0 and out.max() <= 1
    assert np.allclose(out.sum(axis=1), flat.sum(axis=1), rtol=0.05)
    assert np.array_equal(out[3], flat[3])


def test_shapes_are_kept():
    rng = np.random.default_rng(2)
    for shape in [(784,), (28, 28), (3, 784), (3, 28, 28)]:
        assert transform(rng.random(shape), 5, 1, -1).shape == shape


def test_per_image_parameters_apply_to_their_own_image(img):
    stack = np.stack([img, img])
    out = transform(stack, degrees=[0, 90], dx=[1, 0])
    assert np.array_equal(out[0], shift(img, dx=1))
    assert np.array_equal(out[1], np.rot90(img))


def test_expand_keeps_labels_shapes_and_originals():
    rng = np.random.default_rng(3)
    X = rng.random((7, 784))
    y = np.arange(7)
    Xb, yb = expand((X, y), copies=4, max_degrees=8, max_shift=2, seed=0)
    assert Xb.shape == (35, 784) and yb.shape == (35,)
    assert np.array_equal(Xb[:7], X)
    assert np.array_equal(yb, np.tile(y, 5))
    assert Xb.min() >= 0 and Xb.max() <= 1
    # the copies really differ from the originals
    assert all(not np.allclose(Xb[7 * k:7 * (k + 1)], X) for k in range(1, 5))


def test_expand_is_seeded_and_zero_copies_is_the_data():
    rng = np.random.default_rng(4)
    X, y = rng.random((4, 784)), np.array([1, 2, 3, 4])
    a = expand((X, y), copies=2, seed=5)
    b = expand((X, y), copies=2, seed=5)
    c = expand((X, y), copies=2, seed=6)
    assert np.array_equal(a[0], b[0]) and not np.array_equal(a[0], c[0])
    X0, y0 = expand((X, y), copies=0)
    assert np.array_equal(X0, X) and np.array_equal(y0, y)


def test_expand_does_not_modify_read_only_input():
    X = np.random.default_rng(5).random((3, 784))
    X.setflags(write=False)
    y = np.array([0, 1, 2])
    expand((X, y), copies=1)
    assert not X.flags.writeable


@pytest.mark.parametrize("images, match", [
    (np.zeros((3, 100)), "shape"),
    (np.zeros((27, 28)), "shape"),
    (np.full(784, np.nan), "NaN"),
    (np.array(["a"] * 784), "numeric"),
])
def test_bad_images_are_refused(images, match):
    with pytest.raises(ValueError, match=match):
        rotate(images, 5)


def test_bad_parameters_are_refused(img):
    with pytest.raises(ValueError, match="degrees"):
        transform(np.stack([img, img]), degrees=[1, 2, 3])
    with pytest.raises(ValueError, match="dx"):
        shift(img, dx=np.inf)
    X, y = np.zeros((2, 784)), np.zeros(2, dtype=int)
    with pytest.raises(ValueError, match="copies"):
        expand((X, y), copies=-1)
    with pytest.raises(ValueError, match="copies"):
        expand((X, y), copies=1.5)
    with pytest.raises(ValueError, match="max_shift"):
        expand((X, y), max_shift=0.5)
    with pytest.raises(ValueError, match="max_degrees"):
        expand((X, y), max_degrees=-3)
    with pytest.raises(ValueError, match="labels"):
        expand((X, y[:1]))
    with pytest.raises(ValueError, match="pair"):
        expand(X)
    with pytest.raises(ValueError, match=r"\(n, 784\)"):
        expand((np.zeros((2, 28, 28)), y))
