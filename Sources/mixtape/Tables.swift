import ArgumentParser
import Mixtape

/// CSV text (DataIO's `CSVWriter`, numbers in shortest round-trip form) of `rows` rows of named
/// columns from row-major `values`; the `integerColumns` (labels, components) without a fraction.
func csvText(columns: [String], rows: Int, values: [Double], integerColumns: Set<Int> = []) -> String {
    let table = NumericTable(columnNames: columns, rowCount: rows, values: values)
    return String(decoding: CSVWriter().encode(table, integerColumns: integerColumns), as: UTF8.self)
}

/// Runs a library settings check; an invalid setting becomes a usage error (exit 64) naming the
/// option that set it (`options` maps scikit-learn's setting names to the command's options), so
/// the rules live once, in the library.
func checkSettings(options: [String: String], _ body: () throws(MixtureError) -> Void) throws {
    do {
        try body()
    } catch {
        if case let .invalidSetting(name, value, rule) = error, let option = options[name] {
            throw ValidationError("\(option) \(value): \(rule)")
        }
        throw ValidationError("\(error)")
    }
}

/// `reporting(source, body)`, except that an invalid given parameter whose library name is in
/// `parameterOptions` (`means_init` → `--means-init m.csv`) is reported against that option.
func reporting<T>(_ source: String, parameterOptions: [String: String], _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as MixtureError {
        if case let .invalidParameter(name, reason) = error, let option = parameterOptions[name] {
            throw CLIFailure.data("\(option): \(reason)")
        }
        throw CLIFailure.data("\(source): \(error)")
    }
}

/// A number in its shortest exact form (`JSONValue.numberText`: `79`, `0.1`), or `inf`, `-inf`, `nan`.
func numberText(_ x: Double) -> String { x.isFinite ? JSONValue.numberText(x) : "\(x)" }
