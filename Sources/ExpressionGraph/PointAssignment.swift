import Autodiff

/// Values for variables written `x1=1,x2=2` (the CLI's `--at`), each value a number or a
/// constant expression (`pi/4`, `sqrt(2)`, `-1e-3`), every item located by column for errors.
///
/// ```swift
/// let at = try PointAssignment(parsing: "x=pi/2, y=-1")
/// at.names    // ["x", "y"]
/// at.values   // [1.5707963267948966, -1]
/// ```
public struct PointAssignment: Sendable, Equatable {
    /// The names, in the order written.
    public let names: [String]
    /// The values.
    public let values: [Double]
    /// The column (1-based) of each name in the text.
    public let columns: [Int]
    /// The text.
    public let text: String
    /// The option it came from (for messages), e.g. `"--at"`.
    public let option: String

    /// Parses `name=value` items separated by commas (commas inside parentheses belong to the
    /// value: `x=atan2(1, 2)`).
    ///
    /// - Throws: ``ExpressionError`` (usage) with the column: nothing given, an item without
    ///   `=`, a name that is not an identifier, a name given twice, a value that is missing, not
    ///   a number (`x=abc`) or not finite.
    public init(parsing text: String, option: String = "--at") throws(ExpressionError) {
        self.text = text
        self.option = option
        func fail(_ message: String, _ column: Int?) -> ExpressionError {
            ExpressionError(.usage, message, source: option, column: column, text: text)
        }
        var names: [String] = [], values: [Double] = [], columns: [Int] = []
        let items = PointAssignment.split(text)
        if items.allSatisfy({ $0.text.allSatisfy(\.isWhitespace) }) {
            throw fail("no values given; write \(option) x=1,y=2", nil)
        }
        for item in items {
            let scalars = Array(item.text.unicodeScalars)
            let lead = scalars.prefix(while: { $0.properties.isWhitespace }).count
            guard let eq = scalars.firstIndex(of: "=") else {
                throw fail("expected name=value, found '\(item.text.trimmingWhitespace)'", item.column + lead)
            }
            let name = String(String.UnicodeScalarView(scalars[..<eq])).trimmingWhitespace
            let nameColumn = item.column + lead
            guard !name.isEmpty else { throw fail("a value without a name", item.column + eq) }
            guard let first = name.unicodeScalars.first, Lexer.isIdentifierStart(first),
                  name.unicodeScalars.allSatisfy(Lexer.isIdentifierContinue) else {
                throw fail("'\(name)' is not a variable name", nameColumn)
            }
            guard !names.contains(name) else { throw fail("'\(name)' is given twice", nameColumn) }
            let valueText = String(String.UnicodeScalarView(scalars[(eq + 1)...]))
            let valueColumn = item.column + eq + 1
            guard !valueText.allSatisfy(\.isWhitespace) else { throw fail("no value for '\(name)'", valueColumn) }
            if let semicolon = valueText.unicodeScalars.firstIndex(of: ";") {
                let offset = valueText.unicodeScalars.distance(from: valueText.unicodeScalars.startIndex, to: semicolon)
                throw fail("';' in a value: separate the values with ','", valueColumn + offset)
            }
            var parser = Parser(valueText, names: .constantsOnly, sourceName: option,
                                columnOffset: valueColumn - 1, displayText: text)
            let parsed = try parser.parse()
            guard parsed.count == 1, case .constant(let v) = parsed[0] else {
                throw fail("the value of '\(name)' is not one number", valueColumn)
            }
            guard v.isFinite else {
                throw fail("the value of '\(name)' is \(NumberText.format(v)), not a finite number", valueColumn)
            }
            names.append(name)
            values.append(v)
            columns.append(nameColumn)
        }
        self.names = names
        self.values = values
        self.columns = columns
    }

    /// Items split at top-level commas, with the 1-based column where each starts.
    static func split(_ text: String) -> [(text: String, column: Int)] {
        var items: [(String, Int)] = []
        var current = String.UnicodeScalarView()
        var start = 1, depth = 0, column = 0
        for c in text.unicodeScalars {
            column += 1
            if c == "(" { depth += 1 }
            if c == ")" { depth -= 1 }
            if c == "," && depth <= 0 {
                items.append((String(current), start))
                current = String.UnicodeScalarView()
                start = column + 1
            } else {
                current.append(c)
            }
        }
        items.append((String(current), start))
        return items
    }
}

extension ComputationGraph {
    /// The point (one value per variable, in ``variables`` order) that `assignment` gives.
    ///
    /// - Throws: ``ExpressionError`` (usage): a name that is not a variable of the expression
    ///   (with the nearest variable suggested), or a variable without a value (located at its
    ///   first column in the expression, with the nearest unused name suggested).
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// let g = try ComputationGraph(parsing: "x*y")
    /// try g.point(from: PointAssignment(parsing: "y=2,x=1"))   // [1, 2]
    /// ```
    public func point(from assignment: PointAssignment) throws(ExpressionError) -> [Double] {
        for (k, name) in assignment.names.enumerated() where variableIndex(name) == nil {
            var message = "'\(name)' is not a variable of the expression"
            message += variables.isEmpty ? " (it has none)" : " (its variables: \(variables.joined(separator: ", ")))"
            if let near = NameSuggestion.nearest(to: name, in: variables) { message += "; did you mean '\(near)'?" }
            throw ExpressionError(.usage, message, source: assignment.option, column: assignment.columns[k],
                                  text: assignment.text)
        }
        var x = [Double](repeating: 0, count: inputCount)
        for (i, name) in variables.enumerated() {
            guard let k = assignment.names.firstIndex(of: name) else {
                var message = "variable '\(name)' has no value in \(assignment.option)"
                let unused = assignment.names.filter { variableIndex($0) == nil }
                var guesses: [String] = []
                if let near = NameSuggestion.nearest(to: name, in: unused) { guesses.append("'\(near)'") }
                if let near = NameSuggestion.nearest(to: name, in: Parser.constants.keys.sorted()) {
                    guesses.append("the constant '\(near)'")
                }
                if !guesses.isEmpty { message += " (did you mean \(guesses.joined(separator: " or "))?)" }
                let column = Int(columns[i])
                throw ExpressionError(.usage, message, source: "expression", column: column > 0 ? column : nil, text: source)
            }
            x[i] = assignment.values[k]
        }
        return x
    }

