import LinearAlgebra

/// Throws `.nonFiniteValue` naming the first NaN or infinite cell.
func checkFinite(_ data: Matrix<Double>) throws(MixtureError) {
    if let bad = data.elements.firstIndex(where: { !$0.isFinite }) {
        throw .nonFiniteValue(row: bad / data.columns, column: bad % data.columns)
    }
}

/// The checks every fit makes: some rows and columns, all finite, at least `components` rows and,
/// when `distinct`, at least `components` distinct rows.
func checkTrainingData(_ data: Matrix<Double>, components k: Int, distinct: Bool = true) throws(MixtureError) {
    guard data.rows > 0 else { throw .noSamples }
    guard data.columns > 0 else { throw .noFeatures }
    try checkFinite(data)
    guard data.rows >= k else { throw .tooFewSamples(samples: data.rows, components: k) }
    guard distinct else { return }
    // Count distinct rows, stopping at k: O(n·k·d) at worst, O(k·d) for ordinary data.
    var distinct: [Int] = []
    let d = data.columns
    data.elements.withUnsafeBufferPointer { x in
        for i in 0..<data.rows where distinct.count < k {
            let isNew = !distinct.contains { j in
                (0..<d).allSatisfy { x[i * d + $0] == x[j * d + $0] }
            }
            if isNew { distinct.append(i) }
        }
    }
    guard distinct.count >= k else { throw .tooFewDistinctSamples(distinct: distinct.count, components: k) }
}

/// Throws `.dimensionMismatch` or `.nonFiniteValue` for data a fitted model cannot score.
func checkScoringData(_ data: Matrix<Double>, features d: Int) throws(MixtureError) {
    guard data.columns == d else { throw .dimensionMismatch(expected: d, got: data.columns) }
    try checkFinite(data)
}

/// Mixing weights: `k` of them, finite, non-negative, summing to 1 within 1e-8 (scikit-learn's
/// `_check_weights` tolerance). `name` is used in the error.
func checkWeights(_ w: [Double], components k: Int, name: String) throws(MixtureError) {
    guard w.count == k else { throw .invalidParameter(name: name, reason: "expected \(k) weights, got \(w.count)") }
    if let bad = w.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
        throw .invalidParameter(name: name, reason: "weight \(bad + 1) is \(w[bad]); weights must be finite and non-negative")
    }
    let total = w.reduce(0, +)
    guard abs(total - 1) <= 1e-8 else {
        throw .invalidParameter(name: name, reason: "the weights sum to \(total); they must sum to 1 (within 1e-8)")
    }
}
