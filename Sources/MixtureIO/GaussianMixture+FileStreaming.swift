import DataIO
import LinearAlgebra
import Mixture

extension GaussianMixture {
    /// `fitStreaming` over a file: every pass reads `reader` sequentially in blocks of `blockRows`
    /// rows, so memory is one block (`blockRows` × d doubles), the sample and the model, whatever
    /// the file's size. The blocks are the same on every pass, and so is the result.
    ///
    /// ```swift
    /// let reader = try RowBlockReader(path: "big.csv")
    /// let fit = try GaussianMixture(components: 8).fitStreaming(reader, blockRows: 65_536, seed: 1)
    /// print(fit.model.jsonText(samples: fit.summary.rows, logLikelihood: fit.logLikelihood))
    /// ```
    /// - Parameters:
    ///   - reader: the data file.
    ///   - blockRows: rows per block (at least 1).
    ///   - sampleSize: rows in the reservoir sample the start is drawn from, as for
    ///     `fitStreaming(sampleSize:seed:warmStart:score:progress:forEachBlock:)`.
    ///   - seed: the seed of the sample and the starts.
    ///   - warmStart: a model to start from instead (no sample then).
    ///   - score: whether to make one more pass for the data's log-likelihood at the final model.
    ///   - progress: called with each start's parameters and after every iteration, as by `fit`.
    /// - Throws: `MixtureError` from the fit (`.invalidSetting` for `blockRows` below 1), `DataIOError`
    ///   from reading the file, including `DataIOError.changedWhileReading` when it changes
    ///   between or during passes.
    public func fitStreaming(_ reader: RowBlockReader, blockRows: Int = 65_536, sampleSize: Int = 10_000, seed: UInt64 = 0,
                             warmStart: GaussianMixtureModel? = nil, score: Bool = true,
                             progress: ((Progress) -> Void)? = nil) throws -> StreamedFit {
        guard blockRows >= 1 else {
            throw MixtureError.invalidSetting(name: "block rows", value: "\(blockRows)", rule: "must be at least 1")
        }
        return try fitStreaming(sampleSize: sampleSize, seed: seed, warmStart: warmStart, score: score, progress: progress) { body in
            try reader.forEachBlock(rows: blockRows) { block in
                try body(Matrix(rows: block.rows, columns: block.columns, elements: block.values))
            }
        }
    }
}
