"""scikit-learn wrappers: the seed's KerasRegressor workflow, routing, encoders, cloning and pickling."""

import pathlib
import pickle
import subprocess
import sys
import warnings

import numpy as np
import pytest

sklearn = pytest.importorskip("sklearn")

from sklearn.base import clone, is_classifier, is_regressor  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

from saessak import keras  # noqa: E402
from saessak.keras.wrappers import (  # noqa: E402
    KerasClassifier,
    KerasRegressor,
    SKLearnClassifier,
    SKLearnRegressor,
    SKLearnTransformer,
)

WINE = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "datasets" / "winequality-red.csv"


@pytest.fixture(autouse=True)
def _fresh():
    keras.utils.clear_session()
    keras.utils.set_random_seed(0)


def _regression(n=120, d=4, seed=0):
    rs = np.random.RandomState(seed)
    X = rs.randn(n, d)
    return X, X @ rs.randn(d) + 0.5


def _classification(n=120, seed=0, labels=("mine", "rock")):
    rs = np.random.RandomState(seed)
    X = rs.randn(n, 4)
    return X, np.array(labels)[(X[:, 0] + X[:, 1] > 0).astype(int)]


def linear_model(meta, units=1):
    """An uncompiled model sized from the fitted metadata (the wrapper compiles it)."""
    return keras.Sequential([keras.Input((meta["n_features_in_"],)), keras.layers.Dense(units)])


def softmax_model(meta, hidden=8, loss=None):
    # `loss` is reached only as model__loss: the wrapper's own `loss` stays with the wrapper (scikeras).
    loss = loss or "sparse_categorical_crossentropy"
    model = keras.Sequential([keras.Input((meta["n_features_in_"],)), keras.layers.Dense(hidden, activation="relu"),
                              keras.layers.Dense(meta["n_classes_"], activation="softmax")])
    model.compile(optimizer="adam", loss=loss)
    return model


# ------------------------------------------------------------------ the seed workflow
def _wine(rows=200):
    if not WINE.exists():
        pytest.skip("the shared winequality-red.csv dataset is not available")
    pd = pytest.importorskip("pandas")
    dataset = pd.read_csv(WINE, sep=",", header=None).values  # no header row in this copy
    return dataset[:rows, :-1], dataset[:rows, -1]


def _baseline_factory(n_features, calls):
    def baseline_model(optimizer="adam"):
        calls.append(optimizer)
        model = keras.Sequential()
        model.add(keras.Input(shape=(n_features,)))
        model.add(keras.layers.Dense(20, kernel_initializer="normal", activation="relu"))
        model.add(keras.layers.Dense(6, kernel_initializer="normal", activation="relu"))
        model.add(keras.layers.Dense(1, kernel_initializer="normal"))
        model.compile(loss="mean_squared_error", optimizer=optimizer)
        return model
    return baseline_model


def test_seed_pipeline_cross_val_score_and_grid_search():
    X, Y = _wine()
    calls = []
    baseline_model = _baseline_factory(X.shape[1], calls)
    with pytest.warns(UserWarning, match="nb_epoch.*Keras 1 name of `epochs`: pass epochs=100"):
        KerasRegressor(model=baseline_model, nb_epoch=100, batch_size=5, verbose=0).fit(X, Y)
    pipeline = Pipeline([("standardize", StandardScaler()),
                         ("mlp", KerasRegressor(model=baseline_model, epochs=3, batch_size=5, verbose=0))])
    scores = cross_val_score(pipeline, X, Y, cv=KFold(n_splits=10))
    assert scores.shape == (10,) and np.isfinite(scores).all()
    # As in scikeras, the wrapper's own parameters (its `optimizer`, default 'rmsprop') are not passed
    # to the build function: it builds with its own default, 'adam' (model__optimizer would reach it).
    assert set(calls) == {"adam"}
    grid = GridSearchCV(pipeline, dict(mlp__optimizer=["SGD", "Adam"]), n_jobs=-1, cv=3)
    result = grid.fit(X, Y)
    assert result.best_params_["mlp__optimizer"] in ("SGD", "Adam")
    assert np.isfinite(result.cv_results_["mean_test_score"]).all()
    best = result.best_estimator_.named_steps["mlp"]
    # The build function compiled the model itself, so the wrapper's optimizer is not used (scikeras too).
    assert type(best.model_.optimizer).__name__ == "Adam"
    assert best.predict(X[:7]).shape == (7,) and best.history_["loss"]


