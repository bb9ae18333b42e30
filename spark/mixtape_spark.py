#!/usr/bin/env python3
"""Mixtape on Apache Spark: EM and k-means whose passes run on the executors.

Only the model and the pass statistics travel; the rows stay on the executors. The driver:

1. reads DATA (a CSV or Parquet path) as a DataFrame of numeric columns, cuts it into P
   partitions of consecutive rows (row order kept), and packs each partition once with the
   kernel (`mixtape stats - --pack part.npy`): the rows become a float64 .npy on the executor's
   local disk, and the packed bytes are cached in Spark (MEMORY_AND_DISK) so that a task that
   runs where its file is not (a retry elsewhere, a lost disk) rebuilds it without re-parsing
   text; the passes read only a small manifest of the partitions, not the bytes;
2. merges the partitions' summaries (`mixtape mstep`), which fixes the fit's power-of-two scale
   and k-means' tolerance;
3. starts from --warm-start / --centers-init, or from k-means on a sample of the rows (run by
   `mixtape fit --max-iter 0` / `mixtape kmeans` on the driver);
4. every iteration sends the model to the tasks, runs `mixtape stats part.npy --model m.json` on every
   partition, collects the statistics in partition order and takes the M-step on the driver
   (`mixtape mstep`), which also keeps the fit's record and decides convergence;
5. scores the final model with one more pass and writes the same JSON as `mixtape fit`
   (or `mixtape kmeans --format json`).

The mixtape binary reaches the executors either through Spark (`--binary PATH`, shipped with
SparkContext.addFile, like `spark-submit --files`) or as a path present on every node
(`--binary PATH --binary-on-nodes`).

From PySpark, on a DataFrame: `mixtape_spark.fit_frame(df, k, "model.json", "--covariance", "diag")`
and `mixtape_spark.kmeans_frame(df, k, "centres.json")` (the command's options after the output).

Usage:
  mixtape_spark.py fit DATA -k K [--covariance TYPE] [--warm-start model.json] [--max-iter N]
                   [--tol T] [--reg-covar R] [--partitions P] [--master URL] --output model.json
  mixtape_spark.py kmeans DATA -k K [--centers-init centres.json] [--max-iter N] [--tol T]
                   [--partitions P] [--master URL] --output centres.json
"""

import argparse
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

KERNEL_ERROR = "mixtape-kernel-error: "


class DriverError(Exception):
    """A failure reported as one line on stderr with exit status 1."""

    status = 1


