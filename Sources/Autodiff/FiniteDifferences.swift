import RealModule

/// Divided-difference approximations of a derivative, for checks and accuracy experiments.
///
/// **Step rule.** With `h = nil` the step is scaled to the point, `h = c·max(1, |x|)`, with
/// `c = ε^(1/2)` for the forward difference (error O(h) + O(ε/h), balanced at h ~ √ε) and
/// `c = ε^(1/3)` for the central difference (error O(h²) + O(ε/h), balanced at h ~ ∛ε), where ε is
/// `T.ulpOfOne`. `x + h` is rounded so that `(x + h) − x` is exactly representable.
public enum FiniteDifference {
    /// The default step for a scheme at `x` (see the type's step rule).
    @inlinable
    public static func step<T: Real>(at x: T, central: Bool) -> T {
        let c = central ? T.root(T.ulpOfOne, 3) : T.sqrt(T.ulpOfOne)
        let h = c * Swift.max(1, x.magnitude)
        return (x + h) - x
    }

    /// `(f(x + h) − f(x)) / h`: first-order accurate, error O(h).
    /// - Complexity: two evaluations of `f`.
    ///
    /// ```swift
    /// FiniteDifference.forward(of: { Double.sin($0) }, at: 1)   // ≈ cos 1 (8 digits)
    /// ```
    @inlinable
    public static func forward<T: Real>(of f: (T) -> T, at x: T, step h: T? = nil) -> T {
        let h = h ?? step(at: x, central: false)
        return (f(x + h) - f(x)) / h
    }

    /// `(f(x + h) − f(x − h)) / 2h`: second-order accurate, error O(h²).
    /// - Complexity: two evaluations of `f`.
    ///
    /// ```swift
    /// FiniteDifference.central(of: { Double.sin($0) }, at: 1)   // ≈ cos 1 (10–11 digits)
    /// ```
    @inlinable
    public static func central<T: Real>(of f: (T) -> T, at x: T, step h: T? = nil) -> T {
        let h = h ?? step(at: x, central: true)
        return (f(x + h) - f(x - h)) / (2 * h)
    }

    /// The gradient of `f: ℝⁿ → ℝ` by central differences, one coordinate at a time.
    /// - Complexity: 2n evaluations of `f`.
    ///
    /// ```swift
    /// FiniteDifference.gradient(of: { $0[0] * $0[1] }, at: [3.0, 4])   // ≈ [4, 3]
    /// ```
    @inlinable
    public static func gradient<T: Real>(of f: ([T]) -> T, at x: [T], central: Bool = true) -> [T] {
        (0..<x.count).map { i in
            let g: (T) -> T = { t in var y = x; y[i] = t; return f(y) }
            return central ? Self.central(of: g, at: x[i]) : Self.forward(of: g, at: x[i])
        }
    }
}