def test_regressor_fit_predict_score_and_attributes():
    X, y = _regression()
    est = KerasRegressor(model=linear_model, loss="mse", optimizer="adam", optimizer__learning_rate=0.05,
                         epochs=30, batch_size=16, verbose=0, random_state=0)
    assert est.fit(X, y) is est
    pred = est.predict(X)
    assert isinstance(pred, np.ndarray) and pred.shape == (120,) and pred.dtype == np.float64
    assert est.score(X, y) > 0.9
    assert est.n_features_in_ == 4 and est.X_shape_ == (120, 4) and est.n_outputs_ == 1
    assert len(est.history_["loss"]) == 30 and est.current_epoch == 30
    assert est.model_.optimizer.learning_rate.numpy() == pytest.approx(0.05)
    assert is_regressor(est) and not is_classifier(est)
    two = np.stack([y, -y], axis=1)
    assert est.set_params(model__units=2).fit(X, two).predict(X).shape == (120, 2)


def test_random_state_makes_fit_reproducible_and_leaves_global_streams_alone():
    X, y = _regression()
    state = np.random.get_state()[1].copy()
    a = KerasRegressor(model=linear_model, loss="mse", epochs=3, verbose=0, random_state=3).fit(X, y).predict(X)
    b = KerasRegressor(model=linear_model, loss="mse", epochs=3, verbose=0, random_state=3).fit(X, y).predict(X)
    c = KerasRegressor(model=linear_model, loss="mse", epochs=3, verbose=0,
                       random_state=np.random.RandomState(3)).fit(X, y).predict(X)
    np.testing.assert_array_equal(a, b)
    assert c.shape == a.shape
    np.testing.assert_array_equal(np.random.get_state()[1], state)


def test_routing_prefixes():
    X, y = _regression()
    seen = {}

    def build(meta, compile_kwargs, hidden=3, activation="linear"):
        seen.update(hidden=hidden, activation=activation, compile_kwargs=compile_kwargs)
        model = keras.Sequential([keras.Input((meta["n_features_in_"],)), keras.layers.Dense(hidden, activation),
                                  keras.layers.Dense(1)])
        model.compile(**compile_kwargs)
        return model

    est = KerasRegressor(model=build, model__hidden=5, activation="relu", loss="huber", loss__delta=2.0,
                         optimizer="SGD", optimizer__momentum=0.5, metrics=["mae"], fit__epochs=2,
                         fit__batch_size=40, predict__batch_size=7, callbacks=keras.callbacks.Callback,
                         verbose=0)
    est.fit(X, y)
    assert seen["hidden"] == 5 and seen["activation"] == "relu"
    kwargs = seen["compile_kwargs"]
    assert isinstance(kwargs["optimizer"], keras.optimizers.SGD) and kwargs["optimizer"].momentum == 0.5
    assert type(kwargs["loss"]).__name__ == "Huber" and kwargs["metrics"] == ["mae"]
    assert sorted(est.history_) == ["loss", "mae"] and len(est.history_["loss"]) == 2
    assert est.predict(X).shape == (120,)
    # Routed parameters are parameters: get_params lists them, set_params accepts new ones, clone keeps them.
    params = est.get_params()
    assert params["model__hidden"] == 5 and params["optimizer__momentum"] == 0.5
    est.set_params(optimizer__learning_rate=0.01)
    assert clone(est).get_params()["optimizer__learning_rate"] == 0.01
    with pytest.raises(ValueError, match="Invalid parameter unknown.*KerasRegressor\\(unknown=1\\)"):
        est.set_params(unknown=1)