class UsageError(DriverError):
    """A command line that cannot run: one line on stderr, exit status 64 (as mixtape's own)."""

    status = 64


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors as one line (UsageError) instead of the usage text and exit 2."""

    def error(self, message):
        raise UsageError(message)


# ----------------------------------------------------------------------------------------------
# Executor side (these functions are shipped to the executors; they import only the standard
# library and pyspark).


def _kernel_path(binary, on_nodes):
    """The mixtape binary on this executor."""
    if on_nodes:
        return binary
    from pyspark import SparkFiles

    path = SparkFiles.get(os.path.basename(binary))
    if not os.access(path, os.X_OK):
        os.chmod(path, 0o755)
    return path


def _run_kernel(args, stdin=None, partition=None):
    """Runs the kernel; a non-zero exit raises with the kernel's own one-line message."""
    done = subprocess.run(args, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        line = lines[-1] if lines else f"the kernel ({os.path.basename(args[0])}) exited with status {done.returncode} and no message"
        where = f" (partition {partition})" if partition is not None else ""
        raise RuntimeError(f"{KERNEL_ERROR}{line}{where}")
    return done.stdout


def _work_dir(run_id):
    from pyspark import SparkFiles

    path = os.path.join(SparkFiles.getRootDirectory(), f"mixtape-{run_id}")
    os.makedirs(path, exist_ok=True)
    return path


def _write_once(path, data):
    """Writes `data` to `path` atomically unless a file of that size is already there."""
    if os.path.exists(path) and os.path.getsize(path) == len(data):
        return path
    tmp = f"{path}.{uuid.uuid4().hex}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return path


def _locate(message, source, first, names):
    """The kernel's error about line L of a partition's block, told about the whole data: the
    data row (first + L, counting the data's rows from 1) and the column's name when known, in
    place of the block's line and the partition; None for an error about no cell."""
    m = re.search(r'<stdin>: line (\d+), column (\d+)(?: \("[^"]*"\))?', message)
    if not m:
        return None
    column = int(m.group(2))
    name = f' ("{names[column - 1]}")' if names and column <= len(names) else ""
    rest = re.sub(r" \(partition \d+, whose first row is data row \d+\)$", "", message[m.end():])
    return message[:m.start()] + f"{source}: data row {first + int(m.group(1))}, column {column}{name}" + rest


def pack_partition(run_id, binary, on_nodes, source=None, names=None):
    """Packs a partition of (index, CSV line) pairs: the kernel parses them into a .npy on local
    disk; the .npy's bytes and the rows' summary are returned (and cached by Spark). A bad cell
    is reported as `source`'s data row and column (`names`: the columns' names, if known)."""

    def run(pid, items):
        first, lines = None, []
        for i, line in items:
            first = i if first is None else first
            lines.append(line)
        if not lines:
            return
        work = _work_dir(run_id)
        path = os.path.join(work, f"part-{pid:05d}.npy")
        text = ("\n".join(lines) + "\n").encode()
        try:
            summary = _run_kernel([_kernel_path(binary, on_nodes), "stats", "-", "--no-header", "--pack", path],
                                  stdin=text, partition=f"{pid}, whose first row is data row {first + 1}")
        except RuntimeError as e:
            located = _locate(str(e), source, first, names) if source else None
            if located is None:
                raise
            raise RuntimeError(located) from None
        with open(path, "rb") as f:
            blob = f.read()
        yield (pid, summary.decode(), blob)

    return run


def pass_partition(run_id, binary, on_nodes, mode, model_text, summary_text, options, fail_once, from_blob):
    """One pass of the model over packed partitions: the kernel's statistics.

    Over the manifest (from_blob False: items (pid, size)) a task uses the .npy its executor
    wrote when packing and yields (pid, None) when that file is not there (the task ran on
    another executor, or the executor's disk was lost); the driver then reruns just those
    partitions over the cached bytes (from_blob True: items (pid, summary, blob)), which writes
    the file again. Reading the manifest keeps the bytes out of the Python workers each pass."""

    def run(items):
        for item in items:
            pid = item[0]
            if fail_once and not os.path.exists(fail_once):
                # Test hook: this task fails the first time only; Spark retries it.
                open(fail_once, "w").close()
                raise RuntimeError("injected failure (test)")
            work = _work_dir(run_id)
            data = os.path.join(work, f"part-{pid:05d}.npy")
            if from_blob:
                _write_once(data, item[2])
            elif not (os.path.exists(data) and os.path.getsize(data) == item[1]):
                yield (pid, None)
                continue
            tag = uuid.uuid4().hex
            model = _write_once(os.path.join(work, f"model-{tag}.json"), model_text.encode())
            summary = _write_once(os.path.join(work, f"summary-{tag}.json"), summary_text.encode())
            try:
                args = [_kernel_path(binary, on_nodes), "stats", data, f"--{mode}", model, "--summary", summary] + options
                yield (pid, _run_kernel(args, partition=pid).decode())
            finally:
                os.remove(model)
                os.remove(summary)

    return run


# ----------------------------------------------------------------------------------------------
# Driver side.


def parse_args(argv):
    parser = _Parser(prog="mixtape_spark.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    common = _Parser(add_help=False)
    common.add_argument("data", metavar="DATA", help="a CSV or Parquet path (file or directory) of numeric columns")
    common.add_argument("-k", type=int, required=True, help="components (fit) or clusters (kmeans)")
    common.add_argument("--max-iter", type=int, default=None)
    common.add_argument("--tol", type=float, default=None)
    common.add_argument("--partitions", type=int, default=None, help="partitions (default: Spark's default parallelism)")
    common.add_argument("--master", default=None, help="Spark master URL (default: spark-submit's, or local[2])")
    common.add_argument("--output", required=True)
    common.add_argument("--binary", default=os.environ.get("MIXTAPE_BINARY") or shutil.which("mixtape") or "mixtape",
                        help="the mixtape executable (default $MIXTAPE_BINARY or mixtape on PATH)")
    common.add_argument("--binary-on-nodes", action="store_true",
                        help="--binary is present at that path on every node (do not ship it with addFile)")
    common.add_argument("--seed", type=int, default=0, help="seed of the sample and the k-means start")
    common.add_argument("--sample-size", type=int, default=10000, help="rows sampled for the start")
    common.add_argument("--header", choices=["auto", "yes", "no"], default="auto", help="CSV header line")
    common.add_argument("--threads", choices=["auto", "all", "one"], default="auto",
                        help="kernel threads: one per task when tasks share the cores (auto: one if P > 1)")
    common.add_argument("--verbose", action="store_true", help="one line per iteration on stderr")
    common.add_argument("--inject-fault-once", default=None, help=argparse.SUPPRESS)
    fit = sub.add_parser("fit", parents=[common], help="fit a Gaussian mixture by EM")
    fit.add_argument("--covariance", choices=["full", "tied", "diag", "spherical"], default="full")
    fit.add_argument("--warm-start", default=None, help="start EM from this model file")
    fit.add_argument("--reg-covar", type=float, default=1e-6)
    km = sub.add_parser("kmeans", parents=[common], help="k-means (Lloyd)")
    km.add_argument("--centers-init", default=None, help="start from these centres (mixtape kmeans --format json)")
    args = parser.parse_args(argv)
    if args.k < 1:
        parser.error("-k must be at least 1")
    if args.partitions is not None and args.partitions < 1:
        parser.error("--partitions must be at least 1")
    if args.max_iter is None:
        args.max_iter = 100 if args.command == "fit" else 300
    if args.tol is None:
        args.tol = 1e-3 if args.command == "fit" else 1e-4
    if args.max_iter < 0 or (args.command == "kmeans" and args.max_iter < 1):
        parser.error("--max-iter must be at least " + ("0" if args.command == "fit" else "1"))
    if not (math.isfinite(args.tol) and args.tol >= 0):
        parser.error(f"--tol {args.tol}: must be finite and non-negative")
    reg = getattr(args, "reg_covar", 0.0)
    if not (math.isfinite(reg) and reg >= 0):
        parser.error(f"--reg-covar {reg}: must be finite and non-negative")
    if args.sample_size < 1:
        parser.error(f"--sample-size {args.sample_size}: must be at least 1")
    if args.seed < 0:
        parser.error(f"--seed {args.seed}: must be non-negative")
    if "://" not in args.output:
        folder = os.path.dirname(os.path.abspath(args.output))
        if os.path.isdir(args.output):
            parser.error(f"--output {args.output}: is a directory; give a file path")
        if not os.path.isdir(folder):
            parser.error(f"--output {args.output}: the directory {folder} does not exist; create it or choose another path")
        if not os.access(folder, os.W_OK):
            parser.error(f"--output {args.output}: the directory {folder} is not writable")
    for option in ("warm_start", "centers_init"):
        path = getattr(args, option, None)
        if path is not None and not os.path.isfile(path):
            parser.error(f"--{option.replace('_', '-')} {path}: no such file")
    if "://" not in args.data and args.data != "<DataFrame>" and not os.path.exists(args.data):
        raise DriverError(f"{args.data}: no such file or directory")
    return args


def local_master_with_retries(master):
    """local[N] does not retry failed tasks; local[N, 4] does (as a cluster would)."""
    m = re.fullmatch(r"local\[(\d+|\*)\]", master or "")
    return f"local[{m.group(1)},4]" if m else master


class Driver:
    def __init__(self, args, spark, frame=None):
        self.args = args
        self.frame = frame  # a DataFrame given instead of a path (fit_frame, kmeans_frame)
        self.names = None  # the columns' names, when the data has them
        self.spark = spark
        self.sc = spark.sparkContext
        self.run_id = uuid.uuid4().hex[:12]
        self.tmp = tempfile.mkdtemp(prefix="mixtape-spark-")
        self.binary = os.path.abspath(args.binary) if os.path.exists(args.binary) else args.binary
        # What the executors run: the path itself (--binary-on-nodes), or the binary shipped with
        # addFile under a name unique to its path, size and time (a context refuses a second,
        # different file under a name it already has).
        self.shipped = self.binary
        if not args.binary_on_nodes:
            try:
                info = os.stat(self.binary)
            except OSError as e:
                raise DriverError(f"--binary {args.binary}: {e.strerror}; give the mixtape executable "
                                  "(or --binary-on-nodes for a path that exists on the executors only)")
            tag = hashlib.sha1(f"{self.binary}:{info.st_size}:{info.st_mtime_ns}".encode()).hexdigest()[:12]
            links = os.path.join(tempfile.gettempdir(), "mixtape-spark-binaries")
            os.makedirs(links, exist_ok=True)
            self.shipped = os.path.join(links, f"mixtape-{tag}")
            if not os.path.exists(self.shipped):
                try:
                    os.link(self.binary, self.shipped)
                except OSError:
                    shutil.copy2(self.binary, self.shipped)
            if not _added(self.sc, self.shipped):
                self.sc.addFile(self.shipped)
        if __name__ != "__main__" and not _added(self.sc, os.path.abspath(__file__)):
            # Imported (tests, a notebook): the executors need this module for the task functions.
            self.sc.addPyFile(os.path.abspath(__file__))
        self.timings = {}
        self.summary = None

    def local(self, *argv):
        """Runs the binary on the driver; its error line becomes the driver's."""
        try:
            return _run_kernel([self.binary, *argv])
        except RuntimeError as e:
            raise DriverError(str(e)[len(KERNEL_ERROR):] if str(e).startswith(KERNEL_ERROR) else str(e))

    def path(self, name):
        return os.path.join(self.tmp, name)

    def write(self, name, text):
        with open(self.path(name), "w") as f:
            f.write(text)
        return self.path(name)

    # -- data --------------------------------------------------------------------------------

    @property
    def source(self):
        """The data as errors name it."""
        return "the DataFrame" if self.frame is not None else self.args.data

    def is_parquet(self):
        data = self.args.data
        return data.rstrip("/").endswith(".parquet") or (
            os.path.isdir(data) and any(n.endswith(".parquet") for n in os.listdir(data)))

    def read_rows(self):
        """The data as an RDD of CSV text lines (one per row, no header), in the file's order.

        A CSV path is read as text, so that the kernel parses every number exactly as
        `mixtape fit` does; Parquet columns are cast to double and written exactly (repr)."""
        data = self.args.data
        if self.frame is not None or self.is_parquet():
            from pyspark.sql import functions as F

            frame = self.frame if self.frame is not None else self.spark.read.parquet(data)
            from pyspark.sql.types import NumericType

            for i, field in enumerate(frame.schema.fields):
                if not isinstance(field.dataType, NumericType):
                    raise DriverError(f"{self.source}: column {i + 1} (\"{field.name}\") is {field.dataType.simpleString()}, "
                                      "not numeric; select the numeric columns")
            if not frame.columns:
                raise DriverError(f"{self.source}: no columns")
            self.names = list(frame.columns)
            frame = frame.select(*[F.col(f"`{name}`").cast("double").alias(name) for name in frame.columns])

            def line(row):
                if any(v is None for v in row):
                    return ",".join("" if v is None else repr(v) for v in row)
                return ",".join(repr(v) for v in row)

            return frame.rdd.map(line)
        lines = self.sc.textFile(data)
        header = self.args.header
        first = None
        if header != "no":
            try:
                first = lines.first()
            except ValueError:  # "RDD is empty"
                raise DriverError(f"{data}: the file is empty") from None
        fields = re.split(r"[,;\t]", first.strip()) if first is not None else []
        if header == "auto":
            header = "no" if all(_is_number(f) for f in fields) else "yes"
        if header == "yes":
            self.names = [f.strip().strip('"') for f in fields]
            lines = lines.zipWithIndex().filter(lambda t: t[1] > 0).map(lambda t: t[0])
        return lines.filter(lambda text: text.strip() != "")

    def pack(self):
        """Partitions of consecutive rows, packed once; returns the merged summary's file."""
        start = time.time()
        rows = self.read_rows()
        indexed = rows.zipWithIndex().map(lambda t: (t[1], t[0]))
        n = indexed.count()
        if n == 0:
            raise DriverError(f"{self.args.data}: no rows")
        p = self.args.partitions or self.sc.defaultParallelism
        p = max(1, min(p, n))
        ordered = indexed.repartitionAndSortWithinPartitions(p, partitionFunc=lambda i: i * p // n)
        from pyspark import StorageLevel

        packed = ordered.mapPartitionsWithIndex(
            pack_partition(self.run_id, self.shipped, self.args.binary_on_nodes, self.source, self.names)
        ).persist(StorageLevel.MEMORY_AND_DISK)
        # The manifest (partition, .npy size) is what each pass reads; the bytes stay cached
        # for the partitions whose file is missing where their task runs.
        manifest = packed.map(lambda t: (t[0], len(t[2]))).persist(StorageLevel.MEMORY_AND_DISK)
        manifest.count()
        summaries = packed.map(lambda t: (t[0], t[1])).collect()
        files = []
        for pid, text in sorted(summaries):
            files.append(self.write(f"summary-{pid:05d}.json", text))
        summary = self.local("mstep", *files).decode()
        self.packed, self.manifest, self.rows, self.partitions, self.lines = packed, manifest, n, p, rows
        self.timings["pack"] = time.time() - start
        self.summary = self.write("summary.json", summary)
        return self.summary

    def check_k(self, k, what):
        if k > self.rows:
            raise DriverError(f"-k {k}: {k} {what} need at least {k} rows, but {self.source} has {self.rows}; "
                              f"give at most {self.rows}")

    # -- passes ------------------------------------------------------------------------------

    def kernel_options(self):
        threads = self.args.threads
        if threads == "one" or (threads == "auto" and self.partitions > 1):
            return ["--single-thread"]
        return []

    def run_pass(self, mode, model_path, summary_path, extra=()):
        """The statistics of every partition, in partition order, as files on the driver."""
        # The model and summary are a few kB: they travel in the task closures (a broadcast
        # costs more than it saves at this size).
        with open(model_path) as f:
            model = f.read()
        with open(summary_path) as f:
            summary = f.read()
        options = list(extra) + self.kernel_options()
        fail = self.args.inject_fault_once
        self.args.inject_fault_once = None  # one injected failure per run

        run_id, shipped, on_nodes = self.run_id, self.shipped, self.args.binary_on_nodes
        parts = dict(self.manifest.mapPartitions(
            pass_partition(run_id, shipped, on_nodes, mode, model, summary, options, fail, False)).collect())
        missing = {pid for pid, text in parts.items() if text is None}
        if missing:
            rebuild = pass_partition(run_id, shipped, on_nodes, mode, model, summary, options, None, True)
            parts.update(self.packed.mapPartitionsWithIndex(
                lambda i, items: rebuild(items) if i in missing else iter(())).collect())
        if sorted(parts) != list(range(self.partitions)) or any(text is None for text in parts.values()):
            raise DriverError("a partition's statistics are missing")
        return [self.write(f"stats-{pid:05d}.json", parts[pid]) for pid in range(self.partitions)]

    def sample_csv(self):
        size = min(self.args.sample_size, self.rows)
        sample = self.lines.takeSample(False, size, seed=self.args.seed)
        return self.write("sample.csv", "".join(line + "\n" for line in sample))

    # -- fits --------------------------------------------------------------------------------

    def fit(self, k, covariance="full", warm_start=None, max_iter=100, tol=1e-3, reg_covar=1e-6, output=None):
        """EM on the packed partitions; writes the model file `output` (the same JSON as mixtape fit)."""
        summary = self.summary or self.pack()
        self.check_k(k, "components")
        if warm_start:
            start = warm_start
            try:
                with open(warm_start) as f:
                    warm = json.load(f)
            except (OSError, ValueError) as e:
                raise DriverError(f"--warm-start {warm_start}: cannot read it as JSON ({e})")
            if len(warm.get("weights", [])) != k or warm.get("covariance_type") != covariance:
                raise DriverError(f"--warm-start {warm_start} has k={len(warm.get('weights', []))}, "
                                  f"{warm.get('covariance_type')}; it cannot start a fit with k={k}, {covariance}")
        else:
            t = time.time()
            start = self.path("start.json")
            self.local("fit", self.sample_csv(), "-k", str(k), "--covariance", covariance, "--max-iter", "0",
                       "--seed", str(self.args.seed), "--reg-covar", repr(reg_covar), "--format", "json", "--output", start)
            self.timings["start"] = time.time() - t
        current, iteration, converged = start, 0, False
        reg = ["--reg-covar", repr(reg_covar)]
        times = []
        while iteration < max_iter and not converged:
            t = time.time()
            stats = self.run_pass("model", current, summary, reg)
            t_pass = time.time() - t
            nxt = self.path(f"model-{iteration + 1}.json")
            self.local("mstep", *stats, "--model", current, "--tol", repr(tol), *reg, "--output", nxt,
                       *(["--first"] if iteration == 0 else []))
            iteration += 1
            current = nxt
            with open(current) as f:
                record = json.load(f)
            converged = record["converged"]
            times.append((t_pass, time.time() - t))
            if self.args.verbose:
                print(f"iteration {iteration:4d}  bound {record['lower_bound']!r}  pass {t_pass:.3f}s  "
                      f"total {times[-1][1]:.3f}s", file=sys.stderr)
        if iteration == 0:
            # --max-iter 0: the start with an empty record, as mixtape fit --max-iter 0 writes it.
            with open(start) as f:
                record = json.load(f)
            for key in ("n_samples", "log_likelihood", "bic", "aic"):
                record.pop(key, None)
            record.update(converged=False, n_iter=0, lower_bounds=[])
            current = self.write("start-record.json", json.dumps(record))
        stats = self.run_pass("model", current, summary, reg)
        self.local("mstep", *stats, "--model", current, "--score", *reg, "--output", os.path.abspath(output))
        self.timings["iterations"] = times

    def kmeans(self, k, centers_init=None, max_iter=300, tol=1e-4, output=None):
        """k-means on the packed partitions; writes the centres file `output` (mixtape kmeans --format json)."""
        summary = self.summary or self.pack()
        self.check_k(k, "clusters")
        if centers_init:
            start = centers_init
        else:
            t = time.time()
            start = self.path("start.json")
            self.local("kmeans", self.sample_csv(), "-k", str(k), "--seed", str(self.args.seed), "--format", "json",
                       "--output", start)
            self.timings["start"] = time.time() - t
        current, iteration, converged = start, 0, False
        times = []
        while iteration < max_iter and not converged:
            t = time.time()
            stats = self.run_pass("kmeans", current, summary)
            t_pass = time.time() - t
            nxt = self.path(f"centres-{iteration + 1}.json")
            self.local("mstep", *stats, "--model", current, "--summary", summary, "--tol", repr(tol), "--output", nxt,
                       *(["--first"] if iteration == 0 else []))
            iteration += 1
            current = nxt
            with open(current) as f:
                converged = json.load(f)["converged"]
            times.append((t_pass, time.time() - t))
            if self.args.verbose:
                print(f"iteration {iteration:4d}  pass {t_pass:.3f}s  total {times[-1][1]:.3f}s", file=sys.stderr)
        stats = self.run_pass("kmeans", current, summary)
        self.local("mstep", *stats, "--model", current, "--score", "--output", os.path.abspath(output))
        self.timings["iterations"] = times

    def close(self):
        for rdd in (getattr(self, "manifest", None), getattr(self, "packed", None)):
            if rdd is not None:
                rdd.unpersist()
        shutil.rmtree(self.tmp, ignore_errors=True)


_ADDED = {}


def _added(sc, path):
    """Whether `path` was already added to this SparkContext (and notes it as added)."""
    names = _ADDED.setdefault(id(sc), set())
    name = os.path.basename(path)
    if name in names:
        return True
    names.add(name)
    return False


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def kernel_message(error):
    """The kernel's own error line inside a Spark failure, if there is one."""
    m = re.search(re.escape(KERNEL_ERROR) + r"([^\n]*)", str(error))
    return m.group(1).strip() if m else None


def fit_frame(frame, k, output, *options):
    """Fits a Gaussian mixture to a DataFrame's columns (each cast to double, in the frame's row
    order) on the frame's own SparkSession; `options` are the command's, e.g.
    `fit_frame(df.select("x", "y"), 3, "model.json", "--covariance", "diag", "--binary", path)`.
    Writes the model file `output` (as `mixtape fit`); raises DriverError with one line on failure."""
    return run(["fit", "<DataFrame>", "-k", str(k), "--output", str(output), *options], spark=frame.sparkSession, frame=frame)


def kmeans_frame(frame, k, output, *options):
    """k-means on a DataFrame's columns, as fit_frame; writes the centres file `output`."""
    return run(["kmeans", "<DataFrame>", "-k", str(k), "--output", str(output), *options], spark=frame.sparkSession,
               frame=frame)


def run(argv, spark=None, frame=None):
    """Runs the command (on `frame`'s rows when given, else DATA's); returns the driver (for its
    timings). Raises DriverError on failure."""
    args = parse_args(argv)
    own = spark is None
    if own:
        from pyspark.sql import SparkSession

        builder = (SparkSession.builder.appName(f"mixtape {args.command}")
                   .config("spark.ui.showConsoleProgress", "false"))
        if args.master:
            builder = builder.master(local_master_with_retries(args.master))
        elif not os.environ.get("PYSPARK_GATEWAY_PORT"):
            # Not under spark-submit (which sets the master): a local run on two cores.
            builder = builder.master(local_master_with_retries("local[2]"))
        try:
            spark = builder.getOrCreate()
        except Exception as e:  # a master that cannot be reached or parsed, no Java
            line = (str(e).strip().splitlines() or [type(e).__name__])[0]
            raise DriverError(f"Spark could not start{f' with --master {args.master}' if args.master else ''}: {line}") from None
        # A failure is reported as the driver's one line; Spark's own logs of the failed tasks
        # (with their Python tracebacks) only with --verbose.
        spark.sparkContext.setLogLevel("ERROR" if args.verbose else "OFF")
    driver = Driver(args, spark, frame)
    try:
        if args.command == "fit":
            driver.fit(args.k, args.covariance, args.warm_start, args.max_iter, args.tol, args.reg_covar, args.output)
        else:
            driver.kmeans(args.k, args.centers_init, args.max_iter, args.tol, args.output)
    except DriverError:
        raise
    except Exception as e:  # a Spark job failure: report the kernel's line when it has one
        line = kernel_message(e)
        if line is None:
            # Another failure inside a task: its Python exception's own line, if there is one.
            found = re.findall(r"^(\w+(?:Error|Exception): [^\n]*)", str(e), re.M)
            java = getattr(e, "java_exception", None)
            if found:
                line = found[-1]
            elif java is not None and java.getMessage():
                line = str(java.getMessage()).strip().splitlines()[0]  # e.g. "Input path does not exist: …"
            else:
                line = (str(e).strip().splitlines() or [type(e).__name__])[0]
        raise DriverError(line) from e
    finally:
        driver.close()
        if own:
            spark.stop()
    return driver


def main():
    try:
        run(sys.argv[1:])
    except DriverError as e:
        print(f"mixtape_spark: error: {e}" if isinstance(e, UsageError) else f"mixtape_spark: {e}", file=sys.stderr)
        sys.exit(e.status)


if __name__ == "__main__":
    main()
