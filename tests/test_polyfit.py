"""Tests for nnlib.book.polyfit: the degree-9 polynomial against a line."""
import numpy as np
import pytest

from nnlib.book.polyfit import fit_polynomial, make_points, rms_error


def test_points_are_seeded_sorted_and_near_the_line():
    x, y = make_points(10, slope=2.0, noise=0.5, seed=1)
    x2, y2 = make_points(10, slope=2.0, noise=0.5, seed=1)
    assert np.array_equal(x, x2) and np.array_equal(y, y2)
    assert x.shape == y.shape == (10,)
    assert np.all(np.diff(x) > 0)
    assert np.max(np.abs(y - 2 * x)) < 0.5 * 4  # within 4 sigma


def test_degree_nine_interpolates_ten_points_and_a_line_does_not():
    x, y = make_points(10, seed=0)
    p9 = fit_polynomial(x, y, 9)
    p1 = fit_polynomial(x, y, 1)
    assert rms_error(p9, x, y) < 1e-6
    assert rms_error(p1, x, y) > 0.1


def test_line_recovers_the_slope_without_noise():
    x, y = make_points(10, slope=3.0, noise=0.0, seed=2)
    p1 = fit_polynomial(x, y, 1).convert()
    assert np.allclose(p1.coef, [0.0, 3.0], atol=1e-9)


def test_line_predicts_new_points_better_on_average():
    wins = 0
    for seed in range(20):
        x, y = make_points(10, seed=seed)
        xn, yn = make_points(200, seed=1000 + seed)
        wins += rms_error(fit_polynomial(x, y, 1), xn, yn) < rms_error(
            fit_polynomial(x, y, 9), xn, yn)
    assert wins >= 16


def test_bad_input_is_refused():
    x, y = make_points(10)
    with pytest.raises(ValueError, match="coefficients"):
        fit_polynomial(x, y, 10)
    with pytest.raises(ValueError, match="same length"):
        fit_polynomial(x, y[:5], 1)
    with pytest.raises(ValueError, match="degree"):
        fit_polynomial(x, y, -1)
    with pytest.raises(ValueError, match="NaN"):
        fit_polynomial(np.r_[x[:-1], np.nan], y, 1)
    with pytest.raises(ValueError, match="distinct"):
        fit_polynomial(np.ones(10), y, 3)
    with pytest.raises(ValueError, match="n must"):
        make_points(1)
    with pytest.raises(ValueError, match="noise"):
        make_points(10, noise=-1)
    with pytest.raises(ValueError, match="x_range"):
        make_points(10, x_range=(2, 1))
    with pytest.raises(ValueError, match="same shape"):
        rms_error(fit_polynomial(x, y, 1), x, y[:3])