def test_unused_parameters_warn_with_a_hint():
    X, y = _regression(n=20)
    with pytest.warns(UserWarning, match="batchsize=.*Did you mean `batch_size`"):
        KerasRegressor(model=linear_model, loss="mse", batchsize=4, verbose=0).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # routed and known names warn nothing
        KerasRegressor(model=linear_model, loss="mse", model__units=1, fit__shuffle=False, verbose=0).fit(X, y)


def test_clear_errors():
    X, y = _regression(n=20)
    with pytest.raises(ValueError, match="not compiled and no loss was given.*loss='mse'"):
        KerasRegressor(model=linear_model, verbose=0).fit(X, y)
    with pytest.raises(TypeError, match="must return a Keras model; it returned int"):
        KerasRegressor(model=lambda: 3, loss="mse", verbose=0).fit(X, y)
    with pytest.raises(TypeError, match="`model` must be a callable"):
        KerasRegressor(model="mlp", loss="mse", verbose=0).fit(X, y)
    with pytest.raises(sklearn.exceptions.NotFittedError):
        KerasRegressor(model=linear_model).predict(X)
    with pytest.raises(ValueError, match="requires y to be passed"):
        KerasRegressor(model=linear_model, loss="mse").fit(X, None)
    est = KerasRegressor(model=linear_model, loss="mse", verbose=0).fit(X, y)
    with pytest.raises(ValueError, match="X has 3 features, but KerasRegressor is expecting 4 features"):
        est.predict(X[:, :3])


def test_build_fn_alias_warns_and_model_instance_is_copied():
    X, y = _regression(n=30)
    with pytest.warns(UserWarning, match="``build_fn`` will be renamed to ``model``"):
        KerasRegressor(build_fn=linear_model, loss="mse", verbose=0).fit(X, y)
    given = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    before = [w.copy() for w in given.get_weights()]
    est = KerasRegressor(model=given, loss="mse", optimizer="sgd", epochs=2, verbose=0).fit(X, y)
    assert est.model_ is not given and est.model_.compiled and not given.compiled
    for w, b in zip(given.get_weights(), before):
        np.testing.assert_array_equal(w, b)
    twin = clone(est)
    assert twin.model is not given and [w.shape for w in twin.model.get_weights()] == [(4, 1), (1,)]


def test_warm_start_partial_fit_and_initialize():
    X, y = _regression()
    est = KerasRegressor(model=linear_model, loss="mse", verbose=0, warm_start=True, epochs=2)
    est.fit(X, y)
    first = est.model_
    est.fit(X, y)
    assert est.model_ is first and len(est.history_["loss"]) == 2  # fit starts a new history
    est.partial_fit(X, y).partial_fit(X, y)
    assert est.current_epoch == 4 and int(est.model_.optimizer.iterations.numpy()) == 6 * 4
    fresh = KerasRegressor(model=linear_model, loss="mse", verbose=0).initialize(X, y)
    assert fresh.predict(X).shape == (120,) and not hasattr(fresh, "history_")


# ------------------------------------------------------------------ classifier
def test_classifier_string_labels_proba_and_score():
    X, y = _classification()
    est = KerasClassifier(model=softmax_model, epochs=40, batch_size=16, verbose=0, random_state=0,
                          optimizer="adam")
    est.fit(X, y)
    assert list(est.classes_) == ["mine", "rock"] and est.n_classes_ == 2
    pred = est.predict(X)
    assert pred.dtype.kind == "U" and set(pred) <= {"mine", "rock"}
    proba = est.predict_proba(X)
    assert proba.shape == (120, 2) and np.allclose(proba.sum(axis=1), 1, atol=1e-5)
    np.testing.assert_array_equal(est.classes_[proba.argmax(1)], pred)
    assert est.score(X, y) > 0.85 and is_classifier(est)


