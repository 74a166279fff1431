# Seed 004 (3장. 딥러닝 기본기 다지기), "케라스에서의 개발 과정": the model and compile() examples,
# verbatim. The book prints its listings with line numbers (01, 02, ...); they are dropped here.
# Changed (marked "# saessak:"): the examples assume the imports of the chapter's notebooks.
from tensorflow.keras.models import Sequential  # saessak: the chapter's notebooks import these
from tensorflow.keras.layers import Dense  # saessak: the chapter's notebooks import these
from tensorflow.keras.optimizers import RMSprop  # saessak: the chapter's notebooks import these

model = Sequential()
model.add(Dense(32, input_shape = (2, ), activation = 'relu'))
model.add(Dense(1, activation = 'sigmoid'))

# 평균 제곱 오차 회귀 문제
model.compile(optimizer = RMSprop(),
              loss = 'mse',
              metrics = [ ])

# 이항 분류 문제
model.compile(optimizer = RMSprop(),
              loss = 'binary_crossentropy',
              metrics = ['acc'])

# 다항 분류 문제
model.compile(optimizer = RMSprop(),
              loss = 'categorical_crossentropy',
              metrics = ['acc'])

# --- check added by the test ---
print("PARAMS=%d" % model.count_params())
print("OPTIMIZER=%s" % type(model.optimizer).__name__)
