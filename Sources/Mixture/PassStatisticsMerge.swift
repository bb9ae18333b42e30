/// What the merges of pass statistics (`GaussianMixturePassStatistics`, `KMeansPassStatistics`)
/// check alike: the same scale, the same shift or centres to the bit, and a row count that fits an `Int`.
enum PassStatisticsMerge {
    /// The rows of two parts merged, after checking that they are at one scale and were
    /// accumulated around the same `anchors` (shifts or centres, `what` names them in the error).
    /// - Throws: `MixtureError.invalidParameter` named `statistics`.
    static func rows(_ rows: Int, _ otherRows: Int, scales: (Int, Int), anchors: ([Double], [Double]), what: String) throws(MixtureError) -> Int {
        guard scales.0 == scales.1 else {
            throw .invalidParameter(name: "statistics", reason: "they are at scale_exponent \(scales.1) and \(scales.0); "
                                    + "every block must use the scale of the whole data's summary")
        }
        guard zip(anchors.0, anchors.1).allSatisfy({ $0.bitPattern == $1.bitPattern }) else {
            throw .invalidParameter(name: "statistics", reason: "their \(what) differ: they come from different \(what == "shifts" ? "models" : "centres") and cannot be merged")
        }
        let sum = rows.addingReportingOverflow(otherRows)
        guard !sum.overflow else {
            throw .invalidParameter(name: "statistics", reason: "their rows (\(rows) and \(otherRows)) add up to more than an Int holds")
        }
        return sum.partialValue
    }
}
