// Small dense-vector kernels shared by the minimisers (internal; loops over contiguous storage).

@inline(__always)
func dotProduct(_ a: [Double], _ b: [Double]) -> Double {
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            var s = 0.0
            for i in 0..<pa.count { s += pa[i] * pb[i] }
            return s
        }
    }
}

/// ‖a‖∞ (NaN if any entry is NaN).
@inline(__always)
func maxNorm(_ a: [Double]) -> Double {
    var m = 0.0
    for v in a {
        if v.isNaN { return .nan }
        m = Swift.max(m, Swift.abs(v))
    }
    return m
}

/// ‖a‖₂, scaled against overflow.
func euclideanNorm(_ a: [Double]) -> Double {
    let scale = maxNorm(a)
    guard scale > 0, scale.isFinite else { return scale }
    var s = 0.0
    for v in a { let t = v / scale; s += t * t }
    return scale * s.squareRoot()
}

/// `x + α·d`.
@inline(__always)
func moved(_ x: [Double], by alpha: Double, along d: [Double]) -> [Double] {
    let n = x.count
    return [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
        x.withUnsafeBufferPointer { px in
            d.withUnsafeBufferPointer { pd in
                for i in 0..<n { buffer[i] = px[i] + alpha * pd[i] }
            }
        }
        initialized = n
    }
}

/// `a − b`.
@inline(__always)
func difference(_ a: [Double], _ b: [Double]) -> [Double] {
    let n = a.count
    return [Double](unsafeUninitializedCapacity: n) { buffer, initialized in
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                for i in 0..<n { buffer[i] = pa[i] - pb[i] }
            }
        }
        initialized = n
    }
}

/// `y += α·x`.
@inline(__always)
func addScaled(_ y: inout [Double], _ alpha: Double, _ x: [Double]) {
    let n = y.count
    y.withUnsafeMutableBufferPointer { py in
        x.withUnsafeBufferPointer { px in
            for i in 0..<n { py[i] += alpha * px[i] }
        }
    }
}

/// Whether every entry is finite.
@inline(__always)
func allFinite(_ a: [Double]) -> Bool {
    for v in a where !v.isFinite { return false }
    return true
}
