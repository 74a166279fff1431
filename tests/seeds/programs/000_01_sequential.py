# Seed 000 (딥러닝 기초(2)), section 2, "Sequential Model": the first code example, verbatim.
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Input

model = Sequential()
model.add(Input(shape=(8,)))  # 입력 레이어
model.add(Dense(12, activation='relu'))  # 첫 번째 Dense 레이어
model.add(Dense(8, activation='relu'))  # 두 번째 Dense 레이어
model.add(Dense(1, activation='sigmoid'))  # 출력 레이어

# --- check added by the test ---
model.summary()
print("PARAMS=%d" % model.count_params())