    /// Parses `text` (`x1=1,x2=2`) and returns the point; see ``point(from:)``.
    public func point(parsing text: String, option: String = "--at") throws(ExpressionError) -> [Double] {
        try point(from: PointAssignment(parsing: text, option: option))
    }

    /// A vector with one entry per variable from `text`: a list of numbers in ``variables``
    /// order (`0,1`) or named entries (`x2=1`, the others 0) — a `--seed` direction.
    ///
    /// - Throws: ``ExpressionError`` (usage) for a wrong count, a non-number, or an unknown name.
    public func direction(parsing text: String, option: String = "--seed") throws(ExpressionError) -> [Double] {
        if text.unicodeScalars.contains("=") {
            let assignment = try PointAssignment(parsing: text, option: option)
            for (k, name) in assignment.names.enumerated() where variableIndex(name) == nil {
                var message = "'\(name)' is not a variable of the expression"
                if let near = NameSuggestion.nearest(to: name, in: variables) { message += " (did you mean '\(near)'?)" }
                throw ExpressionError(.usage, message, source: option, column: assignment.columns[k], text: text)
            }
            return variables.map { name in assignment.names.firstIndex(of: name).map { assignment.values[$0] } ?? 0 }
        }
        let list = try ComputationGraph.numbers(parsing: text, option: option)
        guard list.count == inputCount else {
            throw ExpressionError(.usage, "\(list.count) value\(list.count == 1 ? "" : "s") for \(inputCount) variable\(inputCount == 1 ? "" : "s") (\(variables.joined(separator: ", ")))",
                                  source: option)
        }
        return list
    }

    /// A comma-separated list of numbers (each a constant expression).
    /// - Throws: ``ExpressionError`` (usage) with the column of an entry that is not a finite number.
    public static func numbers(parsing text: String, option: String) throws(ExpressionError) -> [Double] {
        var values: [Double] = []
        for item in PointAssignment.split(text) {
            guard !item.text.allSatisfy(\.isWhitespace) else {
                throw ExpressionError(.usage, "an empty entry", source: option, column: item.column, text: text)
            }
            var parser = Parser(item.text, names: .constantsOnly, sourceName: option,
                                columnOffset: item.column - 1, displayText: text)
            let parsed = try parser.parse()
            guard parsed.count == 1, case .constant(let v) = parsed[0], v.isFinite else {
                throw ExpressionError(.usage, "'\(item.text.trimmingWhitespace)' is not a finite number", source: option,
                                      column: item.column, text: text)
            }
            values.append(v)
        }
        return values
    }
}

extension String {
    /// The string without leading and trailing whitespace.
    var trimmingWhitespace: String {
        let s = unicodeScalars
        guard let first = s.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = s.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(s[first...last])
    }
}

extension ComputationGraph {
    /// The point from an option value in either form: `x1=1,x2=2` (by name, any order) or
    /// `1,2` (values in ``variables`` order). A graph without variables needs no value
    /// (`text` may be `nil` or empty).
    ///
    /// - Throws: ``ExpressionError`` (usage) as ``point(from:)``, or for a list of the wrong
    ///   length or a missing option.
    public func point(parsingEither text: String?, option: String = "--at") throws(ExpressionError) -> [Double] {
        guard let text, !text.allSatisfy(\.isWhitespace) else {
            if inputCount == 0 { return [] }
            throw ExpressionError(.usage, "no point given; write \(option) \(variables.map { "\($0)=…" }.joined(separator: ","))",
                                  source: option)
        }
        if text.unicodeScalars.contains("=") { return try point(parsing: text, option: option) }
        let list: [Double]
        do {
            list = try ComputationGraph.numbers(parsing: text, option: option)
        } catch {
            // `--at x` (a name without a value) reads better as a missing value than as "not a number".
            for item in PointAssignment.split(text) where variableIndex(item.text.trimmingWhitespace) != nil {
                throw ExpressionError(.usage, "expected name=value, found '\(item.text.trimmingWhitespace)'", source: option,
                                      column: item.column, text: text)
            }
            throw error
        }
        guard list.count == inputCount else {
            throw ExpressionError(.usage, "\(list.count) value\(list.count == 1 ? "" : "s") for \(inputCount) variable\(inputCount == 1 ? "" : "s")\(inputCount == 0 ? "" : " (\(variables.joined(separator: ", ")))"); write \(option) \(variables.map { "\($0)=…" }.joined(separator: ","))",
                                  source: option)
        }
        return list
    }
}
