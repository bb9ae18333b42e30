"""Mixtape-on-Spark against Spark MLlib on the same SparkContext, data and start.

Usage: spark_bench.py MIXTAPE_BINARY WORKDIR [N D K ITERS PARTITIONS]

Data: N × D from K Gaussian clusters (seeded), written as CSV. Start: a full-covariance model
(and k-means centres) from `mixtape fit/kmeans` on a 20,000-row sample, given to both sides
(MLlib's RDD API takes an initial model). Both run ITERS iterations (tolerance 0, reg_covar 0,
as MLlib has none). Mixtape's time per iteration is the driver's own (data already packed);
MLlib's is the marginal (T(ITERS) - T(1)) / (ITERS - 1) after a warm-up run, which leaves out
its first pass that converts and caches the vectors on the JVM. SPARK_BENCH_CASES=kmeans (or
gmm) runs one of the two. Equality: the final models' log-likelihood (GMM, both scored by the same
pass) and inertia (k-means, each side's own final pass).

Prints `case …: speedup=…` lines, and the per-iteration overhead of Mixtape-on-Spark measured on
1,000 rows (task launch, kernel start, driver M-step).
"""

import json
import os
import subprocess
import sys
import time

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(here), "spark"))
import mixtape_spark  # noqa: E402


def main():
    binary, work = sys.argv[1], sys.argv[2]
    n, d, k, iters, partitions = (list(map(int, sys.argv[3:8])) + [1_000_000, 10, 8, 10, 2][len(sys.argv[3:8]):])
    data, csv, sample, rng = synthetic(work, n, d, k)
    start = os.path.join(work, "start.json")
    run(binary, "fit", sample, "-k", k, "--max-iter", 0, "--reg-covar", 0, "--output", start)
    cstart = os.path.join(work, "cstart.json")
    # k-means from K distinct rows of the data (Forgy): far enough from the fixed point that most
    # of ITERS iterations are taken (a start from k-means++ converges in two or three), and every
    # centre keeps at least its own row, so no cluster empties in the first step (an empty
    # cluster is where the two differ: MLlib keeps its centre, Mixtape moves it as scikit-learn).
    with open(cstart, "w") as f:
        json.dump({"centers": data[rng.choice(n, k, replace=False)].tolist()}, f)

    spark = session("mixtape-spark-bench", partitions)
    print(f"spark {spark.version}, local[{partitions}], n={n} d={d} k={k} iterations={iters}", flush=True)

    # Mixtape on Spark: pack once, then time the iterations (the driver's own timings).
    t = time.time()
    driver = packed_driver(spark, binary, csv, k, partitions)
    print(f"pack: {time.time() - t:.1f}s (read CSV, cut into {partitions} partitions, .npy on local disk)", flush=True)
    cases = os.environ.get("SPARK_BENCH_CASES", "gmm,kmeans").split(",")
    from pyspark.mllib.clustering import GaussianMixture, KMeans, KMeansModel
    from pyspark.mllib.linalg import DenseMatrix, DenseVector
    from pyspark.mllib.stat.distribution import MultivariateGaussian

    # MLlib's vectors, cached in memory before timing.
    frame = spark.read.csv(csv, header=False, inferSchema=False)
    vectors = frame.rdd.map(lambda r: DenseVector([float(v) for v in r])).repartition(partitions).cache()
    vectors.count()
    with open(start) as f:
        s = json.load(f)

    if "gmm" in cases:
        ours = os.path.join(work, "ours.json")
        driver.fit(k, "full", start, iters, 0.0, 0.0, ours)
        gmm_ours = sum(total for _, total in driver.timings["iterations"]) / iters
        with open(ours) as f:
            ours_model = json.load(f)
        print(f"mixtape on spark: gmm full {gmm_ours:.4g} s/iteration (final log-likelihood {ours_model['log_likelihood']!r})",
              flush=True)
        initial = InitialModel(s["weights"], [MultivariateGaussian(DenseVector(m), DenseMatrix(d, d, np.array(c).ravel()))
                                              for m, c in zip(s["means"], s["covariances"])])
        # MLlib converts the Python vectors and caches them on the JVM in its first iteration: the
        # time per iteration is the marginal one, (T(ITERS) - T(1)) / (ITERS - 1).
        GaussianMixture.train(vectors, k, convergenceTol=0.0, maxIterations=1, initialModel=initial)  # JIT warm-up
        t = time.time()
        GaussianMixture.train(vectors, k, convergenceTol=0.0, maxIterations=1, initialModel=initial)
        gmm_one = time.time() - t
        t = time.time()
        mllib = GaussianMixture.train(vectors, k, convergenceTol=0.0, maxIterations=iters, initialModel=initial)
        gmm_all = time.time() - t
        gmm_peer = (gmm_all - gmm_one) / max(iters - 1, 1)
        print(f"mllib gmm: {gmm_all:.1f}s for {iters} iterations, {gmm_one:.1f}s for 1", flush=True)
        peer_file = os.path.join(work, "mllib.json")
        with open(peer_file, "w") as f:
            json.dump({"covariance_type": "full", "weights": list(mllib.weights),
                       "means": [list(g.mu) for g in mllib.gaussians],
                       "covariances": [np.array(g.sigma.toArray()).tolist() for g in mllib.gaussians]}, f)
        ll_peer = score(driver, peer_file)
        ll_ours = ours_model["log_likelihood"]
        print(f"case spark_gmm_full_n{n}_d{d}_k{k}: mixtape_s={gmm_ours:.4g} mllib_s={gmm_peer:.4g} "
              f"speedup={gmm_peer / gmm_ours:.2f} loglik_rel_diff={abs(ll_ours - ll_peer) / abs(ll_peer):.1e}", flush=True)
        # Where the difference comes from: MLlib adds MLUtils.EPSILON (2.2e-16) to every weighted
        # density in its E-step (GaussianMixture.computeSoftAssignments), which moves the
        # responsibilities of rows in the tails. numpy's EM from the same start, without and with it.
        reference = {}
        for eps in (0.0, 2.220446049250313e-16):
            name = os.path.join(work, f"numpy-{eps}.json")
            with open(name, "w") as f:
                json.dump(numpy_em(data, s, iters, eps), f)
            reference[eps] = score(driver, name)
        print(f"check: numpy EM from the same start: mixtape_rel_diff={abs(ll_ours - reference[0.0]) / abs(reference[0.0]):.1e} "
              f"mllib_vs_numpy_with_epsilon_rel_diff={abs(ll_peer - reference[2.220446049250313e-16]) / abs(ll_peer):.1e}",
              flush=True)

    npy = os.path.join(work, "data.npy")
    run(binary, "stats", csv, "--pack", npy)
    if "kmeans" in cases:
        kours = os.path.join(work, "kours.json")
        driver.kmeans(k, cstart, iters, 0.0, kours)
        km_iters = len(driver.timings["iterations"])  # Lloyd stops early at a fixed point (MLlib too, same path)
        km_ours = sum(total for _, total in driver.timings["iterations"]) / km_iters
        with open(kours) as f:
            kours_model = json.load(f)
        print(f"mixtape on spark: k-means {km_ours:.4g} s/iteration over {km_iters} iterations "
              f"(inertia {kours_model['inertia']!r})", flush=True)
        with open(cstart) as f:
            c0 = json.load(f)["centers"]
        for _ in range(2):  # the first is the JIT's warm-up
            t = time.time()
            KMeans.train(vectors, k, maxIterations=1, initialModel=KMeansModel([DenseVector(c) for c in c0]), epsilon=0.0)
            km_one = time.time() - t
        t = time.time()
        kmodel = KMeans.train(vectors, k, maxIterations=iters, initialModel=KMeansModel([DenseVector(c) for c in c0]),
                              epsilon=0.0)
        km_all = time.time() - t
        km_peer = (km_all - km_one) / max(km_iters - 1, 1)
        print(f"mllib k-means: {km_all:.1f}s for {km_iters} iterations (Mixtape's count), {km_one:.1f}s for 1", flush=True)
        inertia_peer = kmodel.computeCost(vectors)
        inertia_ours = kours_model["inertia"]
        print(f"case spark_kmeans_n{n}_d{d}_k{k}: mixtape_s={km_ours:.4g} mllib_s={km_peer:.4g} "
              f"speedup={km_peer / km_ours:.2f} inertia_rel_diff={abs(inertia_ours - inertia_peer) / inertia_peer:.1e}",
              flush=True)
        t0 = timed(binary, "kmeans", npy, "-k", k, "--centers-init", cstart, "--max-iter", 1)
        t1 = timed(binary, "kmeans", npy, "-k", k, "--centers-init", cstart, "--max-iter", km_iters, "--tol", 0)
        print(f"one machine (mixtape kmeans on the .npy, same start): {(t1 - t0) / max(km_iters - 1, 1):.4g} s/iteration",
              flush=True)

    if "gmm" in cases:
        # One machine, the same binary, the same start: time per iteration without Spark.
        t0 = timed(binary, "fit", npy, "-k", k, "--warm-start", start, "--max-iter", 0, "--reg-covar", 0)
        t1 = timed(binary, "fit", npy, "-k", k, "--warm-start", start, "--max-iter", iters, "--tol", 0, "--reg-covar", 0)
        print(f"one machine (mixtape fit on the .npy, same start): {(t1 - t0) / iters:.4g} s/iteration", flush=True)

    # Overhead: the same driver on 1,000 rows (the work is negligible; what is left is Spark's
    # job and task launch, the kernel's start and the driver's M-step process).
    small = os.path.join(work, "small.csv")
    np.savetxt(small, data[:1000], delimiter=",", fmt="%.17g")
    tiny = packed_driver(spark, binary, small, k, partitions)
    tiny.fit(k, "full", start, iters, 0.0, 1e-6, os.path.join(work, "tiny.json"))
    passes = [p for p, _ in tiny.timings["iterations"]]
    totals = [t for _, t in tiny.timings["iterations"]]
    print(f"overhead per iteration (1,000 rows): {np.median(totals):.3f}s, of which the pass job "
          f"{np.median(passes):.3f}s and the driver's M-step {np.median(totals) - np.median(passes):.3f}s", flush=True)
    tiny.close()
    driver.close()
    spark.stop()


