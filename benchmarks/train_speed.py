"""How fast is one epoch of the book's standard experiment, and what limits it?

One epoch of [784, 30, 10], mini-batch 10, eta = 0.5, cross-entropy, over the
50,000 MNIST training images, timed for several implementations of the same
algorithm in ONE run on the same machine, so that the ratios mean something:

* ``nnlib``            -- the book's library: one epoch of ``Network.SGD``;
* ``numpy-plain``      -- a straightforward vectorized NumPy loop (no fusion);
* ``per-example``      -- one example at a time inside each mini-batch, the way
                          the source's ``network2.py`` works (written here for
                          comparison, not copied);
* ``pytorch``          -- idiomatic PyTorch on the CPU (autograd + optim.SGD),
                          skipped cleanly when torch is not installed;
* ``floor``            -- only the five matrix products one epoch needs at this
                          mini-batch size (forward 2, backward 3), nothing else.

Each implementation is timed ``--repeats`` times, interleaved in a rotating
order, and the best time is reported (the minimum is the least disturbed by other processes).
The clock is the process's CPU time by default, which on a shared machine is
far steadier than wall-clock time (``--clock wall`` for the latter); PyTorch
runs with one thread (``torch.set_num_threads(1)``), as every other
implementation here does at this mini-batch size, so CPU time is comparable.  Run:  ``.venv/bin/python benchmarks/train_speed.py``

``--blas-threads N`` runs everything under ``threadpoolctl.threadpool_limits(N)``
(to measure whether limiting the BLAS thread pools matters, e.g. with the other
core busy: ``yes > /dev/null &``).
"""
from __future__ import annotations

import argparse
import time

import numpy as np

import nnlib

SIZES = (784, 30, 10)
M, ETA = 10, 0.5
CLOCK = time.process_time


def init(seed=0):
    rng = np.random.default_rng(seed)
    Ws = [rng.standard_normal((o, i)) for i, o in zip(SIZES[:-1], SIZES[1:])]
    bs = [rng.standard_normal(o) for o in SIZES[1:]]
    return Ws, bs


def run_nnlib(X, y, order):
    """The second epoch of ``Network.SGD``, timed between two per-epoch callbacks.

    (So the input checks SGD runs once per call are not counted; the epoch's
    shuffle is.)
    """
    net = nnlib.Network(list(SIZES), init="large", seed=0)
    marks = []
    net.SGD((X, y), 2, M, ETA, callback=lambda epoch, net, history: marks.append(CLOCK()))
    return marks[1] - marks[0]


def run_numpy_plain(X, y, order):
    Ws, bs = init()
    Y = nnlib.one_hot(y, 10)
    for s in range(0, len(X), M):
        idx = order[s:s + M]
        a0, t = X[idx], Y[idx]
        a1 = 1 / (1 + np.exp(-(a0 @ Ws[0].T + bs[0])))
        a2 = 1 / (1 + np.exp(-(a1 @ Ws[1].T + bs[1])))
        d2 = a2 - t
        d1 = (d2 @ Ws[1]) * a1 * (1 - a1)
        Ws[1] -= ETA / M * (d2.T @ a1)
        bs[1] -= ETA / M * d2.sum(0)
        Ws[0] -= ETA / M * (d1.T @ a0)
        bs[0] -= ETA / M * d1.sum(0)


def run_per_example(X, y, order):
    """One example at a time, in the structure of the source's network2.py.

    Column vectors; a backprop() per example that returns lists of gradients
    for every layer; the lists summed with zip over the mini-batch; then the
    update with the (here zero) L2 factor, as network2's update_mini_batch does.
    """
    Ws, bs = init()
    bs = [b[:, None] for b in bs]
    eye = np.eye(10)
    lmbda, n = 0.0, len(X)

    def sig(z):
        return 1.0 / (1.0 + np.exp(-z))

    def backprop(x, t):
        nabla_b = [np.zeros(b.shape) for b in bs]
        nabla_w = [np.zeros(W.shape) for W in Ws]
        activation, activations, zs = x, [x], []
        for b, W in zip(bs, Ws):
            z = np.dot(W, activation) + b
            zs.append(z)
            activation = sig(z)
            activations.append(activation)
        delta = activations[-1] - t  # cross-entropy with sigmoid outputs
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for l in range(2, len(SIZES)):
            sp = sig(zs[-l]) * (1 - sig(zs[-l]))
            delta = np.dot(Ws[-l + 1].transpose(), delta) * sp
            nabla_b[-l] = delta
            nabla_w[-l] = np.dot(delta, activations[-l - 1].transpose())
        return nabla_b, nabla_w

    for s in range(0, len(X), M):
        batch = order[s:s + M]
        nabla_b = [np.zeros(b.shape) for b in bs]
        nabla_w = [np.zeros(W.shape) for W in Ws]
        for i in batch:
            dnb, dnw = backprop(X[i].reshape(-1, 1), eye[y[i]].reshape(-1, 1))
            nabla_b = [nb + d for nb, d in zip(nabla_b, dnb)]
            nabla_w = [nw + d for nw, d in zip(nabla_w, dnw)]
        Ws = [(1 - ETA * (lmbda / n)) * W - (ETA / len(batch)) * nw
              for W, nw in zip(Ws, nabla_w)]
        bs = [b - (ETA / len(batch)) * nb for b, nb in zip(bs, nabla_b)]