def test_classifier_single_sigmoid_unit_and_categorical_targets():
    X, y = _classification(labels=(0, 1))

    def sigmoid_model(meta):
        return keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])

    est = KerasClassifier(model=sigmoid_model, loss="binary_crossentropy", optimizer="adam", epochs=20,
                          verbose=0, random_state=0).fit(X, y)
    proba = est.predict_proba(X)
    assert proba.shape == (120, 2) and set(est.predict(X)) <= {0, 1}
    np.testing.assert_allclose(proba[:, 0], 1 - proba[:, 1], atol=1e-6)
    # categorical_crossentropy compiled in by the build function (model__loss): one-hot targets.
    rs = np.random.RandomState(1)
    y3 = rs.randint(0, 3, 90)
    X3 = np.eye(3)[y3] + 0.1 * rs.randn(90, 3)
    for est in (KerasClassifier(model=softmax_model, model__loss="categorical_crossentropy", verbose=0),):
        est.set_params(epochs=30, batch_size=8, random_state=0).fit(X3, y3)
        assert est.target_encoder_.transform(y3[:2]).shape == (2, 3)
        assert est.score(X3, y3) > 0.8


def test_classifier_class_weight_partial_fit_and_one_hot_targets():
    X, y = _classification(labels=(0, 1))
    est = KerasClassifier(model=softmax_model, class_weight="balanced", verbose=0).fit(X, y)
    assert est.predict(X).shape == (120,)
    est = KerasClassifier(model=softmax_model, verbose=0)
    est.partial_fit(X[:10], np.zeros(10, int), classes=[0, 1, 2])
    assert list(est.classes_) == [0, 1, 2] and est.model_.output_shape[-1] == 3
    one_hot = np.eye(2)[(X[:, 0] > 0).astype(int)]
    est = KerasClassifier(model=softmax_model, model__loss="categorical_crossentropy", verbose=0).fit(X, one_hot)
    assert est.target_type_ == "multilabel-indicator" and est.predict(X).shape == (120, 2)
    assert set(est.predict(X).sum(axis=1)) == {1}
    with pytest.raises(ValueError, match="only one class"):
        KerasClassifier(model=softmax_model, verbose=0).fit(X, np.zeros(120))


def test_classifier_uses_stratified_cross_validation():
    X, y = _classification(n=60)
    scores = cross_val_score(KerasClassifier(model=softmax_model, epochs=2, verbose=0), X, y, cv=3)
    assert scores.shape == (3,)


# ------------------------------------------------------------------ cloning and pickling
def _roundtrip(est):
    return pickle.loads(pickle.dumps(est))


def test_pickle_fitted_estimators_predict_the_same_and_keep_training():
    X, y = _regression()
    est = KerasRegressor(model=linear_model, loss="mse", optimizer="adam", epochs=3, verbose=0, shuffle=False,
                         callbacks=[keras.callbacks.Callback()]).fit(X, y)
    copy = _roundtrip(est)
    np.testing.assert_array_equal(copy.predict(X), est.predict(X))
    assert copy.model_ is not est.model_ and copy.history_ == est.history_
    old, new = est.model_.optimizer.variables, copy.model_.optimizer.variables
    assert len(old) == len(new) > 2
    for a, b in zip(old, new):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    est.partial_fit(X, y)
    copy.partial_fit(X, y)  # same weights, same Adam moments and step count, same (unshuffled) batches
    assert copy.current_epoch == est.current_epoch == 4
    np.testing.assert_array_equal(copy.predict(X), est.predict(X))
    Xc, yc = _classification()
    clf = SKLearnClassifier(model=dynamic_model, model_kwargs={"loss": "categorical_crossentropy"},
                            fit_kwargs={"epochs": 2, "verbose": 0}).fit(Xc, yc)
    copy = _roundtrip(clf)
    np.testing.assert_array_equal(copy.decision_function(Xc), clf.decision_function(Xc))
    assert copy.history_.history == clf.history_.history and copy.epoch_ == 2


def test_pickle_and_clone_unfitted_estimator_holding_a_model():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    est = SKLearnRegressor(model=model, fit_kwargs={"epochs": 1, "verbose": 0})
    for twin in (_roundtrip(est), clone(est)):
        assert twin.model is not model and twin.model.compiled and twin.fit_kwargs == {"epochs": 1, "verbose": 0}
        for a, b in zip(twin.model.get_weights(), model.get_weights()):
            np.testing.assert_array_equal(a, b)