def synthetic(work, n, d, k):
    """N × D rows from K Gaussian clusters (seeded) as WORK/data.csv, and 20,000 of them as
    WORK/sample.csv; returns the rows, both paths and the generator (for further draws)."""
    rng = np.random.default_rng(12)
    centres = rng.normal(0, 6, size=(k, d))
    labels = rng.integers(0, k, size=n)
    data = centres[labels] + rng.normal(0, 1, size=(n, d)) * rng.uniform(0.5, 2, size=(k, d))[labels]
    csv = os.path.join(work, "data.csv")
    np.savetxt(csv, data, delimiter=",", fmt="%.17g")
    sample = os.path.join(work, "sample.csv")
    np.savetxt(sample, data[rng.choice(n, min(n, 20_000), replace=False)], delimiter=",", fmt="%.17g")
    return data, csv, sample, rng


def numpy_em(data, start, iters, eps):
    """ITERS EM iterations (full covariance, no regularisation) from `start` in numpy; with
    eps > 0 the E-step is MLlib's: responsibilities from (eps + weight × density)."""
    w, mu, cov = np.array(start["weights"]), np.array(start["means"]), np.array(start["covariances"])
    k, d = mu.shape
    for _ in range(iters):
        logp = np.empty((len(data), k))
        for j in range(k):
            chol = np.linalg.cholesky(cov[j])
            z = np.linalg.solve(chol, (data - mu[j]).T)
            logp[:, j] = (np.log(w[j]) - 0.5 * d * np.log(2 * np.pi) - np.log(np.diag(chol)).sum()
                          - 0.5 * (z * z).sum(axis=0))
        if eps > 0:
            p = eps + np.exp(logp)
            r = p / p.sum(axis=1, keepdims=True)
        else:
            top = logp.max(axis=1, keepdims=True)
            r = np.exp(logp - top)
            r /= r.sum(axis=1, keepdims=True)
        nk = r.sum(axis=0)
        w, mu = nk / nk.sum(), (r.T @ data) / nk[:, None]
        cov = np.stack([((data - mu[j]).T * r[:, j]) @ (data - mu[j]) / nk[j] for j in range(k)])
    return {"covariance_type": "full", "weights": w.tolist(), "means": mu.tolist(), "covariances": cov.tolist()}


