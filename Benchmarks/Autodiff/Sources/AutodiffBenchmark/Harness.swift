import Foundation
import Autodiff

/// Reads the JAX peer's results (`<case> <primal_s> <gradient_s>` per line).
func readPeerFile(_ path: String?) -> [String: (Double, Double)] {
    guard let path, let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
    var r: [String: (Double, Double)] = [:]
    for line in text.split(separator: "\n") {
        let f = line.split(separator: " ")
        if f.count == 3, let p = Double(f[1]), let g = Double(f[2]) { r[String(f[0])] = (p, g) }
    }
    return r
}

/// Prints the contract line `case <name>: primal_s=<s> gradient_s=<s> overhead=<g/p> [<peer>_s=<s>…]`.
/// Names are one token (`rosenbrock n=100000` prints as `rosenbrock_n100000`) so scripts can split on spaces.
func report(_ name: String, primal: Double, gradient: Double, peers: [(String, Double)] = []) {
    let token = name.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "=", with: "")
    var line = "case \(token): primal_s=\(fmt(primal)) gradient_s=\(fmt(gradient)) "
        + "overhead=\(fmt(gradient / primal))"
    for (p, s) in peers { line += " \(p)_s=\(fmt(s))" }
    print(line)
}

/// A GMM log-likelihood formulation on forward-mode duals (for the profiling loops).
typealias GMMForward = ([Dual<Double>], [Double], Int, Int, Int) -> Dual<Double>

func runAutodiffBenchmarks(arguments: [String]) {
    var jaxPath: String? = nil
    if let i = arguments.firstIndex(of: "--jax"), i + 1 < arguments.count { jaxPath = arguments[i + 1] }
    let quick = arguments.contains("--quick")
    if arguments.contains("--profile-forward") {
        let x = randomVector(100_000, -1...1, seed: 1)
        let dir = randomVector(100_000, -1...1, seed: 2)
        for _ in 0..<5000 {
            blackHole(jvp(of: { (v: [Dual<Double>]) in rosenbrock(v) }, at: x, direction: dir))
        }
        return
    }
    if arguments.contains("--profile-gmm") {
        let (d, k, rows) = (10, 25, 1000)
        let data = randomVector(rows * d, -2...2, seed: 4)
        let params = randomVector(k + 2 * k * d, -0.5...0.5, seed: 5)
        let features = gmmFeatures(data, n: rows, d: d)
        let gmt = Tape(capacity: 1 << 18)
        for _ in 0..<1500 {
            blackHole(gmt.valueWithGradient(
                of: { gmmLogLikelihoodMatrix($0, features: features, n: rows, d: d, k: k) },
                at: params))
        }
        return
    }
    if arguments.contains("--profile-hvp") {
        let x = randomVector(100_000, -1...1, seed: 1)
        let dir = randomVector(100_000, -1...1, seed: 2)
        for _ in 0..<100 {
            blackHole(hessianVectorProduct(of: { rosenbrock($0) }, at: x, direction: dir))
        }
        return
    }
    if arguments.contains("--profile-gmm-scalar") {
        let (d, k, rows) = (10, 25, 1000)
        let data = randomVector(rows * d, -2...2, seed: 4)
        let params = randomVector(k + 2 * k * d, -0.5...0.5, seed: 5)
        let gt = Tape(capacity: 1 << 20)
        for _ in 0..<400 {
            blackHole(gt.valueWithGradient(
                of: { gmmLogLikelihood($0, data: data, n: rows, d: d, k: k) }, at: params))
        }
        return
    }
    if arguments.contains("--profile-forward-vector") {
        let x = randomVector(100_000, -1...1, seed: 1)
        let dir = randomVector(100_000, -1...1, seed: 2)
        for _ in 0..<5000 {
            blackHole(jvp(of: { (v: [Dual<Double>]) in rosenbrockVector(v) }, at: x, direction: dir))
        }
        return
    }
    for (flag, likelihood) in [("--profile-gmm-forward", gmmLogLikelihood(_:data:n:d:k:) as GMMForward),
                               ("--profile-gmm-forward-vector", gmmLogLikelihoodVector(_:data:n:d:k:) as GMMForward)]
    where arguments.contains(flag) {
        let (d, k, rows) = (10, 25, 1000)
        let data = randomVector(rows * d, -2...2, seed: 4)
        let params = randomVector(k + 2 * k * d, -0.5...0.5, seed: 5)
        let gdir = randomVector(params.count, -1...1, seed: 7)
        for _ in 0..<3000 {
            blackHole(jvp(of: { (v: [Dual<Double>]) in likelihood(v, data, rows, d, k) }, at: params, direction: gdir))
        }
        return
    }
    if arguments.contains("--forward-only") {
        forwardOnly()
        return
    }
    if arguments.contains("--forward-breakdown") {
        forwardBreakdown()
        return
    }
    if arguments.contains("--profile-vector") {
        let x = randomVector(100_000, -1...1, seed: 1)
        let vt = Tape(capacity: 1 << 10)
        for _ in 0..<3000 { blackHole(vt.valueWithGradient(of: { rosenbrockVector($0) }, at: x)) }
        return
    }
    let jax = readPeerFile(jaxPath)
    if jaxPath != nil && jax.isEmpty { print("# peer jax: no results (skipped)") }
    for (name, (p, g)) in jax.sorted(by: { $0.key < $1.key }) {
        print("# jax \(name): primal_s=\(fmt(p)) gradient_s=\(fmt(g)) overhead=\(fmt(g / p)) (jit, CPU, float64)")
    }

    // MARK: Rosenbrock, n = 1e5, scalar tape
    let n = 100_000
    let x = randomVector(n, -1...1, seed: 1)
    let primal = bestTime { blackHole(rosenbrock(opaque(x))) }
    let tape = Tape(capacity: 1 << 20)
    var g: [Double] = []
    let grad = bestTime { g = tape.valueWithGradient(of: { rosenbrock($0) }, at: x).gradient }
    let ops = tape.count - n   // recorded operations (excluding the n inputs)
    blackHole(g)
    var peers: [(String, Double)] = []
    if let j = jax["rosenbrock"] { peers.append(("jax", j.1)) }
    report("rosenbrock n=100000", primal: primal, gradient: grad, peers: peers)
    tape.reset()
    let recorded = rosenbrock(tape.variables(x))
    let sweepOnly = bestTime { blackHole(tape.adjoints(seeds: [(recorded, 1)])) }
    print("tape rosenbrock n=100000: recorded_ops=\(ops) ns_per_op=\(fmt(grad / Double(ops) * 1e9)) "
          + "sweep_ns_per_op=\(fmt(sweepOnly / Double(ops) * 1e9)) "
          + "record_bytes_per_op=\(Tape.bytesPerRecord) "
          + "allocated_bytes_per_op=\(fmt(Double(tape.bytesAllocated) / Double(ops))) "
          + "(+8 per node for the sweep's adjoints)")

    // The same function with the fused elementwise map-sum (two vector nodes).
    let vt = Tape(capacity: 1 << 10)
    var gv: [Double] = []
    let vgrad = bestTime { gv = vt.valueWithGradient(of: { rosenbrockVector($0) }, at: x).gradient }
    let vprimal = bestTime { blackHole(rosenbrockVector(opaque(x))) }
    let same = zip(g, gv).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($0)) }
    report("rosenbrock_vector_nodes n=100000", primal: primal, gradient: vgrad, peers: peers)
    print("# rosenbrock_vector_nodes: primal of the map-sum form itself \(fmt(vprimal)) s; "
          + "gradient equals scalar-tape gradient: \(same)")

    // Forward mode: one directional derivative (Dual<Double>) vs the primal.
    let dir = randomVector(n, -1...1, seed: 2)
    let fwd = bestTime {
        blackHole(jvp(of: { (v: [Dual<Double>]) in rosenbrock(v) }, at: opaque(x), direction: dir))
    }
    report("rosenbrock_forward_jvp n=100000", primal: primal, gradient: fwd)
    // The same directional derivative through the map-sum form (forward-mode fast path).
    var jvS = 0.0, jvV = 0.0
    let fwdV = bestTime {
        jvV = jvp(of: { (v: [Dual<Double>]) in rosenbrockVector(v) }, at: opaque(x),
                  direction: dir).tangent
    }
    jvS = jvp(of: { (v: [Dual<Double>]) in rosenbrock(v) }, at: x, direction: dir).tangent
    report("rosenbrock_vector_forward_jvp n=100000", primal: primal, gradient: fwdV)
    print("# rosenbrock_vector_forward_jvp: tangent equals the scalar-loop tangent to 1e-12: "
          + "\(abs(jvS - jvV) <= 1e-12 * abs(jvS))")
    forwardBreakdown()

    // MARK: Rosenbrock vs Swift's _Differentiation at a size it can finish
    for m in (quick ? [1000] : [1000, 10_000]) {
        let xm = randomVector(m, -1...1, seed: 3)
        let pm = bestTime { blackHole(rosenbrock(opaque(xm))) }
        let tm = Tape(capacity: 1 << 16)
        var ours: [Double] = []
        let gm = bestTime { ours = tm.valueWithGradient(of: { rosenbrock($0) }, at: xm).gradient }
        var theirs: [Double] = []
        let sm = bestTime(reps: 2, minTime: 0) { theirs = swiftADGradient(xm) }
        let agree = zip(ours, theirs).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($0)) }
        report("rosenbrock n=\(m)", primal: pm, gradient: gm,
               peers: [("swift_differentiation", sm)])
        if !agree { print("# WARNING: _Differentiation gradient differs from ours at n=\(m)") }
    }

    // MARK: GMM log-likelihood, d = 10, k = 25, n = 1000
    let (d, k, rows) = (10, 25, 1000)
    let data = randomVector(rows * d, -2...2, seed: 4)
    let params = randomVector(k + 2 * k * d, -0.5...0.5, seed: 5)
    let gp = bestTime { blackHole(gmmLogLikelihood(opaque(params), data: data, n: rows, d: d, k: k)) }
    let gt = Tape(capacity: 1 << 20)
    let gg = bestTime {
        blackHole(gt.valueWithGradient(of: { gmmLogLikelihood($0, data: data, n: rows, d: d, k: k) },
                                       at: params))
    }
    var gpeers: [(String, Double)] = []
    if let j = jax["gmm"] { gpeers.append(("jax", j.1)) }
    report("gmm d=10 k=25 n=1000", primal: gp, gradient: gg, peers: gpeers)
    let gdir = randomVector(params.count, -1...1, seed: 7)
    let gfwd = bestTime {
        blackHole(jvp(of: { (v: [Dual<Double>]) in gmmLogLikelihood(v, data: data, n: rows, d: d, k: k) },
                      at: opaque(params), direction: gdir))
    }
    report("gmm_forward_jvp d=10 k=25 n=1000", primal: gp, gradient: gfwd)
    let gvt = Tape(capacity: 1 << 20)
    let ggv = bestTime {
        blackHole(gvt.valueWithGradient(
            of: { gmmLogLikelihoodVector($0, data: data, n: rows, d: d, k: k) }, at: params))
    }
    report("gmm_map_sum_nodes d=10 k=25 n=1000", primal: gp, gradient: ggv, peers: gpeers)
    let gfwdV = bestTime {
        blackHole(jvp(of: { (v: [Dual<Double>]) in
            gmmLogLikelihoodVector(v, data: data, n: rows, d: d, k: k) },
                      at: opaque(params), direction: gdir))
    }
    report("gmm_map_sum_forward_jvp d=10 k=25 n=1000", primal: gp, gradient: gfwdV)
    let features = gmmFeatures(data, n: rows, d: d)
    let gpm = bestTime {
        blackHole(gmmLogLikelihoodMatrix(opaque(params), features: features, n: rows, d: d, k: k))
    }
    let gmt = Tape(capacity: 1 << 18)
    var gradM: [Double] = []
    let ggm = bestTime {
        gradM = gmt.valueWithGradient(
            of: { gmmLogLikelihoodMatrix($0, features: features, n: rows, d: d, k: k) },
            at: params).gradient
    }
    let gradS = gt.valueWithGradient(
        of: { gmmLogLikelihood($0, data: data, n: rows, d: d, k: k) }, at: params).gradient
    let agreeM = zip(gradM, gradS).allSatisfy { abs($0 - $1) <= 1e-8 * max(1, abs($1)) }
    report("gmm_matrix_vector_nodes d=10 k=25 n=1000", primal: min(gp, gpm), gradient: ggm,
           peers: gpeers)
    print("# gmm_matrix_vector_nodes: primal of this formulation \(fmt(gpm)) s (primal_s is the "
          + "faster of the two); gradient equals the scalar-tape gradient: \(agreeM); "
          + "tape ops=\(gmt.count) vector_nodes=\(gmt.vectorNodeCount)")
    let gops = gt.count - params.count
    print("tape gmm: recorded_ops=\(gops) vector_nodes=\(gt.vectorNodeCount) "
          + "ns_per_op=\(fmt(gg / Double(gops) * 1e9))")

    // MARK: log-sum-exp, n = 1e6 (one vector node)
    let big = randomVector(1_000_000, -3...3, seed: 6)
    let lp = bestTime { blackHole(logSumExp(opaque(big))) }
    let lt = Tape(capacity: 1 << 21)
    let lg = bestTime { blackHole(lt.valueWithGradient(of: { logSumExp($0) }, at: big)) }
    var lpeers: [(String, Double)] = []
    if let j = jax["logsumexp"] { lpeers.append(("jax", j.1)) }
    report("logsumexp n=1000000", primal: lp, gradient: lg, peers: lpeers)
    let ldir = randomVector(big.count, -1...1, seed: 8)
    let lfwd = bestTime {
        blackHole(jvp(of: { (v: [Dual<Double>]) in logSumExp(v) }, at: opaque(big), direction: ldir))
    }
    report("logsumexp_forward_jvp n=1000000", primal: lp, gradient: lfwd)

    // MARK: Hessian-vector products, Rosenbrock n = 1e5 (last: its big tapes must not disturb
    // the memory state of the cases above)
    // Hessian-vector product: forward over reverse (a Dual<Double> tape, the default) against
    // reverse over forward (Dual<Variable>), same direction, each reusing its tape as the
    // gradient case does.
    var hvF: [Double] = [], hvR: [Double] = []
    let dualTape = ReverseTape<Dual<Double>>(capacity: 1 << 20)
    let hvpFoR = bestTime {
        hvF = dualTape.valueGradientAndHessianVectorProduct(
            of: { rosenbrock($0) }, at: opaque(x), direction: dir).hessianVectorProduct
    }
    let rofTape = Tape(capacity: 1 << 20)
    let hvpRoF = bestTime {
        hvR = rofTape.reverseOverForwardHessianVectorProduct(of: { rosenbrock($0) }, at: opaque(x),
                                                             direction: dir)
    }
    let hvAgree = zip(hvF, hvR).allSatisfy { abs($0 - $1) <= 1e-9 * max(1, abs($0)) }
    report("rosenbrock_hvp_forward_over_reverse n=100000", primal: primal, gradient: hvpFoR)
    report("rosenbrock_hvp_reverse_over_forward n=100000", primal: primal, gradient: hvpRoF)
    print("# hvp: forward over reverse / reverse over forward = \(fmt(hvpFoR / hvpRoF)); "
          + "forward over reverse / scalar-tape gradient = \(fmt(hvpFoR / grad)); the two agree: "
          + "\(hvAgree); Dual<Double> tape bytes per op = "
          + "\(ReverseTape<Dual<Double>>.bytesPerRecord) + \(ReverseTape<Dual<Double>>.bytesPerAdjoint) adjoint")
}

/// Where forward mode's time goes on Rosenbrock n = 1e5: building the seeded `[Dual]` input
/// (what `jvp` does before calling f) and f on prebuilt duals, both forms, against the primals.
func forwardBreakdown() {
    let x = randomVector(100_000, -1...1, seed: 1)
    let dir = randomVector(100_000, -1...1, seed: 2)
    let tag = makePerturbationTag()
    let duals = (0..<x.count).map { Dual(x[$0], tangent: dir[$0], tag: tag) }
    let p = bestTime { blackHole(rosenbrock(opaque(x))) }
    let pv = bestTime { blackHole(rosenbrockVector(opaque(x))) }
    let seed = bestTime {
        blackHole(jvp(of: { (v: [Dual<Double>]) in v[0] }, at: opaque(x), direction: dir))
    }
    let f = bestTime { blackHole(rosenbrock(opaque(duals))) }
    let fv = bestTime { blackHole(rosenbrockVector(opaque(duals))) }
    print("# forward breakdown rosenbrock n=100000: primal_loop_s=\(fmt(p)) "
          + "primal_map_sum_s=\(fmt(pv)) seeding_s=\(fmt(seed)) dual_loop_prebuilt_s=\(fmt(f)) "
          + "dual_map_sum_prebuilt_s=\(fmt(fv))")
}

/// The forward-mode cases alone (quick iterations): Rosenbrock n = 1e5 both forms, the breakdown,
/// and the GMM d = 10, k = 25, n = 1000 jvp, each against its primal.
func forwardOnly() {
    let n = 100_000
    let x = randomVector(n, -1...1, seed: 1)
    let dir = randomVector(n, -1...1, seed: 2)
    let primal = bestTime { blackHole(rosenbrock(opaque(x))) }
    let fwd = bestTime {
        blackHole(jvp(of: { (v: [Dual<Double>]) in rosenbrock(v) }, at: opaque(x), direction: dir))
    }
    report("rosenbrock_forward_jvp n=100000", primal: primal, gradient: fwd)
    let fwdV = bestTime {
        blackHole(jvp(of: { (v: [Dual<Double>]) in rosenbrockVector(v) }, at: opaque(x), direction: dir))
    }
    report("rosenbrock_vector_forward_jvp n=100000", primal: primal, gradient: fwdV)
    forwardBreakdown()
    let (d, k, rows) = (10, 25, 1000)
    let data = randomVector(rows * d, -2...2, seed: 4)
    let params = randomVector(k + 2 * k * d, -0.5...0.5, seed: 5)
    let gp = bestTime { blackHole(gmmLogLikelihood(opaque(params), data: data, n: rows, d: d, k: k)) }
    let gdir = randomVector(params.count, -1...1, seed: 7)
    let gfwd = bestTime {
        blackHole(jvp(of: { (v: [Dual<Double>]) in gmmLogLikelihood(v, data: data, n: rows, d: d, k: k) },
                      at: opaque(params), direction: gdir))
    }
    report("gmm_forward_jvp d=10 k=25 n=1000", primal: gp, gradient: gfwd)
    let gfwdV = bestTime {
        blackHole(jvp(of: { (v: [Dual<Double>]) in
            gmmLogLikelihoodVector(v, data: data, n: rows, d: d, k: k) },
                      at: opaque(params), direction: gdir))
    }
    report("gmm_map_sum_forward_jvp d=10 k=25 n=1000", primal: gp, gradient: gfwdV)
}
