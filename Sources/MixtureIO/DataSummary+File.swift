import DataIO
import Mixture

/// The summary file of a block of rows (`mixtape stats --pack`): one line of JSON whose numbers
/// read back to the same bits. Keys, in order: `format` (`"mixtape-data-summary"`), `n_features`,
/// `n_samples`, `largest_magnitude`, `exponent`, `means` (d) and `squared_deviations` (d) of the
/// values × 2^exponent.
extension DataSummary {
    /// The value of the `format` key.
    public static let fileFormat = "mixtape-data-summary"

    /// The summary as a JSON object with the keys above.
    public var json: JSONValue {
        .object([
            .init("format", .string(Self.fileFormat)),
            .init("n_features", .integer(features)),
            .init("n_samples", .integer(rows)),
            .init("largest_magnitude", .number(largestMagnitude)),
            .init("exponent", .integer(exponent)),
            .init("means", .numbers(means, shape: [features])),
            .init("squared_deviations", .numbers(squaredDeviations, shape: [features])),
        ])
    }

    /// The summary file's text: compact JSON and a newline.
    public var jsonText: String { json.text(style: .compact) + "\n" }

    /// Reads a summary file's bytes (UTF-8 JSON).
    /// - Throws: `ModelFileError` naming the key that is missing or wrong, or saying the text is not JSON.
    public init(jsonText bytes: some Collection<UInt8>) throws(ModelFileError) {
        try self.init(json: try StatisticsFile.parse(bytes))
    }

    /// Reads a summary from the JSON object of a summary file, checking every key.
    /// - Throws: `ModelFileError` naming the key that is missing or wrong.
    public init(json value: JSONValue) throws(ModelFileError) {
        let file = try StatisticsFile(value, format: Self.fileFormat, keys: [
            "format", "n_features", "n_samples", "largest_magnitude", "exponent", "means", "squared_deviations",
        ])
        guard case let .number(largest)? = value["largest_magnitude"] else {
            throw ModelFileError(key: "largest_magnitude", reason: "must be a number")
        }
        do {
            try self.init(features: try file.integer("n_features", minimum: 1), rows: try file.integer("n_samples", minimum: 0),
                          largestMagnitude: largest,
                          exponent: try file.integer("exponent", minimum: -100_000), means: try file.flat("means"),
                          squaredDeviations: try file.flat("squared_deviations"))
        } catch let error as ModelFileError {
            throw error
        } catch {
            throw file.inconsistency(error, what: "summary")
        }
    }
}
