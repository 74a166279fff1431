# Seed 000 (딥러닝 기초(2)), section 4.1 "이진 분류 모델 개발": the sonar binary classifier, verbatim.
# Changed (marked "# saessak:"): the CSV path, /content/sonar.csv -> the shared copy of the same UCI file.
import pathlib  # saessak: to find the shared datasets folder
SHARED = pathlib.Path(__file__).resolve().parents[3].parent / "shared"  # saessak: /work/shared

import numpy
import pandas as pd
import tensorflow as tf
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense, Input
from sklearn.preprocessing import LabelEncoder
from sklearn.model_selection import train_test_split
import matplotlib.pyplot as plt

# 데이터 로드
df = pd.read_csv(SHARED / "datasets" / "sonar.csv", header=None)  # saessak: was "/content/sonar.csv"
dataset = df.values

X = dataset[:, 0:60].astype(numpy.float32)  # 입력 데이터
Y_obj = dataset[:, 60]  # 출력 데이터

# 레이블 인코딩
e = LabelEncoder()
e.fit(Y_obj)
Y = e.transform(Y_obj)

# 학습 데이터와 테스트 데이터 분리
X_train, X_test, Y_train, Y_test = train_test_split(
    X, Y, test_size=0.3, random_state=0
)

# 모델 구성
model = Sequential()
model.add(Input(shape=(60,)))
model.add(Dense(24, activation='relu'))
model.add(Dense(10, activation='relu'))
model.add(Dense(1, activation='sigmoid'))

# 모델 컴파일
model.compile(
    loss='mean_squared_error', optimizer='adam', metrics=['accuracy']
)

# 모델 학습
history = model.fit(
    X_train, Y_train, epochs=130, batch_size=5, validation_data=(X_test, Y_test)
)

# 학습 결과 시각화
training_loss = history.history['loss']
val_loss = history.history['val_loss']
epoch_count = range(1, len(training_loss) + 1)
plt.plot(epoch_count, training_loss, 'r--')
plt.plot(val_loss, label='Validation Loss')
plt.legend(['Training Loss', 'Val Loss'])
plt.xlabel('Epoch')
plt.ylabel('Loss')
plt.show()

training_accuracy = history.history['accuracy']
validation_accuracy = history.history['val_accuracy']

plt.plot(epoch_count, training_accuracy, 'r--')
plt.plot(epoch_count, validation_accuracy, 'b-')
plt.legend(['training_accuracy', 'validation_accuracy'])
plt.title('Model accuracy')
plt.xlabel('Epoch')
plt.ylabel('Loss')
plt.show()

# 모델 평가
model.evaluate(X_test, Y_test)

# 모델 저장 및 로드
model.save('my_model.keras')
model = tf.keras.models.load_model('my_model.keras')

# --- check added by the test ---
# The reloaded model must score like the trained one: evaluate it on the test split.
print("TEST_ACCURACY=%.4f" % model.evaluate(X_test, Y_test, verbose=0)[1])
print("VAL_ACCURACY_LAST=%.4f" % history.history['val_accuracy'][-1])
