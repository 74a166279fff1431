# Seed 004 (3장. 딥러닝 기본기 다지기), basic_calc.ipynb: the tensor examples in order, verbatim.
# The book prints its listings with line numbers (01, 02, ...); they are dropped here.
# Changed (marked "# saessak:"):
# - the first cell uses `tf` before the next cell imports it (NameError in TensorFlow too): the
#   import is added at the top;
# - the book wraps one string literal over two lines (a SyntaxError as printed): joined;
# - the last cell only displays the function object in the notebook: a comment.
import tensorflow as tf  # saessak: the notebook's first cell uses tf before the second imports it

a = tf.constant(2) # 텐서를 선언합니다.
print(tf.rank(a))  # 해당 텐서의 랭크를 계산합니다.

# 필요 모듈을 임포트합니다.
import tensorflow as tf
import numpy as np

a = tf.constant(3)
b = tf.constant(2)

# 기본 연산
# 텐서 형태로 출력해보기
print(tf.add(a, b))          # 더하기
print(tf.subtract(a, b))     # 빼기

# 넘파이 배열 형태로 출력해보기
print(tf.multiply(a, b).numpy()) # 곱하기
print(tf.divide(a, b).numpy())  # 나누기

import tensorflow as tf
import numpy as np

c = tf.add(a, b).numpy() # a와 b를 더한 후 NumPy 배열 형태로 변환합니다.
c_square = np.square(c, dtype = np.float32)
    # NumPy 모듈에 존재하는 square 함수를 적용합니다.
c_tensor = tf.convert_to_tensor(c_square) # 다시 텐서로 변환해줍니다.

# 넘파이 배열과 텐서 각각을 확인하기 위해 출력합니다.
print('numpy array : %0.1f, applying square with numpy : %0.1f, convert_to_tensor : %0.1f' % (c, c_square, c_tensor))  # saessak: the book wraps this string over two lines

@tf.function
def square_pos(x):
    if x > 0:
        x = x * x
    else:
        x = x * -1
    return x
# square_pos  # saessak: notebook display of the function object

# --- check added by the test ---
print("SQUARE_POS=%s,%s" % (square_pos(tf.constant(3.0)).numpy(), square_pos(tf.constant(-2.0)).numpy()))
print("DTYPES=%s,%s,%s" % (tf.add(a, b).dtype.name, tf.divide(a, b).dtype.name, c_tensor.dtype.name))