def test_loky_worker_round_trip():
    joblib = pytest.importorskip("joblib")
    X, y = _regression()
    est = KerasRegressor(model=linear_model, loss="mse", epochs=2, verbose=0).fit(X, y)
    fitted = joblib.Parallel(n_jobs=2, backend="loky")(
        joblib.delayed(_fit_in_worker)(clone(est), X, y, seed) for seed in (1, 2))
    for remote in fitted:
        assert remote.predict(X).shape == (120,) and remote.current_epoch == 2
    remote_pred = joblib.Parallel(n_jobs=2, backend="loky")(joblib.delayed(_predict)(est, X) for _ in range(2))
    np.testing.assert_array_equal(remote_pred[0], est.predict(X))


def _fit_in_worker(est, X, y, seed):
    return est.set_params(random_state=seed).fit(X, y)


def _predict(est, X):
    return est.predict(X)


# ------------------------------------------------------------------ Keras 3's own wrappers
def dynamic_model(X, y, loss, activation="softmax", hidden=8):
    model = keras.Sequential([keras.Input((X.shape[1],)), keras.layers.Dense(hidden, activation="relu"),
                              keras.layers.Dense(y.shape[1], activation=activation)])
    model.compile(optimizer="adam", loss=loss)
    return model


def test_sklearn_classifier_one_hot_labels_and_decision_function():
    X, y = _classification()
    est = SKLearnClassifier(model=dynamic_model, model_kwargs={"loss": "categorical_crossentropy"},
                            fit_kwargs={"epochs": 30, "batch_size": 16, "verbose": 0})
    est.fit(X, y, verbose=0)
    assert list(est.classes_) == ["mine", "rock"]
    assert est.decision_function(X).shape == (120, 2) and est.score(X, y) > 0.85
    assert est.fit_kwargs == {"epochs": 30, "batch_size": 16, "verbose": 0}  # not mutated by fit's kwargs
    assert est.epoch_ == 30 and est.__sklearn_tags__().classifier_tags.poor_score
    with pytest.raises(ValueError, match="Only binary and multiclass target types are supported. Target type: "
                                         "continuous"):
        est.fit(X, X[:, 0])


def test_sklearn_regressor_model_instance_is_cloned_unless_warm_start():
    X, y = _regression()
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    est = SKLearnRegressor(model=model, fit_kwargs={"epochs": 2, "verbose": 0}).fit(X, y)
    assert est.model_ is not model and est.predict(X).shape == (120,)
    warm = SKLearnRegressor(model=model, warm_start=True, fit_kwargs={"verbose": 0}).fit(X, y)
    assert warm.model_ is model and warm.fit(X, y).model_ is model
    with pytest.raises(RuntimeError, match="needs to be compiled"):
        SKLearnRegressor(model=keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])).fit(X, y)


def test_sklearn_transformer_in_a_pipeline():
    X, y = _classification(labels=(0, 1))
    embed = SKLearnTransformer(model=dynamic_model, model_kwargs={"loss": "mse", "activation": "linear"},
                               fit_kwargs={"epochs": 40, "batch_size": 8, "verbose": 0})
    pipe = Pipeline([("embed", embed), ("clf", LogisticRegression())]).fit(X, y)
    assert pipe.named_steps["embed"].transform(X).shape == (120, 1)
    assert pipe.score(X, y) > 0.8


# ------------------------------------------------------------------ the optional extra
def test_import_does_not_load_sklearn_and_missing_sklearn_gives_the_install_hint():
    code = (
        "import sys\n"
        "import saessak.keras.wrappers as w\n"
        "assert 'sklearn' not in sys.modules\n"
        "sys.modules['sklearn'] = None\n"
        "from saessak.keras.wrappers import KerasRegressor, SKLearnClassifier\n"
        "for cls in (KerasRegressor, SKLearnClassifier):\n"
        "    try:\n"
        "        cls(model=None)\n"
        "    except ImportError as e:\n"
        "        assert 'pip install \"saessak[sklearn]\"' in str(e), e\n"
        "    else:\n"
        "        raise SystemExit('no ImportError')\n"
        "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr
