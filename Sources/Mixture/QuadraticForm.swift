internal import CMixtureKernels

/// The squared weighted distances of a block of rows to every component at once,
/// mₖ(x) = Σⱼ ((xⱼ − μₖⱼ)·pₖⱼ)², as one matrix product:
///
///     mₖ(x) = Σⱼ x′ⱼ²·pₖⱼ² − 2·Σⱼ x′ⱼ·(μ′ₖⱼ·pₖⱼ²) + Σⱼ μ′ₖⱼ²·pₖⱼ²,   x′ = x − s, μ′ₖ = μₖ − s,
///
/// so x′² is formed once per row and feature and every component costs two multiply–adds per
/// feature, at matrix-product speed (diag and spherical E-steps, and tied's ‖y − νₖ‖² with p = 1).
///
/// The expanded form cancels where the terms are large and their sum small: its error is about
/// 8·eps·max(‖x′∘pₖ‖², ‖μ′ₖ∘pₖ‖²), against mₖ itself. Shifting by the common centre s (the
/// weighted mean of the means) keeps ‖x′∘pₖ‖² of the order of mₖ for rows near component k,
/// so the error is bounded by the constant cₖ = ‖μ′ₖ∘pₖ‖²: components with cₖ above
/// `cancellationLimit` (2¹⁴, so an absolute error below 3·10⁻¹¹ in mₖ) are computed by the direct
/// formula instead, as are all of them when any coefficient is not finite.
struct QuadraticForm: Sendable {
    let k: Int
    let d: Int
    /// The common centre s (d values).
    let shift: [Double]
    /// pₖⱼ² (k×d), or `nil` when every p is 1.
    let squares: [Double]?
    /// −2·μ′ₖⱼ·pₖⱼ² (k×d).
    let linear: [Double]
    /// cₖ = Σⱼ μ′ₖⱼ²·pₖⱼ² (k).
    let constant: [Double]
    /// Components computed by the direct formula (cₖ too large for the expanded one).
    let direct: [Int]
    /// μₖ and pₖ (k×d each), for the direct formula.
    let centres: [Double]
    let scales: [Double]

    /// Above this, a component's constant term makes the expanded form lose more than ~3·10⁻¹¹.
    static let cancellationLimit = 0x1p14

    /// - Parameters:
    ///   - means: μ (k×d).
    ///   - scales: p (k×d), or `nil` for all ones.
    ///   - shift: the common centre s (d values).
    init(means: [Double], scales: [Double]?, shift: [Double], components k: Int, features d: Int) {
        self.k = k
        self.d = d
        self.shift = shift
        centres = means
        self.scales = scales ?? [Double](repeating: 1, count: k * d)
        var squares = [Double](repeating: 0, count: k * d)
        var linear = [Double](repeating: 0, count: k * d)
        var constant = [Double](repeating: 0, count: k)
        var direct: [Int] = []
        for c in 0..<k {
            var q = 0.0
            for j in 0..<d {
                let p = self.scales[c * d + j], centred = means[c * d + j] - shift[j]
                let p2 = p * p
                squares[c * d + j] = p2
                linear[c * d + j] = -2 * centred * p2
                q += centred * centred * p2
            }
            constant[c] = q
            let finite = q.isFinite && (0..<d).allSatisfy { squares[c * d + $0].isFinite && linear[c * d + $0].isFinite }
            if !(q <= Self.cancellationLimit) || !finite {
                direct.append(c)
                for j in 0..<d { squares[c * d + j] = 0; linear[c * d + j] = 0 }
                constant[c] = 0
            }
        }
        self.squares = scales == nil ? nil : squares
        self.linear = linear
        self.constant = constant
        self.direct = direct
    }

    /// Writes mₖ(xᵢ) to `m[k * b + i]` for the `rows` rows of the transposed block `xt`
    /// (d × b, b = `EStepKernel.blockRows`).
    /// - Complexity: O(rows·k·d), two multiply–adds per row, component and feature.
    func distances(_ xt: UnsafePointer<Double>, rows: Int, into m: UnsafeMutablePointer<Double>, variant: Int32) {
        let b = EStepKernel.blockRows, k = self.k, d = self.d
        shift.withUnsafeBufferPointer { s in
            linear.withUnsafeBufferPointer { w in
                constant.withUnsafeBufferPointer { q in
                    if let squares {
                        squares.withUnsafeBufferPointer { a in
                            cmk_quadratic(xt, s.baseAddress, a.baseAddress, w.baseAddress, q.baseAddress, d, k, rows, b, m,
                                          variant)
                        }
                    } else {
                        cmk_quadratic(xt, s.baseAddress, nil, w.baseAddress, q.baseAddress, d, k, rows, b, m, variant)
                    }
                }
            }
        }
        guard !direct.isEmpty else { return }
        centres.withUnsafeBufferPointer { mu in
            scales.withUnsafeBufferPointer { p in
                for c in direct {
                    cmk_weighted_distance(xt, mu.baseAddress! + c * d, p.baseAddress! + c * d, d, rows, b, m + c * b, variant)
                }
            }
        }
    }
}
