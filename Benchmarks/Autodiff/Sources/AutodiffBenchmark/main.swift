// Autodiff benchmark harness: see Benchmarks/suites/ad.sh and BENCHMARKS.md.
// All work happens in functions outside main.swift (top-level closures carry an isolation check).
runAutodiffBenchmarks(arguments: CommandLine.arguments)
