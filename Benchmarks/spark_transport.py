"""How the rows reach the kernel on the executors: four routes for one EM pass, same data, model
and SparkContext.

Usage: spark_transport.py MIXTAPE_BINARY WORKDIR [N D K PASSES PARTITIONS]   (default 1000000 10 8 5 2)

Routes (each pass: the model goes to the tasks, every partition's statistics come back, merged in
partition order by `mixtape mstep`; the log-likelihood of every route is checked against the first):
  python-npy   the driver's route: a cached manifest, a Python task per partition runs the kernel
               on the .npy that packing left on the executor's disk (mixtape_spark.Driver.run_pass);
  jvm-pipe     the same files, the kernel started by the JVM's RDD.pipe over the manifest (no
               Python worker in the pass);
  arrow        mapInPandas over a cached DataFrame of doubles: each pass the partition's Arrow
               batches are turned into .npy bytes and piped to the kernel's stdin;
  csv-pipe     PySpark's RDD.pipe over cached CSV lines: the kernel parses text every pass.

Prints `case spark_pass_<route>_n…: seconds=<median pass> speedup=<python-npy / route>`
(speedup < 1: slower than the driver's route) and the log-likelihood difference.
"""

import os
import statistics
import sys
import time

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(here), "spark"))
import mixtape_spark  # noqa: E402
from spark_bench import packed_driver, run, score, session, synthetic  # noqa: E402

# The JVM pipe's task: a manifest line in, the kernel's statistics out (after a line with the
# partition), or "missing" when the packed file is not on this executor.
PIPE_TASK = r"""
read pid size path kernel
echo "partition $pid"
if [ "$(stat -c %s "$path" 2>/dev/null)" != "$size" ]; then echo missing; exit 0; fi
dir=$(mktemp -d)
printf '%s' "$MIXTAPE_MODEL" > "$dir/model.json"
printf '%s' "$MIXTAPE_SUMMARY" > "$dir/summary.json"
"$kernel" stats "$path" --model "$dir/model.json" --summary "$dir/summary.json" --reg-covar 0 --single-thread
status=$?
rm -rf "$dir"
exit $status
"""


def main():
    binary, work = sys.argv[1], sys.argv[2]
    n, d, k, passes, partitions = (list(map(int, sys.argv[3:8])) + [1_000_000, 10, 8, 5, 2][len(sys.argv[3:8]):])
    _, csv, sample, _ = synthetic(work, n, d, k)
    start = os.path.join(work, "start.json")
    run(binary, "fit", sample, "-k", k, "--max-iter", 0, "--reg-covar", 0, "--output", start)
    with open(start) as f:
        model_text = f.read()

    spark = session("mixtape-spark-transport", partitions)
    sc = spark.sparkContext
    print(f"spark {spark.version}, local[{partitions}], n={n} d={d} k={k}, {passes} passes per route", flush=True)

    driver = packed_driver(spark, binary, csv, k, partitions)
    with open(driver.summary) as f:
        summary_text = f.read()

    def stats_files(texts, route):
        return [driver.write(f"{route}-{i:05d}.json", text) for i, text in enumerate(texts)]

    # python-npy: the driver's own pass.
    def python_npy():
        return driver.run_pass("model", start, driver.summary, ["--reg-covar", "0"])

    # jvm-pipe: a manifest of text lines in the JVM, piped to the task above.
    run_id, shipped = driver.run_id, driver.shipped

    def line(items):
        kernel = mixtape_spark._kernel_path(shipped, False)
        for pid, size in items:
            path = os.path.join(mixtape_spark._work_dir(run_id), f"part-{pid:05d}.npy")
            yield f"{pid} {size} {path} {kernel}"

    lines = driver.manifest.mapPartitions(line).cache()
    lines.count()
    jlines = lines._to_java_object_rdd()

    def jvm_pipe():
        out = jlines.pipe(["sh", "-c", PIPE_TASK], {"MIXTAPE_MODEL": model_text, "MIXTAPE_SUMMARY": summary_text}).glom().collect()
        texts = {}
        for part in out:
            part = list(part)
            pid = int(part[0].split()[1])
            if part[1:] == ["missing"]:
                raise RuntimeError(f"partition {pid}: no packed file on this executor")
            texts[pid] = "\n".join(part[1:]) + "\n"
        return stats_files([texts[i] for i in sorted(texts)], "jvm")

    # arrow: a cached DataFrame, each partition's batches piped as .npy.
    from pyspark.sql import functions as F

    frame = spark.read.csv(csv, header=False, inferSchema=False)
    frame = frame.select(*[F.col(c).cast("double") for c in frame.columns]).repartition(partitions).cache()
    frame.count()

    def to_kernel(batches):
        import io
        import subprocess

        import pandas as pd

        from pyspark import TaskContext

        rows = [b.to_numpy(dtype=np.float64) for b in batches]
        block = np.concatenate(rows) if rows else np.empty((0, d))
        buffer = io.BytesIO()
        np.save(buffer, np.ascontiguousarray(block))
        work = mixtape_spark._work_dir(run_id)
        model = mixtape_spark._write_once(os.path.join(work, "arrow-model.json"), model_text.encode())
        summ = mixtape_spark._write_once(os.path.join(work, "arrow-summary.json"), summary_text.encode())
        kernel = mixtape_spark._kernel_path(shipped, False)
        out = subprocess.run([kernel, "stats", "-", "--model", model, "--summary", summ, "--reg-covar", "0", "--single-thread"],
                             input=buffer.getvalue(), stdout=subprocess.PIPE, check=True).stdout
        yield pd.DataFrame({"pid": [TaskContext.get().partitionId()], "stats": [out.decode()]})

    def arrow():
        got = frame.mapInPandas(to_kernel, "pid int, stats string").collect()
        return stats_files([r["stats"] for r in sorted(got, key=lambda r: r["pid"])], "arrow")

    # csv-pipe: PySpark's RDD.pipe over cached text lines.
    text = sc.textFile(csv).repartition(partitions).cache()
    text.count()
    model_file = driver.write("pipe-model.json", model_text)

    def csv_pipe():
        # PySpark's pipe splits the command on spaces: the driver's temporary paths have none.
        command = f"{driver.binary} stats - --no-header --model {model_file} --summary {driver.summary} --reg-covar 0 --single-thread"
        out = text.pipe(command).glom().collect()
        return stats_files(["\n".join(part) + "\n" for part in out if part], "csvpipe")

    routes = [("python-npy", python_npy), ("jvm-pipe", jvm_pipe), ("arrow", arrow), ("csv-pipe", csv_pipe)]
    times, logliks = {}, {}
    for name, route in routes:
        logliks[name] = score(driver, start, route())  # warm-up pass (and the check)
        samples = []
        for _ in range(passes):
            t = time.time()
            route()
            samples.append(time.time() - t)
        times[name] = statistics.median(samples)
    base = times["python-npy"]
    for name, _ in routes:
        rel = abs(logliks[name] - logliks["python-npy"]) / abs(logliks["python-npy"])
        print(f"case spark_pass_{name.replace('-', '_')}_n{n}_d{d}_k{k}: seconds={times[name]:.4g} "
              f"speedup={base / times[name]:.2f} loglik_rel_diff={rel:.1e}", flush=True)
    driver.close()
    spark.stop()


if __name__ == "__main__":
    main()
