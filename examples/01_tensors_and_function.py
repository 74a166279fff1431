"""Tensors, eager operations, gradients and ``function``: the first steps of every TF tutorial.

What it shows:

1. tensors and their rank; eager arithmetic (the result is there at once, as in NumPy);
2. moving between NumPy arrays and tensors (``.numpy()``, ``convert_to_tensor``);
3. ``GradientTape``: the derivative of y = x**2 at x = 3 is 6;
4. ``@tf.function``: a Python function traced once into a flat program, then replayed.
   TensorFlow rewrites ``if x > 0:`` into graph control flow (AutoGraph); saessak instead
   records the decision as a *guard* and traces a second program when a call goes the
   other way, so the result is always what plain Python would compute;
5. a tiny training loop inside ``function``: fit w in y = w * x by gradient descent.

Run it:

    python examples/01_tensors_and_function.py

The same program written with ``import tensorflow as tf`` runs unchanged on saessak with
``saessak run that_script.py``.
"""

import argparse

import numpy as np

import saessak as tf  # with TensorFlow: import tensorflow as tf


def tensors():
    print("== 1. tensors and eager operations")
    a = tf.constant(2)
    print("rank of a scalar:", tf.rank(a).numpy())
    matrix = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    print("rank of a matrix:", tf.rank(matrix).numpy(), "shape:", matrix.shape)

    a, b = tf.constant(3), tf.constant(2)
    print(tf.add(a, b))                  # tf.Tensor(5, shape=(), dtype=int32)
    print(tf.subtract(a, b))
    print(tf.multiply(a, b).numpy())     # 6: .numpy() gives a NumPy value
    print(tf.divide(a, b).numpy())       # 1.5: dividing two int32 tensors gives float64, as in TF
    print("operators work too:", (matrix @ matrix + 1.0).numpy().tolist())

    print("== 2. NumPy <-> tensor")
    c = tf.add(a, b).numpy()
    c_square = np.square(c, dtype=np.float32)      # any NumPy function on the array
    c_tensor = tf.convert_to_tensor(c_square)      # and back to a tensor
    # float() of a one-element tensor is its value.
    print(f"numpy array: {c:.1f}, squared with numpy: {c_square:.1f}, back to a tensor: {float(c_tensor):.1f}")


def gradients():
    print("== 3. GradientTape")
    x = tf.Variable(3.0)
    with tf.GradientTape() as tape:      # records the operations on watched variables
        y = x * x
    print("dy/dx of x**2 at x=3:", tape.gradient(y, x).numpy())


@tf.function
def square_pos(x):
    # Python `if` on a tensor's value: traced with a guard (no AutoGraph in saessak).
    if x > 0:
        x = x * x
    else:
        x = x * -1
    return x


def functions():
    print("== 4. function: trace once, replay")
    print("square_pos(3.0) =", square_pos(tf.constant(3.0)).numpy())
    print("square_pos(5.0) =", square_pos(tf.constant(5.0)).numpy(), "(replayed, no Python ran)")
    print("square_pos(-2.0) =", square_pos(tf.constant(-2.0)).numpy(), "(the other branch: traced again)")
    # TensorFlow traces once here (AutoGraph turns the `if` into tf.cond); saessak traced one
    # program per branch and checks, on each call, that the recorded branch still applies.
    print("traces so far:", square_pos.experimental_get_tracing_count())
    # saessak only (TensorFlow has no such method): the Python source of each replayed program.
    print("the program replayed for x > 0:")
    print(square_pos.experimental_get_program_source()[0])


def training(steps):
    print("== 5. gradient descent inside function")
    w = tf.Variable(0.0)
    x = tf.constant([1.0, 2.0, 3.0])
    y = 2.0 * x                          # the true w is 2

    @tf.function
    def train_step():
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(w * x - y))
        w.assign_sub(0.1 * tape.gradient(loss, w))
        return loss

    for _ in range(steps):
        loss = train_step()
    print(f"after {steps} steps: w = {w.numpy():.4f}, loss = {loss.numpy():.6f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer training steps (for the tests)")
    args = parser.parse_args()
    tensors()
    gradients()
    functions()
    training(20 if args.quick else 50)


if __name__ == "__main__":
    main()
