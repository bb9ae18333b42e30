"""Mixtape on Spark (local[2]) against the single-machine `mixtape fit` / `mixtape kmeans`.

Every comparison starts both from the same model (written by the single-machine binary), so
the only differences are the order of the sums: parameters, bounds and log-likelihoods must
agree to 1e-9 relative, iteration counts and convergence exactly.

Needs pyspark (and Java 17) and a built mixtape binary: $MIXTAPE_BINARY, else
.build/debug/mixtape (what `swift build` makes) or .build/release/mixtape under the repository.
Run: python3 -m pytest -q spark/tests
"""

import json
import os
import random
import subprocess
import sys

import pytest

pyspark = pytest.importorskip("pyspark")

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
import mixtape_spark  # noqa: E402

TYPES = ["full", "tied", "diag", "spherical"]
PARTITIONS = [1, 3, 8]
NUMERIC_KEYS = ["weights", "means", "covariances", "precisions", "precisions_cholesky", "lower_bound", "lower_bounds",
                "log_likelihood", "bic", "aic", "centers", "inertia"]
EXACT_KEYS = ["n_components", "n_features", "covariance_type", "n_samples", "n_iter", "converged", "n_clusters", "labels"]


def binary():
    for path in [os.environ.get("MIXTAPE_BINARY"), os.path.join(ROOT, ".build/debug/mixtape"),
                 os.path.join(ROOT, ".build/release/mixtape")]:
        if path and os.access(path, os.X_OK):
            return path
    pytest.skip("no mixtape binary (build it with swift build, or set MIXTAPE_BINARY)")