def make_torch(X, y):
    try:
        import torch
    except ImportError:
        return None
    torch.manual_seed(0)
    torch.set_num_threads(1)
    Xt, yt = torch.from_numpy(np.array(X)), torch.from_numpy(np.array(y))  # writable copies
    Yt = torch.nn.functional.one_hot(yt, 10).double()

    def run_pytorch(X_, y_, order):
        model = torch.nn.Sequential(torch.nn.Linear(784, 30), torch.nn.Sigmoid(),
                                    torch.nn.Linear(30, 10), torch.nn.Sigmoid()).double()
        opt = torch.optim.SGD(model.parameters(), lr=ETA)
        loss_fn = torch.nn.BCELoss(reduction="sum")
        order_t = torch.from_numpy(order)
        for s in range(0, len(X_), M):
            idx = order_t[s:s + M]
            opt.zero_grad()
            loss = loss_fn(model(Xt[idx]), Yt[idx]) / len(idx)
            loss.backward()
            opt.step()

    run_pytorch.version = torch.__version__
    return run_pytorch


def run_floor(X, y, order):
    Ws, _ = init()
    W0T, W1T, W1 = Ws[0].T, Ws[1].T, Ws[1]
    for s in range(0, len(X), M):
        a0 = X[order[s:s + M]]
        a1 = a0 @ W0T          # forward, layer 1
        a2 = a1 @ W1T          # forward, layer 2
        d1 = a2 @ W1           # backward: error to the hidden layer
        a2.T @ a1              # backward: gradient of W2
        d1.T @ a0              # backward: gradient of W1


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--repeats", type=int, default=3, help="timings per implementation")
    p.add_argument("--skip-slow", action="store_true",
                   help="time the per-example loop on 1/10 of an epoch and scale up")
    p.add_argument("--blas-threads", type=int, default=None,
                   help="limit every BLAS thread pool to this many threads")
    p.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                   help="process CPU time (default) or wall-clock time")
    args = p.parse_args(argv)
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    if args.blas_threads is not None:
        from threadpoolctl import threadpool_limits
        with threadpool_limits(limits=args.blas_threads):
            return _measure(args)
    return _measure(args)


def _measure(args):
    (X, y), _, _ = nnlib.load_mnist(download=False)
    order = np.random.default_rng(1).permutation(len(X))
    impls = {"nnlib": run_nnlib, "numpy-plain": run_numpy_plain,
             "per-example": run_per_example, "floor": run_floor}
    torch_run = make_torch(X, y)
    if torch_run is not None:
        impls["pytorch"] = torch_run
    best = {k: float("inf") for k in impls}
    names = list(impls)
    for rep in range(args.repeats):
        # rotate the order, so that no implementation always runs right after the
        # same other one (PyTorch, for one, leaves the caches and allocator changed)
        for name in names[rep % len(names):] + names[:rep % len(names)]:
            fn = impls[name]
            if name == "per-example" and rep > 0:
                continue  # slow and stable: once is enough
            n = len(X) // 10 if (name == "per-example" and args.skip_slow) else len(X)
            t0 = CLOCK()
            inner = fn(X[:n] if n < len(X) else X, y, order[order < n] if n < len(X) else order)
            dt = (CLOCK() - t0 if inner is None else inner) * len(X) / n
            best[name] = min(best[name], dt)
    print(f"one epoch of {list(SIZES)}, mini-batch {M}, 50,000 images "
          f"(best of {args.repeats}, {args.clock} time; numpy {np.__version__}"
          + (f", torch {torch_run.version}" if torch_run else ", torch not installed: skipped")
          + ")")
    for name, t in best.items():
        print(f"  {name:12s} {t:7.3f} s   ({t / best['nnlib']:5.2f} x nnlib's time)")
    print(f"\nnnlib / plain NumPy loop:   {best['nnlib'] / best['numpy-plain']:.2f} "
          f"(target <= 1.05)")
    print(f"per-example loop / nnlib:   {best['per-example'] / best['nnlib']:.1f} "
          f"(target >= 6)")
    if "pytorch" in best:
        print(f"PyTorch / nnlib:            {best['pytorch'] / best['nnlib']:.1f} "
              f"(target >= 5)")
    print(f"nnlib / bare matmul floor:  {best['nnlib'] / best['floor']:.2f}")
    return best


if __name__ == "__main__":
    main()
