/// One self-contained HTML page that steps through a sequence of charts — the "after the first
/// iteration … after the 20th iteration" sequence of an EM fit.
///
/// **The SVGs are inlined** into the page (not referenced by file name): the page is one file that
/// can be mailed or archived alone and opens from `file://` without any browser restriction. The
/// charts of this module contain no `id` attributes, so inlining many of them cannot clash. (An
/// SVG that starts with an XML declaration or a DOCTYPE has it removed; SVGs from elsewhere that
/// use ids must keep them unique themselves.)
///
/// Controls: Previous / Next buttons, a Play button, a slider, and the keyboard (← and → step,
/// Home and End jump, space plays and pauses). The caption of the current frame is shown beside
/// the slider. Without JavaScript every frame is shown, one under the other, with its caption.
///
/// ```swift
/// let page = SnapshotPage(title: "EM on Old Faithful", frames: [
///     .init(caption: "after iteration 1", svg: plot1.svg()),
///     .init(caption: "after iteration 2", svg: plot2.svg()),
/// ])
/// try page.html().write(...)   // the CLI writes it atomically
/// ```
public struct SnapshotPage: Sendable {
    /// One step of the sequence.
    public struct Frame: Sendable, Hashable {
        /// Shown while this frame is displayed, e.g. "after iteration 5 — bound −1.1324".
        public var caption: String
        /// A complete SVG document (as returned by ``ScatterPlot/svg()``).
        public var svg: String

        /// A frame showing `svg` with `caption`.
        public init(caption: String, svg: String) {
            self.caption = caption
            self.svg = svg
        }
    }

    /// Page heading and `<title>`.
    public var title: String
    /// The frames, in order.
    public var frames: [Frame]

    /// A page titled `title` stepping through `frames`.
    public init(title: String, frames: [Frame]) {
        self.title = title
        self.frames = frames
    }

    /// A page of scatter plots (one per EM iteration, say), all drawn on the axes of the **last**
    /// plot (its ``ScatterPlot/automaticDomains()`` unless it has fixed domains), so the points stay
    /// put while the ellipses move; early, wide ellipses are clipped at the frame. Plots that
    /// already fix their domains keep them. Legends in ``LegendPlacement/automatic`` placement go
    /// outside the plot, so every frame has the same layout. `captions[i]` labels `plots[i]` (missing captions
    /// read "step i", 1-based).
    ///
    /// - Complexity: O(frames × points).
    public init(title: String, plots: [ScatterPlot], captions: [String]) {
        var frames: [Frame] = []
        if let last = plots.last {
            let auto = last.automaticDomains()
            let x = last.xDomain ?? auto.x
            let y = last.yDomain ?? auto.y
            for (i, plot) in plots.enumerated() {
                var p = plot
                if p.xDomain == nil { p.xDomain = x }
                if p.yDomain == nil { p.yDomain = y }
                if p.legendPlacement == .automatic { p.legendPlacement = .outside }
                frames.append(Frame(caption: i < captions.count ? captions[i] : "step \(i + 1)", svg: p.svg()))
            }
        }
        self.init(title: title, frames: frames)
    }