class InitialModel:
    """What GaussianMixture.train reads of its initialModel (PySpark cannot build a
    GaussianMixtureModel from parameters): k, weights, gaussians."""

    def __init__(self, weights, gaussians):
        self.k, self.weights, self.gaussians = len(weights), weights, gaussians


def session(name, partitions):
    """The benchmarks' SparkSession: local[PARTITIONS], quiet, 4 GB for the driver."""
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master(f"local[{partitions}]").appName(name)
             .config("spark.ui.showConsoleProgress", "false").config("spark.driver.memory", "4g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def packed_driver(spark, binary, csv, k, partitions):
    """mixtape_spark's driver on a headerless CSV, its partitions packed."""
    args = mixtape_spark.parse_args(["fit", csv, "-k", str(k), "--partitions", str(partitions), "--output", "unused",
                                     "--binary", binary, "--header", "no"])
    driver = mixtape_spark.Driver(args, spark)
    driver.pack()
    return driver


def score(driver, model_file, stats=None):
    """The log-likelihood of a model file on the packed data: one pass (as the final one of a
    fit), or the merge of the pass's statistics files `stats` when they are given."""
    if stats is None:
        stats = driver.run_pass("model", model_file, driver.summary, ["--reg-covar", "0"])
    out = driver.path("scored.json")
    driver.local("mstep", *stats, "--model", model_file, "--score", "--reg-covar", "0", "--output", out)
    with open(out) as f:
        return json.load(f)["log_likelihood"]


def run(binary, *args):
    subprocess.run([binary, *map(str, args)], check=True, stdout=subprocess.DEVNULL)


def timed(binary, *args):
    t = time.time()
    run(binary, *args)
    return time.time() - t


if __name__ == "__main__":
    main()