def mixtape(*args):
    done = subprocess.run([binary(), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@pytest.fixture(scope="session")
def spark():
    from pyspark.sql import SparkSession

    session = (SparkSession.builder.master("local[2,4]").appName("mixtape-spark-tests")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory):
    """100,000 × 5: three Gaussian clusters with correlated columns (seeded), written exactly."""
    rng = random.Random(20261202)
    path = tmp_path_factory.mktemp("data") / "synthetic.csv"
    centres = [[0, 0, 0, 0, 0], [4, -2, 1, 3, 0.5], [-3, 3, -1, 0, 2]]
    with open(path, "w") as f:
        f.write("a,b,c,d,e\n")
        for i in range(100_000):
            c = centres[i % 3]
            z = [rng.gauss(0, 1) for _ in range(5)]
            row = [c[0] + z[0], c[1] + 0.5 * z[0] + z[1], c[2] + z[2] * 0.3, c[3] + z[3] - 0.2 * z[2], c[4] + 2 * z[4]]
            f.write(",".join(repr(v) for v in row) + "\n")
    return str(path)


DATASETS = {"faithful": os.path.join(ROOT, "Data/old_faithful.csv")}


@pytest.fixture(scope="session")
def datasets(synthetic):
    return {**DATASETS, "synthetic": synthetic}


def assert_same(spark_file, reference_file, what):
    with open(spark_file) as f:
        got = json.load(f)
    with open(reference_file) as f:
        want = json.load(f)
    assert list(got) == list(want), what
    for key in EXACT_KEYS:
        if key in want:
            assert got[key] == want[key], f"{what}: {key}"
    for key in NUMERIC_KEYS:
        if key in want:
            a, b = flatten(got[key]), flatten(want[key])
            assert len(a) == len(b), f"{what}: {key}"
            for x, y in zip(a, b):
                assert abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1e-300), f"{what}: {key} {x!r} vs {y!r}"


def flatten(v):
    if isinstance(v, list):
        return [x for item in v for x in flatten(item)]
    return [v]


def make_driver(spark, data, partitions, *extra):
    args = mixtape_spark.parse_args(["fit", data, "-k", "1", "--partitions", str(partitions), "--output", "unused",
                                     "--binary", binary(), *extra])
    driver = mixtape_spark.Driver(args, spark)
    driver.pack()
    return driver


@pytest.fixture(scope="session")
def drivers(spark, datasets):
    """One packed driver per data set and partition count (packing once, fitting many times)."""
    made = {}
    yield lambda name, p: made.setdefault((name, p), make_driver(spark, datasets[name], p))
    for d in made.values():
        d.close()


@pytest.mark.parametrize("name", ["faithful", "synthetic"])
@pytest.mark.parametrize("covariance", TYPES)
def test_fit_equals_mixtape_fit(name, covariance, datasets, drivers, tmp_path):
    data = datasets[name]
    k, max_iter, tol = (2, 100, 1e-3) if name == "faithful" else (3, 3, 1e-3)
    start = tmp_path / "start.json"
    reference = tmp_path / "reference.json"
    mixtape("fit", data, "-k", k, "--covariance", covariance, "--max-iter", 0, "--seed", 3, "--output", start, "--format", "json")
    mixtape("fit", data, "-k", k, "--covariance", covariance, "--warm-start", start, "--max-iter", max_iter, "--tol", tol,
            "--output", reference, "--format", "json")
    for p in PARTITIONS:
        out = tmp_path / f"spark-{p}.json"
        drivers(name, p).fit(k, covariance, str(start), max_iter, tol, 1e-6, str(out))
        assert_same(out, reference, f"{name} {covariance} P={p}")


@pytest.mark.parametrize("name", ["faithful", "synthetic"])
def test_kmeans_equals_mixtape_kmeans(name, datasets, drivers, tmp_path):
    data = datasets[name]
    k = 3
    start = tmp_path / "start.json"
    reference = tmp_path / "reference.json"
    mixtape("kmeans", data, "-k", k, "--seed", 4, "--max-iter", 1, "--output", start, "--format", "json")
    mixtape("kmeans", data, "-k", k, "--centers-init", start, "--max-iter", 50, "--output", reference, "--format", "json")
    for p in PARTITIONS:
        out = tmp_path / f"spark-{p}.json"
        drivers(name, p).kmeans(k, str(start), 50, 1e-4, str(out))
        assert_same(out, reference, f"{name} k-means P={p}")


def test_command_line_fit_from_sample_start(datasets, tmp_path):
    """The whole command (its own SparkSession, start by k-means on a sample) runs and writes a
    model file that mixtape itself reads and scores on the data as the file says."""
    out = tmp_path / "model.json"
    done = subprocess.run([sys.executable, os.path.join(ROOT, "spark/mixtape_spark.py"), "fit", datasets["faithful"], "-k", "2",
                           "--partitions", "3", "--master", "local[2]", "--binary", binary(), "--output", str(out)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert done.returncode == 0, done.stderr.decode()
    with open(out) as f:
        model = json.load(f)
    assert model["n_samples"] == 272 and model["converged"]
    # The log-likelihood written is the model's on the data: mean per row is the next pass's bound.
    assert model["log_likelihood"] / 272 >= model["lower_bound"] - 1e-9


def test_dataframe_fit_equals_the_path_fit(spark, datasets, tmp_path):
    """fit_frame / kmeans_frame on a DataFrame of the rows give the path's results to the bit."""
    data = datasets["faithful"]
    start = tmp_path / "start.json"
    mixtape("fit", data, "-k", 2, "--covariance", "tied", "--max-iter", 0, "--output", start, "--format", "json")
    by_path, by_frame = tmp_path / "path.json", tmp_path / "frame.json"
    options = ["--covariance", "tied", "--warm-start", str(start), "--partitions", "3", "--binary", binary()]
    mixtape_spark.run(["fit", data, "-k", "2", "--output", str(by_path), *options], spark=spark)
    frame = spark.read.csv(data, header=True, inferSchema=True)
    mixtape_spark.fit_frame(frame, 2, by_frame, *options)
    assert by_frame.read_bytes() == by_path.read_bytes()
    mixtape_spark.kmeans_frame(frame, 2, tmp_path / "c-frame.json", "--binary", binary(), "--partitions", "2")
    mixtape_spark.run(["kmeans", data, "-k", "2", "--output", str(tmp_path / "c-path.json"), "--binary", binary(),
                       "--partitions", "2"], spark=spark)
    assert (tmp_path / "c-frame.json").read_bytes() == (tmp_path / "c-path.json").read_bytes()
    with pytest.raises(mixtape_spark.DriverError):
        mixtape_spark.fit_frame(spark.createDataFrame([(1.0, None), (2.0, 3.0)], "x double, y double"), 1,
                                tmp_path / "null.json", "--binary", binary())
    assert not (tmp_path / "null.json").exists()
    with pytest.raises(mixtape_spark.DriverError) as failure:
        mixtape_spark.fit_frame(spark.createDataFrame([("a", 1.0), ("b", 3.0)], "name string, y double"), 1,
                                tmp_path / "text.json", "--binary", binary())
    assert str(failure.value) == 'the DataFrame: column 1 ("name") is string, not numeric; select the numeric columns'


def test_failed_task_is_retried_with_unchanged_result(spark, datasets, tmp_path):
    data = datasets["faithful"]
    start = tmp_path / "start.json"
    mixtape("fit", data, "-k", 2, "--max-iter", 0, "--output", start, "--format", "json")
    clean, faulty = tmp_path / "clean.json", tmp_path / "faulty.json"
    marker = tmp_path / "failed-once"
    d = make_driver(spark, data, 3)
    d.fit(2, "full", str(start), 20, 1e-6, 1e-6, str(clean))
    d.close()
    d = make_driver(spark, data, 3, "--inject-fault-once", str(marker))
    d.fit(2, "full", str(start), 20, 1e-6, 1e-6, str(faulty))
    d.close()
    assert marker.exists()  # the failure happened
    assert faulty.read_bytes() == clean.read_bytes()


def test_missing_packed_file_is_rebuilt_from_the_cached_bytes(spark, datasets, tmp_path):
    """A pass whose task finds no .npy where it runs (another executor, a lost disk) rebuilds it
    from the bytes cached at packing; the fit is unchanged and the files are back."""
    import glob

    from pyspark import SparkFiles

    data = datasets["synthetic"]
    start = tmp_path / "start.json"
    mixtape("fit", data, "-k", 2, "--covariance", "diag", "--max-iter", 0, "--output", start, "--format", "json")
    clean, rebuilt = tmp_path / "clean.json", tmp_path / "rebuilt.json"
    d = make_driver(spark, data, 3)
    d.fit(2, "diag", str(start), 5, 0.0, 1e-6, str(clean))
    d.close()
    d = make_driver(spark, data, 3)
    files = sorted(glob.glob(os.path.join(SparkFiles.getRootDirectory(), f"mixtape-{d.run_id}", "part-*.npy")))
    assert len(files) == 3
    os.remove(files[1])
    with open(files[2], "r+b") as f:
        f.truncate(100)  # a partial file (a disk that filled up) is rebuilt too
    d.fit(2, "diag", str(start), 5, 0.0, 1e-6, str(rebuilt))
    sizes = [os.path.getsize(f) for f in files]
    d.close()
    assert rebuilt.read_bytes() == clean.read_bytes()
    assert sizes[1] == sizes[2] == sizes[0] or sizes[1] > 100 and sizes[2] > 100


def test_kernel_failure_fails_the_job_with_its_message(spark, tmp_path):
    data = tmp_path / "bad.csv"
    data.write_text("x,y\n1,2\n3,4\n5,inf\n6,7\n")
    with pytest.raises(mixtape_spark.DriverError) as failure:
        mixtape_spark.run(["fit", str(data), "-k", "1", "--partitions", "2", "--binary", binary(), "--output",
                           str(tmp_path / "m.json")], spark=spark)
    assert "not finite" in str(failure.value) or "inf" in str(failure.value)
    assert "\n" not in str(failure.value)
    assert not (tmp_path / "m.json").exists()


@pytest.mark.parametrize("partitions", [1, 3])
def test_bad_cell_is_named_by_its_data_row_and_column(spark, tmp_path, partitions):
    data = tmp_path / "cells.csv"
    data.write_text("x,y\n1,2\n3,4\n5,6\n7,8\n9,oops\n11,12\n")
    with pytest.raises(mixtape_spark.DriverError) as failure:
        mixtape_spark.run(["fit", str(data), "-k", "1", "--partitions", str(partitions), "--binary", binary(), "--output",
                           str(tmp_path / "m.json")], spark=spark)
    assert str(failure.value).startswith(f'mixtape: error: {data}: data row 5, column 2 ("y"): "oops" is not a number')
    assert "\n" not in str(failure.value)


@pytest.mark.parametrize("argv, message", [
    (["fit", "DATA", "-k", "0"], "-k must be at least 1"),
    (["fit", "DATA", "-k", "1", "--partitions", "0"], "--partitions must be at least 1"),
    (["fit", "DATA", "-k", "1", "--tol", "nan"], "--tol nan: must be finite and non-negative"),
    (["fit", "DATA", "-k", "1", "--reg-covar", "-1"], "--reg-covar -1.0: must be finite and non-negative"),
    (["fit", "DATA", "-k", "1", "--covariance", "weird"], "argument --covariance: invalid choice: 'weird'"),
    (["fit", "DATA", "-k", "1", "--warm-start", "/nonexistent/m.json"], "--warm-start /nonexistent/m.json: no such file"),
    (["kmeans", "DATA", "-k", "1", "--max-iter", "0"], "--max-iter must be at least 1"),
    (["kmeans", "DATA", "-k", "x"], "argument -k: invalid int value: 'x'"),
    (["fit", "DATA", "-k", "1", "--output", "/nonexistent/m.json"], "--output /nonexistent/m.json: the directory /nonexistent does not exist"),
])
def test_usage_errors_are_one_line_with_status_64(datasets, argv, message):
    argv = [datasets["faithful"] if a == "DATA" else a for a in argv]
    if "--output" not in argv:
        argv += ["--output", "/tmp/unused-model.json"]
    done = subprocess.run([sys.executable, os.path.join(ROOT, "spark/mixtape_spark.py"), *argv, "--binary", binary()],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err = done.stderr.decode()
    assert done.returncode == 64, err
    assert err.count("\n") == 1 and err.startswith("mixtape_spark: error: ") and message in err, err


@pytest.mark.parametrize("content, k, message", [
    ("", 1, "the file is empty"),
    ("x,y\n", 1, "no rows"),
    ("x,y\n1,2\n3,4\n", 3, "-k 3: 3 components need at least 3 rows, but {data} has 2; give at most 2"),
])
def test_data_errors_name_the_file(spark, tmp_path, content, k, message):
    data = tmp_path / "data.csv"
    data.write_text(content)
    with pytest.raises(mixtape_spark.DriverError) as failure:
        mixtape_spark.run(["fit", str(data), "-k", str(k), "--binary", binary(), "--output", str(tmp_path / "m.json")],
                          spark=spark)
    assert message.format(data=data) in str(failure.value) and str(data) in str(failure.value)
    with pytest.raises(mixtape_spark.DriverError, match="no such file or directory"):
        mixtape_spark.run(["fit", str(tmp_path / "absent.csv"), "-k", "1", "--binary", binary(), "--output",
                           str(tmp_path / "m.json")], spark=spark)
    assert not (tmp_path / "m.json").exists()


def test_kernel_exit_status_fails_the_job(spark, datasets, tmp_path):
    """A kernel that exits non-zero on every pass fails the job (after Spark's retries) with the
    kernel's stderr line."""
    wrapper = tmp_path / "mixtape"
    wrapper.write_text(f"""#!/bin/sh
for a in "$@"; do [ "$a" = "--model" ] && [ "$1" = "stats" ] && {{ echo "mixtape: injected kernel failure" >&2; exit 3; }}; done
exec {binary()} "$@"
""")
    wrapper.chmod(0o755)
    with pytest.raises(mixtape_spark.DriverError) as failure:
        mixtape_spark.run(["fit", datasets["faithful"], "-k", "2", "--partitions", "2", "--binary", str(wrapper), "--output",
                           str(tmp_path / "m.json")], spark=spark)
    assert "mixtape: injected kernel failure" in str(failure.value)