    /// The page as HTML5 text (UTF-8). Captions and the title are escaped.
    ///
    /// - Complexity: O(total SVG size).
    public func html() -> String {
        let t = XMLText.escape(title)
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(t)</title>
            <style>
            body { font-family: Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 760px; color: #1a1a1a; }
            h1 { font-size: 20px; margin: 0 0 12px; }
            .controls { display: flex; gap: 8px; align-items: center; margin-bottom: 8px; }
            .controls input[type=range] { flex: 1; }
            .controls button { font-size: 14px; padding: 4px 10px; }
            #caption { min-width: 14em; font-variant-numeric: tabular-nums; }
            figure { margin: 0 0 16px; }
            figure svg { max-width: 100%; height: auto; display: block; }
            .js .frame { display: none; }
            .js .frame.current { display: block; }
            .js figcaption { display: none; }
            .hint { color: #666; font-size: 13px; }
            .nojs-hidden { display: none; }
            .js .nojs-hidden { display: flex; }
            </style>
            </head>
            <body>
            <h1>\(t)</h1>

            """
        if frames.isEmpty {
            out += "<p>No snapshots were recorded.</p>\n</body>\n</html>\n"
            return out
        }
        out += """
            <div class="controls nojs-hidden">
            <button id="prev" type="button" aria-label="previous">&#9664; Previous</button>
            <button id="play" type="button">Play</button>
            <button id="next" type="button" aria-label="next">Next &#9654;</button>
            <input id="slider" type="range" min="0" max="\(frames.count - 1)" value="0" aria-label="frame">
            <span id="caption" aria-live="polite"></span>
            </div>
            <div class="frames">

            """
        for (i, frame) in frames.enumerated() {
            let caption = XMLText.escape(frame.caption)
            out += "<figure class=\"frame\" data-index=\"\(i)\" data-caption=\"\(caption)\">\n"
            out += SnapshotPage.inlineable(frame.svg)
            out += "\n<figcaption>\(caption)</figcaption>\n</figure>\n"
        }
        out += """
            </div>
            <p class="hint nojs-hidden">Keys: &#8592; &#8594; step · Home / End first / last · space play / pause</p>
            <script>
            (function () {
              document.body.classList.add("js");
              var frames = document.querySelectorAll(".frame");
              var slider = document.getElementById("slider");
              var caption = document.getElementById("caption");
              var play = document.getElementById("play");
              var current = 0, timer = null;
              function show(i) {
                current = Math.max(0, Math.min(frames.length - 1, i));
                for (var j = 0; j < frames.length; j++) frames[j].classList.toggle("current", j === current);
                slider.value = current;
                caption.textContent = (current + 1) + " / " + frames.length + ": " + frames[current].getAttribute("data-caption");
              }
              function stop() { if (timer) { clearInterval(timer); timer = null; play.textContent = "Play"; } }
              function toggle() {
                if (timer) { stop(); return; }
                if (current === frames.length - 1) show(0);
                play.textContent = "Pause";
                timer = setInterval(function () { if (current >= frames.length - 1) stop(); else show(current + 1); }, 700);
              }
              document.getElementById("prev").onclick = function () { stop(); show(current - 1); };
              document.getElementById("next").onclick = function () { stop(); show(current + 1); };
              play.onclick = toggle;
              slider.oninput = function () { stop(); show(parseInt(slider.value, 10)); };
              document.addEventListener("keydown", function (e) {
                if (e.target === slider && (e.key === "ArrowLeft" || e.key === "ArrowRight")) return;
                if (e.key === "ArrowLeft") { stop(); show(current - 1); e.preventDefault(); }
                else if (e.key === "ArrowRight") { stop(); show(current + 1); e.preventDefault(); }
                else if (e.key === "Home") { stop(); show(0); e.preventDefault(); }
                else if (e.key === "End") { stop(); show(frames.length - 1); e.preventDefault(); }
                else if (e.key === " ") { toggle(); e.preventDefault(); }
              });
              show(0);
            })();
            </script>
            </body>
            </html>

            """
        return out
    }

    /// `svg` without a leading XML declaration or DOCTYPE (neither is allowed inside HTML) and without
    /// surrounding whitespace.
    static func inlineable(_ svg: String) -> String {
        var s = Substring(svg)
        while true {
            s = s.drop(while: { $0.isWhitespace })
            if s.hasPrefix("<?xml"), let end = s.firstRange(of: "?>") {
                s = s[end.upperBound...]
            } else if s.hasPrefix("<!DOCTYPE"), let end = s.firstIndex(of: ">") {
                s = s[s.index(after: end)...]
            } else {
                break
            }
        }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }
}
