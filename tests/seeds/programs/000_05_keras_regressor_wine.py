# Seed 000 (딥러닝 기초(2)), section 4.3 "Keras Regressor를 이용한 회귀 모델 개발": scikeras's
# KerasRegressor in a scikit-learn Pipeline and GridSearchCV, verbatim.
# Changed (marked "# saessak:"): the imports this section uses from section 4.1's cell (a reader runs
# the notebook in order), and the CSV path: '/content/Wine (1).csv' -> the shared UCI red-wine
# quality CSV (11 features, quality as the last column, no header row).
import pathlib  # saessak: to find the shared datasets folder
SHARED = pathlib.Path(__file__).resolve().parents[3].parent / "shared"  # saessak: /work/shared
import numpy  # saessak: imported in section 4.1's cell
import pandas as pd  # saessak: imported in section 4.1's cell
from tensorflow.keras.models import Sequential  # saessak: imported in section 4.1's cell
from tensorflow.keras.layers import Dense, Input  # saessak: imported in section 4.1's cell

from scikeras.wrappers import KerasRegressor
from sklearn.model_selection import cross_val_score
from sklearn.model_selection import KFold
from sklearn.preprocessing import StandardScaler
from sklearn.pipeline import Pipeline
from sklearn.model_selection import GridSearchCV

# 데이터 로드
dataframe = pd.read_csv(SHARED / 'datasets' / 'winequality-red.csv', sep=',', header=None, skiprows=2)  # saessak: was '/content/Wine (1).csv'
dataset = dataframe.values

X = dataset[:, :-1]  # 입력 데이터
Y = dataset[:, -1]  # 출력 데이터

# 모델 정의 함수
def baseline_model(optimizer='adam'):
    model = Sequential()
    model.add(Input(shape=(X.shape[1],)))
    model.add(Dense(20, kernel_initializer='normal', activation='relu'))
    model.add(Dense(6, kernel_initializer='normal', activation='relu'))
    model.add(Dense(1, kernel_initializer='normal'))
    model.compile(loss='mean_squared_error', optimizer=optimizer)
    return model

seed = 7
numpy.random.seed(seed)

# KerasRegressor 래퍼 생성
estimator = KerasRegressor(model=baseline_model, nb_epoch=100,
                           batch_size=5, verbose=0)

# 파이프라인 생성
estimators = []
estimators.append(('standardize', StandardScaler()))
estimators.append(('mlp', KerasRegressor(model=baseline_model, epochs=50,
                                         batch_size=5, verbose=2)))
pipeline = Pipeline(estimators)
kfold = KFold(n_splits=10)

# Grid Search를 이용한 하이퍼파라미터 튜닝
optimizer = ['SGD', 'Adam']
param_grid = dict(mlp__optimizer=optimizer)
grid = GridSearchCV(estimator=pipeline, param_grid=param_grid,
                    n_jobs=-1)
grid_result = grid.fit(X, Y)

print("최적의 최적화기 : %f using %s " %
      (grid_result.best_score_, grid_result.best_params_))

# --- check added by the test ---
print("BEST_SCORE=%.4f" % grid_result.best_score_)
print("SCORES=%s" % ",".join("%.4f" % s for s in grid_result.cv_results_["mean_test_score"]))
print("PREDICTION_SHAPE=%s" % (grid_result.predict(X[:7]).shape,))
