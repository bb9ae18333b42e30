"""JAX peer for Benchmarks/ad.sh: jit-compiled gradients of the same cases, CPU, float64.

Prints lines `<case> <primal_s> <gradient_s>` (best of several timed runs after compilation)."""
import time
import jax
jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")
import jax.numpy as jnp
from jax.scipy.special import logsumexp


def best(f, *args, reps=20, min_time=0.3):
    f(*args).block_until_ready() if hasattr(f(*args), "block_until_ready") else None
    times = []
    start = time.perf_counter()
    while len(times) < reps or time.perf_counter() - start < min_time:
        t = time.perf_counter()
        r = f(*args)
        jax.tree_util.tree_map(lambda a: a.block_until_ready(), r)
        times.append(time.perf_counter() - t)
        if len(times) > 2000:
            break
    return min(times)


def rosenbrock(x):
    return jnp.sum(100.0 * (x[1:] - x[:-1] ** 2) ** 2 + (1.0 - x[:-1]) ** 2)


def gmm(params, data, k, d):
    alpha = params[:k]
    mu = params[k:k + k * d].reshape(k, d)
    log_sigma = params[k + k * d:].reshape(k, d)
    log_w = alpha - logsumexp(alpha)
    inv = jnp.exp(-log_sigma)
    z = (data[:, None, :] - mu[None, :, :]) * inv[None, :, :]
    comp = log_w - jnp.sum(log_sigma, axis=1) - 0.5 * d * jnp.log(2 * jnp.pi) \
        - 0.5 * jnp.sum(z * z, axis=2)
    return jnp.sum(logsumexp(comp, axis=1))


def main():
    key = jax.random.PRNGKey(0)
    n = 100_000
    x = jax.random.uniform(key, (n,), minval=-1.0, maxval=1.0, dtype=jnp.float64)
    f, g = jax.jit(rosenbrock), jax.jit(jax.grad(rosenbrock))
    print("rosenbrock", best(f, x), best(g, x))

    k, d, rows = 25, 10, 1000
    data = jax.random.normal(key, (rows, d), dtype=jnp.float64)
    p = jax.random.uniform(key, (k + 2 * k * d,), minval=-0.5, maxval=0.5, dtype=jnp.float64)
    gf = jax.jit(lambda q: gmm(q, data, k, d))
    gg = jax.jit(jax.grad(lambda q: gmm(q, data, k, d)))
    print("gmm", best(gf, p), best(gg, p))

    m = 1_000_000
    y = jax.random.normal(key, (m,), dtype=jnp.float64)
    lf, lg = jax.jit(logsumexp), jax.jit(jax.grad(logsumexp))
    print("logsumexp", best(lf, y), best(lg, y))


if __name__ == "__main__":
    main()
