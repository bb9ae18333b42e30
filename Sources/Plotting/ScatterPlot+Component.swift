extension ScatterPlot {
    /// One mixture component drawn over the points: its mean as an ×, and its covariance as
    /// ellipses at the plot's ``ScatterPlot/ellipseRadii`` (Mahalanobis distances).
    ///
    /// ```swift
    /// ScatterPlot.Component(meanX: 2.0364, meanY: 54.4785,
    ///                       covariance: .init(xx: 0.06917, xy: 0.43517, yy: 33.69731),
    ///                       weight: 0.3559)
    /// ```
    public struct Component: Sendable, Hashable {
        /// x of the mean.
        public var meanX: Double
        /// y of the mean.
        public var meanY: Double
        /// The 2 × 2 covariance of the plotted columns; `nil` draws the mean only.
        public var covariance: SymmetricMatrix2x2?
        /// The mixing weight πₖ, shown in the legend when given.
        public var weight: Double?
        /// The legend name; `nil` gives "Component k" (1-based).
        public var name: String?

        /// A component with mean (`meanX`, `meanY`), an optional covariance, weight and name.
        public init(
            meanX: Double, meanY: Double, covariance: SymmetricMatrix2x2? = nil, weight: Double? = nil,
            name: String? = nil
        ) {
            self.meanX = meanX
            self.meanY = meanY
            self.covariance = covariance
            self.weight = weight
            self.name = name
        }

        /// The ellipse at Mahalanobis radius `radius`, or `nil` without a finite covariance.
        public func ellipse(radius: Double) -> CovarianceEllipse? {
            guard let covariance, covariance.isFinite, meanX.isFinite, meanY.isFinite else { return nil }
            let e = CovarianceEllipse(centerX: meanX, centerY: meanY, covariance: covariance, radius: radius)
            return e.isFinite ? e : nil
        }
    }
}
