/// An element type DataIO reads.
enum NPYElement {
    case float64(bigEndian: Bool)
    case float32(bigEndian: Bool)

    init?(descr: String) {
        let hostBig = 1.bigEndian == 1
        switch descr {
        case "<f8": self = .float64(bigEndian: false)
        case ">f8": self = .float64(bigEndian: true)
        case "=f8": self = .float64(bigEndian: hostBig)
        case "<f4": self = .float32(bigEndian: false)
        case ">f4": self = .float32(bigEndian: true)
        case "=f4": self = .float32(bigEndian: hostBig)
        default: return nil
        }
    }

    var size: Int {
        switch self {
        case .float64: return 8
        case .float32: return 4
        }
    }

    /// Decodes `count` elements of `raw` into `out` (which has room for them).
    func decode(_ raw: UnsafeRawBufferPointer, count: Int, into out: UnsafeMutablePointer<Double>) {
        switch self {
        case .float64(let bigEndian):
            for i in 0..<count {
                let bits = raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
                out[i] = Double(bitPattern: bigEndian ? UInt64(bigEndian: bits) : UInt64(littleEndian: bits))
            }
        case .float32(let bigEndian):
            for i in 0..<count {
                let bits = raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)
                out[i] = Double(Float(bitPattern: bigEndian ? UInt32(bigEndian: bits) : UInt32(littleEndian: bits)))
            }
        }
    }
}
