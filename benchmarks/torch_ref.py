"""The workloads as an idiomatic plain PyTorch loop on the CPU.

``nn.Sequential`` with PyTorch's default initialisation, logits and ``nn.CrossEntropyLoss``
(softmax fused into the loss, as PyTorch users write it), ``torch.optim.Adam`` / ``SGD``, a
``torch.randperm`` per epoch and slicing of the tensors (faster than a ``DataLoader`` over a
``TensorDataset``, which collates every sample), validation and evaluation under
``torch.no_grad()``.  Running loss and accuracy are accumulated like Keras's progress metrics.
"""

import os
import time

from workloads import load_mnist, xor_data


def _mlp(nn, spec):
    layers, width = [nn.Flatten()], 784
    for units in spec["hidden"]:
        layers += [nn.Linear(width, units), nn.ReLU()]
        if spec["dropout"]:
            layers.append(nn.Dropout(spec["dropout"]))
        width = units
    layers.append(nn.Linear(width, 10))
    return nn.Sequential(*layers)


def _cnn(nn):
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 5 * 5, 10))


def _accuracy(torch, model, x, y, batch=256):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += int((model(x[i:i + batch]).argmax(dim=1) == y[i:i + batch]).sum())
    model.train()
    return correct / len(x)


def run(spec, seed):
    import torch
    from torch import nn

    if os.environ.get("SAESSAK_BENCH_THREADS"):
        torch.set_num_threads(int(os.environ["SAESSAK_BENCH_THREADS"]))
    torch.manual_seed(seed)
    result = {"version": f"torch {torch.__version__} ({torch.get_num_threads()} threads)"}
    kind = spec["kind"]
    if kind == "xor":
        x, y = (torch.from_numpy(a) for a in xor_data())
        start = time.perf_counter()
        model = nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Linear(8, 1), nn.Sigmoid())
        opt = torch.optim.SGD(model.parameters(), lr=spec["lr"])
        loss_fn = nn.MSELoss()
        for _ in range(spec["epochs"]):
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
        result["total"] = result["first_epoch"] = time.perf_counter() - start
        with torch.no_grad():
            result["test_accuracy"] = float(((model(x) > 0.5) == (y > 0.5)).float().mean())
        return result

    (xtr, ytr), (xte, yte), result["data"] = load_mnist(spec)
    xtr, ytr, xte, yte = (torch.from_numpy(a) for a in (xtr, ytr, xte, yte))
    if kind == "cnn":
        model = _cnn(nn)
        xtr, xte = xtr[:, None], xte[:, None]  # NCHW
    else:
        model = _mlp(nn, spec if kind != "predict" else dict(hidden=(100,), dropout=0.0))
    if kind == "predict":
        model.eval()
        result["predict"] = {}
        with torch.no_grad():
            for batch in spec["batches"]:
                times = []
                for _ in range(spec["passes"] + 1):
                    start = time.perf_counter()
                    torch.cat([torch.softmax(model(xte[i:i + batch]), dim=1)
                               for i in range(0, len(xte), batch)]).numpy()
                    times.append(time.perf_counter() - start)
                result["predict"][str(batch)] = {"first": times[0], "times": times[1:], "images": len(xte)}
        return result

    n_fit = int(len(xtr) * (1 - spec.get("val_split", 0.0)))
    xval, yval, xtr, ytr = xtr[n_fit:], ytr[n_fit:], xtr[:n_fit], ytr[:n_fit]
    validate = kind == "fit" and len(xval) > 0
    opt = (torch.optim.SGD(model.parameters(), lr=spec["lr"]) if spec.get("opt") == "sgd"
           else torch.optim.Adam(model.parameters(), lr=spec["lr"], eps=1e-7))
    loss_fn = nn.CrossEntropyLoss()  # takes class indices (W3's one-hot labels give the same loss)
    batch, times = spec["batch"], []
    for _ in range(spec["epochs"]):
        start = time.perf_counter()
        perm = torch.randperm(len(xtr))
        loss_sum, correct = 0.0, 0
        for i in range(0, len(xtr), batch):
            idx = perm[i:i + batch]
            xb, yb = xtr[idx], ytr[idx]
            opt.zero_grad()
            logits = model(xb)
            loss = loss_fn(logits, yb)
            loss.backward()
            opt.step()
            loss_sum += loss.item()
            correct += int((logits.argmax(dim=1) == yb).sum())
        if validate:
            _accuracy(torch, model, xval, yval, batch)
        times.append(time.perf_counter() - start)
    result["epoch_times"] = times
    result["test_accuracy"] = _accuracy(torch, model, xte, yte)
    return result
