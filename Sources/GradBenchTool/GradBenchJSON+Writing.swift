extension GradBenchJSON {
    /// The value as compact JSON text on one line. Numbers are written in Swift's shortest
    /// round-tripping form (`0.1`, `1e-05`, `12345.0`), which reads back to the same `Double`;
    /// integral values below 2⁵³ are written without a fraction (`3`, not `3.0`).
    /// - Precondition: every number is finite (JSON has no NaN or infinity; callers check with
    ///   ``firstNonFiniteNumber``).
    /// - Complexity: O(size of the value).
    ///
    /// ```swift
    /// GradBenchJSON.object([("id", .number(1))]).serialized   // {"id":1}
    /// ```
    public var serialized: String {
        var out: [UInt8] = []
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact JSON text of this value to `out`.
    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let x): Self.writeNumber(x, to: &out)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let xs):
            out.append(UInt8(ascii: "["))
            for (k, x) in xs.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                x.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (k, (key, v)) in members.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                v.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The path of the first NaN or infinite number inside this value (`output[3][1]`), or `nil`.
    public func firstNonFiniteNumber(path: String = "") -> String? {
        switch self {
        case .number(let x): return x.isFinite ? nil : path
        case .array(let xs):
            for (k, x) in xs.enumerated() {
                if let p = x.firstNonFiniteNumber(path: "\(path)[\(k)]") { return p }
            }
            return nil
        case .object(let members):
            for (key, v) in members {
                if let p = v.firstNonFiniteNumber(path: path.isEmpty ? key : "\(path).\(key)") { return p }
            }
            return nil
        default: return nil
        }
    }

    static func writeNumber(_ x: Double, to out: inout [UInt8]) {
        precondition(x.isFinite, "GradBenchJSON: \(x) has no JSON form")
        if x == x.rounded(), Swift.abs(x) < 9_007_199_254_740_992, !(x == 0 && x.sign == .minus) {
            out.append(contentsOf: String(Int64(x)).utf8)
        } else {
            out.append(contentsOf: x.description.utf8)
        }
    }

    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(contentsOf: #"\""#.utf8)
            case 0x5C: out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
