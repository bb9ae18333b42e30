/// Gaussian mixtures fitted by EM.
