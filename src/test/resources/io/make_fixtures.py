# Generates the .npy / .mtx fixtures in this folder (run once, from this folder):
#   python3 make_fixtures.py        (numpy 2.4.6, scipy 1.17.1)
# The tests hard-code the same values, so they do not need Python to run.
import numpy as np
import scipy.io
import scipy.sparse

a = np.arange(12).reshape(3, 4) / 7                       # 3x4 float64, known values
np.save("c_f8.npy", a)                                    # C order, '<f8'
np.save("fortran_f8.npy", np.asfortranarray(a))           # Fortran order, '<f8'
np.save("c_f4.npy", a.astype(np.float32))                 # C order, '<f4'
np.save("fortran_f4.npy", np.asfortranarray(a.astype(np.float32)))
np.save("big_endian_f8.npy", a.astype(">f8"))             # '>f8'
np.save("int64.npy", np.arange(-3, 3, dtype=np.int64).reshape(2, 3))
np.save("vector_f8.npy", np.array([1.5, -2.0, 3.25, 0.0, 1e300]))
with open("v2_f8.npy", "wb") as f:                        # version 2.0 header
    np.lib.format.write_array(f, a, version=(2, 0))
np.save("complex.npy", np.array([[1 + 2j, 3j]]))
b = a + 1j * ((11 - np.arange(12).reshape(3, 4)) / 3)    # complex: re (4i+j)/7, im (11-4i-j)/3
np.save("c_c16.npy", b)                                   # C order, '<c16'
np.save("fortran_c16.npy", np.asfortranarray(b))          # Fortran order, '<c16'
np.save("c_c8.npy", b.astype(np.complex64))               # C order, '<c8'
np.save("fortran_c8.npy", np.asfortranarray(b.astype(np.complex64)))
np.save("bool.npy", np.array([[True, False]]))
np.save("three_d.npy", np.zeros((2, 2, 2)))

# 4x4 symmetric sparse matrix; mmwrite detects the symmetry and lists the lower triangle
s = np.array([[4.0, 1.0, 0.0, 0.0],
              [1.0, 5.0, 0.0, 2.5],
              [0.0, 0.0, 6.0, 0.0],
              [0.0, 2.5, 0.0, 7.0]])
scipy.io.mmwrite("symmetric.mtx", scipy.sparse.coo_matrix(s), symmetry="symmetric")
