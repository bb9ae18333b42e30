import LinearAlgebra

/// The result of `GaussianMixture.fitStreaming`: the model, what the first pass learnt about the
/// data, and (when asked for) the data's log-likelihood at the model.
public struct StreamedFit: Sendable {
    /// The fitted model, with the record `fit` keeps (iterations, bounds, convergence).
    public let model: GaussianMixtureModel
    /// The whole data's summary from the first pass (rows, largest magnitude, column moments).
    public let summary: DataSummary
    /// The power-of-two scale the EM passes worked at (0 for ordinary data).
    public let scaleExponent: Int
    /// Σᵢ log p(xᵢ) of every row at `model`, from one more pass; `nil` when not asked for.
    public let logLikelihood: Double?
    /// The passes over the data: the summary's, one per EM iteration, and the scoring one.
    public let passes: Int
}

extension GaussianMixture {
    /// Fits the mixture by EM to data that is read block by block, one sequential pass per
    /// iteration, in memory bounded by a block and the sample (independent of the number of rows).
    ///
    /// `forEachBlock` is called once per pass and must call its argument with the data's blocks of
    /// rows (each n×d, n ≥ 1), in the same order every time. The first pass merges the blocks'
    /// `DataSummary` (which fixes the power-of-two scale exactly as `fit` chooses it for the whole
    /// data) and draws a uniform reservoir sample of `sampleSize` rows (Algorithm R, seeded by
    /// `seed`; the whole data in order when it has at most `sampleSize` rows). Each start's
    /// parameters are the configured initialisation (k-means by default, and `initialMeans`,
    /// `initialWeights`, `initialPrecisions`) fitted to the sample, as `fit` with `maxIterations` 0
    /// and the generator seeded by `seed` makes them — so on data with at most `sampleSize` rows
    /// the starts are `fit`'s — or `warmStart`. Every iteration then merges the blocks'
    /// `GaussianMixturePassStatistics` in block order and takes the M-step
    /// (`GaussianMixtureModel.advanced(by:…)`): the bounds, convergence (`tolerance` on the change
    /// of the mean log-likelihood bound) and the choice among `restarts` are `fit`'s, and the
    /// parameters equal `fit`'s from the same start to rounding of the sums' order (the same bits
    /// with one block).
    ///
    /// ```swift
    /// let fit = try GaussianMixture(components: 3).fitStreaming(seed: 1) { body in
    ///     for block in blocks { try body(block) }
    /// }
    /// print(fit.model.means, fit.summary.rows)
    /// ```
    /// - Parameters:
    ///   - sampleSize: the rows kept for the initialisation (at least `components`).
    ///   - seed: the seed of the sample and of the initialisation.
    ///   - warmStart: a model to continue from (its parameters and `lowerBound`), as in `fit`.
    ///   - score: whether to make one more pass for the data's log-likelihood at the final model.
    ///   - progress: called with each start's parameters and after every iteration, as by `fit`.
    ///   - forEachBlock: one pass over the data.
    /// - Throws: `MixtureError` as `fit` throws it (`.invalidSetting` also for `fixed` parameters,
    ///   which a streamed fit does not support, and for a `sampleSize` below k); whatever
    ///   `forEachBlock` throws, unchanged.
    /// - Complexity: one pass per iteration, each O(n·k·d²) for full and tied, O(n·k·d) otherwise.
    public func fitStreaming(sampleSize: Int = 10_000, seed: UInt64 = 0, warmStart: GaussianMixtureModel? = nil,
                             score: Bool = true, progress: ((Progress) -> Void)? = nil,
                             forEachBlock: ((Matrix<Double>) throws -> Void) throws -> Void) throws -> StreamedFit {
        try validateSettings()
        guard fixed.isEmpty else {
            throw MixtureError.invalidSetting(name: "fixed", value: "\(fixed)", rule: "is not supported by a streamed fit")
        }
        guard sampleSize >= components else {
            throw MixtureError.invalidSetting(name: "sample size", value: "\(sampleSize)",
                                              rule: "must be at least the number of components (\(components))")
        }
        // Pass 1: the summary and the reservoir sample.
        var summary: DataSummary?
        var sample: [Double] = []
        var sampled = 0
        var reservoir = SeededGenerator(seed: seed ^ 0x5EED_5A3B_1E5A_3B1E)
        try forEachBlock { block in
            let part = try DataSummary(block)
            if summary == nil { summary = part } else { try summary!.merge(part) }
            let d = block.columns
            for i in 0..<block.rows {
                let row = block.elements[(i * d)..<((i + 1) * d)]
                if sampled < sampleSize {
                    sample.append(contentsOf: row)
                } else {
                    let j = Int.random(in: 0...sampled, using: &reservoir)
                    if j < sampleSize { sample.replaceSubrange((j * d)..<((j + 1) * d), with: row) }
                }
                sampled += 1
            }
        }
        guard let summary else { throw MixtureError.noSamples }
        let d = summary.features
        guard summary.rows >= components else { throw MixtureError.tooFewSamples(samples: summary.rows, components: components) }
        let sampleMatrix = Matrix(rows: sample.count / d, columns: d, elements: sample)
        sample = []
        if let w = warmStart?.parameters, w.components != components || w.features != d || w.covarianceType != covarianceType {
            throw MixtureError.invalidParameter(name: "warm start", reason: "the model has k=\(w.components), d=\(w.features), "
                                                + "\(w.covarianceType); the fit needs k=\(components), d=\(d), \(covarianceType)")
        }
        let scale = GaussianMixturePassStatistics.scaleExponent(for: summary, regularization: regularization)
        var passes = 1

        // One pass of `parameters`: the blocks' statistics merged in order.
        func pass(_ parameters: MixtureParameters) throws -> GaussianMixturePassStatistics {
            var total: GaussianMixturePassStatistics?
            try forEachBlock { block in
                let part = try GaussianMixturePassStatistics(parameters: parameters, rows: block, scaleExponent: scale,
                                                             parallel: parallel)
                if total == nil { total = part } else { try total!.merge(part) }
            }
            passes += 1
            guard let total, total.rows == summary.rows else {
                throw MixtureError.invalidParameter(name: "data", reason: "a pass read \(total?.rows ?? 0) rows, the first \(summary.rows)")
            }
            return total
        }

        var starter = self
        starter.maxIterations = 0
        starter.restarts = 1
        var generator = SeededGenerator(seed: seed)
        var best: GaussianMixtureModel?
        for start in 0..<(warmStart == nil ? restarts : 1) {
            var model = try warmStart ?? GaussianMixtureModel(parameters: starter.fit(sampleMatrix, using: &generator).parameters)
            progress?(Progress(start: start, iteration: 0, lowerBound: -.infinity, change: .nan, parameters: model.parameters))
            var change = Double.infinity
            for iteration in 0..<maxIterations {
                let statistics = try pass(model.parameters)
                model = try model.advanced(by: statistics, regularization: regularization, tolerance: tolerance,
                                           continuingRecord: iteration > 0)
                change = model.finalChange
                progress?(Progress(start: start, iteration: iteration + 1, lowerBound: model.lowerBound, change: change,
                                   parameters: model.parameters))
                if model.converged { break }
            }
            if model.iterations == 0 {
                model = GaussianMixtureModel(parameters: model.parameters, converged: false, iterations: 0,
                                             lowerBound: model.lowerBound, lowerBounds: [], finalChange: change)
            }
            // `fit`'s rule: a higher final bound wins; the first start always counts.
            if best == nil || model.lowerBound > best!.lowerBound || best!.lowerBound == -.infinity { best = model }
        }
        let model = best!
        let logLikelihood = score ? try pass(model.parameters).totalLogLikelihood : nil
        return StreamedFit(model: model, summary: summary, scaleExponent: scale, logLikelihood: logLikelihood, passes: passes)
    }
}
