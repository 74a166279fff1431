# Seed 004 (3장. 딥러닝 기본기 다지기), "다층 퍼셉트론(실습)": "제공되는 코드를 통해 XOR 게이트 문제를
# 해결해보세요!". The seed points at the book's XOR code without printing it; this is that program,
# assembled from what the seed does print: the perceptron.ipynb cell above it (imports, seed, data
# layout), with the XOR labels, the two-layer model of "예시: Sequential()을 사용한 모델 구성", and
# the fit / evaluate / predict calls of "케라스에서의 개발 과정" (whose printed results, loss
# 0.2106 and predictions 0.487/0.546/0.552/0.447, are this model's: mse loss, RMSprop, 100 epochs).
import tensorflow as tf
tf.random.set_seed(777) # 시드를 설정합니다.

import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense
from tensorflow.keras.optimizers import RMSprop
from tensorflow.keras.losses import mse

# 데이터 준비하기
data = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])
label = np.array([[0], [1], [1], [0]])

# 모델 구성하기
model = Sequential()
model.add(Dense(32, input_shape = (2, ), activation = 'relu'))
model.add(Dense(1, activation = 'sigmoid'))

# 모델 준비하기
model.compile(optimizer = RMSprop(),
              loss = mse,
              metrics = ['acc'])

# 학습시키기
model.fit(data, label, epochs = 100)

model.evaluate(data, label)

result = model.predict(data)
print(result)

# --- check added by the test ---
print("LEARNED=%s" % (result > 0.5).astype(int).ravel().tolist())
print("FINAL_ACC=%.4f" % model.evaluate(data, label, verbose=0)[1])
